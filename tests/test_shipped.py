"""The shipped organisations: each validates, builds in strict mode, and carries every statement of its seed."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from generator.build.write import validate_project
from generator.model.inherit import settings_of
from tests.conftest import GOLDEN, ROOT, assert_matches_file, assert_matches_optional_file, slug_of

STATEMENTS = Path(__file__).parent / "data" / "seed-statements"
SEEDS = sorted(STATEMENTS.glob("*.txt"))


def page_text(path: Path) -> str:
    """The words a reader sees in a built page's article, whitespace collapsed."""
    source = path.read_text(encoding="utf-8")
    article = source[source.index("<article") : source.index("</article>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


def test_every_shipped_organisation_builds(shipped_build: Path) -> None:
    organisations = sorted(p.stem for p in (ROOT / "schools").glob("*.yml"))
    assert organisations == sorted(p.name for p in shipped_build.iterdir())
    for org in organisations:
        report = json.loads((shipped_build / org / "report.json").read_text())
        assert report["documents"], org
        for document in report["documents"]:
            page = (shipped_build / org / "site" / f"{document['slug']}.html").read_text(encoding="utf-8")
            assert "<article" in page, (org, document["slug"])
            if document["slug"] != document["id"]:  # the former address sends readers on
                former = (shipped_build / org / "site" / f"{document['id']}.html").read_text(encoding="utf-8")
                assert f'<meta http-equiv="refresh" content="0; url={document["slug"]}.html">' in former


SEED_DOCUMENTS = [
    ("model-school", "staff-advice-sheet"),
    ("longton-primary", "social-networking-policy"),
    ("northamptonshire-scb", "social-media-template-policy"),
    ("model-school", "social-media-personal-use-policy"),
    ("vision-for-education", "candidate-guidance"),
]
"""The document that reproduces each of the five source policies, in the order of their file names."""


def test_all_five_seeds_are_covered() -> None:
    from generator.build.write import validate_project
    from generator.model.resolve import resolve_organisation

    project = validate_project(ROOT)
    cited = {source.seed for clause in project.library.clauses.values() for source in clause.sources}
    assert sorted(cited) == [p.name for p in SEEDS]  # a statement file for every seed the library cites
    headers = [p.read_text(encoding="utf-8").splitlines()[0] for p in SEEDS]
    assert headers == [f"# organisation: {org}, document: {doc}" for org, doc in SEED_DOCUMENTS]
    for org, document in SEED_DOCUMENTS:
        assert document in [d.id for d in resolve_organisation(project, org).documents], (org, document)


@pytest.mark.parametrize("statements", SEEDS, ids=lambda p: p.stem[:3])
def test_each_seed_statement_is_on_its_organisations_page(statements: Path, shipped_build: Path) -> None:
    header, *lines = statements.read_text(encoding="utf-8").splitlines()
    found = re.match(r"# organisation: (\S+), document: (\S+)", header)
    assert found, header
    org, document = found.groups()
    text = page_text(shipped_build / org / "site" / f"{slug_of(shipped_build / org, document)}.html")
    missing = [line for line in lines if line.strip() and " ".join(line.split()) not in text]
    assert not missing
    assert len(lines) >= 15


def test_no_school_publishes_an_unfilled_placeholder(shipped_build: Path) -> None:
    organisations = validate_project(ROOT).organisations
    models = {org for org in organisations if settings_of(organisations, org).template}
    assert models == {"northamptonshire-scb", "kestrel-vale-partnership", "fenmoor-safeguarding-partnership"}
    pages = sorted(shipped_build.glob("*/site/*.html"))
    assert len(pages) >= 2 * len(organisations), "a home page and a document each, at least"
    for page in pages:
        source = page.read_text(encoding="utf-8")
        text = page_text(page) if "<article" in source else source  # a former address's redirect has no article
        assert "{{" not in text and "}}" not in text, page
        if page.parent.parent.name not in models:
            assert 'class="fill-in"' not in page.read_text(), page


def test_board_template_shows_fill_in_blanks(shipped_build: Path) -> None:
    text = page_text(shipped_build / "kestrel-vale-partnership" / "site" / "social-media-template-policy.html")
    assert "[name of school]" in text
    real = page_text(shipped_build / "northamptonshire-scb" / "site" / "social-media-template-policy.html")
    assert "[" not in real  # the real board's source has no blanks


def test_school_extending_board_shows_its_changes(shipped_build: Path) -> None:
    report = json.loads((shipped_build / "willowbrook-primary" / "report.json").read_text())
    statuses = {entry["status"] for entry in report["clauses"]}
    assert {"inherited", "reworded", "excluded", "added"} <= statuses
    assert report["extends"] == ["kestrel-vale-partnership"]


def test_the_build_writes_the_golden_reports(shipped_build: Path) -> None:
    """What the build writes is what tests/golden/ holds (both judge reviews as of the same date)."""
    for org in sorted(p.stem for p in (ROOT / "schools").glob("*.yml")):
        built = shipped_build / org
        assert_matches_file(GOLDEN / org / "report.json", (built / "report.json").read_text(encoding="utf-8"))
        for golden, output in (
            ("reviews.ics", built / "site" / "reviews.ics"),
            ("changes.json", built / "changes.json"),
        ):
            actual = output.read_bytes().decode("utf-8") if output.exists() else None
            assert_matches_optional_file(GOLDEN / org / golden, actual)


def test_words_about_blanks_only_where_blanks_are_and_each_blank_highlighted_everywhere(shipped_build: Path) -> None:
    """The home page's and the cover's sentences about blanks appear exactly where a document has a blank, and
    every blank is highlighted on the site, in the PDF and in the Word file alike."""
    import io

    import docx

    from generator.editions.pdf.print_data import print_data
    from generator.model.resolve import resolve_organisation
    from tests.test_signing import pdf_text

    project = validate_project(ROOT)
    seen = set()
    for org_id in sorted(project.organisations):
        organisation = resolve_organisation(project, org_id)
        home = page_text(shipped_build / org_id / "site" / "index.html")
        assert ("are filled in by each organisation that adopts it" in home) == bool(organisation.blanks()), org_id
        for document in organisation.documents:
            labels = [re.sub(r"<[^>]+>", "", blank) for blank in document.blanks()]
            seen.add(bool(labels))
            cover = pdf_text(shipped_build / org_id / "pdf" / f"{document.slug}.pdf")
            assert ("fills in the highlighted blanks" in cover) == bool(labels), (org_id, document.id)
            page = (shipped_build / org_id / "site" / f"{document.slug}.html").read_text(encoding="utf-8")
            marked = re.findall(r'<mark class="fill-in">([^<]*)</mark>', page)
            word = docx.Document(io.BytesIO((shipped_build / org_id / "docx" / f"{document.slug}.docx").read_bytes()))
            highlighted = [
                run.text
                for paragraph in word.paragraphs
                for run in paragraph.runs
                if run.font.highlight_color is not None
            ]
            printed = json.dumps(print_data(organisation, document))
            for label in labels:
                assert json.dumps({"t": "mark", "c": [label]}) in printed, (org_id, document.id, label)  # highlighted
                assert html.escape(label, quote=False) in marked, (org_id, document.id, label)
                assert label in highlighted, (org_id, document.id, label)
    assert seen == {True, False}, "documents with blanks and without are both shipped"


@pytest.mark.parametrize("org_id", ["longton-primary", "northamptonshire-scb", "vision-for-education"])
def test_a_real_bodys_editions_say_once_what_they_reproduce_and_add(org_id: str, shipped_build: Path) -> None:
    import io

    import docx

    from generator.document.edition import edition_notice
    from generator.model.placeholders import possessive
    from generator.model.resolve import resolve_organisation
    from tests.test_signing import pdf_text

    organisation = resolve_organisation(validate_project(ROOT), org_id)
    for document in organisation.documents:
        count = len(document.differences)
        owner = possessive(organisation.name)
        source = f"{owner} “{document.source_title}” word for word, with {count} recorded difference"
        site = page_text(shipped_build / org_id / "site" / f"{document.slug}.html")
        pdf = pdf_text(shipped_build / org_id / "pdf" / f"{document.slug}.pdf")
        word_file = docx.Document(io.BytesIO((shipped_build / org_id / "docx" / f"{document.slug}.docx").read_bytes()))
        word = " ".join(p.text for p in word_file.paragraphs)
        for edition, text in (("site", site), ("pdf", pdf), ("word", word)):
            assert text.count(source) == 1, (edition, document.id)
            notice = edition_notice(organisation, document, edition=edition)  # type: ignore[arg-type]
            assert notice and "added by this edition" in notice
        # The notice names what each edition adds: the contents only where there are contents to add.
        added = "The cover, the contents, " if document.contents else "The cover, the running headers"
        assert added in pdf and added.split(", the running")[0] in word and "fictional" not in site + pdf + word
        assert "the accessibility statement" in site and ("version and reference" in site) == bool(document.version)
        page = (shipped_build / org_id / "site" / f"{document.slug}.html").read_text(encoding="utf-8")
        assert f'href="differences.html#{document.slug}">{count} recorded difference' in page
        listed = (shipped_build / org_id / "site" / "differences.html").read_text(encoding="utf-8")
        article = listed[listed.index("<article") : listed.index("</article>")]
        assert article.count("<tr>") == count + 1  # a row per difference, under the header


def test_fictional_organisations_say_they_are_fictional(shipped_build: Path) -> None:
    from generator.model.resolve import resolve_organisation
    from tests.test_signing import pdf_text

    project = validate_project(ROOT)
    fictional = [ident for ident, org in project.organisations.items() if org.edition == "fictional"]
    assert len(fictional) == len(project.organisations) - 3
    for org_id in fictional:
        for document in resolve_organisation(project, org_id).documents:
            settings = settings_of(project.organisations, org_id)
            name = settings.organisation.name
            said = f"{name} is a fictional organisation"
            assert said in page_text(shipped_build / org_id / "site" / f"{document.slug}.html"), org_id
            assert said in pdf_text(shipped_build / org_id / "pdf" / f"{document.slug}.pdf"), org_id
            assert not (shipped_build / org_id / "site" / "differences.html").exists()
