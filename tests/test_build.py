import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from generator.build.write import build_organisation, validate_project
from generator.editions.site.engine import SiteBuildError

EXTERNAL = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)=["']?(?:https?:)?//""", re.I)


@pytest.fixture
def built(minimal: Path) -> Path:
    project = validate_project(minimal)
    build_organisation(project, "school", minimal / "build")
    return minimal / "build" / "school"


def test_site_pages_assets_and_report(built: Path) -> None:
    site = built / "site"
    for page in (
        "index.html",
        "staff-social-media-policy.html",
        "assets/logo.svg",
        "assets/brand.css",
        "search/search_index.js",
    ):
        assert (site / page).is_file(), page
    html = (site / "staff-social-media-policy.html").read_text()
    assert "<title>Staff social media policy - Example Primary School</title>" in html
    assert 'id="class-blog"' in html
    assert "--md-primary-fg-color: #1d4f91;" in (site / "assets" / "brand.css").read_text()
    report = json.loads((built / "report.json").read_text())
    assert report["extends"] == ["board"]
    assert {"document": "staff-policy", "clause": "training", "status": "excluded", "by": "school"}.items() <= next(
        entry for entry in report["clauses"] if entry["clause"] == "training"
    ).items()


def test_site_loads_nothing_from_other_hosts(built: Path) -> None:
    pages = sorted((built / "site").rglob("*.html"))
    assert {"index.html", "staff-social-media-policy.html"} <= {page.name for page in pages}
    for page in pages:
        text = page.read_text()
        assert not EXTERNAL.search(text), page
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
        assert "Made with" not in text


def test_unsafe_links_are_removed_from_the_site_and_the_word_file(minimal: Path) -> None:
    path = minimal / "schools" / "school.yml"
    path.write_text(
        path.read_text().replace(
            "Class teachers post to the class blog only with the Headteacher's approval.",
            "'See [our blog](javascript:alert(1)), ![pixel](https://tracker.example/p.gif) and "
            "[the guide](https://example.org/guide).'",
        )
    )
    build_organisation(validate_project(minimal), "school", minimal / "build")
    html = (minimal / "build" / "school" / "site" / "staff-social-media-policy.html").read_text()
    assert "javascript:" not in html
    assert "tracker.example" not in html
    assert '<span class="removed-link">our blog</span>' in html
    assert 'href="docx/staff-social-media-policy.docx"' in html
    word = (minimal / "build" / "school" / "docx" / "staff-social-media-policy.docx").read_bytes()
    assert word == (minimal / "build" / "school" / "site" / "docx" / "staff-social-media-policy.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(word)) as archive:
        links = archive.read("word/_rels/document.xml.rels").decode()
        body = archive.read("word/document.xml").decode()
    assert "https://example.org/guide" in links
    assert "javascript" not in links + body and "tracker.example" not in links + body
    assert "our blog" in body


def test_failed_build_leaves_previous_output(built: Path, minimal: Path) -> None:
    before = (built / "site" / "staff-social-media-policy.html").read_bytes()
    (minimal / "mkdocs.yml").write_text((minimal / "mkdocs.yml").read_text().replace("- search", "- no-such-plugin"))
    with pytest.raises(SiteBuildError):
        build_organisation(validate_project(minimal), "school", minimal / "build")
    assert (built / "site" / "staff-social-media-policy.html").read_bytes() == before
    assert sorted(p.name for p in (minimal / "build").iterdir()) == ["school"]


def test_a_page_naming_a_file_the_site_lacks_fails_the_build(built: Path, minimal: Path) -> None:
    # MkDocs' strict mode lets a stylesheet that is not there pass; the check after every build does not.
    before = (built / "site" / "index.html").read_bytes()
    config = minimal / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - assets/brand.css", "  - assets/brand.css\n  - assets/gone.css"))
    with pytest.raises(SiteBuildError) as refused:
        build_organisation(validate_project(minimal), "school", minimal / "build")
    assert 'index.html: href="assets/gone.css": no file assets/gone.css was built' in str(refused.value)
    assert (built / "site" / "index.html").read_bytes() == before


def test_parallel_build_builds_every_organisation_in_order(minimal: Path) -> None:
    from generator.build.pool import build_all

    results = build_all(validate_project(minimal), ["school", "board"], minimal / "build", jobs=2)
    assert [(r.organisation, r.error) for r in results] == [("school", None), ("board", None)]
    assert (minimal / "build" / "board" / "site" / "index.html").is_file()
    assert (minimal / "build" / "school" / "site" / "index.html").is_file()


def test_site_stays_readable_whatever_the_colours(minimal: Path) -> None:
    path = minimal / "schools" / "school.yml"
    path.write_text(path.read_text().replace('primary: "#1d4f91"', 'primary: "#ffcc00"').replace("#b35c00", "#ffd966"))
    build_organisation(validate_project(minimal), "school", minimal / "build")
    css = (minimal / "build" / "school" / "site" / "assets" / "brand.css").read_text()
    assert "--md-primary-bg-color: #000000;" in css  # black header text on yellow
    from generator.checks.contrast import contrast_ratio

    link = css.split("--md-typeset-a-color: ")[1][:7]
    assert contrast_ratio(link, "#ffffff") >= 4.5
