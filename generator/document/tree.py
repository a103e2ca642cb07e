"""Resolved document -> the document tree every edition reads: sections, clauses as blocks, signing, provenance.

Each clause's Markdown is parsed once here (through generator.document.clause_tree, the package's one Markdown reader, and
cached by text, so a clause shared by many documents of an estate is parsed once in a process). The Typst print
data, the Word file and the lock check read the blocks from this tree, and the site's document page walks the same
tree (giving its Markdown engine each clause's safe Markdown, kept beside the blocks), so what readers see of a
document is decided once for every edition.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from generator.document.clause_tree import Node, clause_tree, inline_tree
from generator.inputs.schema import Numbering, SigningKind
from generator.model.resolved import (
    ClauseOrigin,
    ResolvedClause,
    ResolvedDocument,
    ResolvedSection,
    Signatory,
)


@dataclass(frozen=True)
class Clause:
    """A clause as readers read it: its number, title and text as blocks, its items; and where it came from."""

    id: str
    number: str
    """'3.1', '(ii)', '(b)', or '' for bullets and plain paragraphs."""
    title: str
    markdown: str
    """The clause's text as the safe Markdown it was parsed from, for the site's Markdown engine."""
    blocks: tuple[Node, ...]
    """The clause's text as block nodes (see generator.document.clause_tree): shared, never changed."""
    items: tuple[Clause, ...]
    items_numbering: Numbering
    paragraph: bool
    """A paragraph of its own, unnumbered, after the list its section or lead holds."""
    origin: ClauseOrigin
    """Provenance: the library's words, the organisation's rewording, or a clause it added."""
    version: int
    locked: bool
    """Organisations adopting the document keep it as written (the site says so)."""


@dataclass(frozen=True)
class Section:
    """A titled (or untitled) part of a document, with its clauses and sub-sections."""

    id: str
    number: str
    title: str | None
    numbering: str
    clauses: tuple[Clause, ...]
    sections: tuple[Section, ...]
    quotation: bool
    heading: str | None
    """As every edition prints it ("4. Title"); None where the source gives the section none."""


@dataclass(frozen=True)
class SigningTable:
    """The signatories as the site and the Word file set them out: a column per line (a role column first where
    any signatory has a role), a row per signatory, a name left blank where nobody is named."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def signing_table(signatories: tuple[Signatory, ...]) -> SigningTable:
    """The table of ``signatories`` (which all have the same lines); empty where nobody signs."""
    if not signatories:
        return SigningTable((), ())
    titled = any(signatory.title for signatory in signatories)

    def row(signatory: Signatory) -> tuple[str, ...]:
        names = tuple((signatory.name or "") if line.kind == "name" else "" for line in signatory.lines)
        return ((signatory.title or "",) if titled else ()) + names

    header = (("Role",) if titled else ()) + tuple(line.caption for line in signatories[0].lines)
    return SigningTable(header, tuple(row(signatory) for signatory in signatories))


@dataclass(frozen=True)
class SigningBlock:
    """Who signs and the words they sign: the statement as inline runs (None where the source has none)."""

    kind: SigningKind
    heading: str | None
    statement: tuple[Node | str, ...] | None
    """Inline runs."""
    statement_markdown: str | None
    """The statement as the safe Markdown it was parsed from, for the site's Markdown engine."""
    signatories: tuple[Signatory, ...]
    table: SigningTable


@dataclass(frozen=True)
class FormField:
    """A box a reader fills in: its field name in the PDF, a signature or text, what a screen reader says of it,
    and the caption printed above it."""

    name: str
    kind: Literal["signature", "text"]
    label: str
    caption: str


ACKNOWLEDGEMENT_HEADING = "Acknowledgement"
ACKNOWLEDGEMENT_FORM = (
    FormField("ack_print_name", "text", "Print name", "Print name"),
    FormField("ack_job_title", "text", "Job title", "Job title"),
    FormField("ack_signature", "signature", "Signature of the member of staff", "Signature"),
    FormField("ack_date", "text", "Date", "Date"),
)
"""The staff's acknowledgement form, the same on the site, in the PDF and in the Word file: a row to fill in."""


@dataclass(frozen=True)
class Document:
    """One organisation's document as every edition reads it."""

    id: str
    title: str
    subtitle: str | None
    sections: tuple[Section, ...]
    acknowledgement: Clause | None
    acknowledgement_after: str | None
    signing: SigningBlock
    reference: str
    """The hash of what readers read (generator.model.issued)."""


def document_tree(document: ResolvedDocument) -> Document:
    """The tree of ``document``: every clause parsed once."""
    signing = document.signing
    return Document(
        id=document.id,
        title=document.title,
        subtitle=document.subtitle,
        sections=tuple(_section(section) for section in document.sections),
        acknowledgement=clause_node(document.acknowledgement) if document.acknowledgement else None,
        acknowledgement_after=document.acknowledgement_after,
        signing=SigningBlock(
            signing.kind,
            signing.heading,
            tuple(inline_tree(signing.statement)) if signing.statement else None,
            signing.statement,
            signing.signatories,
            signing_table(signing.signatories),
        ),
        reference=document.content_hash,
    )


def _section(section: ResolvedSection) -> Section:
    return Section(
        id=section.id,
        number=section.number,
        title=section.title,
        numbering=section.numbering,
        clauses=tuple(clause_node(clause) for clause in section.clauses),
        sections=tuple(_section(sub) for sub in section.sections),
        quotation=section.quotation,
        heading=section.heading,
    )


def clause_node(clause: ResolvedClause) -> Clause:
    """A resolved clause, its text parsed into blocks (once per text in a process), with its items."""
    return Clause(
        id=clause.id,
        number=clause.number,
        title=clause.title,
        markdown=clause.text,
        blocks=blocks(clause.text),
        items=tuple(clause_node(item) for item in clause.items),
        items_numbering=clause.items_numbering,
        paragraph=clause.paragraph,
        origin=clause.origin,
        version=clause.version,
        locked=clause.locked,
    )


def blocks(markdown_text: str) -> tuple[Node, ...]:
    """Safe Markdown (a clause's text, a notice) as block nodes: clause_tree parses each text once in a process."""
    return tuple(clause_tree(markdown_text))


def long_date(day: datetime.date) -> str:
    """A date as every edition writes it: 1 September 2026."""
    return f"{day.day} {day:%B %Y}"
