"""A resolved document -> the identity its PDF carries, as document-information entries a program can read back.

Every PDF names its organisation, document, version and reference hash in custom entries of its document
information dictionary, beside the ordinary title, author and subject. A reader of returned, signed forms matches
a PDF to the exact text it was made from with these entries alone.
"""

from __future__ import annotations

from generator.model import ResolvedDocument, ResolvedOrganisation

ORGANISATION = "/PolicyPackOrganisation"
DOCUMENT = "/PolicyPackDocument"
VERSION = "/PolicyPackVersion"
REFERENCE = "/PolicyPackReference"


def pdf_identity(organisation: ResolvedOrganisation, document: ResolvedDocument) -> dict[str, str]:
    """Document-information entry (a PDF name, with its slash) -> text, for the PDF of ``document``."""
    return {
        "/Title": document.title,
        "/Author": organisation.name,
        "/Subject": f"{document.kind.capitalize()}, version {document.version}, reference {document.content_hash}",
        ORGANISATION: organisation.id,
        DOCUMENT: document.id,
        VERSION: document.version,
        REFERENCE: document.content_hash,
    }
