"""Resolved documents: what an organisation publishes, as plain data for the renderers.

Everything here is final: parameters filled (Markdown, already escaped), clauses numbered, exclusions applied.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.inputs.schema import DocumentKind, Numbering, OrganisationKind, SigningKind, Strength
from generator.model.slugs import document_label, document_slug

FILL_IN = re.compile(r'<mark class="fill-in">[^<]*</mark>')
"""A fill-in blank as resolve writes it into Markdown: highlighted on the site, in the PDF and in the Word file."""

ClauseOrigin = Literal["library", "reworded", "added"]
ClauseStatus = Literal["library", "inherited", "reworded", "excluded", "added", "template-only"]


@dataclass(frozen=True)
class ResolvedClause:
    """A clause as it appears in one organisation's document."""

    id: str
    title: str
    number: str
    """'3.1', '(ii)', '(b)', or '' for bullets and plain paragraphs."""
    text: str
    """Markdown, parameters filled and escaped."""
    audience: tuple[str, ...]
    strength: Strength
    version: int
    origin: ClauseOrigin
    items: tuple[ResolvedClause, ...] = ()
    items_numbering: Numbering = "bullets"
    locked: bool = field(default=False, repr=False)
    """This organisation locks the clause: those extending it must keep it as written. Not part of the
    document's reference (a hash of what readers read, made from the repr)."""
    paragraph: bool = False
    """A paragraph of its own, unnumbered, after the list its section or lead holds (a note, closing words)."""


@dataclass(frozen=True)
class ResolvedSection:
    """A titled part of a document."""

    id: str
    number: str
    """'4' in a numbered document, otherwise ''."""
    title: str | None
    """None where the source has no heading: the section then has neither heading nor number."""
    numbering: str
    clauses: tuple[ResolvedClause, ...]
    sections: tuple[ResolvedSection, ...] = ()
    quotation: bool = False
    """Quoted word for word from another document, headings and sub-sections included: one block quote."""

    @property
    def heading(self) -> str | None:
        """The heading as every edition prints it ("4. Title"); None where the source gives the section none."""
        if self.title is None:
            return None
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass(frozen=True)
class SignatureLine:
    """One line a signatory fills in: its caption as printed, and a signature, a text field or their name."""

    caption: str
    kind: Literal["signature", "text", "name"]


NAME, SIGNATURE, DATE = (
    SignatureLine("Name", "name"),
    SignatureLine("Signature", "signature"),
    SignatureLine("Date", "text"),
)
"""The library's lines for each signatory: the name (printed or written in), a signature and the date."""


@dataclass(frozen=True)
class Signatory:
    """A role that signs a document, and the person holding it where the organisation names one."""

    role: str
    """The role's id; "signatory" where the source names no role."""
    title: str | None
    """The role as printed above the lines; None where the source names no role."""
    name: str | None
    lines: tuple[SignatureLine, ...] = (NAME, SIGNATURE, DATE)


@dataclass(frozen=True)
class Signing:
    """Who signs a document and the words they sign: the same on the site and on paper."""

    kind: SigningKind
    heading: str | None
    """None where the source signs without a heading."""
    statement: str | None
    """Markdown (escaped, with any fill-in blank marked): the words above the signature lines; None where the
    source has none."""
    signatories: tuple[Signatory, ...]


@dataclass(frozen=True)
class RecordedDifference:
    """One recorded difference between a published document and its source's words, and why."""

    where: str
    """The clause's id, or "" for the document's title, headings or layout."""
    kind: str
    source: str
    """The source's words, exactly."""
    ours: str
    """Markdown: the words as this document publishes them, parameters filled."""
    reason: str


@dataclass(frozen=True)
class ResolvedDocument:
    """One document of one organisation, ready to render."""

    id: str
    title: str
    subtitle: str | None
    kind: DocumentKind
    issuer: str
    """The name the document is issued under: its cover, running header, Word author and page footer say it. The
    organisation's name, or in an agency's per-brand edition that brand's."""
    version: str
    content_hash: str
    """Short hash of the document's text: a signed copy names exactly what was read."""
    adopted: datetime.date | None
    next_review: datetime.date | None
    sections: tuple[ResolvedSection, ...]
    signatories: tuple[Signatory, ...]
    acknowledgement: ResolvedClause | None
    signing: Signing
    acknowledgement_after: str | None = None
    """The id of the section the acknowledgement follows, where the source puts it; None: at the end."""
    source_title: str | None = None
    """The title of the source the document reproduces, as the source writes it (None: no source)."""
    differences: tuple[RecordedDifference, ...] = ()
    """Every recorded difference of the published text from its source: the document's own, then its library
    clauses' in reading order (a reworded or added clause is the organisation's own, not the source's)."""

    def blanks(self) -> list[str]:
        """Every fill-in blank readers see (its Markdown), in reading order: clause text, then the signing words.

        What the editions say about blanks (a cover note, the home page) is said only where there are some."""
        texts = [clause.text for clause in self.clauses()]
        return [blank for text in [*texts, self.signing.statement or ""] for blank in FILL_IN.findall(text)]

    edition: str | None = None
    """The brand of an agency's per-brand edition; None for the one edition of a document."""
    template: str = ""
    """The id of the document template it is made from (what change reports name): its own id, but for an edition."""

    @property
    def label(self) -> str:
        """The document's name in lists (navigation, home page): its title, and the brand of a per-brand edition."""
        return document_label(self.title, self.edition)

    @property
    def slug(self) -> str:
        """The name of its site page, PDF and Word file: its label's slug (generator.model.slugs)."""
        return document_slug(self.label, self.id)

    @property
    def redirected(self) -> str | None:
        """Its former page, named for its id, where that differs from its page now: a redirect page is left there."""
        return None if self.slug == self.id else self.id

    def identification(self, separator: str = " · ", *, capital: bool = True) -> str:
        """'Version V · Reference R': the version only where a publisher issued one (an empty version is left
        out, never shown as missing)."""
        parts = [("Version", self.version), ("Reference", self.content_hash)]
        return separator.join(f"{w if capital else w.lower()} {value}" for w, value in parts if value)

    @property
    def contents(self) -> bool:
        """Whether the printed editions open with a list of contents: only where there is something to find in it,
        three titled sections or more."""
        return sum(1 for section in self.sections if section.title is not None) >= 3

    def clauses(self) -> list[ResolvedClause]:
        """Every clause in reading order, list items after their lead."""
        found: list[ResolvedClause] = []

        def walk_clause(clause: ResolvedClause) -> None:
            found.append(clause)
            for item in clause.items:
                walk_clause(item)

        def walk_section(section: ResolvedSection) -> None:
            for clause in section.clauses:
                walk_clause(clause)
            for sub in section.sections:
                walk_section(sub)

        for section in self.sections:
            walk_section(section)
            if self.acknowledgement and section.id == self.acknowledgement_after:
                found.append(self.acknowledgement)
        if self.acknowledgement and self.acknowledgement not in found:
            found.append(self.acknowledgement)
        return found


@dataclass(frozen=True)
class Contact:
    """A person in a role, shown as a key contact."""

    role: str
    title: str
    name: str
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class ResolvedBranding:
    """Logo file (inside the project) and colours."""

    logo: Path | None
    primary: str
    accent: str


@dataclass(frozen=True)
class ReportEntry:
    """What happened to one clause in one document: the build report's row."""

    document: str
    clause: str
    version: int
    sources: tuple[str, ...]
    status: ClauseStatus
    """template-only: left out of an adopter's copy."""
    by: str
    """The organisation (this one or an ancestor) whose choice this is; 'library' for the library's own text."""
    locked_by: str | None = None
    """The organisation (this one or an ancestor) that locks the clause for those extending it."""
    differences: int = 0
    """Recorded differences between the published text and its source's words (0 where reworded or added)."""


@dataclass(frozen=True)
class ResolvedOrganisation:
    """An organisation with everything it publishes."""

    id: str
    name: str
    kind: OrganisationKind
    template: bool
    chain: tuple[str, ...]
    """This organisation and the ones it extends, nearest first."""
    branding: ResolvedBranding
    contacts: tuple[Contact, ...]
    documents: tuple[ResolvedDocument, ...]
    report: tuple[ReportEntry, ...] = field(default=())
    site_url: str | None = None
    """The site's public address, ending in /, where the organisation gives one."""
    edition: Literal["own", "reproduction", "fictional"] = "own"
    """What its editions say about their text (see generator.document.edition)."""

    def blanks(self) -> list[str]:
        """Every fill-in blank of its documents, in order (see ResolvedDocument.blanks)."""
        return [blank for document in self.documents for blank in document.blanks()]
