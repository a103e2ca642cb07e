"""The clause library (and the organisations that publish its sources) -> content/DIFFERENCES.md: per source, every recorded difference from its words, and why.

Generated from the clauses and document templates, so it cannot drift from them; ``python -m generator.build.reference``
rewrites it and a test fails while it is stale.
"""

from __future__ import annotations

from pathlib import Path

from generator.inputs.load import Project
from generator.inputs.schema import Clause, DocumentTemplate
from generator.model.resolve import resolve_organisation

DIFFERENCES_FILE = Path("content/DIFFERENCES.md")
INTRO = """\
# Differences from the sources

Every clause reproduces its source's words, in the source's order and structure. Where the published text, as the
source's own organisation publishes it, differs from the source, the clause (or, for titles, headings and layout,
the document template) records the source's words, the published words and why (`differences:` in
content/clauses/ and content/documents/; `policy-pack clauses ID` shows them; each build's report.json counts them;
a real organisation's site lists its own). Spelling, grammar and punctuation slips are fixed; any other change of
words is made only by an organisation, in its own file, where `policy-pack deviations` and the build report show
it. This file is generated: run `python -m generator.build.reference`.

Capitals are kept as the source has them, with one rule: a title or heading the source writes wholly in capitals
is set in sentence case, and a proper name it writes in lower case gets its capitals; each such change is
recorded (kind `capitals`). Curly quotes and dashes are kept as the source has them; bullets become Markdown
lists. A parameter that reads, for the source's organisation, exactly as the source does (the board's name,
"school or organisation") is not a difference. The "Ours" column shows the words as the source's own organisation
publishes them, where it is one of ours; otherwise the library's words.
"""


def differences_markdown(project: Project) -> str:
    """One section per source: its template-only clauses, then a table of every recorded difference."""
    library = project.library
    parts = [INTRO]
    for seed in sorted({s.seed for c in library.clauses.values() for s in c.sources}):
        templates = [(d_id, d) for d_id, d in sorted(library.documents.items()) if d.source == seed]
        order = [c for _, template in templates for c in template.clause_ids()]
        clauses = sorted(
            (c for c in library.clauses.values() if any(s.seed == seed for s in c.sources)),
            key=lambda c: order.index(c.id) if c.id in order else len(order),
        )
        titles = ", ".join(f"{d.title} (`{d_id}`)" for d_id, d in templates) or "no document"
        parts.append(f"## {seed}: {titles}\n")
        rows = [row for d_id, template in templates for row in _document_rows(project, d_id, template, clauses)]
        only = [f"`{c.id}`" for c in clauses if c.template_only]
        if only:
            parts.append(f"Template only (left out of adopters' documents): {', '.join(only)}.\n")
        if not rows:
            parts.append("No differences: every clause is the source's words.\n")
            continue
        parts.append(f"{len(rows)} differences.\n")
        parts.append("| Where | Kind | Source's words | Ours | Why |\n| --- | --- | --- | --- | --- |")
        parts.extend("| " + " | ".join(_cell(value) for value in row) + " |" for row in rows)
        parts.append("")
    return "\n".join(parts).rstrip("\n") + "\n"


def _document_rows(
    project: Project, doc_id: str, template: DocumentTemplate, clauses: list[Clause]
) -> list[tuple[str, ...]]:
    """The rows of one template: as its source's own organisation publishes it (the words it publishes), or, where
    that organisation is not one of ours, the library's."""
    publisher = next(
        (
            ident
            for ident, org in sorted(project.organisations.items())
            if org.edition == "reproduction" and doc_id in org.documents
        ),
        None,
    )
    if publisher is None:
        rows: list[tuple[str, ...]] = [
            (f"document `{doc_id}`", d.kind, d.source, d.ours, d.reason) for d in template.differences
        ]
        return rows + [(f"`{c.id}`", d.kind, d.source, d.ours, d.reason) for c in clauses for d in c.differences]
    (document,) = [d for d in resolve_organisation(project, publisher).documents if d.id == doc_id]
    return [
        (f"`{d.where}`" if d.where else f"document `{doc_id}`", d.kind, d.source, d.ours, d.reason)
        for d in document.differences
    ]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
