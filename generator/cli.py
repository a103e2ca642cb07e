"""The policy-pack command line -> validation, builds, look-ups and releases. Thin: the work is elsewhere."""

from __future__ import annotations

import datetime
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from rich import box
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Column, Table
from rich.text import Text

from generator import __version__
from generator.__main__ import INTERRUPTED
from generator.batch import BuildResult, build_all, in_shard
from generator.build import remove_stale_outputs, select
from generator.errors import OutputError, Problem, UserError, did_you_mean
from generator.lifecycle import ClauseChange
from generator.load import Project
from generator.notices import library_warnings, organisation_warnings
from generator.schema import Clause
from generator.tables import FORMATS, Cell, PlainConsole, choose_format, print_rows
from generator.validation import Validation, validate_estate
from generator.words import count

err = PlainConsole(stderr=True, highlight=False)
F = TypeVar("F", bound=Callable[..., Any])


def example(command: str) -> str:
    """A help epilog: click prints it after the options, so every command's help ends with an example."""
    return f"\b\nExample:\n  {command}"


out = PlainConsole(highlight=False)


class Context:
    def __init__(self, root: Path) -> None:
        self.root = root

    def validation(self, *, building: bool = False) -> Validation:
        """The project and every problem in it; exits with every problem if the library itself is broken."""
        outcome = "nothing was built." if building else "every organisation needs these fixed first."
        try:
            validation = validate_estate(self.root)
        except UserError as error:
            _fail(error.problems, outcome)
        if validation.library:
            _fail(validation.problems, outcome)
        return validation

    def project(self, *, naming: list[str] | None = None) -> Project:
        """The project's valid organisations, for a look-up command; problems elsewhere are warnings.

        Exits if an organisation named on the command line does not exist or is not valid.
        """
        validation = self.validation()
        naming = naming or []
        try:
            select(validation.project, naming, also=validation.project.broken | set(validation.project.salvaged))
        except UserError as error:
            _no_such(error)
        for name in naming:
            if not validation.valid(name):
                _fail(validation.blocking(name), f"{name} is made from these files: fix them first.")
        _warn_invalid(validation.invalid())
        return validation.valid_project()


def _fail(problems: list[Problem], outcome: str = "") -> NoReturn:
    """Print every problem and a closing count, and exit 1."""
    for problem in problems:
        err.print(str(problem), markup=False, soft_wrap=True)
    closing = f"{count(len(problems), 'problem')} found"
    err.print(f"{closing}; {outcome}" if outcome else f"{closing}.", style="bold red")
    sys.exit(1)


def _no_such(error: UserError) -> NoReturn:
    """Organisations named on the command line that do not exist: one line each, with a suggestion."""
    for problem in error.problems:
        err.print(problem.message, markup=False, soft_wrap=True)
    sys.exit(1)


def _warn_invalid(invalid: list[str]) -> None:
    if invalid:
        err.print(
            f"warning: left out, with problems in their files (run policy-pack validate): {', '.join(invalid)}",
            style="yellow",
            markup=False,
            soft_wrap=True,
        )


def format_option(command: F) -> F:
    """--format for a look-up command: a table on a terminal, tab-separated lines otherwise, or JSON."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=None,
        help="table (on a terminal), tsv (in a pipe or file) or json.",
    )(command)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=example("policy-pack validate && policy-pack build"),
)
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The project folder (with content/, schools/, templates/ and mkdocs.yml).",
)
@click.version_option(__version__, prog_name="policy-pack")
@click.pass_context
def main(ctx: click.Context, project: Path) -> None:
    """Turn a clause library and organisation files into branded policy sites."""
    if not (project / "content").is_dir() or not (project / "schools").is_dir():
        raise click.UsageError(f"{project} is not a Policy Pack project: it needs content/ and schools/ folders.")
    ctx.obj = Context(project)


class ShardType(click.ParamType):
    name = "K/N"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> tuple[int, int]:
        if isinstance(value, tuple):
            return value
        shard, _, shards = str(value).partition("/")
        if shard.isdigit() and shards.isdigit() and 1 <= int(shard) <= int(shards):
            return int(shard), int(shards)
        self.fail(f"{value!r} is not a shard: write K/N with 1 <= K <= N, e.g. 2/4", param, ctx)


@main.command(epilog=example("policy-pack validate"))
@click.pass_obj
def validate(context: Context) -> None:
    """Check the library and every organisation file; print every problem with its file and line.

    Warnings (colours that fail WCAG AA contrast, a logo or documents only inherited, links that will be
    dropped) do not stop a build, but the organisation should know.
    """
    validation = context.validation()
    project = validation.project
    _print_warnings(library_warnings(project))
    for org_id in validation.buildable():
        _print_warnings(organisation_warnings(project, org_id))
    if validation.problems:
        invalid = validation.invalid()
        _fail(
            validation.problems,
            f"{len(invalid)} of {count(len(invalid) + len(validation.buildable()), 'organisation')} cannot be built.",
        )
    out.print(
        f"OK: {count(len(project.library.clauses), 'clause')}, {count(len(project.library.documents), 'document')}, "
        f"{count(len(project.organisations), 'organisation')}."
    )


def _print_warnings(warnings: list[Problem]) -> None:
    for warning in warnings:
        err.print(f"warning: {warning}", style="yellow", markup=False, soft_wrap=True)


@main.command(epilog=example("policy-pack build longton-primary willowbrook-primary"))
@click.argument("organisations", nargs=-1)
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write build/<org>/ (default: build/ in the project).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="one per core",
    help="Organisations built at once, each in its own worker process.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date that decides which reviews are overdue (default: today).",
)
@click.option("--force", is_flag=True, help="Rebuild every organisation, changed or not.")
@click.option(
    "--shard",
    type=ShardType(),
    default=None,
    help="Build only the K-th of N stable shares of the organisations (for a CI matrix).",
)
@click.pass_obj
def build(
    context: Context,
    organisations: tuple[str, ...],
    output: Path | None,
    jobs: int,
    today: datetime.datetime | None,
    force: bool,
    shard: tuple[int, int] | None,
) -> None:
    """Build each organisation named (all when none is) whose inputs changed since its last build.

    An organisation is built from the library, its own file and the files it extends: a problem in any other
    file is a warning. Writes build/<org>/site/, build/<org>/report.json and build/<org>/manifest.json. Exits
    1 if there was any problem or any organisation failed; the others are still built.
    """
    validation = context.validation(building=True)
    project = validation.project
    try:
        chosen = select(project, organisations, also=project.broken | set(project.salvaged))
    except UserError as error:
        _no_such(error)
    if not organisations:
        chosen = sorted({*chosen, *validation.invalid()})
    if shard:
        chosen = [org for org in chosen if in_shard(org, *shard)]
    invalid = [org for org in chosen if not validation.valid(org)]
    _print_problems(validation, chosen, invalid)
    target = output or project.root / "build"
    day = today.date() if today else datetime.date.today()
    buildable = [org for org in chosen if org not in invalid]
    results = _build_with_progress(validation.valid_project(), buildable, target, jobs=jobs, today=day, force=force)
    files = {org: sorted({problem.file for problem in validation.blocking(org)}) for org in invalid}
    notes = _tidy_output(validation, target, everything=not organisations and not shard)
    _print_results(results, files, target, notes)
    if invalid or validation.problems or any(r.error for r in results):
        sys.exit(1)


def _print_problems(validation: Validation, chosen: list[str], invalid: list[str]) -> None:
    """Problems that stop an organisation being built as errors; those in files none of them uses as warnings."""
    blocking = sorted({p for org in invalid for p in validation.blocking(org)})
    for problem in blocking:
        err.print(str(problem), markup=False, soft_wrap=True)
    valid = [org for org in chosen if org not in invalid]
    elsewhere = [p for p in validation.problems_outside(valid) if p not in blocking]
    _print_warnings(elsewhere)
    if elsewhere:
        err.print(
            f"warning: {count(len(elsewhere), 'problem')} in files these organisations "
            "are not made from: they are built anyway.",
            style="yellow",
            soft_wrap=True,
        )


def _build_with_progress(
    project: Project, chosen: list[str], target: Path, *, jobs: int, today: datetime.date, force: bool
) -> list[BuildResult]:
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("Building", total=len(chosen))

        def progress(result: BuildResult) -> None:
            bar.update(task, advance=1, description=f"Built {result.organisation}")

        try:
            return build_all(project, chosen, target, jobs=jobs, today=today, force=force, progress=progress)
        except OutputError as error:
            bar.stop()
            err.print(f"{error}; the previous output is unchanged.", markup=False, soft_wrap=True)
            sys.exit(1)
        except KeyboardInterrupt:
            bar.stop()
            err.print(INTERRUPTED)
            sys.exit(130)


def _tidy_output(validation: Validation, target: Path, *, everything: bool) -> list[str]:
    """After a build of ``everything``, remove the output of organisations gone from schools/; one line to print
    for each."""
    notes = []
    if everything:
        project = validation.project
        for gone in remove_stale_outputs({*project.organisations, *project.broken, *project.salvaged}, target):
            notes.append(f"removed {target / gone}: there is no organisation {gone!r} in schools/ any more")
    return notes


def _print_results(results: list[BuildResult], invalid: dict[str, list[str]], target: Path, notes: list[str]) -> None:
    """The closing table: every organisation built, unchanged, failed, or left out as invalid (with the files
    whose problems stop it)."""
    longest = max([len("Organisation"), *(len(r.organisation) for r in results), *(len(o) for o in invalid)])
    table = Table(
        Column("Organisation", no_wrap=True, min_width=longest),
        "Documents",
        "PDF pages",
        "Seconds",
        Column("Warnings", overflow="fold"),
        "Result",
        box=box.SIMPLE,
        show_edge=False,
    )
    rows = {r.organisation: r for r in results}
    for org_id in sorted({*rows, *invalid}):
        if org_id in invalid:
            files = ", ".join(invalid[org_id])
            table.add_row(org_id, "", "", "", f"problems in {files}", Text("invalid", style="bold red"))
            continue
        result = rows[org_id]
        verdict = Text("failed", style="bold red") if result.error else Text("unchanged" if result.skipped else "built")
        table.add_row(
            result.organisation,
            str(result.documents or ""),
            str(result.pages or ""),
            f"{result.seconds:.1f}",
            "\n".join(result.warnings),
            verdict,
        )
    err.print(table)
    failed = [r for r in results if r.error]
    for result in failed:
        err.print(f"[red]{result.organisation} failed:[/red]")
        err.print(result.error, markup=False)
    for note in notes:
        err.print(note, style="bold", markup=False, soft_wrap=True)
    built = sum(1 for r in results if not r.skipped and not r.error)
    unchanged = sum(1 for r in results if r.skipped)
    err.print(f"{built} built, {unchanged} unchanged, {len(failed)} failed, {len(invalid)} invalid, into {target}.")


@main.command(epilog=example("policy-pack serve willowbrook-primary --port 8001"))
@click.argument("organisation", required=False)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.pass_obj
def serve(context: Context, organisation: str | None, port: int) -> None:
    """Preview ORGANISATION's site on http://127.0.0.1:PORT/, rebuilt and reloaded on every save.

    Watches content/, schools/ (with the logos), templates/, releases/ and mkdocs.yml. While the files the site
    is made from are invalid, every page shows their problems instead of the site. ORGANISATION may be left out
    when there is one.
    """
    from generator.preview import serve as serve_preview
    from generator.project_files import organisation_ids

    names = organisation_ids(context.root)
    if organisation is None and len(names) != 1:
        raise click.UsageError(f"name the organisation to preview: one of {', '.join(names)}")
    if organisation is not None and organisation not in names:
        raise click.UsageError(f"no organisation {organisation!r}{did_you_mean(organisation, names)}")
    serve_preview(context.root, organisation or names[0], port=port)


@main.command(name="list", epilog=example("policy-pack list"))
@format_option
@click.pass_obj
def list_(context: Context, fmt: str | None) -> None:
    """List the organisations, what they extend, and the documents each publishes."""
    from generator.inherit import settings_of

    project = context.project()
    rows: list[list[Cell]] = []
    for org_id in sorted(project.organisations):
        settings = settings_of(project.organisations, org_id)
        org = settings.organisation
        rows.append([org_id, org.name, org.kind, org.extends or "", list(settings.documents)])
    headers = ["Organisation", "Name", "Kind", "Extends", "Documents"]
    print_rows(out, headers, rows, ids=(0, 2, 3, 4), fmt=choose_format(fmt, out))


@main.command(epilog=example("policy-pack documents"))
@format_option
@click.pass_obj
def documents(context: Context, fmt: str | None) -> None:
    """List the documents an organisation can publish: the library's and each board's own, with who may publish
    each (a board's own document: the board and those extending it) and who publishes it now."""
    from generator.document_catalogue import catalogue

    project = context.project()
    rows: list[list[Cell]] = [
        [e.id, e.title, e.kind, e.signing, e.owner, e.may_publish, list(e.published_by)] for e in catalogue(project)
    ]
    headers = ["Document", "Title", "Kind", "Signing", "From", "Who may publish", "Published by"]
    print_rows(out, headers, rows, ids=(0, 4, 6), fmt=choose_format(fmt, out))


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
    from generator.search import search_clauses

    project = context.project(naming=[organisation] if organisation else None)
    if organisation and not (len(words) == 1 and words[0] in _clause_ids(project)):
        raise click.UsageError("--org needs exactly one clause id: policy-pack clauses CLAUSE --org ORG")
    hits = search_clauses(project, list(words), topic=topic)
    if not hits:
        err.print("No clause matches.")
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
    chosen = choose_format(fmt, out)
    print_rows(out, headers, rows, ids=(0, 3, 4, 5, 6), fmt=chosen)
    if len(words) != 1 or chosen == "json":
        return
    if organisation:
        _print_filled(project, organisation, words[0])
    elif words[0] in _clause_ids(project):
        out.print(f"\nText of {words[0]}:", markup=False)
        out.print(Text(_indent(_clause_ids(project)[words[0]])), soft_wrap=True)
    if words[0] in project.library.clauses:
        _print_provenance(project.library.clauses[words[0]])


def _clause_ids(project: Project) -> dict[str, str]:
    """Clause id -> its text as written, with its placeholders: the library's and those organisations add."""
    from generator.search import clause_texts

    return clause_texts(project)


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" if line else "" for line in text.splitlines())


def _print_filled(project: Project, organisation: str, clause_id: str) -> None:
    """The clause as ``organisation`` publishes it in each of its documents, or why it does not."""
    from generator.resolve import resolve_organisation

    resolved = resolve_organisation(project, organisation)
    for document in resolved.documents:
        for clause in document.clauses():
            if clause.id == clause_id:
                how = {"reworded": "reworded", "added": "added"}.get(clause.origin, "as the library has it")
                number = f" {clause.number}" if clause.number else ""
                out.print(f"\n{organisation}, {document.id}{number} ({how}):", markup=False)
                out.print(Text(_indent(clause.text)), soft_wrap=True)
    left_out = [e for e in resolved.report if e.clause == clause_id and e.status in ("excluded", "template-only")]
    for entry in left_out:
        why = "excluded by " + entry.by if entry.status == "excluded" else "only in the board's template"
        out.print(f"\n{organisation}, {entry.document}: not published ({why}).", markup=False)
    if not left_out and not any(c.id == clause_id for d in resolved.documents for c in d.clauses()):
        out.print(f"\n{organisation} does not publish {clause_id}: none of its documents has it.", markup=False)


def _print_provenance(clause: Clause) -> None:
    """Where one clause comes from, the requirements it meets, and every recorded difference from its source's
    words."""
    for source in clause.sources:
        out.print(f"Source: {source.seed}, {source.section}", markup=False, highlight=False)
    if clause.satisfies:
        out.print(f"Meets: {', '.join(clause.satisfies)} (content/requirements.yml)", markup=False, highlight=False)
    if not clause.differences:
        out.print("Differences from the source: none (the source's words).")
        return
    out.print(f"Differences from the source: {len(clause.differences)}")
    for difference in clause.differences:
        out.print(f"  {difference.kind}: {difference.source!r} -> {difference.ours!r}", markup=False, highlight=False)
        out.print(f"    why: {difference.reason}", markup=False, highlight=False)


@main.command(epilog=example("policy-pack changes willowbrook-primary"))
@click.argument("organisation")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def changes(context: Context, organisation: str, as_json: bool) -> None:
    """What changed upstream, clause by clause, since ORGANISATION adopted its release (adopted_from).

    Flags conflicts (a clause the organisation reworded that the publisher has changed since) and says, per
    document, whether staff need to sign again. Without colour, deletions read [-old-] and insertions {+new+}.
    """
    from generator.build import changes_json
    from generator.lifecycle import change_report, next_steps

    project = context.project(naming=[organisation])
    report = change_report(project, organisation)
    if report is None:
        err.print(f"{organisation} names no adopted release: add adopted_from: PUBLISHER@VERSION to its file.")
        sys.exit(1)
    if as_json:
        click.echo(changes_json(report), nl=False)
        return
    out.print(f"[bold]{organisation}[/bold] adopted {report.publisher}@{report.adopted}; current: {report.current}")
    if not report.changes:
        out.print("Nothing has changed since.")
    coloured = out.is_terminal and not out.no_color
    for change in report.changes:
        out.print(_change_heading(change))
        if change.conflict:
            out.print(_side_by_side(change, report.publisher, coloured=coloured))
        elif change.diff:
            out.print(Text("    ").append_text(diff_text(change.diff, coloured=coloured)))
    for document in dict.fromkeys(c.document for c in report.changes):
        verdict = "staff need to sign again" if report.re_sign(document) else "no need to sign again"
        out.print(f"{document}: {verdict}")
    out.print(Text("Next:", style="bold"))
    steps = next_steps(report, file=project.where.organisations[organisation].file.name)
    for number, step in enumerate(steps, start=1):
        out.print(f"  {number}. {step}", markup=False)


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
    from generator.adoption import AdoptionError, write_adoption
    from generator.adoption import adopt as pin

    project = context.project(naming=[organisation])
    adopted = day.date() if day else datetime.date.today()
    try:
        adoption = pin(project, organisation, release, adopted)
    except AdoptionError as error:
        err.print(str(error), markup=False)
        sys.exit(1)
    path = project.root / project.where.organisations[organisation].file.name
    write_adoption(path, adoption, adopted)
    was = f" (was {adoption.before})" if adoption.before else ""
    out.print(
        f"{organisation} adopts {adoption.after}{was}, adopted {adopted.isoformat()}: wrote {path.name}", markup=False
    )
    for change in adoption.changes:
        out.print(f"{change.document} · {change.clause} · {change.kind}", markup=False)
    if not adoption.changes:
        out.print("Its published text does not change.")
    out.print("Staff must sign again." if adoption.re_sign else "Nobody needs to sign again.")


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
    from generator.adoption import newer_releases
    from generator.inherit import chain_of
    from generator.lifecycle import unreleased_publishers
    from generator.resolve import resolve_organisation
    from generator.review import review_statuses

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
    print_rows(out, headers, rows, ids=range(7), fmt=choose_format(fmt, out))
    shown = {ident for row in rows for ident in chain_of(project.organisations, str(row[0]))}
    for publisher in (p for p in unreleased_publishers(project) if not organisations or p in shown):
        err.print(
            f"warning: {publisher} has changed since its release {project.releases[publisher][-1].version}: "
            f"organisations adopting it see the change only once it is released (policy-pack release {publisher} "
            "VERSION)",
            style="yellow",
            markup=False,
            soft_wrap=True,
        )
    for line in newer_releases(project):
        err.print(line, markup=False, soft_wrap=True)
    if overdue:
        err.print(f"{overdue} review{'s are' if overdue != 1 else ' is'} overdue.", style="bold red")
        sys.exit(1)


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
    from generator.csv_safety import BOM, write_csv
    from generator.deviations import deviations as find
    from generator.deviations import deviations_csv

    project = context.project(naming=[publisher])
    rows = find(project, publisher)
    if csv_file is not None:
        if str(csv_file) == "-":
            click.echo(BOM + deviations_csv(rows), nl=False)
        else:
            write_csv(csv_file, deviations_csv(rows))
        return
    if not any(org.extends == publisher for org in project.organisations.values()):
        err.print(f"No organisation extends {publisher}.")
        return
    table: list[list[Cell]] = [[r.organisation, r.document, r.change, r.item, r.theirs, r.ours] for r in rows]
    headers = ["Organisation", "Document", "Change", "Clause or parameter", "Their words", f"{publisher}'s words"]
    print_rows(out, headers, table, ids=range(4), fmt=choose_format(fmt, out))
    extending = sorted({r.organisation for r in rows})
    err.print(f"{count(len(rows), 'change')} by {count(len(extending), 'organisation')}.", markup=False)


@main.command(epilog=example("policy-pack new academy fernside-academy --extends brackenmoor-learning-trust"))
@click.argument("kind", type=click.Choice(["school", "academy", "trust", "agency", "board", "local-authority"]))
@click.argument("organisation")
@click.option("--extends", "publisher", default=None, help="The organisation whose documents it adopts.")
@click.pass_obj
def new(context: Context, kind: str, organisation: str, publisher: str | None) -> None:
    """Write a commented starter file schools/ORGANISATION.yml that validates as written.

    It lists every person and parameter its documents need, with what each inherits from PUBLISHER, and an
    example of exclude, reword and add; `new board` also starts the board's own document in content/boards/.
    """
    from generator.starter import StarterError, starter, write_starter

    if publisher is not None and publisher in context.validation().invalid():
        context.project(naming=[publisher])  # exits, naming the problems in the files the publisher is made from
    project = context.project()
    try:
        written = write_starter(project, starter(project, kind, organisation, publisher, datetime.date.today()))
    except StarterError as error:
        err.print(f"{error}; nothing was written.", markup=False, soft_wrap=True)
        sys.exit(1)
    for path in written:
        err.print(f"Wrote {path.relative_to(project.root)}", markup=False, soft_wrap=True)
    err.print("Replace each FILL IN value, then run `policy-pack validate`.")


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

    from generator.build import write_release
    from generator.lifecycle import LIBRARY, new_release
    from generator.schema import Release
    from generator.validation_messages import input_problems

    project = context.project(naming=[] if publisher == LIBRARY else [publisher])
    try:
        entry = new_release(
            project, publisher, version=version, notes=notes, date=day.date() if day else datetime.date.today()
        )
    except ValidationError as error:
        for line in input_problems(error, Release, {"version": "VERSION", "notes": "--notes", "date": "--date"}):
            err.print(line, markup=False, soft_wrap=True)
        err.print("Nothing was recorded.")
        sys.exit(1)
    except ValueError as error:
        err.print(str(error))
        sys.exit(1)
    path = write_release(project.root, publisher, entry)
    err.print(f"Recorded {publisher} {version} in {path.relative_to(project.root)}.")


@main.command(
    epilog=example("policy-pack signatures willowbrook-primary ../returned/ --staff ../staff.csv --csv ../register.csv")
)
@click.argument("organisation")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--csv",
    "csv_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the register to this CSV file. It names staff: keep it private.",
)
@click.option(
    "--staff",
    "staff_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A staff list as the MIS exports it (CSV of names and job titles): also list who has not signed.",
)
@click.option(
    "--require-digital",
    is_flag=True,
    help="Count only digital signatures: a form with the name and date typed but not signed must be signed.",
)
@click.pass_obj
def signatures(
    context: Context,
    organisation: str,
    folder: Path,
    csv_file: Path | None,
    staff_file: Path | None,
    require_digital: bool,
) -> None:
    """Read the PDFs returned in FOLDER and print ORGANISATION's sign-off register: who signed which document,
    version and reference, and whether that is current, outdated, unsigned, altered or not ours.

    A form with the name and date typed but no digital signature reads "acknowledged (typed)" and counts, unless
    --require-digital. Exits 1 when anyone must still sign or a file cannot be read. The register names staff: it is printed, or written to the --csv file,
    never into build/ or a site.
    """
    from generator.csv_safety import write_csv
    from generator.register_output import check_private, print_register, register_csv
    from generator.signatures import sign_off_register
    from generator.staff import read_staff

    project = context.project(naming=[organisation])
    try:
        if csv_file:
            check_private(csv_file, root=project.root)
        staff = read_staff(staff_file, str(staff_file)) if staff_file else None
        register = sign_off_register(
            project, organisation, folder, staff=staff, jobs=os.cpu_count() or 1, require_digital=require_digital
        )
        print_register(register, out, err)
        if csv_file:
            write_csv(csv_file, register_csv(register))
    except UserError as error:
        for problem in error.problems:
            err.print(str(problem), markup=False, soft_wrap=True)
        sys.exit(1)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    except OSError as error:
        err.print(f"{csv_file}: {error.strerror or error}", markup=False)
        sys.exit(1)
    sys.exit(0 if register.complete else 1)


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
    from generator.coverage import coverage_of
    from generator.resolve import resolve_organisation

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
    print_rows(out, ["Requirement", "Source", "Clauses", "Status"], rows, ids=(0, 2, 3), fmt=choose_format(fmt, out))
    gaps = report.gaps
    if not report.requirements:
        err.print(f"No requirement applies to a {' or '.join(report.kinds)}.")
    elif gaps:
        err.print(
            f"{len(report.requirements) - len(gaps)} of {len(report.requirements)} requirements met; "
            f"no clause meets: {', '.join(gap.id for gap in gaps)}",
            style="bold red",
            soft_wrap=True,
        )
        sys.exit(1)
    else:
        err.print(f"All {len(report.requirements)} requirements met.")
