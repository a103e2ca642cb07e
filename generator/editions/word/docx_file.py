"""Resolved document -> a Word file (.docx): real heading styles, the site's numbering, blanks highlighted.

Clause text comes in as the document tree's blocks (generator.document.tree), made runs by generator.editions.word.word_runs: data,
never code. The file names the document, its
organisation and British English in its properties, and the same input always gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
import zipfile
from typing import Any

from docx import Document as new_document
from docx.document import Document
from docx.enum.text import WD_BREAK, WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run as DocxRun

from generator.checks.contrast import readable_on_white
from generator.document.clause_tree import inline_tree
from generator.document.edition import edition_notice
from generator.document.tree import (
    ACKNOWLEDGEMENT_FORM,
    ACKNOWLEDGEMENT_HEADING,
    Clause,
    Section,
    SigningBlock,
    document_tree,
)
from generator.editions.word.word_runs import Block, Run, runs_of, word_blocks
from generator.inputs.logo import raster
from generator.model.resolved import ResolvedDocument, ResolvedOrganisation

LANGUAGE = "en-GB"
FONT = "Arial"
INDENT_PT = 18
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PIECES = re.compile("([\t\n\r])")
"""A run's text between tabs and line breaks, and each of them, in order."""
APP_PROPERTIES = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>Policy Pack</Application></Properties>"
)
STYLES = (
    *("Title", "Subtitle", "TOC Heading", "List Bullet", "List Bullet 2", "List Bullet 3"),
    *(f"Heading {n}" for n in range(1, 10)),
)
LOGO_HEIGHT = Cm(2.4)
ITALIC = Run("", italic=True)


def word_document(organisation: ResolvedOrganisation, document: ResolvedDocument) -> bytes:
    """The document as a .docx: the same bytes for the same input."""
    # the organisation's own facts (its documents are not read here: ``document`` is the one written)
    organisation, document = _xml_safe(dataclasses.replace(organisation, documents=())), _xml_safe(document)
    word = new_document()
    _styles(word, organisation)
    _properties(word, organisation, document)
    styles = {name: word.styles[name].style_id for name in STYLES}
    _cover(word, styles, organisation, document)
    tree = document_tree(document)
    for section in tree.sections:
        _section(word, styles, section, level=1)
        if tree.acknowledgement and section.id == tree.acknowledgement_after:
            _acknowledgement(word, styles, tree.acknowledgement, reference=document.identification())
    _signing(word, styles, tree.signing, reference=document.identification())
    if tree.acknowledgement and not tree.acknowledgement_after:  # the staff's form comes last, as in the PDF
        _acknowledgement(word, styles, tree.acknowledgement, reference=document.identification())
    footer = word.sections[0].footer.paragraphs[0]
    footer.text = f"{document.issuer} · {document.title} · {document.identification()}"
    out = io.BytesIO()
    word.save(out)
    return _fixed_zip(out.getvalue())


def _xml_safe(value: Any) -> Any:
    """``value`` with every text in it stripped of the characters an XML file cannot hold (control characters
    other than tab and new line, lone surrogates): a browser shows nothing for them either."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value) if _NOT_XML.search(value) else value
    if isinstance(value, tuple):
        items = tuple(_xml_safe(item) for item in value)
        return value if all(new is old for new, old in zip(items, value, strict=True)) else items
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
        changed = {name: new for name, old in fields.items() if (new := _xml_safe(old)) is not old}
        return dataclasses.replace(value, **changed) if changed else value  # the same object where nothing changed
    return value


def _cover(
    word: Document, styles: dict[str, str], organisation: ResolvedOrganisation, document: ResolvedDocument
) -> None:
    """The cover, as the PDF's: the logo, the organisation, the title and the facts on a page of their own; then,
    where the PDF has contents, a contents field, listing the headings until Word or LibreOffice adds page numbers."""
    if organisation.branding.logo is not None:
        logo = (
            word.add_paragraph()
            .add_run()
            .add_picture(io.BytesIO(raster(organisation.branding.logo)), height=LOGO_HEIGHT)
        )
        logo._inline.docPr.set("descr", f"{organisation.name} logo")
    word.add_paragraph().add_run(organisation.name).bold = True
    _paragraph(word, styles["Title"], document.title)
    if document.subtitle:
        _paragraph(word, styles["Subtitle"], document.subtitle)
    word.add_paragraph(_meta_line(organisation, document))
    notice = edition_notice(organisation, document, edition="word")
    if notice:
        _runs(word.add_paragraph(), runs_of(inline_tree(notice), ITALIC))
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # the cover is a page of its own
    if document.contents:  # as in the PDF, the text follows the contents on their page
        _paragraph(word, styles["TOC Heading"], "Contents")
        _contents_field(word, [s.heading for s in document.sections if s.heading])


def _contents_field(word: Document, headings: list[str]) -> None:
    """A table-of-contents field (headings 1 to 3, linked) whose shown result is ``headings``, one a paragraph."""
    paragraphs = [word.add_paragraph(heading) for heading in headings] or [word.add_paragraph()]
    begin, separate, end = (_field_character(kind) for kind in ("begin", "separate", "end"))
    begin.set(qn("w:dirty"), "true")  # Word offers to bring the field up to date (page numbers) on opening
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = ' TOC \\o "1-3" \\h \\z \\u '
    start = paragraphs[0]._p
    for position, element in enumerate((begin, instruction, separate)):
        run = OxmlElement("w:r")
        run.append(element)
        start.insert(position + (1 if start.pPr is not None else 0), run)
    closing = OxmlElement("w:r")
    closing.append(end)
    paragraphs[-1]._p.append(closing)


def _field_character(kind: str) -> BaseOxmlElement:
    character = OxmlElement("w:fldChar")
    character.set(qn("w:fldCharType"), kind)
    return character


def _meta_line(organisation: ResolvedOrganisation, document: ResolvedDocument) -> str:
    """The line under the title, as on the site: organisation, version, reference, adoption and review dates."""
    from generator.document.tree import long_date

    parts = [document.issuer, document.identification()]
    if document.adopted:
        parts.append(f"Adopted {long_date(document.adopted)}")
    if document.next_review:
        parts.append(f"Next review {long_date(document.next_review)}")
    return " · ".join(parts)


def _section(word: Document, styles: dict[str, str], section: Section, *, level: int, quoted: bool = False) -> None:
    """A section under its heading; one the source gives no heading has neither heading nor number (nor a level).

    A quoted section, its heading and sub-sections included, is set in with a rule beside it, as a block quote."""
    quoted = quoted or section.quotation
    if section.heading is not None:
        paragraph = _paragraph(word, styles[f"Heading {min(level, 9)}"], section.heading)
        if quoted:
            _rule_beside(paragraph)
            _indent(paragraph, 1, hanging=False)
    _clause_list(word, styles, section.clauses, section.numbering, depth=0, quoted=quoted)
    for sub in section.sections:
        _section(word, styles, sub, level=level + 1 if section.title is not None else level, quoted=quoted)


def _clause_list(
    word: Document,
    styles: dict[str, str],
    clauses: tuple[Clause, ...],
    numbering: str,
    *,
    depth: int,
    quoted: bool = False,
) -> None:
    """As on the site: the listed clauses, then the paragraph clauses (a note, closing words), unnumbered."""
    for clause in [c for c in clauses if not c.paragraph] + [c for c in clauses if c.paragraph]:
        _clause(word, styles, clause, "none" if clause.paragraph else numbering, depth=depth, quoted=quoted)


def _clause(
    word: Document, styles: dict[str, str], clause: Clause, numbering: str, *, depth: int, quoted: bool
) -> None:
    """A clause's paragraphs: its number (or bullet) leads the first, as on the site; then its items, indented.

    In a quotation it is set in from the text with a rule beside it, as a block quote."""
    for index, block in enumerate(word_blocks(clause.blocks)):
        lead = index == 0
        _block(word, styles, clause, block, lead=lead, numbering=numbering, depth=depth + quoted, quoted=quoted)
    if clause.items:
        _clause_list(word, styles, clause.items, clause.items_numbering, depth=depth + 1, quoted=quoted)


def _block(
    word: Document,
    styles: dict[str, str],
    clause: Clause,
    block: Block,
    *,
    lead: bool,
    numbering: str,
    depth: int,
    quoted: bool,
) -> None:
    """One paragraph of a clause's text: the clause's number or bullet leads its first, a list item's its own."""
    bulleted = lead and numbering == "bullets"
    if bulleted or block.list_kind == "bullet":
        # A list in a clause's text starts where the clause's own text does: under a number or a bullet one step
        # in, under plain words where a list of clauses would (one indent for every list).
        inside = 1 if clause.number or numbering == "bullets" else 0
        level = depth if bulleted else depth + block.depth + inside
        paragraph = _paragraph(word, styles[_bullet_style(level)])
    else:
        paragraph = word.add_paragraph()
    if quoted:
        _rule_beside(paragraph)
    if not bulleted and block.list_kind != "bullet":
        nested = depth + block.depth + (1 if block.list_kind else 0)
        _indent(paragraph, nested, hanging=bool(clause.number and lead) or bool(block.marker))
    elif quoted:  # the bullet where the quotation's text starts, so that the rules line up
        paragraph.paragraph_format.left_indent = Pt(INDENT_PT * (depth + block.depth + 1))
        paragraph.paragraph_format.first_line_indent = Pt(-INDENT_PT)
    marker = clause.number if lead else block.marker
    if marker:
        paragraph.add_run(f"{marker}\t").bold = lead
    _runs(paragraph, block.runs)


def _rule_beside(paragraph: Paragraph) -> None:
    """A grey rule down the left of the paragraph: Word's and LibreOffice's way of showing a block quote."""
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for name, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "8"), ("w:color", "A0A0A0")):
        left.set(qn(name), value)
    borders.append(left)
    paragraph._p.get_or_add_pPr().append(borders)  # before any indent or tab stop: the schema's order


def _acknowledgement(word: Document, styles: dict[str, str], clause: Clause, *, reference: str) -> None:
    """The staff's form, as the PDF's: its heading, which text it is for, its words, and a row to sign."""
    _paragraph(word, styles["Heading 1"], ACKNOWLEDGEMENT_HEADING)
    word.add_paragraph(reference).paragraph_format.keep_with_next = True
    _clause_list(word, styles, (clause,), "none", depth=0)
    _table(word, [field.caption for field in ACKNOWLEDGEMENT_FORM], [[""] * len(ACKNOWLEDGEMENT_FORM)])


def _signing(word: Document, styles: dict[str, str], signing: SigningBlock, *, reference: str) -> None:
    """Who signs, and the words they sign, as on the site: a heading and words only where the signing has them,
    a column per line, a name left blank where nobody is named."""
    if not signing.signatories:
        if signing.statement:
            _runs(word.add_paragraph(), runs_of(signing.statement, ITALIC))
        return
    if signing.heading:
        _paragraph(word, styles["Heading 1"], signing.heading)
    if signing.statement:
        statement = word.add_paragraph()
        _runs(statement, runs_of(signing.statement))
        statement.paragraph_format.keep_with_next = True
    word.add_paragraph(reference).paragraph_format.keep_with_next = True  # which text is signed, as in the PDF
    _table(word, list(signing.table.header), [list(row) for row in signing.table.rows])


def _paragraph(word: Document, style_id: str, text: str = "") -> Paragraph:
    """A paragraph in a style, given by id: python-docx's own look-up reads every style of the file each time, and
    its setter searches the new, empty paragraph for where its properties go."""
    paragraph = word.add_paragraph()
    properties = OxmlElement("w:pPr")
    properties.append(OxmlElement("w:pStyle", {qn("w:val"): style_id}))
    paragraph._p.append(properties)
    if text:
        _add_run(paragraph, text)
    return paragraph


def _bullet_style(depth: int) -> str:
    return "List Bullet" if depth == 0 else f"List Bullet {min(depth + 1, 3)}"


def _indent(paragraph: Paragraph, depth: int, *, hanging: bool) -> None:
    hang = 2 * INDENT_PT if hanging else 0
    paragraph.paragraph_format.left_indent = Pt(INDENT_PT * depth + hang)
    if hanging:
        paragraph.paragraph_format.first_line_indent = Pt(-hang)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(INDENT_PT * depth + hang))


def _runs(paragraph: Paragraph, runs: tuple[Run, ...]) -> None:
    for run in runs:
        if run.text == "\n":
            paragraph.add_run().add_break()
            continue
        target = _hyperlink(paragraph, run.link) if run.link else None
        word_run = _add_run(paragraph, run.text)
        word_run.bold = run.bold or None
        word_run.italic = run.italic or None
        if run.blank:
            word_run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        if target is not None:
            word_run.font.underline = True
            word_run.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
            target.append(word_run._r)


def _add_run(paragraph: Paragraph, text: str) -> DocxRun:
    """A run of ``text`` at the end of the paragraph, as python-docx's ``add_run(text)`` writes it (a tab as w:tab,
    a line break as w:br), built a piece at a time rather than a character at a time."""
    word_run = paragraph.add_run()
    for piece in _PIECES.split(text):
        if piece == "\t":
            word_run._r.append(OxmlElement("w:tab"))
        elif piece in ("\n", "\r"):
            word_run._r.append(OxmlElement("w:br"))
        elif piece:
            element = OxmlElement("w:t")
            element.text = piece
            if piece != piece.strip():
                element.set(qn("xml:space"), "preserve")
            word_run._r.append(element)
    return word_run


def _hyperlink(paragraph: Paragraph, url: str) -> BaseOxmlElement:
    """An empty w:hyperlink to ``url`` at the end of the paragraph; the caller moves the link's run into it."""
    relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    paragraph._p.append(link)
    return link


def _table(word: Document, header: list[str], rows: list[list[str]]) -> None:
    table = word.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for cells, values, bold in [(table.rows[0].cells, header, True)] + [
        (table.rows[i + 1].cells, row, False) for i, row in enumerate(rows)
    ]:
        for cell, value in zip(cells, values, strict=True):
            cell.paragraphs[0].add_run(value).bold = bold or None
    header_row = table.rows[0]._tr.get_or_add_trPr()
    header_row.append(OxmlElement("w:tblHeader"))  # repeated at the top of each page the table runs onto
    for row in table.rows[1:]:
        row.height = Pt(30)  # room to sign
    for row in table.rows[:-1]:  # the table stays on one page, with the words above it
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True


def _styles(word: Document, organisation: ResolvedOrganisation) -> None:
    """One typeface, British English proofing, headings in the organisation's colour where it reads on white."""
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    defaults = word.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), LANGUAGE)
    colour = RGBColor.from_string(readable_on_white(organisation.branding.primary).lstrip("#").upper())
    for name in ["Title", "Subtitle"] + [f"Heading {n}" for n in range(1, 4)]:
        style = word.styles[name]
        style.font.name = FONT
        style.font.color.rgb = colour
        fonts = style.element.rPr.find(qn("w:rFonts"))
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)


def _properties(word: Document, organisation: ResolvedOrganisation, document: ResolvedDocument) -> None:
    """Title, author, language and subject; timestamps from the adoption date, so the file is reproducible, and none
    where the document records no adoption."""
    properties = word.core_properties
    properties.title = document.title
    properties.author = document.issuer
    properties.last_modified_by = document.issuer
    properties.language = LANGUAGE
    properties.subject = f"{document.kind.capitalize()}, {document.identification(', ', capital=False)}"
    properties.identifier = document.content_hash
    properties.version = document.version
    properties.category = document.kind
    properties.keywords = ""
    properties.comments = ""
    properties.revision = 1
    if document.adopted:
        when = datetime.datetime.combine(document.adopted, datetime.time(), tzinfo=datetime.UTC)
        properties.created = properties.modified = when
    else:  # python-docx's template comes with dates of its own
        for name in ("created", "modified", "lastPrinted"):
            for element in properties._element.findall(f"{{*}}{name}"):
                properties._element.remove(element)


def _fixed_zip(data: bytes) -> bytes:
    """The archive as shipped: every entry dated 1980-01-01 (the earliest a zip can say), so the same input gives
    the same bytes; without python-docx's template thumbnail (a blank page) and naming this tool, not Word."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            if entry.filename == "docProps/thumbnail.jpeg":
                continue
            content = source.read(entry.filename)
            if entry.filename == "_rels/.rels":
                content = re.sub(rb"<Relationship [^>]*docProps/thumbnail.jpeg\"/>", b"", content)
            elif entry.filename == "docProps/app.xml":
                content = APP_PROPERTIES
            fixed = zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, content)
    return out.getvalue()
