"""generator.editions.pdf.typeset: the minimal fixture's documents as tagged, signable, branded PDFs, read back with pypdf and poppler."""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import BooleanObject, DictionaryObject

from generator.build.write import validate_project
from generator.editions.pdf.pdf_identity import PdfIdentity, document_information, read_identity
from generator.editions.pdf.typeset import PdfRenderError, render_pdf, typst_root
from generator.model.resolve import resolve_organisation
from generator.model.resolved import ResolvedDocument, ResolvedOrganisation
from tests.conftest import ROOT, slug_of

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
TEMPLATES = MINIMAL / "templates"
PDFTOPPM = "/usr/bin/pdftoppm"


@dataclass(frozen=True)
class Rendered:
    """One organisation's document, its PDF, and the PDF read back."""

    organisation: ResolvedOrganisation
    document: ResolvedDocument
    pdf: bytes

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.pdf))

    def text(self) -> str:
        return "\n".join(self.page_text(index) for index in range(len(self.reader.pages)))

    def page_text(self, index: int) -> str:
        """A page's text, one line a line, with dot leaders and runs of spaces squeezed to one space."""
        lines = self.reader.pages[index].extract_text().splitlines()
        return "\n".join(" ".join(re.sub(r"\.{4,}", " ", line).split()) for line in lines)


@pytest.fixture(scope="session")
def rendered() -> dict[str, Rendered]:
    """The staff policy of the board (a template with blanks) and of the school that extends it, rendered once."""
    project = validate_project(MINIMAL)
    result = {}
    for org_id in ("board", "school"):
        organisation = resolve_organisation(project, org_id)
        document = organisation.documents[0]
        result[org_id] = Rendered(organisation, document, render_pdf(organisation, document, templates=TEMPLATES))
    return result


@pytest.fixture(scope="session")
def pictures(rendered: dict[str, Rendered], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Image.Image]]:
    """Every page of both PDFs as an RGB picture at 40 dpi, drawn by poppler."""
    folder = tmp_path_factory.mktemp("pages")
    result = {}
    for org_id, item in rendered.items():
        path = folder / f"{org_id}.pdf"
        path.write_bytes(item.pdf)
        subprocess.run([PDFTOPPM, "-r", "40", "-png", str(path), str(folder / org_id)], check=True)
        result[org_id] = [Image.open(png).convert("RGB") for png in sorted(folder.glob(f"{org_id}-*.png"))]
    return result


def outline_titles(reader: PdfReader) -> list[str]:
    def walk(items: list) -> list[str]:
        titles: list[str] = []
        for item in items:
            titles.extend(walk(item) if isinstance(item, list) else [item.title])
        return titles

    return walk(reader.outline)


def form_fields(reader: PdfReader) -> dict[str, tuple[int, DictionaryObject]]:
    """Field name -> (page index, widget), from the pages' annotations."""
    found = {}
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            widget = annotation.get_object()
            if widget.get("/Subtype") == "/Widget":
                found[str(widget["/T"])] = (index, widget)
    return found


def page_with(item: Rendered, text: str) -> int:
    return next(index for index in range(len(item.reader.pages)) if text in item.page_text(index))


def colour_share(picture: Image.Image, colour: str, *, tolerance: int = 12) -> float:
    """The share of a picture's pixels within ``tolerance`` of ``colour`` on every channel."""
    target = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    near = sum(
        count
        for count, pixel in colours(picture)
        if all(abs(a - b) <= tolerance for a, b in zip(pixel, target, strict=True))
    )
    return near / (picture.width * picture.height)


def colours(picture: Image.Image) -> list[tuple[int, tuple[int, int, int]]]:
    """(pixel count, colour) for every colour in the picture."""
    return picture.getcolors(maxcolors=picture.width * picture.height)


@pytest.mark.parametrize("org_id", ["board", "school"])
def test_pages_cover_body_signatures_acknowledgement(rendered: dict[str, Rendered], org_id: str) -> None:
    item = rendered[org_id]
    reader = item.reader
    assert len(reader.pages) == 3  # two sections: no contents; the adoption block fits under the text
    assert item.organisation.name in item.page_text(0)
    assert "1. Purpose" in item.page_text(1) and "Adoption" in item.page_text(1)
    assert "Acknowledgement" in item.page_text(2)  # the form would not fit whole under the adoption block
    assert not [page for page in range(3) if "Contents" in item.page_text(page)]


@pytest.mark.parametrize("org_id", ["board", "school"])
def test_metadata_language_and_tags(rendered: dict[str, Rendered], org_id: str) -> None:
    item = rendered[org_id]
    reader = item.reader
    assert reader.metadata.title == "Staff social media policy"
    assert reader.metadata.author == item.organisation.name
    assert reader.metadata.subject == f"Policy, reference {item.document.content_hash}"
    assert "/CreationDate" not in reader.metadata and "/ModDate" not in reader.metadata
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert root["/StructTreeRoot"]["/K"]
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data().replace(b'="', b"")
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True), "PDF/UA: show the title"
    for page in reader.pages:
        if page.get("/Annots"):
            assert page["/Tabs"] == "/S", "PDF/UA: tab order follows the structure"
    for name, (_, widget) in form_fields(reader).items():
        assert widget["/TU"], f"PDF/UA: field {name} needs a name a screen reader can say"


@pytest.mark.parametrize("org_id", ["board", "school"])
def test_a_bookmark_for_every_section_and_none_for_cover_or_contents(
    rendered: dict[str, Rendered], org_id: str
) -> None:
    item = rendered[org_id]
    assert outline_titles(item.reader) == ["1. Purpose", "2. Guidance", "Adoption", "Acknowledgement"]


def test_contents_page_gives_each_section_its_page(shipped_build: Path) -> None:
    lines = shipped_pdf(shipped_build, "longton-primary", "social-networking-policy").page_text(1).splitlines()
    assert lines[0] == "Longton Primary School Contents", "the running header names the page"
    assert lines[1:4] == ["Contents", "1. Purpose 2", "2. Application 2"]  # the text follows the contents
    assert "5. Safeguarding issues 3" in lines


@pytest.mark.parametrize("org_id", ["board", "school"])
def test_running_header_and_footer(rendered: dict[str, Rendered], org_id: str) -> None:
    item = rendered[org_id]
    body = item.page_text(1)
    assert item.organisation.name in body
    assert f"Reference {item.document.content_hash}" in body and "Version" not in body
    assert "Page 2 of 3" in body
    assert "Page 3 of 3" in item.page_text(2)
    assert "Staff social media policy" in item.page_text(2)


def test_school_text_has_its_parameters_rewording_and_additions(rendered: dict[str, Rendered]) -> None:
    text = rendered["school"].text()
    assert "This policy sets out how Example Primary School and its staff use social media." in text
    assert "of every school account." in text
    assert "Class teachers post to the class blog only with the Headteacher's approval." in text
    assert "For training" not in text
    assert "{{" not in text and "}}" not in text and "[" not in text


def test_board_template_shows_its_blanks(rendered: dict[str, Rendered], pictures: dict[str, list[Image.Image]]) -> None:
    text = rendered["board"].text()
    assert "This policy sets out how [name of school] uses social media." in text
    assert "training@board.example.org" in text
    assert "{{" not in text
    # The blank is highlighted (the site's #fff3bf) on the body page, and nowhere in the school's copy.
    assert colour_share(pictures["board"][1], "#fff3bf") > 0.0005
    assert colour_share(pictures["school"][1], "#fff3bf") == 0


@pytest.mark.parametrize("org_id", ["board", "school"])
def test_clauses_numbered_as_on_the_site_in_reading_order(rendered: dict[str, Rendered], org_id: str) -> None:
    item = rendered[org_id]
    body = item.page_text(1)
    position = 0
    for clause in item.document.clauses():
        if clause.number and clause is not item.document.acknowledgement:
            line = f"{clause.number} {clause.text.split()[0]}"
            assert line in body, line
            assert body.index(line) > position
            position = body.index(line)
    expected = ["2.1", "(i)", "(ii)", "(iii)"] if org_id == "school" else ["2.1", "(i)", "(ii)", "2.2"]
    assert [c.number for c in item.document.clauses() if c.number] == expected


@pytest.mark.parametrize("org_id", ["board", "school"])
def test_signature_page_has_a_signature_and_a_date_field_per_signatory(
    rendered: dict[str, Rendered], org_id: str
) -> None:
    item = rendered[org_id]
    fields = form_fields(item.reader)
    signature_page = page_with(item, "Signed on behalf of")
    for role in ("headteacher", "chair_of_governors"):
        page, widget = fields[f"signature_{role}"]
        assert (page, widget["/FT"]) == (signature_page, "/Sig")
        left, bottom, right, top = (float(value) for value in widget["/Rect"])
        assert right - left > 200 and top - bottom > 40, "a box big enough to sign in"
        page, widget = fields[f"date_{role}"]
        assert (page, widget["/FT"]) == (signature_page, "/Tx")
    assert fields["signature_headteacher"][1]["/TU"] == "Signature of the Headteacher"
    text = item.page_text(signature_page)
    assert "Headteacher" in text and "Chair of Governors" in text
    assert ("Mrs Jane Harper" in text) == (org_id == "school"), "the name is printed where the school gives it"


@pytest.mark.parametrize("org_id", ["board", "school"])
def test_acknowledgement_page_has_fillable_fields(rendered: dict[str, Rendered], org_id: str) -> None:
    item = rendered[org_id]
    fields = form_fields(item.reader)
    page = page_with(item, "I agree to abide by this policy.")
    assert {
        name: (fields[name][0], fields[name][1]["/FT"]) for name in ("ack_print_name", "ack_job_title", "ack_date")
    } == {
        "ack_print_name": (page, "/Tx"),
        "ack_job_title": (page, "/Tx"),
        "ack_date": (page, "/Tx"),
    }
    assert fields["ack_signature"][0] == page
    assert fields["ack_signature"][1]["/FT"] == "/Sig"
    assert fields["ack_print_name"][1]["/TU"] == "Print name"
    assert set(item.reader.get_fields()) == {
        "signature_headteacher",
        "date_headteacher",
        "signature_chair_of_governors",
        "date_chair_of_governors",
        "ack_print_name",
        "ack_job_title",
        "ack_signature",
        "ack_date",
    }


def test_every_form_field_is_in_the_structure_tree(rendered: dict[str, Rendered]) -> None:
    reader = rendered["school"].reader
    numbers = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    elements = dict(zip(numbers[::2], numbers[1::2], strict=True))
    fields = form_fields(reader)
    assert len(fields) == 8
    for name, (_, widget) in fields.items():
        element = elements[widget["/StructParent"]].get_object()
        assert element["/S"] == "/Form", name
        # The reference stands alone, not in an array: pyHanko then finds the widget through the structure tree
        # and takes a later signature or a filled field for form filling, not for a change to the document.
        reference = element["/K"].get_object()
        assert isinstance(reference, DictionaryObject), name
        assert (reference["/Type"], reference.raw_get("/Obj").idnum) == ("/OBJR", widget.indirect_reference.idnum), name


def test_the_shipped_font_is_embedded(rendered: dict[str, Rendered]) -> None:
    # The board has no logo: every letter is the project's font. (A logo's SVG text brings its own.)
    fonts = set()
    for page in rendered["board"].reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts == {"AtkinsonHyperlegible-Regular", "AtkinsonHyperlegible-Bold", "AtkinsonHyperlegible-Italic"}


def test_typst_is_given_the_projects_fonts_alone() -> None:
    # Neither the machine's fonts nor those built into Typst: a character the project's fonts lack cannot be
    # drawn from another typeface (drawable_text replaces it first), and no process holds fonts it never uses.
    from generator.editions.pdf.typeset import print_fonts

    assert print_fonts(TEMPLATES.resolve()).families() == ["Atkinson Hyperlegible"]


def test_pages_are_drawn_and_the_cover_wears_the_school_colours(pictures: dict[str, list[Image.Image]]) -> None:
    for org_id, pages in pictures.items():
        for number, picture in enumerate(pages, start=1):
            ink = sum(count for count, pixel in colours(picture) if min(pixel) < 200) / (picture.width * picture.height)
            assert ink > 0.002, f"{org_id} page {number} looks blank"
    assert colour_share(pictures["school"][0], "#1d4f91") > 0.15
    assert colour_share(pictures["school"][0], "#b35c00") > 0.01
    assert colour_share(pictures["board"][0], "#1f4e79") > 0.15


def test_same_input_same_bytes(rendered: dict[str, Rendered]) -> None:
    for item in rendered.values():
        assert render_pdf(item.organisation, item.document, templates=TEMPLATES) == item.pdf


def test_same_bytes_in_another_process(rendered: dict[str, Rendered]) -> None:
    script = (
        "import hashlib, sys\n"
        "from pathlib import Path\n"
        "from generator.build.write import validate_project\n"
        "from generator.editions.pdf.typeset import render_pdf\n"
        "from generator.model.resolve import resolve_organisation\n"
        f"organisation = resolve_organisation(validate_project(Path({str(MINIMAL)!r})), 'school')\n"
        f"pdf = render_pdf(organisation, organisation.documents[0], templates=Path({str(TEMPLATES)!r}))\n"
        "print(hashlib.sha256(pdf).hexdigest())\n"
    )
    # Another hash seed changes the order of every set and dict of strings that could leak into the file.
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=environment, cwd="/"
    )
    assert result.stdout.strip() == hashlib.sha256(rendered["school"].pdf).hexdigest()


def test_organisation_text_is_printed_never_run(rendered: dict[str, Rendered]) -> None:
    item = rendered["school"]
    name = 'St <b>Evil</b> {{ 7*7 }} #set page(fill: red) #calc.pow(7, 2) $x$ @ref <l> \\ "#panic()" School'
    hostile = replace(item.organisation, name=name)
    document = replace(item.document, issuer=name)  # the name its cover and running header print
    text = PdfReader(io.BytesIO(render_pdf(hostile, document, templates=TEMPLATES))).pages[0].extract_text()
    assert name in " ".join(text.split())
    assert "49" not in text


def test_a_missing_logo_fails_loudly(rendered: dict[str, Rendered], tmp_path: Path) -> None:
    item = rendered["school"]
    branding = replace(item.organisation.branding, logo=tmp_path / "gone.png")
    with pytest.raises(PdfRenderError, match=r"gone\.png"):
        render_pdf(replace(item.organisation, branding=branding), item.document, templates=TEMPLATES)


def test_typst_reads_only_the_template_and_logo_folders(rendered: dict[str, Rendered]) -> None:
    school = rendered["school"].organisation
    logo = school.branding.logo
    assert logo is not None
    root = typst_root(TEMPLATES, logo)
    assert (TEMPLATES / "print").resolve().is_relative_to(root) and logo.resolve().is_relative_to(root)
    assert typst_root(TEMPLATES, None) == (TEMPLATES / "print").resolve()


def test_every_pdf_carries_its_identity(rendered: dict[str, Rendered]) -> None:
    for item in rendered.values():
        info = item.reader.trailer["/Info"].get_object()
        assert {key: str(info[key]) for key in document_information(item.organisation, item.document)} == {
            "/Title": "Staff social media policy",
            "/Author": item.organisation.name,
            "/Subject": f"Policy, reference {item.document.content_hash}",
            "/PolicyPackOrganisation": item.organisation.id,
            "/PolicyPackDocument": "staff-policy",
            "/PolicyPackVersion": "",  # nobody released the fixture
            "/PolicyPackReference": item.document.content_hash,
        }
        assert read_identity(item.reader) == PdfIdentity(
            item.organisation.id, "staff-policy", "", item.document.content_hash
        )


def test_the_update_keeps_the_permanent_file_identifier_and_changes_the_other(rendered: dict[str, Rendered]) -> None:
    # ISO 32000-1 §14.4: the first element of /ID is permanent, the second changes with each revision.
    pdf = rendered["school"].pdf
    typeset = PdfReader(io.BytesIO(pdf[: pdf.index(b"%%EOF") + len(b"%%EOF")]))
    updated = rendered["school"].reader
    assert len(pdf) > len(typeset.stream.getvalue())  # the form fields are an update
    assert updated.trailer["/ID"][0] == typeset.trailer["/ID"][0]
    assert updated.trailer["/ID"][1] != typeset.trailer["/ID"][1]


def test_every_shipped_pdf_passes_qpdf_check(shipped_build: Path) -> None:
    # qpdf is a reader nobody here wrote: it exits 3 on warnings (e.g. an update claiming objects it lacks).
    pdfs = sorted(shipped_build.glob("*/pdf/*.pdf"))
    assert len(pdfs) >= 10
    for pdf in pdfs:
        checked = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True, check=False)
        assert (checked.returncode, "WARNING" in checked.stdout + checked.stderr) == (0, False), (pdf, checked.stdout)


def test_text_fields_are_filled_in_the_shipped_typeface_embedded(rendered: dict[str, Rendered]) -> None:
    reader = rendered["school"].reader
    form = reader.trailer["/Root"]["/AcroForm"]
    font = form["/DR"]["/Font"]["/Atkinson"].get_object()
    assert (font["/Subtype"], font["/BaseFont"], font["/Encoding"]) == (
        "/TrueType",
        "/AtkinsonHyperlegible-Regular",
        "/WinAnsiEncoding",
    )
    assert (
        font["/FontDescriptor"]["/FontFile2"].get_object().get_data()
        == (TEMPLATES / "fonts" / "atkinson-hyperlegible-400.ttf").read_bytes()
    )
    widths = dict(zip(range(font["/FirstChar"], font["/LastChar"] + 1), font["/Widths"], strict=True))
    assert widths[ord("m")] > widths[ord("i")] > 0 and widths[ord("é")] == widths[ord("e")]
    for name, (_, widget) in form_fields(reader).items():
        if widget["/FT"] == "/Tx":
            assert str(widget["/DA"]).startswith("/Atkinson "), name


def shipped_pdf(shipped_build: Path, org_id: str, doc_id: str) -> Rendered:
    """A shipped organisation's built PDF, read back (organisation and document are not needed here)."""
    return Rendered(
        None, None, (shipped_build / org_id / "pdf" / f"{slug_of(shipped_build / org_id, doc_id)}.pdf").read_bytes()
    )  # type: ignore[arg-type]


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_a_quotation_is_one_block_quote_heading_and_all_with_no_caption(shipped_build: Path) -> None:
    item = shipped_pdf(shipped_build, "longton-primary", "social-networking-policy")
    text = one_line(item.text())
    last = "the information they share when using the internet."
    assert text.index("states:- This means that adults should:") < text.index(last)
    assert "Quoted from" not in text
    elements = structure_types(item.reader.trailer["/Root"]["/StructTreeRoot"])
    assert elements.count("/BlockQuote") == 1, "tagged as a quotation for screen readers"
    (quote,) = [
        e for e in structure_elements(item.reader.trailer["/Root"]["/StructTreeRoot"]) if e.get("/S") == "/BlockQuote"
    ]
    inside = structure_types(quote)
    assert any(kind.startswith("/H") for kind in inside), "the guidance's own heading is inside the quotation"


def test_a_note_follows_the_list_it_belongs_to_unnumbered(shipped_build: Path) -> None:
    text = one_line(shipped_pdf(shipped_build, "longton-primary", "social-networking-policy").text())
    item_v, note, next_clause = "(v) On-line friendships", "(*In some cases employees", "4.2 Schools should not"
    assert text.index(item_v) < text.index(note) < text.index(next_clause)
    behaviour = shipped_pdf(shipped_build, "willowbrook-primary", "social-media-template-policy")
    lines = behaviour.page_text(page_with(behaviour, "The school will take appropriate action")).splitlines()
    note_line = next(line for line in lines if "The school will take appropriate action" in line)
    assert note_line.startswith("The school"), "after the bullets, without a bullet of its own"
    assert any(line.startswith("• The use of social media by staff") for line in lines)


def test_untitled_passages_have_no_heading_and_run_under_the_documents_title(shipped_build: Path) -> None:
    item = shipped_pdf(shipped_build, "longton-primary", "social-networking-policy")
    assert outline_titles(item.reader) == [
        *("1. Purpose", "2. Application", "3. Background", "4. Guidance and advice", "5. Safeguarding issues"),
        "Communication with Pupils (including the Use of Technology)",
    ]
    closing = page_with(item, "This policy will be reviewed")  # an untitled passage, on a page that section 5 starts
    assert item.page_text(closing).splitlines()[0] == "Longton Primary School 5. Safeguarding issues"
    untitled = shipped_pdf(shipped_build, "vision-for-education", "candidate-guidance")  # one untitled section
    assert untitled.page_text(1).splitlines()[0].endswith(str(untitled.reader.metadata.title))


def test_the_acknowledgement_stands_where_its_source_puts_it(shipped_build: Path) -> None:
    item = shipped_pdf(shipped_build, "willowbrook-primary", "social-media-template-policy")
    titles = outline_titles(item.reader)
    after = titles.index("Guidance on the use of personal Social Media accounts for staff")
    assert titles[after + 1 : after + 3] == [
        "Acknowledgement",
        "Managing a school social media account",  # the heading says the school's setting
    ]
    assert titles[-1] == "Adoption"
    fields = form_fields(item.reader)
    assert fields["ack_signature"][0] == page_with(item, "I agree to abide by all the points on the above document.")
    assert fields["ack_signature"][0] < fields["signature_headteacher"][0] == len(item.reader.pages) - 1
    assert "Name Mr Andrew Collins" in one_line(item.page_text(len(item.reader.pages) - 1))


def test_signing_roles_from_the_signing_model_and_blanks_where_nobody_is_named(shipped_build: Path) -> None:
    item = shipped_pdf(shipped_build, "kestrel-vale-partnership", "social-media-template-policy")
    last = one_line(item.page_text(len(item.reader.pages) - 1))
    assert "Signed on behalf of [name of school] to adopt this policy." in last
    assert "Headteacher Name Signature Date Chair of Governors Name Signature Date" in last, "no name printed"
    assert {"signature_headteacher", "date_headteacher", "signature_chair_of_governors"} <= set(
        form_fields(item.reader)
    )


def test_a_signing_block_stated_in_the_sources_words(shipped_build: Path) -> None:
    """Longton's source ends "Signed:" and "Date:": one signatory, unnamed, no heading and no words of ours."""
    item = shipped_pdf(shipped_build, "longton-primary", "social-networking-policy")
    text = one_line(item.text())
    closing = "This policy will be reviewed in line with the policy cycle."
    assert text.index(closing) < text.index("Signed") < text.rindex("Date")
    assert "on behalf of" not in text and "Headteacher" not in text and "Chair of Governors" not in text
    fields = form_fields(item.reader)
    assert set(fields) == {"signature_signatory", "date_signatory"}
    assert (fields["signature_signatory"][1]["/FT"], fields["date_signatory"][1]["/FT"]) == ("/Sig", "/Tx")


def test_a_document_nobody_signs_has_no_signing_words_and_no_fields(shipped_build: Path) -> None:
    item = shipped_pdf(shipped_build, "model-school", "staff-advice-sheet")
    assert "nobody signs" not in item.text() and "Signed" not in item.text()
    assert form_fields(item.reader) == {}
    assert "/AcroForm" not in item.reader.trailer["/Root"]


def structure_types(element: object) -> list[str]:
    """The /S of every element of a structure tree, in order."""
    return [str(found["/S"]) for found in structure_elements(element) if "/S" in found]


def structure_elements(element: object) -> list[DictionaryObject]:
    """Every element of a structure tree, in order, the element itself first."""
    element = element.get_object()  # type: ignore[attr-defined]
    if not isinstance(element, DictionaryObject):
        return []
    found = [element]
    kids = element.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        found.extend(structure_elements(kid))
    return found


def running_headers(pdf: Path) -> list[tuple[str, str]]:
    """(running header's right-hand text, the section the page's first line is in) per page after the cover.

    The section is read independently of the template: the top-level bookmark whose heading is the page's first
    line, else the last one on an earlier page, else the document's title."""
    reader = PdfReader(pdf)
    starts = [(reader.get_destination_page_number(e) + 1, e.title) for e in reader.outline if not isinstance(e, list)]
    pages = []
    for number in range(2, len(reader.pages) + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        header = re.split(r"\s{2,}", lines[0], maxsplit=1)[-1]
        on_top = [title for page, title in starts if page == number and lines[1].startswith(title)]
        if lines[1] == "Contents":  # the contents page's heading, which is not bookmarked
            on_top = ["Contents"]
        before = [title for page, title in starts if page < number]
        pages.append((header, (on_top or before or [str(reader.metadata.title)])[-1]))
    return pages


@pytest.mark.parametrize(
    "org", ["longton-primary", "northamptonshire-scb", "willowbrook-primary", "vision-for-education"]
)
def test_the_running_header_names_the_section_of_the_page_s_first_line(shipped_build: Path, org: str) -> None:
    for pdf in sorted((shipped_build / org / "pdf").glob("*.pdf")):
        for number, (header, section) in enumerate(running_headers(pdf), start=2):
            shown = header.removesuffix("…")  # one line: cut at a word, with an ellipsis, where it is too long
            assert shown and section.startswith(shown) and (shown == section or header.endswith("…")), (
                pdf.name,
                number,
                header,
                section,
            )


def test_the_cover_title_is_tagged_as_the_first_heading(shipped_build: Path) -> None:
    reader = shipped_pdf(shipped_build, "longton-primary", "social-networking-policy").reader
    cover = reader.pages[0].indirect_reference

    def headings(element: DictionaryObject) -> list[DictionaryObject]:
        found = [element] if element.get("/S") == "/H1" else []
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if kid is not None else None
            if isinstance(kid, DictionaryObject) and "/S" in kid:
                found += headings(kid)
        return found

    first = headings(reader.trailer["/Root"]["/StructTreeRoot"])[0]
    assert first.raw_get("/Pg") == cover


REAL_FORMS = {
    # body: (document, the source's signing words, the PDF's fields and their kinds)
    "longton-primary": (
        "social-networking-policy",
        "Signed: Date:",
        {"signature_signatory": "/Sig", "date_signatory": "/Tx"},
    ),
    "northamptonshire-scb": (
        "social-media-template-policy",
        "Print name: Job title: Signature: Date:",
        {"ack_print_name": "/Tx", "ack_job_title": "/Tx", "ack_signature": "/Sig", "ack_date": "/Tx"},
    ),
    "vision-for-education": ("candidate-guidance", "", {}),
}


@pytest.mark.parametrize("org_id", sorted(REAL_FORMS))
def test_a_real_bodys_signing_block_and_form_fields_are_its_sources(org_id: str, shipped_build: Path) -> None:
    """The fields its PDF carries, and the captions printed at them, are those of the source's own signing."""
    from generator.editions.pdf.print_data import form_fields as printed_fields
    from generator.editions.pdf.print_data import print_data

    doc_id, source_words, fields = REAL_FORMS[org_id]
    item = shipped_pdf(shipped_build, org_id, doc_id)
    assert {name: str(widget["/FT"]) for name, (_, widget) in form_fields(item.reader).items()} == fields
    organisation = resolve_organisation(validate_project(ROOT), org_id)
    (document,) = [d for d in organisation.documents if d.id == doc_id]
    data = print_data(organisation, document)
    assert " ".join(f"{field['caption']}:" for field in printed_fields(data)) == source_words
    signing = data["signing"]
    assert (signing["heading"], signing["statement"]) == (None, None)  # no words of ours above the lines
    if not fields:
        assert "/AcroForm" not in item.reader.trailer["/Root"]


def page_fill(pdf: Path) -> list[float]:
    """How far down its text area each page's text reaches (0 to 1), read with pdftotext's word boxes."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    fills = []
    for page in boxes.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        top, bottom = 24 * 72 / 25.4, height - 22 * 72 / 25.4  # the template's margins
        lows = [float(y) for y in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)"', page)]
        body = [y for y in lows if top + 4 < y < bottom]  # not the running header or the footer
        fills.append((max(body) - top) / (bottom - top) if body else 0.0)
    return fills


def test_no_page_but_the_last_is_left_two_thirds_empty_unless_a_form_needs_the_room(shipped_build: Path) -> None:
    pdfs = sorted(shipped_build.glob("*/pdf/*.pdf"))
    assert len(pdfs) > 10
    for pdf in pdfs:
        fills = page_fill(pdf)
        for number, fill in enumerate(fills[1:-1], start=2):  # the cover is a page of its own
            if fill < 1 / 3:
                following = PdfReader(pdf).pages[number].extract_text()
                assert re.search(r"Acknowledgement|Adoption|Signed|Signature", following), (pdf.name, number, fill)
