"""Resolved organisation x templates -> Markdown pages for its site. Pure: no files are written here.

Templates run in Jinja2's sandbox with StrictUndefined. Every value a template prints is escaped so that it
reads as plain text in Markdown; only clause text, which the resolver has already made safe, passes as Markdown.
"""

from __future__ import annotations

import datetime
import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from generator.deviations import Deviation
from generator.edition import DIFFERENCES_PAGE, edition_notice
from generator.lifecycle import ChangeReport
from generator.model import ResolvedOrganisation
from generator.placeholders import escape_value
from generator.review import review_state


class MarkdownText(str):
    """Text that is already Markdown and must not be escaped again."""


def long_date(day: datetime.date) -> MarkdownText:
    return MarkdownText(f"{day.day} {day:%B %Y}")


def _finalize(value: Any) -> str:
    if isinstance(value, MarkdownText):
        return value
    return escape_value(str(value))


@cache
def markdown_environment(folder: Path) -> SandboxedEnvironment:
    """The sandboxed environment for the site's Markdown templates."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = MarkdownText
    env.filters["long_date"] = long_date
    env.filters["one_line"] = _one_line
    env.filters["tel"] = lambda number: MarkdownText(re.sub(r"[^0-9+]", "", str(number)))
    return env


def _one_line(text: str) -> str:
    """Text for a table cell, on one line; Markdown keeps its bars from ending the cell (plain text is escaped
    when printed)."""
    joined = " ".join(str(text).split())
    return MarkdownText(joined.replace("|", "\\|")) if isinstance(text, MarkdownText) else joined


def site_pages(
    organisation: ResolvedOrganisation,
    *,
    templates: Path,
    pdfs: dict[str, str] | None = None,
    word_files: dict[str, str] | None = None,
    today: datetime.date | None = None,
    changes: ChangeReport | None = None,
    publisher_name: str = "",
    deviations: list[Deviation] | None = None,
) -> dict[str, str]:
    """Page path (relative to the docs folder) -> Markdown.

    A home page and one page per document; a "what changed" page where a change report is given, and a
    deviations page for a board whose model others adopt. Review banners appear only when ``today`` is given.
    """
    env = markdown_environment(templates / "site")
    states = {d.id: review_state(d, today) if today else "current" for d in organisation.documents}
    pages = {"index.md": env.get_template("home.md.j2").render(organisation=organisation, review_states=states)}
    document_template = env.get_template("document.md.j2")
    for document in organisation.documents:
        pages[f"{document.id}.md"] = document_template.render(
            organisation=organisation,
            document=document,
            pdf=(pdfs or {}).get(document.id),
            word_file=(word_files or {}).get(document.id),
            review_state=states[document.id],
            notice=edition_notice(organisation, document, edition="site"),
        )
    if organisation.edition == "reproduction":
        pages[DIFFERENCES_PAGE] = env.get_template("differences.md.j2").render(organisation=organisation)
    if changes is not None:
        pages["changes.md"] = env.get_template("changes.md.j2").render(
            organisation=organisation, report=changes, publisher_name=publisher_name, documents=organisation.documents
        )
    if deviations:
        pages["deviations.md"] = env.get_template("deviations.md.j2").render(
            organisation=organisation, deviations=deviations
        )
    return {path: _tidy(text) for path, text in pages.items()}


def _tidy(text: str) -> str:
    """Collapse the blank lines that template logic leaves, so golden files read cleanly."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"
