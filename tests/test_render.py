from dataclasses import replace
from pathlib import Path

import pytest

from generator.build.write import validate_project
from generator.document import tree
from generator.editions.site import pages
from generator.editions.site.pages import site_pages
from generator.model.resolve import resolve_organisation
from generator.model.resolved import ResolvedDocument

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def pages_for(project: Path, org: str) -> dict[str, str]:
    return site_pages(resolve_organisation(validate_project(project), org), templates=TEMPLATES)


def test_home_and_document_pages(minimal: Path) -> None:
    pages = pages_for(minimal, "school")
    assert set(pages) == {"index.md", "staff-social-media-policy.md", "accessibility.md"}
    assert pages["index.md"].startswith(
        '---\ndescription: "Example Primary School: Staff social media policy"\n---\n\n# Example Primary School\n'
    )
    assert "[Staff social media policy](staff-social-media-policy.md)" in pages["index.md"]
    page = pages["staff-social-media-policy.md"]
    assert "## 2. Guidance { #section-guidance }" in page
    assert '<span class="clause-number">(iii)</span> Class teachers post' in page
    assert "| Headteacher | Mrs Jane Harper | | |" in page


def test_a_document_page_is_written_from_the_document_tree(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the tree says of a section, a clause or the signing (which every edition reads) is what the page shows."""
    real = pages.document_tree

    def changed(document: ResolvedDocument) -> tree.Document:
        made = real(document)
        first = made.sections[1]
        clause = replace(first.clauses[0], number="(ix)", markdown="Words of the tree.")
        section = replace(first, heading="9. Heading of the tree", clauses=(clause, *first.clauses[1:]))
        table = tree.SigningTable(("Role", "Name of the tree"), (("Headteacher", "Mr Tree"),))
        signing = replace(made.signing, table=table)
        return replace(made, sections=(made.sections[0], section, *made.sections[2:]), signing=signing)

    monkeypatch.setattr(pages, "document_tree", changed)
    page = pages_for(minimal, "school")["staff-social-media-policy.md"]
    assert "## 9. Heading of the tree { #section-guidance }" in page
    assert '<span class="clause-number">(ix)</span> Words of the tree.' in page
    assert "| Role | Name of the tree |\n| --- | --- |\n| Headteacher | Mr Tree |" in page
    assert "2. Guidance" not in page and "Mrs Jane Harper" not in page


def test_organisation_text_cannot_inject_markup_or_template_code(minimal: Path) -> None:
    path = minimal / "schools" / "school.yml"
    text = path.read_text().replace("name: Example Primary School", 'name: "St <b>Evil</b> {{ 7*7 }} *School*"')
    text = text.replace(
        "Class teachers post to the class blog only with the Headteacher's approval.",
        "'<script>alert(1)</script> [x](javascript:alert(1)) {: onclick=alert(1) }'",
    )
    path.write_text(text)
    pages = pages_for(minimal, "school")
    assert "\n---\n\n# St &lt;b&gt;Evil&lt;/b&gt; \\{\\{ 7\\*7 \\}\\} \\*School\\*\n" in pages["index.md"]
    assert '\ndescription: "St &lt;b&gt;Evil&lt;/b&gt; {{ 7*7 }} *School*: Staff' in pages["index.md"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["staff-social-media-policy.md"]
    assert "<script>" not in pages["staff-social-media-policy.md"]
    assert "\\{: onclick=alert(1) \\}" in pages["staff-social-media-policy.md"]


def test_every_site_has_an_accessibility_statement_saying_how_to_report_a_problem(minimal: Path) -> None:
    statement = pages_for(minimal, "school")["accessibility.md"]
    assert "# Accessibility statement" in statement
    assert "contact the Headteacher at [head@example.org](mailto:head@example.org)" in statement
    assert "## Enforcement procedure" in statement  # a school is a public sector body
    assert "The signature fields of the PDFs" in statement  # its policy is signed


def test_a_private_body_s_statement_has_no_public_sector_enforcement(minimal: Path) -> None:
    path = minimal / "schools" / "school.yml"
    path.write_text(path.read_text().replace("kind: school", "kind: agency"))
    statement = pages_for(minimal, "school")["accessibility.md"]
    assert "# Accessibility statement" in statement
    assert "Enforcement" not in statement
