"""The text of one document as an organisation issued it <-> the JSON file attached to the document's PDF.

A signed form names the reference hash of the text it was printed from, and carries that text itself: every
clause as readers read it, with its id and version, in an attachment the signature covers. The sign-off register
reads an earlier text from the returned file alone and tells, from what changed since, whether it must be signed
again; no record of issued texts is kept anywhere else.
"""

from __future__ import annotations

import json

from pydantic import ValidationError

from generator.model import ResolvedDocument, ResolvedOrganisation
from generator.schema import ReleasedClause, ShortText, Strict

ATTACHMENT = "issued-text.json"
"""The attachment's file name in the PDF."""
ATTACHMENT_DESCRIPTION = "The text of this document as issued: every clause with its id and version"


class IssuedText(Strict):
    """One text of one document, as an organisation issued it."""

    organisation: ShortText
    document: ShortText
    title: ShortText
    version: str
    """The release it was issued as; empty where nobody issued a version."""
    reference: ShortText
    clauses: dict[str, ReleasedClause]
    """Clause id -> its title, version, text (parameters filled) and audience, in reading order."""


def snapshot(document: ResolvedDocument) -> dict[str, ReleasedClause]:
    """Every clause of a resolved document, in reading order, as the change report compares them."""
    return {
        clause.id: ReleasedClause.model_construct(
            title=clause.title.strip(),
            version=clause.version,
            text=clause.text.strip(),
            locked=False,
            audience=list(clause.audience),  # type: ignore[arg-type]  # resolved from checked clauses
        )
        for clause in document.clauses()
    }


def issued_text(organisation: ResolvedOrganisation, document: ResolvedDocument) -> IssuedText:
    """What ``organisation`` issues as ``document`` today."""
    return IssuedText.model_construct(
        organisation=organisation.id,
        document=document.id,
        title=document.title,
        version=document.version,
        reference=document.content_hash,
        clauses=snapshot(document),
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
