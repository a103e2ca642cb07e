"""The new command: a commented starter file for an organisation."""

from __future__ import annotations

import datetime
import sys

import click

from generator.cli import app
from generator.cli.app import Context, example, main


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
    from generator.checks.starter import StarterError, starter, write_starter

    if publisher is not None and publisher in context.validation().invalid():
        context.project(naming=[publisher])  # exits, naming the problems in the files the publisher is made from
    project = context.project()
    try:
        written = write_starter(project, starter(project, kind, organisation, publisher, datetime.date.today()))
    except StarterError as error:
        app.err.print(f"{error}; nothing was written.", markup=False, soft_wrap=True)
        sys.exit(1)
    for path in written:
        app.err.print(f"Wrote {path.relative_to(project.root)}", markup=False, soft_wrap=True)
    app.err.print("Replace each FILL IN value, then run `policy-pack validate`.")
