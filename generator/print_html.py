"""Resolved document x templates/print -> print HTML for WeasyPrint. Pure: no files are written here.

The template runs in Jinja2's sandbox with StrictUndefined and HTML autoescaping. Clause text is Markdown that the
resolver has already made safe; it becomes HTML through the same Markdown extensions as the site, so a clause reads
the same on the web and on paper.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markdown import Markdown
from markupsafe import Markup

from generator.contrast import AA_NORMAL_TEXT, WHITE, contrast_ratio, readable_text_on
from generator.model import ResolvedBranding, ResolvedClause, ResolvedDocument, ResolvedOrganisation, Signatory
from generator.render import long_date

MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "tables", "generator.markdown_safety"]
DARK_TEXT = "#1a1a1a"


@dataclass(frozen=True)
class SignatureBlock:
    """One signatory's place on the signature page, with the names of its form fields."""

    signatory: Signatory
    signature_field: str
    date_field: str


@dataclass(frozen=True)
class SignatureField:
    """A digital-signature field: its name (also the HTML id of the box it fills) and what a screen reader says."""

    name: str
    label: str
    companion: str
    """The text field that follows it on the page (its date), next to which it is tagged for reading order."""


def print_html(
    organisation: ResolvedOrganisation, document: ResolvedDocument, *, templates: Path, overdue: bool = False
) -> str:
    """The document as one HTML page: cover, contents, sections, signature and acknowledgement pages.

    ``overdue`` puts a notice on the cover that the document is past its review date.
    """
    template = print_environment(templates / "print").get_template("document.html.j2")
    return template.render(
        organisation=organisation,
        document=document,
        subject=subject(document),
        colours=brand_colours(organisation.branding),
        logo=organisation.branding.logo.resolve().as_uri() if organisation.branding.logo else None,
        signature_blocks=signature_blocks(document),
        overdue=overdue,
    )


def signature_blocks(document: ResolvedDocument) -> tuple[SignatureBlock, ...]:
    """A block per signatory, its fields named after the role: signature_headteacher, date_headteacher."""
    return tuple(
        SignatureBlock(signatory, field_name("signature", signatory.role), field_name("date", signatory.role))
        for signatory in document.signing.signatories
    )


def signature_fields(document: ResolvedDocument) -> tuple[SignatureField, ...]:
    """Every digital-signature field the PDF gets, in page order."""
    fields = [
        SignatureField(block.signature_field, f"Signature of the {block.signatory.title}", block.date_field)
        for block in signature_blocks(document)
    ]
    if document.acknowledgement:
        fields.append(SignatureField("ack_signature", "Signature of the member of staff", "ack_date"))
    return tuple(fields)


def field_name(prefix: str, role: str) -> str:
    """A PDF field name: letters, digits and underscores only, since a full stop would nest fields."""
    return f"{prefix}_{re.sub(r'[^A-Za-z0-9_]+', '_', role)}"


def subject(document: ResolvedDocument) -> str:
    """The PDF's subject line: what kind of document, and exactly which text."""
    return f"{document.kind.capitalize()}, version {document.version}, reference {document.content_hash}"


@cache
def print_environment(folder: Path) -> SandboxedEnvironment:
    """The sandboxed, autoescaping environment for the print template."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        autoescape=True,
    )
    env.filters["clause_html"] = clause_html
    env.filters["inline_html"] = inline_html
    env.filters["long_date"] = lambda day: str(long_date(day))
    return env


_local = threading.local()


def clause_html(clause: ResolvedClause) -> Markup:
    """A clause's Markdown -> HTML, with the site's extensions, its number leading the text as on the site."""
    # A Markdown instance keeps state between calls and is not thread-safe: one per thread, reset each time.
    converter = getattr(_local, "markdown", None)
    if converter is None:
        converter = _local.markdown = Markdown(extensions=MARKDOWN_EXTENSIONS)
    # The space inside the number keeps "2.1 Text" apart when the PDF is read as text; the print CSS gives the
    # number a fixed width, so the space takes none of the line.
    number = f'<span class="clause-number">{html.escape(clause.number)} </span>' if clause.number else ""
    return Markup(with_link_addresses(converter.reset().convert(number + clause.text)))


def inline_html(text: str) -> Markup:
    """One line of the resolver's safe Markdown -> HTML without its paragraph."""
    converter = getattr(_local, "markdown", None) or Markdown(extensions=MARKDOWN_EXTENSIONS)
    converted = converter.reset().convert(text)
    return Markup(with_link_addresses(converted.removeprefix("<p>").removesuffix("</p>")))


_LINK = re.compile(r'<a href="(?P<href>[^"]+)">(?P<text>.*?)</a>')


def with_link_addresses(html_text: str) -> str:
    """Each link followed by its address in brackets, unless its text is the address: paper cannot be clicked."""

    def add_address(link: re.Match[str]) -> str:
        address = html.unescape(link["href"]).removeprefix("mailto:")
        if html.unescape(re.sub(r"<[^>]+>", "", link["text"])) == address:
            return link[0]
        return f'{link[0]} <span class="link-address">({html.escape(address)})</span>'

    return _LINK.sub(add_address, html_text)


def brand_colours(branding: ResolvedBranding) -> dict[str, str]:
    """The organisation's colours, with text colours that keep WCAG AA contrast whatever was chosen."""
    return {
        "primary": branding.primary,
        "on_primary": readable_text_on(branding.primary),
        "accent": branding.accent,
        # Headings and links take the brand colours on white paper only where those are readable.
        "heading": _readable_on_white(branding.primary),
        "link": _readable_on_white(branding.accent),
    }


def _readable_on_white(colour: str) -> str:
    return colour if contrast_ratio(colour, WHITE) >= AA_NORMAL_TEXT else DARK_TEXT
