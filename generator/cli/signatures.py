"""The signatures command: the sign-off register from a folder of returned PDFs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator.cli import app
from generator.cli.app import Context, example, main
from generator.inputs.errors import UserError


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
    from generator.signoff.register_output import check_private, print_register, register_csv
    from generator.signoff.signatures import sign_off_register
    from generator.signoff.staff import read_staff
    from generator.text.csv_safety import write_csv

    project = context.project(naming=[organisation])
    try:
        if csv_file:
            check_private(csv_file, root=project.root)
        staff = read_staff(staff_file, str(staff_file)) if staff_file else None
        register = sign_off_register(
            project, organisation, folder, staff=staff, jobs=os.cpu_count() or 1, require_digital=require_digital
        )
        print_register(register, app.out, app.err)
        if csv_file:
            write_csv(csv_file, register_csv(register))
    except UserError as error:
        for problem in error.problems:
            app.err.print(str(problem), markup=False, soft_wrap=True)
        sys.exit(1)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    except OSError as error:
        app.err.print(f"{csv_file}: {error.strerror or error}", markup=False)
        sys.exit(1)
    sys.exit(0 if register.complete else 1)
