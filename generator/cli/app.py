"""The policy-pack command group and what its commands share: the project context, errors, output."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from generator import __version__
from generator.build.validation_cache import cached_validation
from generator.build.write import select
from generator.checks.validation import Validation, validate_estate
from generator.inputs.errors import Problem, UserError
from generator.inputs.load import Project
from generator.text.tables import FORMATS, PlainConsole
from generator.text.words import count

err = PlainConsole(stderr=True, highlight=False)
F = TypeVar("F", bound=Callable[..., Any])


def example(command: str) -> str:
    """A help epilog: click prints it after the options, so every command's help ends with an example."""
    return f"\b\nExample:\n  {command}"


out = PlainConsole(highlight=False)


class Context:
    def __init__(self, root: Path) -> None:
        self.root = root

    def validation(self, *, building_into: Path | None = None) -> Validation:
        """The project and every problem in it; exits with every problem if the library itself is broken.

        A build (into ``building_into``) keeps the validation there for the next, which reuses it if nothing it
        depends on changed (see generator.build.validation_cache).
        """
        outcome = "nothing was built." if building_into else "every organisation needs these fixed first."
        try:
            if building_into is None:
                validation = validate_estate(self.root)
            else:
                validation = cached_validation(self.root, building_into)
        except UserError as error:
            fail(error.problems, outcome)
        if validation.library:
            fail(validation.problems, outcome)
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
            no_such(error)
        for name in naming:
            if not validation.valid(name):
                fail(validation.blocking(name), f"{name} is made from these files: fix them first.")
        warn_invalid(validation.invalid())
        return validation.valid_project()


def fail(problems: list[Problem], outcome: str = "") -> NoReturn:
    """Print every problem and a closing count, and exit 1."""
    for problem in problems:
        err.print(str(problem), markup=False, soft_wrap=True)
    closing = f"{count(len(problems), 'problem')} found"
    err.print(f"{closing}; {outcome}" if outcome else f"{closing}.", style="bold red")
    sys.exit(1)


def no_such(error: UserError) -> NoReturn:
    """Organisations named on the command line that do not exist: one line each, with a suggestion."""
    for problem in error.problems:
        err.print(problem.message, markup=False, soft_wrap=True)
    sys.exit(1)


def warn_invalid(invalid: list[str]) -> None:
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


def print_warnings(warnings: list[Problem]) -> None:
    for warning in warnings:
        err.print(f"warning: {warning}", style="yellow", markup=False, soft_wrap=True)
