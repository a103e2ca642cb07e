"""Which organisation's document, version and reference a PDF is <-> custom entries of its document information.

Every PDF the build issues carries them, beside the ordinary title, author and subject, so a copy that comes back
signed says exactly what was signed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from generator.model.resolved import ResolvedDocument, ResolvedOrganisation

ENTRIES = {
    "organisation": "/PolicyPackOrganisation",
    "document": "/PolicyPackDocument",
    "version": "/PolicyPackVersion",
    "reference": "/PolicyPackReference",
}
"""Field of PdfIdentity -> the name of its entry in the PDF's document information dictionary."""


@dataclass(frozen=True)
class PdfIdentity:
    """What a PDF says it is: an organisation's document, at a version, with the reference hash of its text."""

    organisation: str
    document: str
    version: str
    reference: str


def identity_entries(identity: PdfIdentity) -> dict[str, str]:
    """The document information entries that carry ``identity``: entry name (with its slash) -> text."""
    return {ENTRIES[field.name]: getattr(identity, field.name) for field in fields(PdfIdentity)}


def identity_of(organisation: ResolvedOrganisation, document: ResolvedDocument) -> PdfIdentity:
    """The identity the PDF of ``document`` carries."""
    return PdfIdentity(organisation.id, document.id, document.version, document.content_hash)


def document_information(organisation: ResolvedOrganisation, document: ResolvedDocument) -> dict[str, str]:
    """Every document information entry the PDF of ``document`` has: title, author, subject and its identity."""
    return {
        "/Title": document.title,
        "/Author": document.issuer,
        "/Subject": f"{document.kind.capitalize()}, {document.identification(', ', capital=False)}",
        **identity_entries(identity_of(organisation, document)),
    }


def read_identity(reader: Any) -> PdfIdentity | None:
    """The identity in a PDF's document information, or None where any entry is missing or not text.

    ``reader`` is a pyHanko reader (or a historical revision of one) or a pypdf reader.
    """
    trailer = getattr(reader, "trailer_view", None) or reader.trailer
    if "/Info" not in trailer:
        return None
    info = trailer["/Info"]
    reference = getattr(trailer.raw_get("/Info"), "reference", None)
    if reference is not None and hasattr(reader, "get_object"):
        # A pyHanko revision looks the trailer's reference up in the latest revision: ask the revision itself.
        info = reader.get_object(reference)
    if not isinstance(info, dict):
        return None
    values = {name: info[entry] for name, entry in ENTRIES.items() if entry in info}
    if len(values) < len(ENTRIES) or not all(isinstance(value, str) for value in values.values()):
        return None
    if not all(value for name, value in values.items() if name != "version"):  # nobody may have issued a version
        return None
    return PdfIdentity(**{name: str(value) for name, value in values.items()})


def read_attachment(reader: Any, name: str) -> bytes | None:
    """The bytes of the embedded file ``name`` in a PDF (or one revision of it), or None where there is none.

    ``reader`` is a pyHanko reader or a historical revision of one: an attachment is read from the revision asked.
    """
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        pairs = [(names[i], names[i + 1]) for i in range(0, len(names) - 1, 2)]
        spec = next((spec for key, spec in pairs if str(key) == name), None)
        return None if spec is None else bytes(spec["/EF"]["/F"].data)
    except (KeyError, TypeError, AttributeError):
        return None
