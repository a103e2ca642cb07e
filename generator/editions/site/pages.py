"""Resolved organisation x templates -> Markdown pages for its site. Pure: no files are written here.

Templates run in Jinja2's sandbox with StrictUndefined. Every value a template prints is escaped so that it
reads as plain text in Markdown; only clause text, which the resolver has already made safe, passes as Markdown.
"""

from __future__ import annotations

import datetime
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from generator.document import tree
from generator.document.edition import DIFFERENCES_PAGE, edition_notice
from generator.document.tree import ACKNOWLEDGEMENT_FORM, ACKNOWLEDGEMENT_HEADING, document_tree
from generator.model.coverage import Coverage
from generator.model.deviations import Deviation
from generator.model.lifecycle import ChangeReport
from generator.model.placeholders import attribute_safe, escape_value, format_value
from generator.model.resolved import ResolvedOrganisation
from generator.model.review import review_state, scheduled_reviews

PUBLIC_BODIES = frozenset({"school", "academy", "trust", "board", "local-authority"})
"""Kinds of organisation that the public sector website accessibility regulations apply to (agencies are private)."""


class MarkdownText(str):
    """Text that is already Markdown and must not be escaped again."""


def long_date(day: datetime.date) -> MarkdownText:
    return MarkdownText(tree.long_date(day))


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
    env.filters["web_address"] = lambda url: MarkdownText(format_value(str(url), kind="url"))
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
    unsearched: set[str] | None = None,
    coverage: Coverage | None = None,
) -> dict[str, str]:
    """Page path (relative to the docs folder) -> Markdown.

    A home page, one page per document and an accessibility statement; a "what changed" page where a change report
    is given, a governors' coverage page where a coverage report is given, and a deviations page for a board whose
    model others adopt. Review banners appear only when ``today`` is given. Pages in ``unsearched`` are left out of
    the site's search.
    """
    env = markdown_environment(templates / "site")
    states = {d.id: review_state(d, today) if today else "current" for d in organisation.documents}
    pages = {
        "index.md": env.get_template("home.md.j2").render(
            organisation=organisation, review_states=states, calendar=bool(scheduled_reviews(organisation))
        )
    }
    pages["accessibility.md"] = env.get_template("accessibility.md.j2").render(
        organisation=organisation,
        contact=next((contact for contact in organisation.contacts if contact.email), None),
        public_body=organisation.kind in PUBLIC_BODIES,
        signed=any(document.signing.signatories or document.acknowledgement for document in organisation.documents),
    )
    document_template = env.get_template("document.md.j2")
    for document in organisation.documents:
        pages[f"{document.slug}.md"] = document_template.render(
            organisation=organisation,
            document=document,
            pdf=(pdfs or {}).get(document.id),
            word_file=(word_files or {}).get(document.id),
            review_state=states[document.id],
            notice=edition_notice(organisation, document, edition="site"),
            tree=document_tree(document),
            acknowledgement_heading=ACKNOWLEDGEMENT_HEADING,
            acknowledgement_form=ACKNOWLEDGEMENT_FORM,
        )
    if organisation.edition == "reproduction":
        pages[DIFFERENCES_PAGE] = env.get_template("differences.md.j2").render(organisation=organisation)
    if changes is not None:
        pages["changes.md"] = env.get_template("changes.md.j2").render(
            organisation=organisation, report=changes, publisher_name=publisher_name, documents=organisation.documents
        )
    if coverage is not None:
        pages["coverage.md"] = env.get_template("coverage.md.j2").render(
            organisation=organisation,
            coverage=coverage,
            document_titles={document.id: document.title for document in organisation.documents},
            clause_titles={(d.id, c.id): c.title for d in organisation.documents for c in d.clauses()},
        )
    if deviations:
        pages["deviations.md"] = env.get_template("deviations.md.j2").render(
            organisation=organisation, deviations=deviations
        )
    descriptions = page_descriptions(organisation)
    return {
        path: with_front_matter(_tidy(text), description=descriptions[path], searched=path not in (unsearched or ()))
        for path, text in pages.items()
    }


def page_descriptions(organisation: ResolvedOrganisation) -> dict[str, str]:
    """Page path -> the summary search engines show for it: what the page is, in the document's own words."""
    titles = [document.title for document in organisation.documents]
    return {
        "index.md": f"{organisation.name}: {'; '.join(titles)}",
        **{f"{document.slug}.md": f"{document.title}, {organisation.name}" for document in organisation.documents},
        "accessibility.md": f"Accessibility statement for the website of {organisation.name}",
        "changes.md": f"{organisation.name}: what changed in the model since we adopted it",
        "deviations.md": f"{organisation.name}: how the organisations adopting our model differ from it",
        "coverage.md": f"{organisation.name}: what the statutory guidance expects, and the clauses that meet it",
        "differences.md": f"{organisation.name}: each recorded difference of the published text from its source",
    }


def with_front_matter(page: str, *, description: str, searched: bool = True) -> str:
    """``page`` with its front matter: its description, which the theme prints into its head without escaping, and
    whether the site's search lists it.

    JSON is YAML, so the quoted value cannot end the front matter or start another key whatever it holds.
    """
    search = "" if searched else "search:\n  exclude: true\n"
    return f"---\ndescription: {json.dumps(attribute_safe(description))}\n{search}---\n\n{page}"


def _tidy(text: str) -> str:
    """Collapse the blank lines that template logic leaves, so golden files read cleanly."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"
