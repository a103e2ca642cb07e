"""The policy-pack command: validate, build, list and search the clause library. Thin: the work is elsewhere."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from generator import __version__
from generator.build import BuildResult, build_all, select, validate_project
from generator.check import template_clause_ids
from generator.errors import UserError
from generator.load import Project

err = Console(stderr=True, highlight=False)


def example(command: str) -> str:
    """A help epilog: click prints it after the options, so every command's help ends with an example."""
    return f"\b\nExample:\n  {command}"


out = Console(highlight=False)


class Context:
    def __init__(self, root: Path) -> None:
        self.root = root

    def project(self) -> Project:
        try:
            return validate_project(self.root)
        except UserError as error:
            _fail(error)
            raise AssertionError("unreachable") from None


def _fail(error: UserError) -> None:
    for problem in error.problems:
        err.print(str(problem), markup=False, soft_wrap=True)
    count = len(error.problems)
    err.print(f"{count} problem{'s' if count != 1 else ''} found; nothing was built.", style="bold red")
    sys.exit(1)


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


@main.command(epilog=example("policy-pack validate"))
@click.pass_obj
def validate(context: Context) -> None:
    """Check the library and every organisation file; print every problem with its file and line."""
    project = context.project()
    out.print(
        f"OK: {len(project.library.clauses)} clauses, {len(project.library.documents)} documents, "
        f"{len(project.organisations)} organisations."
    )


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
@click.pass_obj
def build(context: Context, organisations: tuple[str, ...], output: Path | None, jobs: int) -> None:
    """Validate, then build the site of each organisation named (all when none is).

    Writes build/<org>/site/ and build/<org>/report.json.
    """
    project = context.project()
    try:
        chosen = select(project, organisations)
    except UserError as error:
        _fail(error)
    target = output or project.root / "build"
    with err.status("Building…") as status:
        done: list[BuildResult] = []

        def progress(result: BuildResult) -> None:
            done.append(result)
            status.update(f"Built {len(done)} of {len(chosen)}: {result.organisation}")
            mark = "[green]✓[/green]" if result.error is None else "[red]✗[/red]"
            err.print(f"{mark} {result.organisation} ({result.documents} documents, {result.seconds:.1f} s)")

        results = build_all(project, chosen, target, jobs=jobs, progress=progress)
    failed = [r for r in results if r.error]
    for result in failed:
        err.print(f"[red]{result.organisation} failed:[/red]")
        err.print(result.error, markup=False)
    if failed:
        sys.exit(1)
    err.print(f"Built {len(results)} organisation{'s' if len(results) != 1 else ''} into {target}.")


@main.command(name="list", epilog=example("policy-pack list"))
@click.pass_obj
def list_(context: Context) -> None:
    """List the organisations, what they extend, and the documents each publishes."""
    from generator.inherit import settings_of

    project = context.project()
    table = Table("Organisation", "Name", "Kind", "Extends", "Documents")
    for org_id in sorted(project.organisations):
        settings = settings_of(project.organisations, org_id)
        org = settings.organisation
        table.add_row(org_id, org.name, org.kind, org.extends or "", ", ".join(settings.documents))
    out.print(table)


@main.command(epilog=example("policy-pack clauses privacy settings --topic personal-accounts"))
@click.argument("words", nargs=-1)
@click.option("--topic", help="Only clauses with this topic.")
@click.pass_obj
def clauses(context: Context, words: tuple[str, ...], topic: str | None) -> None:
    """Search the clause library by words in a clause's id, title or text, or by topic.

    Shows each clause's documents and the organisations that publish it.
    """
    from generator.inherit import settings_of

    project = context.project()
    library = project.library
    documents_of: dict[str, list[str]] = {}
    for doc_id, template in library.documents.items():
        for clause_id in template_clause_ids(template):
            documents_of.setdefault(clause_id, []).append(doc_id)
    publishers: dict[str, list[str]] = {}
    for org_id in sorted(project.organisations):
        settings = settings_of(project.organisations, org_id)
        for doc_id, plan in settings.documents.items():
            publishers.setdefault(doc_id, []).append(org_id)
            for local, _ in plan.add:
                documents_of.setdefault(local.id, [doc_id])
    needles = [w.lower() for w in words]
    table = Table("Clause", "Title", "Strength", "Documents", "Organisations")
    found = 0
    for clause in library.clauses.values():
        haystack = f"{clause.id} {clause.title} {clause.text}".lower()
        if topic and topic not in clause.topics:
            continue
        if not all(n in haystack for n in needles):
            continue
        docs = documents_of.get(clause.id, [])
        orgs = sorted({org for doc in docs for org in publishers.get(doc, [])})
        table.add_row(clause.id, clause.title, clause.strength, ", ".join(docs), ", ".join(orgs))
        found += 1
    if not found:
        err.print("No clause matches.")
        sys.exit(1)
    out.print(table)
