"""A document template's kind of signing x the organisation -> the signing words and the people who sign.

One function decides the words of every kind, another takes the block an organisation states in its source's
words, so the site page, the PDF and the Word file say the same thing.
"""

from __future__ import annotations

from generator.inputs.schema import SigningBlock, SigningKind
from generator.model.resolved import Signatory, SignatureLine, Signing

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
    return Signing("none", None, None, ())  # nothing to sign, and no words of ours to say so


def stated_signing(block: SigningBlock, *, kind: SigningKind, title: str | None) -> Signing:
    """The signing an organisation states in its source's words: its heading, words and lines, and nothing else.

    ``kind``: the template's kind of signing (none where the block has no lines); ``title``: the signatory's role
    as printed, None where the source names nobody.
    """
    if not block.lines:
        return Signing("none", block.heading, block.statement, ())
    lines = tuple(SignatureLine(line.caption, line.kind) for line in block.lines)
    signatory = Signatory(block.signatory or "signatory", title, None, lines)
    return Signing(kind if kind != "none" else "adoption", block.heading, block.statement, (signatory,))
