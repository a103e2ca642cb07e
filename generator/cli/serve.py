"""The serve command: a live preview of one organisation's site."""

from __future__ import annotations

import click

from generator.cli.app import Context, example, main
from generator.inputs.errors import did_you_mean


@main.command(epilog=example("policy-pack serve willowbrook-primary --port 8001"))
@click.argument("organisation", required=False)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.pass_obj
def serve(context: Context, organisation: str | None, port: int) -> None:
    """Preview ORGANISATION's site on http://127.0.0.1:PORT/, rebuilt and reloaded on every save.

    Watches content/, schools/ (with the logos), templates/, releases/ and mkdocs.yml. While the files the site
    is made from are invalid, every page shows their problems instead of the site. ORGANISATION may be left app.out
    when there is one.
    """
    from generator.build.preview import serve as serve_preview
    from generator.inputs.project_files import organisation_ids

    names = organisation_ids(context.root)
    if organisation is None and len(names) != 1:
        raise click.UsageError(f"name the organisation to preview: one of {', '.join(names)}")
    if organisation is not None and organisation not in names:
        raise click.UsageError(f"no organisation {organisation!r}{did_you_mean(organisation, names)}")
    serve_preview(context.root, organisation or names[0], port=port)
