"""Print HTML -> a tagged PDF/UA document (WeasyPrint) -> the same PDF with empty signature fields (pyHanko).

Everything that does not depend on the document (stylesheets, fonts) is parsed once per process. The output is
byte-for-byte the same for the same input: no dates are written, and the file identifier comes from the content.
"""

from __future__ import annotations

import gc
import hashlib
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pydyf
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import SigFieldSpec, append_signature_field
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from generator.model import ResolvedDocument, ResolvedOrganisation
from generator.pdf_identity import PdfIdentity, identity_entries
from generator.print_html import SignatureField, print_html, signature_fields

PX_TO_PT = 0.75
"""WeasyPrint lays out in CSS pixels (96 per inch); PDF coordinates are points (72 per inch)."""


class PdfRenderError(Exception):
    """WeasyPrint reported a problem (a missing image, an unreadable font): the PDF would be wrong."""


@dataclass(frozen=True)
class FieldPlace:
    """Where a signature field goes: a page index and a box in PDF points (left, bottom, right, top)."""

    page: int
    box: tuple[int, int, int, int]


def render_pdf(
    organisation: ResolvedOrganisation, document: ResolvedDocument, *, templates: Path, overdue: bool = False
) -> bytes:
    """The document as a print-ready, signable PDF (``overdue``: with a notice on its cover)."""
    with collector_paused():
        return _render(organisation, document, templates=templates, overdue=overdue)


def _render(organisation: ResolvedOrganisation, document: ResolvedDocument, *, templates: Path, overdue: bool) -> bytes:
    fields = signature_fields(document)
    logo = organisation.branding.logo
    readable = (templates, logo.parent) if logo else (templates,)
    html = print_html(organisation, document, templates=templates, overdue=overdue)
    laid_out = lay_out(html, templates=templates, readable=readable)
    places = {field.name: field_place(laid_out, field.name) for field in fields}
    slots = FormSlots(fields)
    identity = PdfIdentity(organisation.id, document.id, document.version, document.content_hash)
    laid_out.metadata.custom.update(identity_entries(identity))  # WeasyPrint drops the slash of each name
    # pdf/ua-1 tags the PDF; pdf_forms turns the template's <input> elements into fillable text fields. WeasyPrint
    # would hash every object again for a file identifier, so where pyHanko writes one anyway it is left to pyHanko.
    tagged = laid_out.write_pdf(
        pdf_variant="pdf/ua-1", pdf_forms=True, pdf_identifier=not fields, finisher=slots, custom_metadata=True
    )
    return add_signature_fields(tagged, fields, places=places, slots=slots)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a PDF is made.

    WeasyPrint makes hundreds of thousands of small objects; the collector would walk them over and over, about a
    sixth of the render time. Reference counting still frees them as they go, and the collector resumes after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def lay_out(html: str, *, templates: Path, readable: tuple[Path, ...]) -> Document:
    """Paginate the print HTML with the cached stylesheets; raise PdfRenderError on anything WeasyPrint reports.

    The HTML may load files from the ``readable`` folders only.
    """
    font_config, stylesheets = print_stylesheets(templates.resolve())
    base_url = (templates.resolve() / "print").as_uri() + "/"
    page = HTML(string=html, base_url=base_url, url_fetcher=FolderFetcher(readable))
    with weasyprint_problems() as problems:
        document = page.render(font_config=font_config, stylesheets=stylesheets, pdf_forms=True)
    if problems:
        raise PdfRenderError("\n".join(problems))
    return document


@cache
def print_stylesheets(templates: Path) -> tuple[FontConfiguration, tuple[CSS, ...]]:
    """The fonts and the print stylesheet, parsed once per process and shared by every document."""
    # One FontConfiguration must serve every stylesheet of a document: it holds the @font-face fonts.
    font_config = FontConfiguration()
    stylesheets = tuple(
        CSS(filename=str(path), font_config=font_config, url_fetcher=FolderFetcher((templates,)))
        for path in (templates / "fonts" / "fonts.css", templates / "print" / "print.css")
    )
    return font_config, stylesheets


class FolderFetcher(URLFetcher):
    """Reads files in the given folders and nothing else: no other host, no other file on the machine."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols=("file",))
        self.folders = tuple(folder.resolve() for folder in folders)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(folder) for folder in self.folders):
                raise ValueError(f"not a file of this project: {url}")
        return super().fetch(url, headers)


@contextmanager
def weasyprint_problems() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings and errors while laying out: it logs them and carries on."""
    problems: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            problems.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield problems
    finally:
        logger.removeHandler(handler)


def field_place(document: Document, name: str) -> FieldPlace:
    """The page and box of the element with id ``name``, from its top-left corner and that of ``name-end``."""
    for index, page in enumerate(document.pages):
        if name in page.anchors:
            left, top = page.anchors[name][:2]
            right, bottom = page.anchors[f"{name}-end"][:2]
            return FieldPlace(index, _points(page.height, left, bottom, right, top))
    raise PdfRenderError(f"the print template has no box for the signature field {name!r}")


def _points(page_height: float, left: float, bottom: float, right: float, top: float) -> tuple[int, int, int, int]:
    """CSS pixels from the top-left corner -> whole PDF points from the bottom-left corner."""
    return (
        round(left * PX_TO_PT),
        round((page_height - bottom) * PX_TO_PT),
        round(right * PX_TO_PT),
        round((page_height - top) * PX_TO_PT),
    )


@dataclass(frozen=True)
class FormSlot:
    """A /Form structure element that waits for its widget."""

    number: int
    """Its object number."""
    key: int
    """Its key in the structure parent tree, for the widget's /StructParent."""
    parent: int
    """The object number of its parent structure element."""
    page: int
    """The object number of its page."""


@dataclass
class FormSlots:
    """A WeasyPrint finisher: a tagged /Form element per signature field, for the widget that pyHanko adds later.

    PDF/UA wants every widget in the structure tree, in reading order. WeasyPrint's tree is easy to change while
    it is still Python objects; reading it back through pyHanko costs far more, object by object.
    """

    fields: tuple[SignatureField, ...]
    slots: dict[str, FormSlot] = field(default_factory=dict)

    def __call__(self, document: Document, pdf: pydyf.PDF) -> None:
        if not self.fields:
            return

        def resolve(reference: bytes) -> pydyf.Dictionary:
            return pdf.objects[int(reference.split()[0])]

        widgets = {resolve(ref)["T"].string: resolve(ref) for ref in pdf.catalog["AcroForm"]["Fields"]}
        numbers = resolve(resolve(pdf.catalog["StructTreeRoot"])["ParentTree"])["Nums"]
        elements = dict(zip(numbers[::2], numbers[1::2], strict=True))
        for widget in widgets.values():
            # pyHanko knows a widget's place in the structure tree only where its /Form element holds the object
            # reference alone, not in an array (as _fill_slot writes it); otherwise filling the field after a
            # signature would read as tampering.
            form = resolve(elements[widget["StructParent"]])
            if isinstance(form["K"], list) and len(form["K"]) == 1:
                form["K"] = form["K"][0]
        for key, signature in enumerate(self.fields, start=max(numbers[::2]) + 1):
            # The companion's /Form element sits in its input's element, inside its label's: the signature goes
            # just before that label, so a screen reader meets it where the eye does.
            companion = resolve(elements[widgets[signature.companion]["StructParent"]])
            label = resolve(companion["P"])["P"]
            container = resolve(label)["P"]
            form = pydyf.Dictionary({"Type": "/StructElem", "S": "/Form", "P": container, "Pg": companion["Pg"]})
            pdf.add_object(form)
            kids = resolve(container)["K"]
            kids.insert(kids.index(label), form.reference)
            numbers.extend([key, form.reference])
            self.slots[signature.name] = FormSlot(form.number, key, _number(container), _number(companion["Pg"]))


def _number(reference: bytes) -> int:
    return int(reference.split()[0])


class FieldWriter(IncrementalPdfFileWriter):
    """An incremental update that adds form fields and changes nothing else.

    pyHanko would stamp the time as the modification date and draw a random file identifier; both would make
    every build different. WeasyPrint's metadata is already final, and the identifier is derived from content.
    """

    @classmethod
    def _handle_id(cls, prev: PdfFileReader) -> generic.ArrayObject:
        digest = generic.ByteStringObject(hashlib.md5(prev.stream.getvalue(), usedforsecurity=False).digest())
        return generic.ArrayObject([digest, digest])

    def _update_meta(self) -> None:
        pass


def add_signature_fields(
    pdf: bytes, fields: tuple[SignatureField, ...], *, places: dict[str, FieldPlace], slots: FormSlots
) -> bytes:
    """``pdf`` with an empty digital-signature field for each of ``fields``, each in its reserved /Form element."""
    if not fields:
        return pdf
    writer = FieldWriter(io.BytesIO(pdf))
    for signature in fields:
        place = places[signature.name]
        spec = SigFieldSpec(signature.name, on_page=place.page, box=place.box, readable_field_name=signature.label)
        append_signature_field(writer, spec)
        form_fields = writer.root["/AcroForm"]["/Fields"]
        widget_ref = form_fields.raw_get(len(form_fields) - 1)
        assert widget_ref.get_object()["/T"] == signature.name, "pyHanko appends each new field at the end"
        _fill_slot(writer, widget_ref, slot=slots.slots[signature.name])
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _fill_slot(writer: IncrementalPdfFileWriter, widget_ref: generic.IndirectObject, *, slot: FormSlot) -> None:
    """Write the reserved /Form element again, now pointing at the widget, and point the widget back at it."""
    widget_ref.get_object()["/StructParent"] = generic.NumberObject(slot.key)
    form = _dictionary(
        Type="/StructElem",
        S="/Form",
        P=generic.IndirectObject(slot.parent, 0, writer),
        Pg=generic.IndirectObject(slot.page, 0, writer),
        K=_dictionary(Type="/OBJR", Obj=widget_ref, Pg=generic.IndirectObject(slot.page, 0, writer)),
    )
    # FormSlots wrote this object, so its whole new content is known: hand it to pyHanko rather than have it parsed
    # back out of WeasyPrint's object stream, which pyHanko reads from the start for every object it looks up.
    writer.prev.cache_indirect_object(0, slot.number, form)
    writer.mark_update(generic.Reference(slot.number, 0, writer))


def _dictionary(**entries: generic.PdfObject | str) -> generic.DictionaryObject:
    """A PDF dictionary from keyword arguments; strings are names."""
    return generic.DictionaryObject(
        {
            generic.pdf_name(f"/{key}"): generic.pdf_name(value) if isinstance(value, str) else value
            for key, value in entries.items()
        }
    )
