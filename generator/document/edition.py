"""A resolved document x one of its editions -> the notice saying what the edition reproduces and what it adds.

Written once here, for the site, the PDF and the Word file: a real organisation's document says that its text is
its source's, word for word, with the number of recorded differences (linked, on the site, to the page that lists
them), and names what the edition adds; a fictional organisation's says that it is fictional. An organisation's
own policies say nothing.
"""

from __future__ import annotations

from typing import Literal

from generator.model.placeholders import escape_value, join_words, possessive
from generator.model.resolved import ResolvedDocument, ResolvedOrganisation

Edition = Literal["site", "pdf", "word"]
DIFFERENCES_PAGE = "differences.md"
"""The site page listing each document's recorded differences, by document id (its anchor)."""


def edition_notice(organisation: ResolvedOrganisation, document: ResolvedDocument, *, edition: Edition) -> str | None:
    """The notice as one paragraph of Markdown (values escaped), or None where the organisation's edition says
    nothing about its text."""
    name = escape_value(document.issuer)
    if organisation.edition == "fictional":
        return (
            f"{name} is a fictional organisation, made up to show what Policy Pack does: its name, people and "
            "dates are invented, and no real organisation adopted this text."
        )
    if organisation.edition != "reproduction" or document.source_title is None:
        return None
    count = len(document.differences)
    differences = f"{count} recorded difference{'' if count == 1 else 's'}"
    if edition == "site":
        differences = f"[{differences}]({DIFFERENCES_PAGE}#{document.slug})"
    return (
        f"This text reproduces {possessive(name)} “{escape_value(document.source_title)}” word for word, with "
        f"{differences}. {_added(document, edition)} added by this edition."
    )


def _added(document: ResolvedDocument, edition: Edition) -> str:
    """What the edition puts around the source's text, as the start of a sentence: "The cover, ... are"."""
    fields = bool(document.signing.signatories or document.acknowledgement)
    identification = "the version and reference line" if document.version else "the reference line"
    contents = ["the contents"] if document.contents else []
    parts = {
        "site": ["The navigation", "the home page", identification, "the download links"],
        "pdf": ["The cover", *contents, "the running headers and footers", identification],
        "word": ["The cover", *contents, identification],
    }[edition]
    if fields:
        parts.append("the table to sign" if edition != "pdf" else "the form fields")
    if edition == "site":
        parts += ["the list of differences", "the accessibility statement"]
    return f"{join_words(parts)} {'are' if len(parts) > 1 else 'is'}"
