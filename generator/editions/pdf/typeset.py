"""Print data -> a tagged PDF/UA-1 document (Typst, in-process) -> the same PDF with its form fields (pdf_fields).

Typst typesets templates/print/document.typ with the document's data as JSON, using only the project's fonts. Typst
makes no form fields: the template records each field's box as labelled metadata, read back with Typst's query,
and tags an empty /Figure in its place in reading order, which pdf_fields turns into the field's /Form element.
The output is the same bytes for the same input: no dates, and the file identifier comes from the content.
"""

from __future__ import annotations

import json
import os
import threading
from functools import cache
from pathlib import Path
from typing import Any

import typst

from generator.editions.pdf.pdf_fields import PdfFieldError, add_form_fields
from generator.editions.pdf.pdf_identity import document_information
from generator.editions.pdf.print_data import form_fields, print_data
from generator.inputs.glyphs import drawable_text
from generator.model.issued import ATTACHMENT, ATTACHMENT_DESCRIPTION, issued_json, issued_text
from generator.model.resolved import ResolvedDocument, ResolvedOrganisation

TEMPLATE = Path("print") / "document.typ"
EMPTY = Path("print") / "empty.typ"
TYPST_MEMORY = 10
"""Typst memoises layout, and after each compilation forgets what the last ten did not use (comemo's evict(10)).

Ten compilations of an empty document after each PDF make it forget that PDF's layout: a 30-page document holds
about 40 MB, and another document could reuse almost none of it. Measured: no slower, and a warm worker stays
near 200 MB instead of climbing to 600 MB."""
FIELD_FONT_FILE = Path("fonts") / "atkinson-hyperlegible-400.ttf"
"""The typeface text fields are filled in."""


class PdfRenderError(Exception):
    """Typst refused the document or warned about it (a missing image, an unknown font): the PDF would be wrong."""


def render_pdf(
    organisation: ResolvedOrganisation, document: ResolvedDocument, *, templates: Path, overdue: bool = False
) -> bytes:
    """The document as a print-ready, signable PDF (``overdue``: with a notice on its cover)."""
    data = print_data(organisation, document, overdue=overdue)
    root = typst_root(templates, organisation.branding.logo)
    if data["logo"] is not None and organisation.branding.logo is not None:
        data["logo"]["path"] = "/" + organisation.branding.logo.resolve().relative_to(root).as_posix()
    text = drawable_text(json.dumps(data, ensure_ascii=False), templates.resolve() / "fonts")
    typeset, places = typeset_pdf(templates.resolve(), root, text)
    expected = [field["name"] for field in form_fields(data)]
    if [place["name"] for place in places] != expected:
        raise PdfRenderError(f"the print template placed the fields {places!r}, not {expected!r}")
    font = templates.resolve() / FIELD_FONT_FILE
    try:
        return add_form_fields(
            typeset,
            places,
            information=document_information(organisation, document),
            font=font,
            attachment=(ATTACHMENT, ATTACHMENT_DESCRIPTION, issued_json(issued_text(organisation, document))),
        )
    except PdfFieldError as error:
        raise PdfRenderError(str(error)) from None


def typst_root(templates: Path, logo: Path | None) -> Path:
    """The one folder Typst may read: the template's, widened to the logo's where there is one."""
    template = (templates / TEMPLATE).resolve()
    if logo is None:
        return template.parent
    if not logo.is_file():
        raise PdfRenderError(f"the logo {logo} is not a file")
    return Path(os.path.commonpath([template.parent, logo.resolve().parent]))


_lock = threading.Lock()
_typst_ran_in: int | None = None
"""The id of the process that last typeset here (a forked child inherits its parent's)."""


def typeset_pdf(templates: Path, root: Path, data: str) -> tuple[bytes, list[dict[str, Any]]]:
    """Typst's PDF/UA-1 output for the data, and the place of every form field, in page order."""
    global _typst_ran_in
    _typst_ran_in = os.getpid()
    compiler = typst_compiler(templates, root, TEMPLATE)
    with _lock:  # a compiler keeps its inputs between compile and query
        try:
            pdf, warnings = compiler.compile_with_warnings(
                sys_inputs={"data": data}, format="pdf", pdf_standards="ua-1"
            )
            places = json.loads(compiler.query("<form-field>", field="value"))
        except (typst.TypstError, RuntimeError) as error:
            raise PdfRenderError(str(error)) from None
        forget_old_layouts(templates)
    if warnings:
        raise PdfRenderError("\n".join(str(warning) for warning in warnings))
    assert isinstance(pdf, bytes)
    return pdf, places


def forking_is_safe() -> bool:
    """Whether this process may fork workers that typeset: not once Typst has run here.

    Typst's threads do not come along into a forked child, which would wait for them forever.
    """
    return _typst_ran_in != os.getpid()


@cache
def typst_compiler(templates: Path, root: Path, template: Path) -> typst.Compiler:
    """A Typst compiler for a print template, kept per process: it caches fonts and layout between documents."""
    return typst.Compiler(input=str(templates / template), root=str(root), font_paths=print_fonts(templates))


@cache
def print_fonts(templates: Path) -> typst.Fonts:
    """The project's fonts and no others: neither the machine's nor those built into Typst, which no PDF uses
    (drawable_text keeps to what the project's fonts can draw). Leaving Typst's own out saves about 4 MB a
    process and a little time, with the same bytes."""
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(templates / "fonts")])


def forget_old_layouts(templates: Path) -> None:
    """Age Typst's memo cache by typesetting an empty document (it evicts what ten compilations left unused)."""
    blank = typst_compiler(templates, (templates / EMPTY).resolve().parent, EMPTY)
    for _ in range(TYPST_MEMORY):
        blank.compile(format="svg")
