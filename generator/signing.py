"""A document template's kind of signing x the organisation -> the signing words and the people who sign.

One function decides the words of every kind, so the site page and the PDF say the same thing.
"""

from __future__ import annotations

from generator.model import Signatory, Signing

NOUNS = {"policy": "policy", "guidance": "guidance", "advice-sheet": "advice sheet", "form": "form"}


def signing_for(kind: str, *, document_kind: str, organisation: str, signatories: tuple[Signatory, ...]) -> Signing:
    """The signing of a document of ``document_kind`` for ``organisation``.

    A template is signed by whoever adopts it: there ``organisation`` is the fill-in blank for the adopter's name.
    """
    noun = NOUNS.get(document_kind, "document")
    if kind == "adoption":
        return Signing("adoption", "Adoption", f"Signed on behalf of {organisation} to adopt this {noun}.", signatories)
    if kind == "agreement":
        return Signing(
            "agreement",
            "Staff agreement",
            f"I have read this {noun} and I agree to follow it.",
            signatories,
        )
    if kind == "acknowledgement":
        reader = signatories[0].title if signatories else "Reader"
        return Signing(
            "acknowledgement",
            f"{reader}'s acknowledgement",
            f"I confirm that I have read this {noun} and that I will follow it.",
            signatories,
        )
    return Signing("none", "", f"This {noun} is for reference: nobody signs it.", ())
