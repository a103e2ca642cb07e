"""An organisation's built pages and PDFs -> the locked clauses whose words are not all there, as published.

A lock is a guarantee about what readers get, so it is checked on the output: the site's HTML text and the
PDF's extracted text must each hold every locked clause word for word. Text is compared after the differences
that rendering may make are taken away (spacing, line breaks, hyphenation, ligatures), and in a PDF a clause
may run on past the foot of one page and the head of the next.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from generator.inherit import settings_of
from generator.load import Project
from generator.model import ResolvedOrganisation

PAGE_BREAK = 400
"""Characters (spaces removed) a running footer, page number and header may put inside a clause at a page break."""
_IGNORED = re.compile(r"[\s\u00ad\u2010\u2011\u200b-]+")


@dataclass(frozen=True)
class LockCheck:
    """What was checked, and each locked clause missing from an output: (document, clause, 'site' or 'pdf')."""

    clauses: tuple[str, ...]
    missing: tuple[tuple[str, str, str], ...]

    def message(self) -> str:
        return "; ".join(
            f"locked clause {clause!r} of {document!r} is not shown word for word in the {where}"
            for document, clause, where in self.missing
        )


def locked_clauses(project: Project, org_id: str) -> set[str]:
    """The clauses locked for this organisation's readers: by those it extends, and by itself."""
    return set(settings_of(project.organisations, org_id).locked) | set(project.organisations[org_id].locked)


def check_locks(organisation: ResolvedOrganisation, locked: set[str], site: Path, pdfs: Path) -> LockCheck:
    """Look for every locked clause of every document in its page (site/<doc>.html) and PDF (pdfs/<doc>.pdf)."""
    checked: list[str] = []
    missing: list[tuple[str, str, str]] = []
    for document in organisation.documents:
        clauses = [c for c in document.clauses() if c.id in locked]
        if not clauses:
            continue
        outputs = {"site": html_text((site / f"{document.id}.html").read_text(encoding="utf-8"))}
        pdf = pdfs / f"{document.id}.pdf"
        if pdf.exists():
            outputs["PDF"] = pdf_text(pdf)
        for clause in clauses:
            checked.append(f"{document.id}/{clause.id}")
            words = normalise(html_text(markdown_html(clause.text)))
            missing += [(document.id, clause.id, name) for name, text in outputs.items() if not contains(text, words)]
    return LockCheck(tuple(checked), tuple(missing))


def normalise(text: str) -> str:
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text))


def contains(text: str, words: str, gap: int = PAGE_BREAK) -> bool:
    """Whether normalised ``text`` holds ``words``, whole or split once by at most ``gap`` other characters."""
    if words in text:
        return True
    start = text.find(words[:12])
    while start != -1:
        matched = 0
        while start + matched < len(text) and matched < len(words) and text[start + matched] == words[matched]:
            matched += 1
        end = start + matched
        if matched and text.find(words[matched:], end, end + gap + len(words) - matched) != -1:
            return True
        start = text.find(words[:12], start + 1)
    return False


def markdown_html(text: str) -> str:
    from markdown import Markdown

    return Markdown(extensions=["attr_list", "md_in_html", "tables", "generator.markdown_safety"]).convert(text)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skipping += tag in ("script", "style", "template")

    def handle_endtag(self, tag: str) -> None:
        self.skipping -= tag in ("script", "style", "template") and self.skipping > 0

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The visible text of an HTML page or fragment."""
    parser = _Text()
    parser.feed(html)
    return normalise(" ".join(parser.parts))


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return normalise(" ".join(page.extract_text() or "" for page in PdfReader(path).pages))
