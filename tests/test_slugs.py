"""A document's files and address follow its organisation's own title; the old address sends readers on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.editions.site.csp import policy
from generator.model.slugs import MAX_SLUG, document_label, document_slug
from tests.conftest import ROOT, copy_project


def run(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--project", str(project), *args])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("label", "slug"),
    [
        ("Social Media Policy", "social-media-policy"),
        ("Social Networking / Instant Messaging", "social-networking-instant-messaging"),
        ("Allegations about adults' online conduct", "allegations-about-adults-online-conduct"),
        ("Politique de sécurité en ligne", "politique-de-securite-en-ligne"),
        (document_label("Candidate guidance", "Supply Smart"), "candidate-guidance-supply-smart"),
        ("Политика", "the-id"),  # no ASCII letter: the document's id
    ],
)
def test_a_title_gives_lower_case_ascii_words_joined_by_hyphens(label: str, slug: str) -> None:
    assert document_slug(label, "the-id") == slug


def test_a_long_title_is_cut_at_a_whole_word() -> None:
    words = " ".join(["safeguarding"] * 20)
    slug = document_slug(words, "the-id")
    assert len(slug) <= MAX_SLUG and slug.endswith("-safeguarding") and slug.startswith("safeguarding-")
    assert document_slug("x" * 200, "the-id") == "x" * MAX_SLUG


def build(project: Path, org: str = "school") -> Path:
    code, output = run(project, "build", org)
    assert code == 0, output
    return project / "build" / org


def retitle(project: Path, title: str) -> None:
    school = project / "schools" / "school.yml"
    text = school.read_text(encoding="utf-8").replace("  staff-policy:\n", f"  staff-policy:\n    title: {title}\n", 1)
    school.write_text(text + "site_url: https://policies.example.org/\n", encoding="utf-8")


def test_a_schools_files_and_links_follow_its_own_title(minimal: Path) -> None:
    retitle(minimal, "Online Conduct Policy")
    built = build(minimal)
    site = built / "site"
    for path in ("online-conduct-policy.html", "pdf/online-conduct-policy.pdf", "docx/online-conduct-policy.docx"):
        assert (site / path).is_file(), path
    assert (built / "pdf" / "online-conduct-policy.pdf").is_file()
    assert (built / "docx" / "online-conduct-policy.docx").is_file()
    assert not (site / "pdf" / "staff-policy.pdf").exists() and not (site / "docx" / "staff-policy.docx").exists()
    assert "(online-conduct-policy.md)" in (built / "docs" / "index.md").read_text(encoding="utf-8")
    page = (site / "online-conduct-policy.html").read_text(encoding="utf-8")
    assert 'href="pdf/online-conduct-policy.pdf"' in page and 'href="docx/online-conduct-policy.docx"' in page
    links = json.loads((site / "policies.json").read_text(encoding="utf-8"))["documents"][0]["links"]
    assert links["page"] == "https://policies.example.org/online-conduct-policy.html"
    assert links["pdf"] == "https://policies.example.org/pdf/online-conduct-policy.pdf"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "online-conduct-policy.html" in sitemap and "staff-policy" not in sitemap
    report = json.loads((built / "report.json").read_text(encoding="utf-8"))
    assert [(d["id"], d["slug"]) for d in report["documents"]] == [("staff-policy", "online-conduct-policy")]


def test_the_old_address_sends_readers_to_the_new_page_and_is_no_page_of_the_site(minimal: Path) -> None:
    retitle(minimal, "Online Conduct Policy")
    site = build(minimal) / "site"
    old = (site / "staff-policy.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=online-conduct-policy.html">' in old
    assert '<link rel="canonical" href="https://policies.example.org/online-conduct-policy.html">' in old
    assert '<a href="online-conduct-policy.html">Online Conduct Policy</a>' in old
    assert '<meta name="robots" content="noindex">' in old
    head = old.split("<head>", 1)[1].lstrip()
    assert head.startswith(f'<meta http-equiv="Content-Security-Policy" content="{policy(old)}">')
    assert "<script" not in old and "style=" not in old and "'sha256-" not in policy(old)
    searched = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "staff-policy.html" not in searched and "has moved" not in searched
    for page in ("index.html", "online-conduct-policy.html", "accessibility.html"):
        assert "staff-policy.html" not in (site / page).read_text(encoding="utf-8"), page


def test_a_title_that_is_the_id_leaves_no_redirect(minimal: Path) -> None:
    retitle(minimal, "Staff policy")
    site = build(minimal) / "site"
    assert "<article" in (site / "staff-policy.html").read_text(encoding="utf-8")
    assert not [page.name for page in site.glob("*.html") if 'http-equiv="refresh"' in page.read_text(encoding="utf-8")]


def test_the_shipped_adopted_policy_is_named_for_its_title_and_its_template_address_redirects(
    shipped_build: Path,
) -> None:
    site = shipped_build / "willowbrook-primary" / "site"
    assert (site / "social-media-policy.html").is_file() and (site / "pdf" / "social-media-policy.pdf").is_file()
    old = (site / "social-media-template-policy.html").read_text(encoding="utf-8")
    assert re.search(r'http-equiv="refresh" content="0; url=social-media-policy.html"', old)
    icons = [
        re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
        for page in (old, (site / "index.html").read_text("utf-8"))
    ]  # type: ignore[union-attr]
    assert icons[0] == icons[1] and (site / icons[0]).is_file()  # the site's own icon, not one from the host's root
    assert not (site / "pdf" / "social-media-template-policy.pdf").exists()  # a PDF's old address is not kept
    board = shipped_build / "kestrel-vale-partnership" / "site"  # its title is its id: no redirect
    assert 'http-equiv="refresh"' not in (board / "social-media-template-policy.html").read_text(encoding="utf-8")


def test_two_documents_whose_titles_give_one_file_name_are_an_error(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    school = project / "schools" / "model-school.yml"
    lines = school.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index("  staff-advice-sheet: {}\n")
    lines[at] = "  staff-advice-sheet:\n    title: Social media policy!\n"
    school.write_text("".join(lines), encoding="utf-8")
    code, output = run(project, "validate")
    assert code == 1
    expected = (
        f"schools/model-school.yml:{at + 2}:5: documents.staff-advice-sheet.title: this title gives the document the "
        "file name 'social-media-policy' (social-media-policy.html, social-media-policy.pdf, social-media-policy.docx), "
        "which 'social-media-personal-use-policy' already has: its page and files would overwrite the other's; "
        "give it a title of its own"
    )
    assert expected in output
    assert "1 of " in output and "Traceback" not in output


def test_a_title_that_names_one_of_the_sites_own_pages_is_an_error(minimal: Path) -> None:
    retitle(minimal, "Accessibility")
    code, output = run(minimal, "validate")
    assert code == 1
    assert "documents.staff-policy.title: this title gives the document the file name 'accessibility'" in output
    assert "which the site's own accessibility page already has" in output
    code, output = run(minimal, "build", "school")
    assert code == 1 and not (minimal / "build" / "school").exists()


def test_each_brands_edition_is_named_for_its_title_and_brand(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    (project / "schools" / "brightpath-supply.yml").write_text(
        "name: BrightPath Supply and Harbour Teachers\n"
        "kind: agency\n"
        'branding: {primary: "#1d4e89", accent: "#b5462a"}\n'
        "editions: per-brand\n"
        "parameters:\n"
        "  brand_names: [BrightPath Supply, Harbour Teachers]\n"
        "  consultant_title: consultant\n"
        "documents:\n"
        "  candidate-guidance: {}\n",
        encoding="utf-8",
    )
    site = build(project, "brightpath-supply") / "site"
    for slug in ("social-networking-policy-brightpath-supply", "social-networking-policy-harbour-teachers"):
        assert (site / f"{slug}.html").is_file() and (site / "pdf" / f"{slug}.pdf").is_file(), slug
    former = (site / "candidate-guidance-harbour-teachers.html").read_text(encoding="utf-8")
    assert 'content="0; url=social-networking-policy-harbour-teachers.html"' in former
