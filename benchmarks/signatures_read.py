"""500 returned forms -> seconds to read them into the sign-off register, in process and with the whole command.

Run with `python benchmarks/signatures_read.py`. It prints figures and asserts nothing: timings belong to the machine.
It renders willowbrook-primary's policy (a fictional school), fills and signs the staff acknowledgement in a
different made-up name on each copy, each with its own throwaway certificate (scripts/sign_example.py), then
times `sign_off_register` on one process per core and `policy-pack signatures` as a user runs it.
With --countersigned every copy starts from the policy already signed by the Headteacher and the Chair of
Governors, as a school that signs first and then hands the policy out would return them.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from generator.build.write import validate_project
from generator.editions.pdf.typeset import render_pdf
from generator.model.resolve import resolve_organisation
from generator.signoff.signatures import sign_off_register

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import sign_example  # noqa: E402

ORGANISATION = "willowbrook-primary"
FORENAMES = ("Asha", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Hari", "Iris", "Jon", "Kate", "Liam")
SURNAMES = ("Patel", "Reed", "Okoro", "Novak", "Evans", "Shah", "Walsh", "Brown", "Singh", "Quinn", "Hughes")


def issued_pdf(countersigned: bool) -> bytes:
    """The organisation's policy as the build issues it, signed by its signatories first if asked."""
    project = validate_project(ROOT)
    organisation = resolve_organisation(project, ORGANISATION)
    pdf = render_pdf(organisation, organisation.documents[0], templates=ROOT / "templates")
    if countersigned:
        for role, name in (("headteacher", "Mrs Ruth Okafor"), ("chair_of_governors", "Mr David Lowe")):
            pdf = sign_example.fill_fields(pdf, {f"date_{role}": "01/09/2026"})
            pdf = sign_example.sign_field(pdf, f"signature_{role}", sign_example.throwaway_signer(name))
    return pdf


def returned_form(args: tuple[bytes, int, Path]) -> None:
    """Copy ``index``, filled and signed in its own made-up name."""
    pdf, index, folder = args
    name = f"{FORENAMES[index % len(FORENAMES)]} {SURNAMES[index // len(FORENAMES) % len(SURNAMES)]} {index}"
    values = {"ack_print_name": name, "ack_job_title": "Teaching assistant", "ack_date": "02/09/2026"}
    signed = sign_example.sign_field(
        sign_example.fill_fields(pdf, values), "ack_signature", sign_example.throwaway_signer(name)
    )
    (folder / f"form-{index:04d}.pdf").write_bytes(signed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=500, help="returned forms (default 500)")
    parser.add_argument("--countersigned", action="store_true", help="start from a copy the signatories signed")
    args = parser.parse_args()
    jobs = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "returned"
        folder.mkdir()
        started = time.perf_counter()
        pdf = issued_pdf(args.countersigned)
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(returned_form, [(pdf, index, folder) for index in range(args.forms)], chunksize=16))
        print(f"made {args.forms} signed forms in {time.perf_counter() - started:.1f} s")
        project = validate_project(ROOT)
        with measured(f"register of {args.forms} forms on {jobs} processes", args.forms):
            register = sign_off_register(project, ORGANISATION, folder, jobs=jobs)
        print(f"  statuses: {dict(Counter(entry.status for entry in register.entries))}")
        command = [sys.executable, "-m", "generator", "--project", str(ROOT), "signatures", ORGANISATION, str(folder)]
        with measured(f"`policy-pack signatures` on {args.forms} forms", args.forms):
            done = subprocess.run(command, capture_output=True, text=True, check=False)
        print(f"  exit {done.returncode}; load average while measuring {os.getloadavg()[0]:.1f} on {jobs} cores")


@contextmanager
def measured(what: str, forms: int) -> Iterator[None]:
    """Print the wall-clock time and the processor time of this process and its finished children.

    On a machine shared with other work the wall clock waits for processors; the processor time divided by the
    cores is what the same run takes on an idle machine.
    """
    wall, cpu = time.perf_counter(), _cpu_seconds()
    yield
    wall, cpu = time.perf_counter() - wall, _cpu_seconds() - cpu
    print(f"{what}: {wall:.2f} s wall, {cpu:.2f} s of processor time ({cpu / forms * 1000:.1f} ms a form)")


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
