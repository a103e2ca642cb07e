"""The text of one document as an organisation issued it <-> the JSON file attached to the document's PDF.

What readers read (title, sections, every clause with its id, number, version, audience and text, the signing
statement) is the document's ``ReadText``; its reference is the hash of that text's canonical JSON. A signed form
names the reference and carries the text itself, in an attachment the signature covers, so the reference can be
checked against it. The sign-off register reads an earlier text from the returned file alone and tells, from what
changed since, whether it must be signed again; no record of issued texts is kept anywhere else.
"""

from __future__ import annotations

import hashlib
import json

from pydantic import Field, ValidationError

from generator.inputs.schema import ReleasedClause, ShortText, Strict
from generator.model.resolved import ResolvedClause, ResolvedDocument, ResolvedOrganisation, ResolvedSection

ATTACHMENT = "issued-text.json"
"""The attachment's file name in the PDF."""
ATTACHMENT_DESCRIPTION = "The text of this document as issued: every clause with its id and version"


class ReadClause(Strict):
    """One clause as readers read it, with what the register compares: its id, version and audience."""

    id: str
    number: str
    title: str
    text: str
    version: int
    audience: list[str]
    items: list[ReadClause]


class ReadSection(Strict):
    """One section as readers read it."""

    number: str
    title: str | None
    quotation: bool = False
    """Quoted word for word, as a whole, from another document."""
    clauses: list[ReadClause]
    sections: list[ReadSection]


class ReadText(Strict):
    """Everything readers read in one document: its reference is the hash of this, serialised canonically."""

    title: str
    subtitle: str | None
    sections: list[ReadSection]
    acknowledgement: ReadClause | None
    statement: str | None
    """The signing's words; with its heading and each signatory's role and lines, what readers read of it."""
    signing: list[str] = Field(default_factory=list)

    def reference(self) -> str:
        """The hash of the text's canonical JSON (keys sorted, no spaces), shortened to eight hex digits."""
        canonical = json.dumps(self.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:8]

    def clauses(self) -> dict[str, ReleasedClause]:
        """Every clause, list items after their lead, as the change report compares them."""
        found: dict[str, ReleasedClause] = {}

        def walk(clause: ReadClause) -> None:
            found[clause.id] = ReleasedClause.model_construct(
                title=clause.title.strip(),
                version=clause.version,
                text=clause.text.strip(),
                locked=False,
                audience=list(clause.audience),  # type: ignore[arg-type]  # checked where the clause was read
            )
            for item in clause.items:
                walk(item)

        def walk_section(section: ReadSection) -> None:
            for clause in section.clauses:
                walk(clause)
            for sub in section.sections:
                walk_section(sub)

        for section in self.sections:
            walk_section(section)
        if self.acknowledgement:
            walk(self.acknowledgement)
        return found


class IssuedText(Strict):
    """One text of one document, as an organisation issued it."""

    organisation: ShortText
    document: ShortText
    version: str
    """The release it was issued as; empty where nobody issued a version."""
    reference: ShortText
    text: ReadText

    @property
    def verified(self) -> bool:
        """Whether the reference is the hash of the text carried."""
        return self.text.reference() == self.reference


def read_text(document: ResolvedDocument) -> ReadText:
    """What readers read in ``document`` (its reference is not needed for this)."""
    return ReadText.model_construct(
        title=document.title,
        subtitle=document.subtitle,
        sections=[_section(section) for section in document.sections],
        acknowledgement=_clause(document.acknowledgement) if document.acknowledgement else None,
        statement=document.signing.statement,
        signing=[
            document.signing.heading or "",
            *(
                part
                for s in document.signing.signatories
                for part in (s.title or "", *(line.caption for line in s.lines))
            ),
        ],
    )


def _section(section: ResolvedSection) -> ReadSection:
    return ReadSection.model_construct(
        number=section.number,
        title=section.title,
        quotation=section.quotation,
        clauses=[_clause(clause) for clause in section.clauses],
        sections=[_section(sub) for sub in section.sections],
    )


def _clause(clause: ResolvedClause) -> ReadClause:
    return ReadClause.model_construct(
        id=clause.id,
        number=clause.number,
        title=clause.title,
        text=clause.text,
        version=clause.version,
        audience=list(clause.audience),
        items=[_clause(item) for item in clause.items],
    )


def snapshot(document: ResolvedDocument) -> dict[str, ReleasedClause]:
    """Every clause of a resolved document, as the change report compares them."""
    return read_text(document).clauses()


def issued_text(
    organisation: ResolvedOrganisation, document: ResolvedDocument, *, text_digest: str | None = None
) -> IssuedText:
    """What ``organisation`` issues as ``document`` today."""
    return IssuedText.model_construct(
        organisation=organisation.id,
        document=document.id,
        version=document.version,
        reference=document.content_hash,
        text=read_text(document),
    )


def issued_json(text: IssuedText) -> bytes:
    """The issued text as the PDF carries it: JSON in reading order, the same bytes for the same text."""
    data = text.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def read_issued(data: bytes | None) -> IssuedText | None:
    """The issued text in an attachment's bytes, or None where there is none or it is not one."""
    if data is None:
        return None
    try:
        return IssuedText.model_validate_json(data)
    except ValidationError:
        return None
