"""The look-up commands: organisations, documents, clauses, deviations and coverage."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.text import Text

from generator.cli import app
from generator.cli.app import Context, example, format_option, main
from generator.inputs.load import Project
from generator.inputs.schema import Clause
from generator.text.tables import Cell, choose_format, print_rows
from generator.text.words import count


@main.command(name="list", epilog=example("policy-pack list"))
@format_option
@click.pass_obj
def list_(context: Context, fmt: str | None) -> None:
    """List the organisations, what they extend, and the documents each publishes."""
    from generator.model.inherit import settings_of

    project = context.project()
    rows: list[list[Cell]] = []
    for org_id in sorted(project.organisations):
        settings = settings_of(project.organisations, org_id)
        org = settings.organisation
        rows.append([org_id, org.name, org.kind, org.extends or "", list(settings.documents)])
    headers = ["Organisation", "Name", "Kind", "Extends", "Documents"]
    print_rows(app.out, headers, rows, ids=(0, 2, 3, 4), fmt=choose_format(fmt, app.out))


@main.command(epilog=example("policy-pack documents"))
@format_option
@click.pass_obj
def documents(context: Context, fmt: str | None) -> None:
    """List the documents an organisation can publish: the library's and each board's own, with who may publish
    each (a board's own document: the board and those extending it) and who publishes it now."""
    from generator.model.document_catalogue import catalogue

    project = context.project()
    rows: list[list[Cell]] = [
        [e.id, e.title, e.kind, e.signing, e.owner, e.may_publish, list(e.published_by)] for e in catalogue(project)
    ]
    headers = ["Document", "Title", "Kind", "Signing", "From", "Who may publish", "Published by"]
    print_rows(app.out, headers, rows, ids=(0, 4, 6), fmt=choose_format(fmt, app.out))


@main.command(epilog=example("policy-pack clauses privacy settings --topic personal-accounts"))
@click.argument("words", nargs=-1)
@click.option("--topic", help="Only clauses with this topic.")
@click.option("--org", "organisation", default=None, help="With one clause id: the text as ORG publishes it.")
@format_option
@click.pass_obj
def clauses(
    context: Context, words: tuple[str, ...], topic: str | None, organisation: str | None, fmt: str | None
) -> None:
    """Search the clauses (the library's, and those organisations add) by whole words in id, title or text.

    Shows each clause's documents, the organisations that publish it (not those that exclude it) and who locks it;
    given one clause id, also its text (with --org, as that organisation publishes it, filled in), its sources, the
    requirements it meets and every recorded difference from the source's words, with the reason.
    """
    from generator.model.search import search_clauses

    project = context.project(naming=[organisation] if organisation else None)
    if organisation and not (len(words) == 1 and words[0] in _clause_ids(project)):
        raise click.UsageError("--org needs exactly one clause id: policy-pack clauses CLAUSE --org ORG")
    hits = search_clauses(project, list(words), topic=topic)
    if not hits:
        app.err.print("No clause matches.")
        sys.exit(1)
    rows: list[list[Cell]] = [
        [
            hit.id,
            hit.title,
            hit.strength,
            list(hit.documents),
            list(hit.organisations),
            list(hit.locked_by),
            hit.added_by or "library",
        ]
        for hit in hits
    ]
    headers = ["Clause", "Title", "Strength", "Documents", "Organisations", "Locked by", "From"]
    chosen = choose_format(fmt, app.out)
    print_rows(app.out, headers, rows, ids=(0, 3, 4, 5, 6), fmt=chosen)
    if len(words) != 1 or chosen == "json":
        return
    if organisation:
        _print_filled(project, organisation, words[0])
    elif words[0] in _clause_ids(project):
        app.out.print(f"\nText of {words[0]}:", markup=False)
        app.out.print(Text(_indent(_clause_ids(project)[words[0]])), soft_wrap=True)
    if words[0] in project.library.clauses:
        _print_provenance(project.library.clauses[words[0]])


def _clause_ids(project: Project) -> dict[str, str]:
    """Clause id -> its text as written, with its placeholders: the library's and those organisations add."""
    from generator.model.search import clause_texts

    return clause_texts(project)


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" if line else "" for line in text.splitlines())


def _print_filled(project: Project, organisation: str, clause_id: str) -> None:
    """The clause as ``organisation`` publishes it in each of its documents, or why it does not."""
    from generator.model.resolve import resolve_organisation

    resolved = resolve_organisation(project, organisation)
    for document in resolved.documents:
        for clause in document.clauses():
            if clause.id == clause_id:
                how = {"reworded": "reworded", "added": "added"}.get(clause.origin, "as the library has it")
                number = f" {clause.number}" if clause.number else ""
                app.out.print(f"\n{organisation}, {document.id}{number} ({how}):", markup=False)
                app.out.print(Text(_indent(clause.text)), soft_wrap=True)
    left_out = [e for e in resolved.report if e.clause == clause_id and e.status in ("excluded", "template-only")]
    for entry in left_out:
        why = "excluded by " + entry.by if entry.status == "excluded" else "only in the board's template"
        app.out.print(f"\n{organisation}, {entry.document}: not published ({why}).", markup=False)
    if not left_out and not any(c.id == clause_id for d in resolved.documents for c in d.clauses()):
        app.out.print(f"\n{organisation} does not publish {clause_id}: none of its documents has it.", markup=False)


def _print_provenance(clause: Clause) -> None:
    """Where one clause comes from, the requirements it meets, and every recorded difference from its source's
    words."""
    for source in clause.sources:
        app.out.print(f"Source: {source.seed}, {source.section}", markup=False, highlight=False)
    if clause.satisfies:
        app.out.print(f"Meets: {', '.join(clause.satisfies)} (content/requirements.yml)", markup=False, highlight=False)
    if not clause.differences:
        app.out.print("Differences from the source: none (the source's words).")
        return
    app.out.print(f"Differences from the source: {len(clause.differences)}")
    for difference in clause.differences:
        app.out.print(
            f"  {difference.kind}: {difference.source!r} -> {difference.ours!r}", markup=False, highlight=False
        )
        app.out.print(f"    why: {difference.reason}", markup=False, highlight=False)


@main.command(epilog=example("policy-pack deviations kestrel-vale-partnership --csv deviations.csv"))
@click.argument("publisher")
@click.option(
    "--csv",
    "csv_file",
    is_flag=False,
    flag_value="-",
    default=None,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Write CSV (UTF-8 with a byte-order mark, for Excel) to this file, or print it with --csv alone: one "
    "line per change, with the organisation's words, the publisher's and the release adopted.",
)
@format_option
@click.pass_obj
def deviations(context: Context, publisher: str, csv_file: Path | None, fmt: str | None) -> None:
    """For every organisation that extends PUBLISHER (a board or a trust), directly or through another, each change
    it made: one row per clause excluded, reworded or added, and per parameter given a value of its own."""
    from generator.model.deviations import deviations as find
    from generator.model.deviations import deviations_csv
    from generator.text.csv_safety import BOM, write_csv

    project = context.project(naming=[publisher])
    rows = find(project, publisher)
    if csv_file is not None:
        if str(csv_file) == "-":
            click.echo(BOM + deviations_csv(rows), nl=False)
        else:
            write_csv(csv_file, deviations_csv(rows))
        return
    if not any(org.extends == publisher for org in project.organisations.values()):
        app.err.print(f"No organisation extends {publisher}.")
        return
    table: list[list[Cell]] = [[r.organisation, r.document, r.change, r.item, r.theirs, r.ours] for r in rows]
    headers = ["Organisation", "Document", "Change", "Clause or parameter", "Their words", f"{publisher}'s words"]
    print_rows(app.out, headers, table, ids=range(4), fmt=choose_format(fmt, app.out))
    extending = sorted({r.organisation for r in rows})
    app.err.print(f"{count(len(rows), 'change')} by {count(len(extending), 'organisation')}.", markup=False)


@main.command(epilog=example("policy-pack coverage willowbrook-primary --format tsv"))
@click.argument("organisation")
@format_option
@click.pass_obj
def coverage(context: Context, organisation: str, fmt: str | None) -> None:
    """Every requirement (content/requirements.yml) that applies to ORGANISATION, the clauses it publishes that
    meet it, with their documents, and the gaps.

    A board's template is also judged as the schools adopting it would be. Exits 1 when a requirement has no
    clause, so CI can watch for gaps.
    """
    from generator.model.coverage import coverage_of
    from generator.model.resolve import resolve_organisation

    project = context.project(naming=[organisation])
    report = coverage_of(project, resolve_organisation(project, organisation))
    rows: list[list[Cell]] = [
        [
            entry.id,
            f"{entry.source_short}, {entry.requirement.section}",
            [f"{m.document}: {m.clause}" + (" (reworded)" if m.status == "reworded" else "") for m in entry.clauses],
            Text("met") if entry.met else Text("gap", style="bold red"),
        ]
        for entry in report.requirements
    ]
    print_rows(
        app.out, ["Requirement", "Source", "Clauses", "Status"], rows, ids=(0, 2, 3), fmt=choose_format(fmt, app.out)
    )
    gaps = report.gaps
    if not report.requirements:
        app.err.print(f"No requirement applies to a {' or '.join(report.kinds)}.")
    elif gaps:
        app.err.print(
            f"{len(report.requirements) - len(gaps)} of {len(report.requirements)} requirements met; "
            f"no clause meets: {', '.join(gap.id for gap in gaps)}",
            style="bold red",
            soft_wrap=True,
        )
        sys.exit(1)
    else:
        app.err.print(f"All {len(report.requirements)} requirements met.")
