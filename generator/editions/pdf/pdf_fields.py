"""Typst's PDF + the places of its form fields -> the PDF with real fields and its identity (pyHanko, incremental).

Over each place goes a digital-signature field (/Sig, added by pyHanko) or a single-line text field (/Tx, filled in
the shipped typeface, embedded). The empty /Figure the template tagged for the place becomes the field's /Form
structure element, pointing at the widget, so the PDF stays PDF/UA-1. The document information gains the PDF's
identity (pdf_identity.document_information), and the text it was printed from is attached as an embedded file
(issued.py), so a signature over the form covers it. Nothing else changes: no modification date, and the file identifier
comes from content.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec, append_signature_field

from generator.compat.pyhanko import ReproducibleWriter
from generator.inputs.field_font import FIRST, LAST, field_font

FIELD_FONT = "/Atkinson"
"""The name text fields give the shipped regular typeface, embedded in the form's resources."""
FIELD_FONT_NAME = "/AtkinsonHyperlegible-Regular"


class PdfFieldError(Exception):
    """The PDF has no tagged place for a field the document needs."""


def add_form_fields(
    pdf: bytes,
    places: list[dict[str, Any]],
    *,
    information: dict[str, str],
    font: Path,
    attachment: tuple[str, str, bytes] | None = None,
) -> bytes:
    """``pdf`` with a form field over each place, each tagged as a /Form element, and ``information`` in /Info.

    Text fields are filled in ``font`` (a TrueType file), embedded in the form. ``attachment`` (file name,
    description, bytes) is embedded as a file.
    """
    writer = ReproducibleWriter(io.BytesIO(pdf))
    writer.information = information
    if attachment is not None:
        attach(writer, *attachment)
    figures = field_figures(writer, {place["name"] for place in places})
    tree = writer.root["/StructTreeRoot"]
    for place in places:
        page_ref = writer.find_page_for_modification(place["page"] - 1)[0]
        box = field_box(writer, place)
        if place["kind"] == "signature":
            spec = SigFieldSpec(place["name"], on_page=place["page"] - 1, box=box, readable_field_name=place["label"])
            append_signature_field(writer, spec)
            fields = writer.root["/AcroForm"]["/Fields"]
            widget_ref = fields.raw_get(len(fields) - 1)
        else:
            widget_ref = add_text_field(writer, page_ref, place, box, font=font)
        tag_widget(writer, tree, figures[place["name"]], widget_ref, page_ref, label=place["label"])
    writer.update_root()
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def attach(writer: IncrementalPdfFileWriter, name: str, description: str, data: bytes) -> None:
    """Embed ``data`` as the file ``name`` (no dates: the same bytes for the same data)."""
    stream = embed.EmbeddedFileObject.from_file_data(writer, data, mime_type="application/json")
    spec = embed.FileSpec(name, file_name=name, embedded_data=stream, description=description)
    embed.embed_file(writer, spec)


def field_box(writer: IncrementalPdfFileWriter, place: dict[str, Any]) -> tuple[int, int, int, int]:
    """The field's box in whole PDF points from the page's bottom-left corner (Typst measures from the top-left)."""
    page = writer.find_page_for_modification(place["page"] - 1)[0].get_object()
    height = float(page["/MediaBox"][3])
    left, top = place["x"], place["y"]
    return round(left), round(height - top - place["height"]), round(left + place["width"]), round(height - top)


def add_text_field(
    writer: IncrementalPdfFileWriter,
    page_ref: generic.IndirectObject,
    place: dict[str, Any],
    box: tuple[int, ...],
    *,
    font: Path,
) -> generic.IndirectObject:
    """A single-line text field, its widget on the page and its name in the form."""
    if "/AcroForm" not in writer.root:
        writer.root[generic.pdf_name("/AcroForm")] = writer.add_object(_dictionary(Fields=generic.ArrayObject()))
    form = writer.root["/AcroForm"]
    if "/DR" not in form:
        fonts = _dictionary(**{FIELD_FONT[1:]: embed_font(writer, font)})
        form[generic.pdf_name("/DR")] = _dictionary(Font=fonts)
        form[generic.pdf_name("/DA")] = generic.pdf_string(f"{FIELD_FONT} 11 Tf 0 g")
    if isinstance(writer.root.raw_get("/AcroForm"), generic.IndirectObject):
        writer.mark_update(writer.root.raw_get("/AcroForm"))
    widget = _dictionary(
        Type="/Annot",
        Subtype="/Widget",
        FT="/Tx",
        T=generic.pdf_string(place["name"]),
        TU=generic.pdf_string(place["label"]),
        Rect=generic.ArrayObject(generic.NumberObject(value) for value in box),
        F=generic.NumberObject(4),
        P=page_ref,
        DA=generic.pdf_string(f"{FIELD_FONT} 11 Tf 0 g"),
    )
    widget_ref = writer.add_object(widget)
    form["/Fields"].append(widget_ref)
    page = page_ref.get_object()
    annotations = page.get("/Annots")
    if annotations is None:
        page[generic.pdf_name("/Annots")] = generic.ArrayObject([widget_ref])
    else:
        annotations.append(widget_ref)
        if isinstance(page.raw_get("/Annots"), generic.IndirectObject):
            writer.mark_update(page.raw_get("/Annots"))
    writer.mark_update(page_ref)
    return widget_ref


def embed_font(writer: IncrementalPdfFileWriter, path: Path) -> generic.IndirectObject:
    """The TrueType font at ``path`` as an embedded simple font with WinAnsi encoding."""
    font = field_font(path)
    file = generic.StreamObject(_dictionary(Length1=generic.NumberObject(len(font.data))), stream_data=font.data)
    file.compress()
    descriptor = _dictionary(
        Type="/FontDescriptor",
        FontName=FIELD_FONT_NAME,
        Flags=generic.NumberObject(32),
        FontBBox=generic.ArrayObject(generic.NumberObject(value) for value in font.bbox),
        ItalicAngle=generic.NumberObject(0),
        Ascent=generic.NumberObject(font.ascent),
        Descent=generic.NumberObject(font.descent),
        CapHeight=generic.NumberObject(font.cap_height),
        StemV=generic.NumberObject(80),
        FontFile2=writer.add_object(file),
    )
    return writer.add_object(
        _dictionary(
            Type="/Font",
            Subtype="/TrueType",
            BaseFont=FIELD_FONT_NAME,
            FirstChar=generic.NumberObject(FIRST),
            LastChar=generic.NumberObject(LAST),
            Widths=generic.ArrayObject(generic.NumberObject(width) for width in font.widths),
            Encoding="/WinAnsiEncoding",
            FontDescriptor=writer.add_object(descriptor),
        )
    )


def field_figures(writer: IncrementalPdfFileWriter, names: set[str]) -> dict[str, generic.IndirectObject]:
    """Field name -> the empty /Figure the template tagged for it (its /Alt is "field:<name>").

    The forms close the document, so the structure tree is searched from its end, and only until every field is
    found: reading the whole tree object by object would cost more than typesetting the document.
    """
    found: dict[str, generic.IndirectObject] = {}
    pending = [writer.root.raw_get("/StructTreeRoot")]
    while pending and len(found) < len(names):
        reference = pending.pop()
        element = reference.get_object()
        if not isinstance(element, generic.DictionaryObject):
            continue
        alt = element.get("/Alt")
        if element.get("/S") == "/Figure" and isinstance(alt, str) and alt.startswith("field:"):
            found[alt.removeprefix("field:")] = reference
        kids = element.raw_get("/K") if "/K" in element else None
        if isinstance(kids, generic.ArrayObject):
            pending.extend(kid for kid in kids if isinstance(kid, generic.IndirectObject))  # the last is read first
        elif isinstance(kids, generic.IndirectObject):
            pending.append(kids)
    if set(found) != names:
        raise PdfFieldError(f"the print template tagged no place for the fields {sorted(names - set(found))}")
    return found


def tag_widget(
    writer: IncrementalPdfFileWriter,
    tree: generic.DictionaryObject,
    figure_ref: generic.IndirectObject,
    widget_ref: generic.IndirectObject,
    page_ref: generic.IndirectObject,
    *,
    label: str,
) -> None:
    """Turn the field's /Figure into a /Form element that holds the widget, and enter it in the parent tree."""
    key = int(tree["/ParentTreeNextKey"])
    tree[generic.pdf_name("/ParentTreeNextKey")] = generic.NumberObject(key + 1)
    parent_tree = tree["/ParentTree"]
    if "/Nums" not in parent_tree:
        raise PdfFieldError("the structure parent tree has no /Nums array to enter form fields in")
    parent_tree["/Nums"].extend([generic.NumberObject(key), figure_ref])
    for holder, key_name in ((tree, "/ParentTree"), (parent_tree, "/Nums")):
        if isinstance(holder.raw_get(key_name), generic.IndirectObject):
            writer.mark_update(holder.raw_get(key_name))
    widget_ref.get_object()[generic.pdf_name("/StructParent")] = generic.NumberObject(key)
    writer.mark_update(widget_ref)
    figure = figure_ref.get_object()
    figure[generic.pdf_name("/S")] = generic.pdf_name("/Form")
    figure[generic.pdf_name("/Alt")] = generic.pdf_string(label)
    figure[generic.pdf_name("/Pg")] = page_ref
    # The object reference stands alone, not in an array: only so does pyHanko find the widget through the structure
    # tree, and take a field filled in or signed after an earlier signature for form filling, not for tampering.
    figure[generic.pdf_name("/K")] = _dictionary(Type="/OBJR", Obj=widget_ref, Pg=page_ref)
    writer.mark_update(figure_ref)
    writer.mark_update(writer.root.raw_get("/StructTreeRoot"))


def _dictionary(**entries: generic.PdfObject | str) -> generic.DictionaryObject:
    """A PDF dictionary from keyword arguments; strings are names."""
    return generic.DictionaryObject(
        {
            generic.pdf_name(f"/{key}"): generic.pdf_name(value) if type(value) is str else value
            for key, value in entries.items()
        }
    )
