"""The validate command: every problem in the project, and the warnings."""

from __future__ import annotations

import click

from generator.checks.notices import library_warnings, organisation_warnings
from generator.cli import app
from generator.cli.app import Context, example, fail, main, print_warnings
from generator.text.words import count


@main.command(epilog=example("policy-pack validate"))
@click.pass_obj
def validate(context: Context) -> None:
    """Check the library and every organisation file; print every problem with its file and line.

    Warnings (colours that fail WCAG AA contrast, a logo or documents only inherited, links that will be
    dropped) do not stop a build, but the organisation should know.
    """
    validation = context.validation()
    project = validation.project
    print_warnings(library_warnings(project))
    for org_id in validation.buildable():
        print_warnings(organisation_warnings(project, org_id))
    if validation.problems:
        invalid = validation.invalid()
        fail(
            validation.problems,
            f"{len(invalid)} of {count(len(invalid) + len(validation.buildable()), 'organisation')} cannot be built.",
        )
    app.out.print(
        f"OK: {count(len(project.library.clauses), 'clause')}, {count(len(project.library.documents), 'document')}, "
        f"{count(len(project.organisations), 'organisation')}."
    )
