"""The build command: every organisation's outputs, with progress, and a table of what was built."""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from generator import INTERRUPTED
from generator.build.pool import BuildResult, build_all, in_shard
from generator.build.write import remove_stale_outputs, select
from generator.checks.validation import Validation
from generator.cli import app
from generator.cli.app import Context, example, main, no_such, print_warnings
from generator.inputs.errors import OutputError, UserError
from generator.inputs.load import Project
from generator.text.tables import Cell, choose_format, print_rows
from generator.text.words import count


class ShardType(click.ParamType):
    name = "K/N"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> tuple[int, int]:
        if isinstance(value, tuple):
            return value
        shard, _, shards = str(value).partition("/")
        if shard.isdigit() and shards.isdigit() and 1 <= int(shard) <= int(shards):
            return int(shard), int(shards)
        self.fail(f"{value!r} is not a shard: write K/N with 1 <= K <= N, e.g. 2/4", param, ctx)


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
    target = output or context.root / "build"
    validation = context.validation(building_into=target)
    project = validation.project
    try:
        chosen = select(project, organisations, also=project.broken | set(project.salvaged))
    except UserError as error:
        no_such(error)
    if not organisations:
        chosen = sorted({*chosen, *validation.invalid()})
    if shard:
        chosen = [org for org in chosen if in_shard(org, *shard)]
    invalid = [org for org in chosen if not validation.valid(org)]
    _print_problems(validation, chosen, invalid)
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
        app.err.print(str(problem), markup=False, soft_wrap=True)
    valid = [org for org in chosen if org not in invalid]
    elsewhere = [p for p in validation.problems_outside(valid) if p not in blocking]
    print_warnings(elsewhere)
    if elsewhere:
        app.err.print(
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
        console=app.err,
        transient=True,
    ) as bar:
        task = bar.add_task("Building", total=len(chosen))

        def progress(result: BuildResult) -> None:
            bar.update(task, advance=1, description=f"Built {result.organisation}")

        try:
            return build_all(project, chosen, target, jobs=jobs, today=today, force=force, progress=progress)
        except OutputError as error:
            bar.stop()
            app.err.print(f"{error}; the previous output is unchanged.", markup=False, soft_wrap=True)
            sys.exit(1)
        except KeyboardInterrupt:
            bar.stop()
            app.err.print(INTERRUPTED)
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
    headers = ["Organisation", "Documents", "PDF pages", "Seconds", "Warnings", "Result"]
    rows: list[list[Cell]] = []
    done = {r.organisation: r for r in results}
    for org_id in sorted({*done, *invalid}):
        if org_id in invalid:
            problems = f"problems in {', '.join(invalid[org_id])}"
            rows.append([org_id, "", "", "", [problems], Text("invalid", style="bold red")])
            continue
        result = done[org_id]
        verdict = Text("failed", style="bold red") if result.error else Text("unchanged" if result.skipped else "built")
        pages = [str(result.documents or ""), str(result.pages or ""), f"{result.seconds:.1f}"]
        rows.append([result.organisation, *pages, list(result.warnings), verdict])
    print_rows(app.err, headers, rows, ids=(0,), fmt=choose_format(None, app.err))
    failed = [r for r in results if r.error]
    for result in failed:
        app.err.print(f"[red]{result.organisation} failed:[/red]")
        app.err.print(result.error, markup=False)
    for note in notes:
        app.err.print(note, style="bold", markup=False, soft_wrap=True)
    built = sum(1 for r in results if not r.skipped and not r.error)
    unchanged = sum(1 for r in results if r.skipped)
    app.err.print(f"{built} built, {unchanged} unchanged, {len(failed)} failed, {len(invalid)} invalid, into {target}.")
