"""Resolved document -> the plain data its PDF is made from (templates/print/document.typ reads it as JSON).

Pure: no files are read or written. Every string here is printed as text by the template, never run as markup;
sections, clauses and the signing's words are read from the document tree (generator.document.tree), clause text as
its blocks: this data is that tree serialised, with the cover, the facts and the form fields the PDF adds.
"""

from __future__ import annotations

import re
from typing import Any

from generator.checks.contrast import palette
from generator.document.clause_tree import inline_tree
from generator.document.edition import edition_notice
from generator.document.tree import (
    ACKNOWLEDGEMENT_FORM,
    ACKNOWLEDGEMENT_HEADING,
    Clause,
    Document,
    Section,
    document_tree,
    long_date,
)
from generator.editions.pdf.pdf_identity import document_information
from generator.model.resolved import ResolvedDocument, ResolvedOrganisation, Signatory, SignatureLine

Data = dict[str, Any]


PAGE_MARGINS_MM = {"top": 24, "bottom": 22, "x": 20}
"""The margins of every page but the cover: the running header stands in the top one, the footer in the bottom one,
so a page's own text is what lies between them (the lock check reads only that)."""


def print_data(organisation: ResolvedOrganisation, document: ResolvedDocument, *, overdue: bool = False) -> Data:
    """Everything the print template shows, as JSON-ready data (``overdue``: a notice on the cover)."""
    identity = document_information(organisation, document)
    colours = palette(organisation.branding.primary, organisation.branding.accent)
    logo = organisation.branding.logo
    tree = document_tree(document)
    signing, acknowledgement = signing_pages(document, tree)
    return {
        "title": identity["/Title"],
        "author": identity["/Author"],
        "subject": identity["/Subject"],
        "organisation": document.issuer,
        "subtitle": document.subtitle,
        "margins": PAGE_MARGINS_MM,
        "colours": {
            "primary": colours.primary,
            "on_primary": colours.header_text,
            "accent": colours.accent,
            "heading": colours.heading,
            "link": colours.link,
        },
        # Named by its file here; pdf.py names it from the one folder Typst may read.
        "logo": {"path": f"/{logo.name}", "alt": f"{organisation.name} logo"} if logo else None,
        "facts": [
            fact
            for fact in (
                ["Version", document.version],
                ["Reference", document.content_hash],
                ["Adopted", long_date(document.adopted) if document.adopted else ""],
                ["Next review", long_date(document.next_review) if document.next_review else ""],
            )
            if fact[1]  # a value that is not there is left out
        ],
        "cover_notes": cover_notes(organisation, document, overdue=overdue),
        "footer_line": document.identification(),
        "contents_title": "Contents",
        "contents": document.contents,
        "sections": [section_data(section) for section in tree.sections],
        "signing": signing,
        "acknowledgement": acknowledgement,
    }


def cover_notes(organisation: ResolvedOrganisation, document: ResolvedDocument, *, overdue: bool) -> list[Data]:
    notes: list[Data] = []
    if overdue and document.next_review:
        notes.append(
            {
                "kind": "overdue",
                "text": f"Review overdue: this document was due for review on {long_date(document.next_review)}.",
            }
        )
    notice = edition_notice(organisation, document, edition="pdf")
    if notice:
        notes.append({"kind": "edition", "runs": inline_tree(notice)})
    if document.blanks():
        notes.append(
            {
                "kind": "template",
                "text": f"This is a model {document.kind}. Each organisation that adopts it fills in the "
                "highlighted blanks.",
            }
        )
    return notes


def section_data(section: Section) -> Data:
    """A section, numbered as on the site ("4. Title"), with its clauses and subsections; untitled: no heading."""
    return {
        "id": section.id,
        "heading": section.heading,
        "numbering": section.numbering,
        "clauses": [clause_data(clause) for clause in section.clauses],
        "sections": [section_data(sub) for sub in section.sections],
        "quotation": section.quotation,
    }


def clause_data(clause: Clause) -> Data:
    """A clause: its number, its text as a tree, its items, and whether it is a paragraph after the list."""
    return {
        "id": clause.id,
        "number": clause.number,
        "body": list(clause.blocks),
        "items": [clause_data(item) for item in clause.items],
        "items_numbering": clause.items_numbering,
        "paragraph": clause.paragraph,
    }


def signing_pages(document: ResolvedDocument, tree: Document) -> tuple[Data, Data | None]:
    """Every word of the signing block and of the acknowledgement form, with their form fields.

    The signing block has signatories (on a page of its own where it has a heading) or nothing at all; the
    acknowledgement is None where the document has none, and follows the section named "after" (None: at the end).
    Field names are what readers of returned forms look for: signature_<role> and date_<role> per signatory,
    ack_print_name, ack_job_title, ack_signature and ack_date on the acknowledgement.
    """
    reference = document.identification()  # as the footer says it
    signing = {
        "heading": tree.signing.heading,
        "statement": list(tree.signing.statement) if tree.signing.statement is not None else None,
        "reference": reference,
        "signatories": [
            {
                "title": signatory.title,
                "name": signatory.name,
                "lines": [line_data(line, signatory) for line in signatory.lines],
            }
            for signatory in tree.signing.signatories
        ],
    }
    acknowledgement = None
    if tree.acknowledgement:
        acknowledgement = {
            "heading": ACKNOWLEDGEMENT_HEADING,
            "statement": reference,
            "after": tree.acknowledgement_after,
            "clause": clause_data(tree.acknowledgement),
            "fields": [_field(f.name, f.kind, f.label, f.caption) for f in ACKNOWLEDGEMENT_FORM],
        }
    return signing, acknowledgement


def line_data(line: SignatureLine, signatory: Signatory) -> Data:
    """A signatory's line: the name printed (or a line to write it on), or a form field named after the role,
    signature_<role>, date_<role> or <caption>_<role>: letters, digits and underscores, since a full stop would
    nest it."""
    if line.kind == "name":
        return {"kind": "name", "caption": line.caption, "name": signatory.name}
    who = signatory.title or "signatory"
    prefix = "signature" if line.kind == "signature" else re.sub(r"[^a-z0-9]+", "_", line.caption.lower()).strip("_")
    name = f"{prefix or 'field'}_{re.sub(r'[^A-Za-z0-9_]+', '_', signatory.role)}"
    if line.kind == "signature":
        return _field(name, "signature", f"Signature of the {who}", line.caption)
    label = f"Date signed by the {who}" if prefix == "date" else f"{line.caption} of the {who}"
    return _field(name, "text", label, line.caption)


def _field(name: str, kind: str, label: str, caption: str) -> Data:
    """A form field: its name, "signature" or "text", what a screen reader says, and the caption printed above."""
    return {"name": name, "kind": kind, "label": label, "caption": caption}


def form_fields(data: Data) -> list[Data]:
    """Every form field of the print data, in page order (an acknowledgement placed after a section comes first)."""
    fields: list[Data] = []
    for signatory in data["signing"]["signatories"]:
        fields.extend(line for line in signatory["lines"] if line["kind"] != "name")
    acknowledgement = data["acknowledgement"]
    if acknowledgement and acknowledgement["after"] is not None:
        return [*acknowledgement["fields"], *fields]
    return [*fields, *(acknowledgement["fields"] if acknowledgement else [])]
