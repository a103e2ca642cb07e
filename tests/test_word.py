"""generator.editions.word.docx_file: every shipped document's Word edition, read back with python-docx and opened in LibreOffice."""

from __future__ import annotations

import dataclasses
import html
import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from markdown import markdown
from pypdf import PdfReader

from generator.build.write import validate_project
from generator.document.tree import ACKNOWLEDGEMENT_FORM, ACKNOWLEDGEMENT_HEADING, blocks, signing_table
from generator.editions.pdf.print_data import print_data
from generator.editions.site.pages import site_pages
from generator.editions.word.docx_file import word_document
from generator.editions.word.word_runs import word_blocks
from generator.model.resolve import resolve_organisation
from generator.model.resolved import ResolvedDocument, ResolvedOrganisation, ResolvedSection
from tests.conftest import MINIMAL

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = [
    "longton-primary",
    "northamptonshire-scb",
    "willowbrook-primary",
    "vision-for-education",
    "kestrel-vale-partnership",
    "fernlea-teaching-supply",
]
BLANK = re.compile(r'<mark class="fill-in">\[(.*?)\]</mark>')


def plain(markdown_text: str) -> str:
    """What a reader sees of a clause's Markdown: its words, white space collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markdown(markdown_text))).split())


def squash(text: str) -> str:
    return " ".join(text.split())


def sections(document: ResolvedDocument) -> list[tuple[int, ResolvedSection]]:
    found: list[tuple[int, ResolvedSection]] = []

    def walk(section: ResolvedSection, level: int) -> None:
        found.append((level, section))
        for sub in section.sections:
            walk(sub, level + 1 if section.title else level)  # an untitled section adds no level

    for section in document.sections:
        walk(section, 1)
    return found


def expected_headings(document: ResolvedDocument) -> list[tuple[int, str]]:
    """Level and text of every heading, as on the site: untitled sections have none; the acknowledgement follows
    the section the source puts it after, or comes last, after the signing."""
    found: list[tuple[int, str]] = []
    acknowledgement = [(1, "Acknowledgement")] if document.acknowledgement else []
    for top in document.sections:
        for level, section in sections(dataclasses.replace(document, sections=(top,))):
            if section.title:
                found.append((level, f"{section.number}. {section.title}" if section.number else section.title))
        if top.id == document.acknowledgement_after:
            found += acknowledgement
    signing = [(1, document.signing.heading)] if document.signing.signatories and document.signing.heading else []
    return found + signing + ([] if document.acknowledgement_after else acknowledgement)


@pytest.fixture(scope="module")
def editions() -> list[tuple[ResolvedOrganisation, ResolvedDocument, bytes]]:
    project = validate_project(ROOT)
    found = []
    for org_id in SHIPPED:
        organisation = resolve_organisation(project, org_id)
        for document in organisation.documents:
            found.append((organisation, document, word_document(organisation, document)))
    return found


def test_headings_are_word_headings_numbered_as_on_the_site(editions: list) -> None:
    for _, document, data in editions:
        read = docx.Document(io.BytesIO(data))
        headings = [(p.style.name, p.text) for p in read.paragraphs if p.style.name.startswith("Heading")]
        assert headings == [(f"Heading {level}", text) for level, text in expected_headings(document)], document.id
        assert [p.text for p in read.paragraphs if p.style.name == "Title"] == [document.title]


def test_every_clause_in_order_with_its_number(editions: list) -> None:
    for _, document, data in editions:
        body = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
        text = squash(" ".join(body))
        position = 0
        for clause in document.clauses():
            words = plain(clause.text)
            found = text.find(words, position)
            assert found >= 0, (document.id, clause.id, words)
            position = found + len(words)
            if clause.number:
                assert any(line.startswith(f"{clause.number}\t") for line in body), (document.id, clause.number)


def test_a_boards_template_highlights_its_blanks(editions: list) -> None:
    board = resolve_organisation(validate_project(MINIMAL), "board")
    assert board.template
    for document in board.documents:
        data = word_document(board, document)
        expected = [f"[{label}]" for clause in document.clauses() for label in BLANK.findall(clause.text)]
        assert expected, "the board's template has blanks"
        expected += [f"[{label}]" for label in BLANK.findall(document.signing.statement or "")]  # in the signing
        runs = [r for p in docx.Document(io.BytesIO(data)).paragraphs for r in p.runs]
        highlighted = [r.text for r in runs if r.font.highlight_color is not None]
        assert highlighted == expected
    school = next(data for o, _, data in editions if o.id == "longton-primary")
    runs = [r for p in docx.Document(io.BytesIO(school)).paragraphs for r in p.runs]
    assert not [r.text for r in runs if r.font.highlight_color is not None]


def test_document_properties(editions: list) -> None:
    for organisation, document, data in editions:
        read = docx.Document(io.BytesIO(data))
        properties = read.core_properties
        assert (properties.title, properties.author, properties.language) == (
            document.title,
            organisation.name,
            "en-GB",
        )
        assert document.content_hash in properties.subject
        styles = read.styles.element.xml
        assert 'w:lang w:val="en-GB"' in styles


def test_the_signing_block_names_who_signs_and_leaves_blanks(editions: list) -> None:
    """The signing words and a row per signatory with a column per line, as on the site; a role column only where
    a role is named; a name only where the organisation gives one; nothing where nobody signs."""
    kinds = set()
    for _, document, data in editions:
        read = docx.Document(io.BytesIO(data))
        signing = document.signing
        kinds.add((signing.kind, any(s.name for s in signing.signatories)))
        texts = [p.text for p in read.paragraphs]
        assert signing.statement is None or plain(signing.statement) in texts, document.id
        if not signing.signatories:
            assert len(read.tables) == (1 if document.acknowledgement else 0), document.id  # only the staff's form
            continue
        titled = any(s.title for s in signing.signatories)
        header = (["Role"] if titled else []) + [line.caption for line in signing.signatories[0].lines]
        table = next(t for t in read.tables if [c.text for c in t.rows[0].cells] == header)
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        assert rows[1:] == [
            ([s.title or ""] if titled else []) + [(s.name or "") if ln.kind == "name" else "" for ln in s.lines]
            for s in signing.signatories
        ], document.id
        keep = [row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in table.rows]
        assert keep == [True] * (len(keep) - 1) + [None], "the table keeps to one page"
        if signing.statement:
            statement = next(p for p in read.paragraphs if p.text == plain(signing.statement))
            assert statement.paragraph_format.keep_with_next, "the signing words stay with their table"
    assert {("adoption", True), ("adoption", False), ("none", False)} <= kinds


def test_a_quotation_is_set_apart_heading_and_all_with_no_caption(editions: list) -> None:
    """Every paragraph from the introduced quotation to its last bullet has the rule beside it, the guidance's own
    heading included; the school's next words and the words before it do not, and nothing names a source."""
    data = next(data for organisation, _, data in editions if organisation.id == "longton-primary")
    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    texts = [p.text for p in paragraphs]
    start = texts.index("This means that adults should:")
    end = next(i for i, t in enumerate(texts) if t.startswith("Staff should adhere to their establishment"))
    ruled = [p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None for p in paragraphs]
    assert all(ruled[start : end + 1])
    assert "Communication with Pupils (including the Use of Technology)" in texts[start:end]
    assert not ruled[start - 1] and not ruled[end + 1]
    assert texts[end + 1] == "This policy will be reviewed in line with the policy cycle."
    assert not [t for t in texts if "Quoted from" in t]


def test_paragraph_clauses_follow_their_list_unnumbered(editions: list) -> None:
    found = 0
    for _, document, data in editions:
        texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
        for lead in (c for c in document.clauses() if any(item.paragraph for item in c.items)):
            found += 1
            listed = [item for item in lead.items if not item.paragraph]
            notes = [item for item in lead.items if item.paragraph]
            last = max(i for i, t in enumerate(texts) if t.startswith(f"{listed[-1].number}\t"))
            assert [squash(t) for t in texts[last + 1 : last + 1 + len(notes)]] == [plain(n.text) for n in notes]
    assert found, "a shipped document has a note after a list"


def test_same_input_same_bytes(editions: list) -> None:
    organisation, document, data = editions[0]
    assert word_document(organisation, document) == data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in archive.namelist()
        assert b"thumbnail" not in archive.read("_rels/.rels")
        assert b"<Application>Policy Pack</Application>" in archive.read("docProps/app.xml")


def test_characters_xml_cannot_hold_are_left_out(editions: list) -> None:
    organisation, document, _ = editions[0]
    clause = document.sections[0].clauses[0]
    odd = dataclasses.replace(clause, text="Bell\x07 nul\x00 surrogate\ud800 end")
    section = dataclasses.replace(document.sections[0], clauses=(odd, *document.sections[0].clauses[1:]))
    document = dataclasses.replace(
        document, title="Title\x1b", issuer="School\x07", sections=(section, *document.sections[1:])
    )
    organisation = dataclasses.replace(organisation, name="School\x07")
    read = docx.Document(io.BytesIO(word_document(organisation, document)))
    assert read.core_properties.title == "Title" and read.core_properties.author == "School"
    assert any(p.text.endswith("Bell nul surrogate end") for p in read.paragraphs)


def test_markdown_becomes_runs_and_nothing_runs() -> None:
    paragraphs = word_blocks(
        blocks(
            "Read **this** and _that_: [guide](https://example.org/g), [mail](mailto:a@example.org), "
            "[bad](javascript:alert(1)), &lt;script&gt;alert(1)&lt;/script&gt;\n\n- one\n- two\n\nThen:\n\n"
            "1. first\n2. second"
        )
    )
    first = paragraphs[0].runs
    assert [r.text for r in first if r.bold] == ["this"]
    assert [r.text for r in first if r.italic] == ["that"]
    assert [(r.text, r.link) for r in first if r.link] == [
        ("guide", "https://example.org/g"),
        ("mail", "mailto:a@example.org"),
    ]
    assert "bad" in "".join(r.text for r in first) and "<script>alert(1)</script>" in "".join(r.text for r in first)
    assert [(b.list_kind, b.marker, b.runs[0].text) for b in paragraphs[1:]] == [
        ("bullet", "", "one"),
        ("bullet", "", "two"),
        ("", "", "Then:"),
        ("number", "1.", "first"),
        ("number", "2.", "second"),
    ]


def test_libreoffice_opens_it(editions: list, tmp_path: Path) -> None:
    """LibreOffice reads the file as Word would: same words, and a bookmark for every heading."""
    _, document, data = next(e for e in editions if e[0].id == "northamptonshire-scb")
    source = tmp_path / f"{document.id}.docx"
    source.write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run(
        [*command, "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    reader = PdfReader(tmp_path / f"{document.id}.pdf")
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    assert squash(document.title) in text
    assert plain(document.clauses()[-1].text) in text

    def titles(items: list) -> list[str]:
        return [t for item in items for t in (titles(item) if isinstance(item, list) else [item.title])]

    expected = [re.sub(r"^[0-9.]+\. ", "", text) for _, text in expected_headings(document)]
    assert [t for t in titles(reader.outline) if t != document.title] == expected


def test_the_site_and_the_word_file_end_as_the_pdf_does() -> None:
    """The adoption block, then the staff's acknowledgement form last: the PDF's outline (tests/test_pdf.py)."""
    from generator.build.write import plan_site

    project = validate_project(MINIMAL)
    pages = plan_site(project, "school").pages
    site = [
        line[3:].split(" { #")[0]
        for line in pages["staff-social-media-policy.md"].splitlines()
        if line.startswith("## ")
    ]
    (document,) = resolve_organisation(project, "school").documents
    read = docx.Document(io.BytesIO(word_document(resolve_organisation(project, "school"), document)))
    word = [p.text for p in read.paragraphs if p.style.name == "Heading 1"]
    assert site == word == ["1. Purpose", "2. Guidance", "Adoption", "Acknowledgement"]


def test_a_cover_with_the_logo_and_contents_where_the_pdf_has_them(editions: list) -> None:
    covers = 0
    for organisation, document, data in editions:
        read = docx.Document(io.BytesIO(data))
        pictures = read.inline_shapes
        assert len(pictures) == (organisation.branding.logo is not None), (organisation.id, document.id)
        if pictures:
            assert pictures[0]._inline.docPr.get("descr") == f"{organisation.name} logo"
            assert round(pictures[0].height.cm, 1) == 2.4
        xml = read.element.body.xml
        assert (' TOC \\o "1-3"' in xml) == document.contents, (organisation.id, document.id)
        if document.contents:
            contents = [p.text for p in read.paragraphs if p.style.name == "TOC Heading"]
            assert contents == ["Contents"]
            first = next(s for s in document.sections if s.title)
            entry = f"{first.number}. {first.title}" if first.number else first.title
            start = next(i for i, p in enumerate(read.paragraphs) if p.style.name == "TOC Heading")
            assert read.paragraphs[start + 1].text == entry
        title = next(i for i, p in enumerate(read.paragraphs) if p.style.name == "Title")
        covers += organisation.name in read.paragraphs[title - 1].text
    assert covers == len(editions)
    kestrel = resolve_organisation(validate_project(ROOT), "kestrel-vale-partnership")  # an SVG logo, drawn by Typst
    assert kestrel.branding.logo is not None and kestrel.branding.logo.suffix == ".svg"
    (picture,) = docx.Document(io.BytesIO(word_document(kestrel, kestrel.documents[0]))).inline_shapes
    assert round(picture.height.cm, 1) == 2.4
    assert any(d.contents for _, d, _ in editions) and not all(d.contents for _, d, _ in editions)


def test_table_header_rows_repeat_on_each_page(editions: list) -> None:
    tables = [table for _, _, data in editions for table in docx.Document(io.BytesIO(data)).tables]
    assert tables
    for table in tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])


def test_dates_only_from_an_adoption(editions: list) -> None:
    for _, document, data in editions:
        properties = docx.Document(io.BytesIO(data)).core_properties
        if document.adopted:
            assert properties.created.date() == properties.modified.date() == document.adopted
        else:
            assert (properties.created, properties.modified, properties.last_printed) == (None, None, None)


def test_every_form_says_which_text_it_is_for(editions: list) -> None:
    for _, document, data in editions:
        paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
        forms = bool(document.signing.signatories) + bool(document.acknowledgement)
        assert paragraphs.count(document.identification()) == forms, document.id
    assert any(document.acknowledgement for _, document, _ in editions)


def test_one_list_indent_for_a_list_of_clauses_and_a_list_in_a_clause_s_words() -> None:
    from dataclasses import replace as replaced

    from generator.model.resolved import ResolvedClause

    organisation = resolve_organisation(validate_project(ROOT), "willowbrook-primary")
    document = organisation.documents[0]
    section = document.sections[1]
    plain = ResolvedClause("plain", "Plain", "", "Staff should:\n\n- think first", ("staff",), "should", 1, "library")
    listed = ResolvedClause("listed", "Listed", "", "Think first.", ("staff",), "should", 1, "library")
    one = replaced(section, numbering="none", clauses=(plain,), sections=())
    other = replaced(section, id="other", numbering="bullets", clauses=(listed,), sections=())
    read = docx.Document(io.BytesIO(word_document(organisation, replaced(document, sections=(one, other)))))
    styles = {p.text: p.style.name for p in read.paragraphs if p.text in ("think first", "Think first.")}
    assert styles == {"think first": "List Bullet", "Think first.": "List Bullet"}


def test_word_reads_markdown_as_the_site_and_the_pdf_do() -> None:
    """The Word file reads clause text through the one Markdown configuration: an attribute list is not printed,
    an item's second paragraph is not numbered again, a quotation's source follows its words after a dash, a
    table row reads cell after cell and a heading inside a clause is bold."""
    text = (
        "Said once.\n{: .lead }\n\n1. three\n\n    more of three\n\n2. four\n    - inner\n\n"
        "> Quoted.\n>\n> -- Working Together 2023\n\n| a | b |\n|---|---|\n| c | **d** |\n\n## Heading"
    )
    read = [(b.list_kind, b.depth, b.marker, "".join(r.text for r in b.runs)) for b in word_blocks(blocks(text))]
    assert read == [
        ("", 0, "", "Said once."),
        ("number", 0, "1.", "three"),
        ("item", 0, "", "more of three"),
        ("number", 0, "2.", "four"),
        ("bullet", 1, "", "inner"),
        ("", 0, "", "Quoted."),
        ("", 0, "", "\u2014 Working Together 2023"),
        ("", 0, "", "a b"),
        ("", 0, "", "c d"),
        ("", 0, "", "Heading"),
    ]
    assert [run.bold for run in word_blocks(blocks("## Heading"))[0].runs] == [True]


def test_the_acknowledgement_form_is_the_same_in_every_edition(editions: list) -> None:
    """The site's table, the PDF's fields and the Word file's table are one form, read from the document tree."""
    organisation, document, data = next(e for e in editions if e[1].acknowledgement is not None)
    captions = [field.caption for field in ACKNOWLEDGEMENT_FORM]
    table = docx.Document(io.BytesIO(data)).tables[-1]
    assert [cell.text for cell in table.rows[0].cells] == captions
    printed = print_data(organisation, document)["acknowledgement"]
    assert [field["caption"] for field in printed["fields"]] == captions
    assert [field["name"] for field in printed["fields"]] == [field.name for field in ACKNOWLEDGEMENT_FORM]
    page = site_pages(organisation, templates=ROOT / "templates")[f"{document.slug}.md"]
    assert f"## {ACKNOWLEDGEMENT_HEADING} " in page
    assert "| " + " | ".join(captions) + " |\n| --- | --- | --- | --- |\n| | | | |" in page


def test_the_signing_table_is_the_same_on_the_site_and_in_the_word_file(editions: list) -> None:
    for organisation, document, data in [e for e in editions if e[1].signing.signatories]:
        table = signing_table(document.signing.signatories)
        tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in docx.Document(io.BytesIO(data)).tables]
        assert [list(table.header)] + [list(row) for row in table.rows] in tables, document.id
        page = site_pages(organisation, templates=ROOT / "templates")[f"{document.slug}.md"]
        assert "| " + " | ".join(table.header) + " |" in page, document.id


@pytest.mark.parametrize(
    "text",
    [
        "Plain words.",
        " Spaces round ",
        "Tab\tafter",
        "Line\nbreak\rand\r\nboth",
        "\t\n",
        "Ünïcode \u2013 \u201cquotes\u201d",
    ],
)
def test_a_run_and_a_styled_paragraph_are_written_as_python_docx_writes_them(text: str) -> None:
    """The Word file builds runs a piece at a time and sets a paragraph's style directly; the XML is the library's."""
    from lxml import etree

    from generator.editions.word import docx_file

    ours, theirs = docx.Document(), docx.Document()
    docx_file._paragraph(ours, "Heading1", text)
    docx_file._add_run(ours.add_paragraph(), text)
    theirs.add_paragraph(text, style="Heading 1")
    theirs.add_paragraph().add_run(text)
    written = [[etree.tostring(p._p) for p in document.paragraphs] for document in (ours, theirs)]
    assert written[0] == written[1]
