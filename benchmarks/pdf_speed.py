"""A long synthetic document -> render_pdf timings: median seconds of five warm renders, page count, peak RSS.

Run with `python benchmarks/pdf_speed.py`. It prints figures and asserts nothing: timings belong to the machine.
The document is the minimal fixture's school document with its sections repeated and filled with generated
clauses (numbered, lettered, bulleted and plain, with nested items and links), about 29 pages long. Every
timed render changes the document's version, so no render reuses the layout of another.
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import time
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader

from generator.build.write import validate_project
from generator.editions.pdf.typeset import render_pdf
from generator.model.resolve import resolve_organisation
from generator.model.resolved import ResolvedClause, ResolvedDocument, ResolvedSection

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
SENTENCE = (
    "Staff should think carefully before they post, share or comment on anything that could identify a pupil, "
    "and should ask the *Designated Safeguarding Lead* when they are unsure. "
)
NUMBERINGS = ("decimal", "bullets", "none", "alpha")
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def clause(ident: str, number: str, sentences: int, *, items: tuple[ResolvedClause, ...] = ()) -> ResolvedClause:
    """A generated clause of ``sentences`` sentences."""
    text = SENTENCE * sentences + "See [the guidance](https://www.gov.uk/) for more."
    return ResolvedClause(ident, ident, number, text.strip(), ("staff",), "should", 1, "library", items, "roman")


def section(index: int, clauses: int) -> ResolvedSection:
    """Section ``index`` with ``clauses`` clauses, numbered in one of the four ways the library uses."""
    numbering = NUMBERINGS[index % len(NUMBERINGS)]
    body = []
    for position in range(1, clauses + 1):
        number = {"decimal": f"{index}.{position}", "alpha": f"({LETTERS[position - 1]})"}.get(numbering, "")
        items = tuple(clause(f"s{index}-c{position}-i{i}", f"({'i' * i})", 1) for i in (1, 2, 3))
        body.append(clause(f"s{index}-c{position}", number, 2 + position % 3, items=items if position == 2 else ()))
    return ResolvedSection(f"section-{index}", str(index), f"Section {index} of the policy", numbering, tuple(body))


def long_document(document: ResolvedDocument, *, sections: int, clauses: int) -> ResolvedDocument:
    """``document`` with its sections replaced by generated ones."""
    return replace(document, sections=tuple(section(index, clauses) for index in range(1, sections + 1)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=18, help="generated sections (default 18)")
    parser.add_argument("--clauses", type=int, default=9, help="clauses per section (default 9)")
    parser.add_argument("--runs", type=int, default=5, help="timed renders after the warm-up (default 5)")
    arguments = parser.parse_args()

    organisation = resolve_organisation(validate_project(MINIMAL), "school")
    document = long_document(organisation.documents[0], sections=arguments.sections, clauses=arguments.clauses)
    templates = MINIMAL / "templates"

    import_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pdf = render_pdf(organisation, document, templates=templates)
    seconds, cpu_seconds = [], []
    for run in range(arguments.runs):
        # Each run has another version, printed on every page: Typst lays the document out afresh rather than
        # reusing what it memoised for the same input.
        changed = replace(document, version=f"1.{run + 1}")
        started, cpu_started = time.perf_counter(), time.process_time()
        render_pdf(organisation, changed, templates=templates)
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)

    # ru_maxrss is in kilobytes on Linux.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"pages: {pages}")
    print(f"median seconds: {statistics.median(seconds):.3f} (runs: {', '.join(f'{s:.3f}' for s in seconds)})")
    # CPU time is what this process used: on a shared machine it moves less than the wall clock.
    print(f"median CPU seconds: {statistics.median(cpu_seconds):.3f}")
    print(f"peak RSS MB: {peak_mb:.0f} (after imports and before the first render: {import_mb:.0f})")
    print(f"PDF bytes: {len(pdf)}")


if __name__ == "__main__":
    main()
