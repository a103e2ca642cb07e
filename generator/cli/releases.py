"""The release commands: what changed, adopting a release, issuing one, and every document's status."""

from __future__ import annotations

import datetime
import sys

import click
from rich import box
from rich.table import Column, Table
from rich.text import Text

from generator.cli import app
from generator.cli.app import Context, example, format_option, main
from generator.model.lifecycle import ClauseChange
from generator.text.tables import Cell, choose_format, print_rows


@main.command(epilog=example("policy-pack changes willowbrook-primary"))
@click.argument("organisation")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def changes(context: Context, organisation: str, as_json: bool) -> None:
    """What changed upstream, clause by clause, since ORGANISATION adopted its release (adopted_from).

    Flags conflicts (a clause the organisation reworded that the publisher has changed since) and says, per
    document, whether staff need to sign again. Without colour, deletions read [-old-] and insertions {+new+}.
    """
    from generator.build.write import changes_json
    from generator.model.lifecycle import change_report, next_steps

    project = context.project(naming=[organisation])
    report = change_report(project, organisation)
    if report is None:
        app.err.print(f"{organisation} names no adopted release: add adopted_from: PUBLISHER@VERSION to its file.")
        sys.exit(1)
    if as_json:
        click.echo(changes_json(report), nl=False)
        return
    app.out.print(f"[bold]{organisation}[/bold] adopted {report.publisher}@{report.adopted}; current: {report.current}")
    if not report.changes:
        app.out.print("Nothing has changed since.")
    coloured = app.out.is_terminal and not app.out.no_color
    for change in report.changes:
        app.out.print(_change_heading(change))
        if change.conflict:
            app.out.print(_side_by_side(change, report.publisher, coloured=coloured))
        elif change.diff:
            app.out.print(Text("    ").append_text(diff_text(change.diff, coloured=coloured)))
    for document in dict.fromkeys(c.document for c in report.changes):
        verdict = "staff need to sign again" if report.re_sign(document) else "no need to sign again"
        app.out.print(f"{document}: {verdict}")
    app.out.print(Text("Next:", style="bold"))
    steps = next_steps(report, file=project.where.organisations[organisation].file.name)
    for number, step in enumerate(steps, start=1):
        app.out.print(f"  {number}. {step}", markup=False)


def _change_heading(change: ClauseChange) -> Text:
    """'document · clause · kind', and what the change asks of the organisation."""
    line = Text(f"{change.document} · {change.clause} · {change.kind}", style="bold")
    if change.conflict:
        line.append("  CONFLICT: reworded here, changed upstream", style="bold red")
    if change.kind == "added" and change.locked:
        line.append("  LOCKED: a new clause to keep as written", style="bold yellow")
    if change.kind == "locked":
        line.append("  NEWLY LOCKED: keep it as written from now on", style="bold yellow")
    return line


def _side_by_side(change: ClauseChange, publisher: str, *, coloured: bool) -> Table:
    """Our wording, which readers keep reading, beside the publisher's new wording with what it changed."""
    table = Table(
        Column("Our wording (what our readers read)"),
        Column(f"{publisher}'s new wording"),
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=(0, 1, 0, 4),
    )
    table.add_row(Text(change.own_words), diff_text(change.diff, coloured=coloured))
    return table


@main.command(epilog=example("policy-pack adopt willowbrook-primary 2026.1 --date 2026-09-01"))
@click.argument("organisation")
@click.argument("release", required=False)
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Adoption date (today).")
@click.pass_obj
def adopt(context: Context, organisation: str, release: str | None, day: datetime.datetime | None) -> None:
    """Pin ORGANISATION to RELEASE of its publisher (VERSION or PUBLISHER@VERSION; default: the latest).

    Writes adopted_from and adopted into its file, keeping comments and layout, and prints what its documents
    gain and lose, clause by clause, and whether staff must sign again.
    """
    from generator.model.adoption import AdoptionError, write_adoption
    from generator.model.adoption import adopt as pin

    project = context.project(naming=[organisation])
    adopted = day.date() if day else datetime.date.today()
    try:
        adoption = pin(project, organisation, release, adopted)
    except AdoptionError as error:
        app.err.print(str(error), markup=False)
        sys.exit(1)
    path = project.root / project.where.organisations[organisation].file.name
    write_adoption(path, adoption, adopted)
    was = f" (was {adoption.before})" if adoption.before else ""
    app.out.print(
        f"{organisation} adopts {adoption.after}{was}, adopted {adopted.isoformat()}: wrote {path.name}", markup=False
    )
    for change in adoption.changes:
        app.out.print(f"{change.document} · {change.clause} · {change.kind}", markup=False)
    if not adoption.changes:
        app.out.print("Its published text does not change.")
    app.out.print("Staff must sign again." if adoption.re_sign else "Nobody needs to sign again.")


def diff_text(diff: tuple[tuple[str, str], ...], *, coloured: bool) -> Text:
    """A word diff: struck-through red and underlined green in colour, [-old-] and {+new+} without."""
    text = Text()
    for kind, words in diff:
        if coloured:
            text.append(words, style={"delete": "red strike", "insert": "green underline"}.get(kind, ""))
        else:
            text.append({"delete": f"[-{words}-]", "insert": f"{{+{words}+}}"}.get(kind, words))
        text.append(" ")
    text.rstrip()
    return text


@main.command(epilog=example("policy-pack status brackenmoor-learning-trust --today 2026-09-01"))
@click.argument("organisations", nargs=-1)
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Date to judge by.")
@format_option
@click.pass_obj
def status(context: Context, organisations: tuple[str, ...], today: datetime.datetime | None, fmt: str | None) -> None:
    """The documents of each organisation named and of those extending it (every organisation when none is named),
    with version, adoption and next review date, and whether a review is due (within 60 days) or overdue. Exits 1
    when any review is overdue, so CI can watch the dates.
    """
    from generator.model.adoption import newer_releases
    from generator.model.inherit import chain_of
    from generator.model.lifecycle import unreleased_publishers
    from generator.model.resolve import resolve_organisation
    from generator.model.review import review_statuses

    project = context.project(naming=list(organisations))
    day = today.date() if today else datetime.date.today()
    rows: list[list[Cell]] = []
    overdue = 0
    for org_id in sorted(project.organisations):
        if organisations and not set(organisations) & set(chain_of(project.organisations, org_id)):
            continue
        for row in review_statuses(resolve_organisation(project, org_id), day):
            overdue += row.state == "overdue"
            style = {"overdue": "bold red", "due": "yellow"}.get(row.state, "")
            dates = [str(row.adopted or "—"), str(row.next_review or "—")]
            rows.append([row.organisation, row.document, row.version, row.content_hash, *dates, Text(row.state, style)])
    headers = ["Organisation", "Document", "Version", "Reference", "Adopted", "Next review", "Status"]
    print_rows(app.out, headers, rows, ids=range(7), fmt=choose_format(fmt, app.out))
    shown = {ident for row in rows for ident in chain_of(project.organisations, str(row[0]))}
    for publisher in (p for p in unreleased_publishers(project) if not organisations or p in shown):
        app.err.print(
            f"warning: {publisher} has changed since its release {project.releases[publisher][-1].version}: "
            f"organisations adopting it see the change only once it is released (policy-pack release {publisher} "
            "VERSION)",
            style="yellow",
            markup=False,
            soft_wrap=True,
        )
    for line in newer_releases(project):
        app.err.print(line, markup=False, soft_wrap=True)
    if overdue:
        app.err.print(f"{overdue} review{'s are' if overdue != 1 else ' is'} overdue.", style="bold red")
        sys.exit(1)


@main.command(epilog=example('policy-pack release kestrel-vale-partnership 2026.2 --notes "Names the 2025 KCSIE."'))
@click.argument("publisher")
@click.argument("version")
@click.option("--notes", required=True, help="The change log entry: what changed and why.")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Release date (today).")
@click.pass_obj
def release(context: Context, publisher: str, version: str, notes: str, day: datetime.datetime | None) -> None:
    """Record a release of PUBLISHER's documents (an organisation others extend, or 'library') in releases/.

    Only the publisher's own file and what it extends must be valid: what adopters say does not matter.
    Organisations then name it in adopted_from, and `policy-pack changes` compares later text with it.
    """
    from pydantic import ValidationError

    from generator.build.write import write_release
    from generator.inputs.schema import Release
    from generator.inputs.validation_messages import input_problems
    from generator.model.lifecycle import LIBRARY, new_release

    project = context.project(naming=[] if publisher == LIBRARY else [publisher])
    try:
        entry = new_release(
            project, publisher, version=version, notes=notes, date=day.date() if day else datetime.date.today()
        )
    except ValidationError as error:
        for line in input_problems(error, Release, {"version": "VERSION", "notes": "--notes", "date": "--date"}):
            app.err.print(line, markup=False, soft_wrap=True)
        app.err.print("Nothing was recorded.")
        sys.exit(1)
    except ValueError as error:
        app.err.print(str(error))
        sys.exit(1)
    path = write_release(project.root, publisher, entry)
    app.err.print(f"Recorded {publisher} {version} in {path.relative_to(project.root)}.")
