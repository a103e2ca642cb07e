"""Print HTML -> a tagged PDF/UA document (WeasyPrint) -> the same PDF with empty signature fields (pyHanko).

Everything that does not depend on the document (stylesheets, fonts) is parsed once per process. The output is
byte-for-byte the same for the same input: no dates are written, and the file identifier comes from the content.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec, append_signature_field
from weasyprint import CSS, HTML, URLFetcher
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration

from generator.model import ResolvedDocument, ResolvedOrganisation
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


def render_pdf(organisation: ResolvedOrganisation, document: ResolvedDocument, *, templates: Path) -> bytes:
    """The document as a print-ready, signable PDF."""
    html = print_html(organisation, document, templates=templates)
    fields = signature_fields(document)
    laid_out = lay_out(html, templates=templates)
    places = {field.name: field_place(laid_out, field.name) for field in fields}
    # pdf/ua-1 tags the PDF; pdf_forms turns the template's <input> elements into fillable text fields.
    tagged = laid_out.write_pdf(pdf_variant="pdf/ua-1", pdf_forms=True, pdf_identifier=True)
    return add_signature_fields(tagged, fields, places=places)


def lay_out(html: str, *, templates: Path) -> Document:
    """Paginate the print HTML with the cached stylesheets; raise PdfRenderError on anything WeasyPrint reports."""
    font_config, stylesheets = print_stylesheets(templates.resolve())
    with weasyprint_problems() as problems:
        document = HTML(
            string=html, base_url=str(templates.resolve() / "print") + "/", url_fetcher=local_fetcher()
        ).render(font_config=font_config, stylesheets=stylesheets, pdf_forms=True, pdf_variant="pdf/ua-1")
    if problems:
        raise PdfRenderError("\n".join(problems))
    return document


@cache
def print_stylesheets(templates: Path) -> tuple[FontConfiguration, tuple[CSS, ...]]:
    """The fonts and the print stylesheet, parsed once per process and shared by every document."""
    # One FontConfiguration must serve every stylesheet of a document: it holds the @font-face fonts.
    font_config = FontConfiguration()
    fetcher = local_fetcher()
    stylesheets = tuple(
        CSS(filename=str(path), font_config=font_config, url_fetcher=fetcher)
        for path in (templates / "fonts" / "fonts.css", templates / "print" / "print.css")
    )
    return font_config, stylesheets


def local_fetcher() -> URLFetcher:
    """A URL fetcher that reads local files only: a PDF never loads anything from another host."""
    return URLFetcher(allowed_protocols=("file", "data"))


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


class FieldWriter(IncrementalPdfFileWriter):
    """An incremental update that adds form fields and changes nothing else.

    pyHanko would stamp the time as the modification date and draw a random second file identifier; both would
    make every build different. WeasyPrint's metadata is already final, and the identifier is derived from content.
    """

    @classmethod
    def _handle_id(cls, prev):  # type: ignore[no-untyped-def]
        original = prev.trailer["/ID"][0]
        updated = hashlib.md5(prev.stream.getvalue() + b"signature fields", usedforsecurity=False).digest()
        return generic.ArrayObject(
            [generic.ByteStringObject(original.original_bytes), generic.ByteStringObject(updated)]
        )

    def _update_meta(self) -> None:
        pass


def add_signature_fields(pdf: bytes, fields: tuple[SignatureField, ...], *, places: dict[str, FieldPlace]) -> bytes:
    """``pdf`` with an empty digital-signature field for each of ``fields``, tagged beside its date field."""
    if not fields:
        return pdf
    writer = FieldWriter(io.BytesIO(pdf))
    for field in fields:
        place = places[field.name]
        append_signature_field(
            writer,
            SigFieldSpec(field.name, on_page=place.page, box=place.box, readable_field_name=field.label),
        )
        tag_field(writer, field)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def tag_field(writer: IncrementalPdfFileWriter, field: SignatureField) -> None:
    """Give a signature widget its place in the structure tree, just before its companion's label (PDF/UA)."""
    widgets = {str(ref.get_object()["/T"]): ref for ref in writer.root["/AcroForm"]["/Fields"]}
    widget_ref, companion = widgets[field.name], widgets[field.companion].get_object()
    numbers = writer.root["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    companion_form = _number_tree_value(numbers, companion["/StructParent"]).get_object()
    # WeasyPrint puts a field's form element in its input's element, inside its label's: the signature goes
    # into the label's parent, just before the label, so a screen reader meets it where the eye does.
    label_ref = companion_form["/P"].raw_get("/P")
    container_ref = label_ref.get_object().raw_get("/P")
    page_ref = widget_ref.get_object().raw_get("/P")
    reference = writer.add_object(_dictionary(Type="/OBJR", Obj=widget_ref, Pg=page_ref))
    form = writer.add_object(
        _dictionary(Type="/StructElem", S="/Form", P=container_ref, Pg=page_ref, K=generic.ArrayObject([reference]))
    )
    kids = container_ref.get_object()["/K"]
    kids.insert(next(i for i, kid in enumerate(kids) if _same(kid, label_ref)), form)
    writer.update_container(kids)
    key = max(int(numbers[i]) for i in range(0, len(numbers), 2)) + 1
    numbers.extend([generic.NumberObject(key), form])
    writer.update_container(numbers)
    widget_ref.get_object()["/StructParent"] = generic.NumberObject(key)
    writer.mark_update(widget_ref)


def _dictionary(**entries: object) -> generic.DictionaryObject:
    """A PDF dictionary from keyword arguments; strings starting with '/' become names."""
    return generic.DictionaryObject(
        {
            generic.pdf_name(f"/{key}"): generic.pdf_name(value) if isinstance(value, str) else value
            for key, value in entries.items()
        }
    )


def _same(kid: generic.PdfObject, reference: generic.IndirectObject) -> bool:
    return isinstance(kid, generic.IndirectObject) and kid.idnum == reference.idnum


def _number_tree_value(numbers: generic.ArrayObject, key: int) -> generic.IndirectObject:
    """The value for ``key`` in a flat number tree (WeasyPrint writes the parent tree as one /Nums array)."""
    for index in range(0, len(numbers), 2):
        if int(numbers[index]) == key:
            return numbers[index + 1]
    raise PdfRenderError(f"the structure tree has no entry {key}")
