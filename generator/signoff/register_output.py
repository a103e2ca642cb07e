"""The sign-off register -> a table on the terminal, or CSV for a spreadsheet: the only places its names go."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from generator.signoff.signatures import (
    ALTERED,
    CURRENT,
    NO_RE_SIGN,
    NOT_OURS,
    OUTDATED,
    TYPED,
    UNSIGNED,
    Entry,
    Missing,
    Register,
)
from generator.signoff.staff import name_key
from generator.text.csv_safety import csv_text
from generator.text.words import count

STATUS_STYLES = {
    CURRENT: "green",
    NO_RE_SIGN: "green",
    TYPED: "green",
    OUTDATED: "yellow",
    UNSIGNED: "yellow",
    ALTERED: "bold red",
    NOT_OURS: "magenta",
}
"""Every status, in the order the closing line counts them, with its colour."""
CSV_HEADER = (
    "file",
    "name",
    "job_title",
    "signed",
    "certificate",
    "certificate_trust",
    "document",
    "version",
    "reference",
    "status",
    "note",
)


def register_csv(register: Register) -> str:
    """The register as CSV: a row per line, then a row per unreadable file, then one per member of staff missing."""
    rows: list[tuple[str, ...]] = [
        (
            e.file,
            e.name,
            e.job_title,
            e.signed,
            e.certificate,
            e.trust,
            e.document,
            e.version,
            e.reference,
            e.status,
            e.note,
        )
        for e in register.entries
    ]
    rows += [(file, *[""] * 8, "unreadable", why) for file, why in register.unreadable]
    rows += [("", m.name, m.job_title, "", "", "", m.document, "", "", "missing", "") for m in register.missing or ()]
    return csv_text(CSV_HEADER, rows)


def check_private(path: Path, *, root: Path) -> None:
    """ValueError where a file that names staff would be published: in the project's build/ or site/."""
    if any(path.resolve().is_relative_to((root / folder).resolve()) for folder in ("build", "site")):
        raise ValueError(f"{path}: the register names staff, so it is never written into build/ or site/")


def print_register(register: Register, out: Console, err: Console) -> None:
    """A table per document the organisation issues, one of what is not ours, unreadable files one line each,
    who is missing, and closing lines: the certificates, the counts, and whether anyone must still sign."""
    groups: dict[str, list[Entry]] = {}
    for entry in register.entries:
        groups.setdefault(entry.document if entry.status != NOT_OURS else NOT_OURS, []).append(entry)
    for index, (group, entries) in enumerate(sorted(groups.items(), key=lambda item: (item[0] == NOT_OURS, item[0]))):
        heading = "Not ours" if group == NOT_OURS else f"{group}: {register.current.get(group, 'no longer issued')}"
        out.print(Text(heading, style="bold"), new_line_start=index > 0)
        out.print(_table(entries, foreign=group == NOT_OURS))
    for file, why in register.unreadable:
        err.print(f"{file}: {why}", markup=False, soft_wrap=True)
    for title, people in _by_document(register.missing or ()).items():
        out.print(f"\nNot signed the current text of {title} ({len(people)}):", markup=False)
        for person in people:
            job, ident = (
                (f", {person.job_title}" if person.job_title else ""),
                f" ({person.staff_id})" * bool(person.staff_id),
            )
            out.print(f"  {person.name}{job}{ident}", markup=False)
    trust = Counter(entry.trust for entry in register.entries if entry.trust)
    if trust:
        listed = ", ".join(f"{count} {kind}" for kind, count in sorted(trust.items()))
        out.print(f"\nCertificates: {listed} (reported only: a signature shows the file is unchanged).", markup=False)
    out.print(_closing_line(register), markup=False)


def _table(entries: list[Entry], *, foreign: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    headings = ("Name", "Job title", "Signed", "Document" if foreign else "Text signed", "Status", "File")
    for heading in headings:
        table.add_column(heading, overflow="fold")
    for entry in entries:
        text = " · ".join(part for part in (entry.document if foreign else "", entry.version, entry.reference) if part)
        cells = (entry.job_title, entry.signed.removesuffix(" UTC"), text or "—")
        table.add_row(_name(entry), *(Text(cell) for cell in cells), _status(entry), Text(entry.file))
    return table


def _name(entry: Entry) -> Text:
    """The name, and the certificate's where it says another."""
    text = Text(entry.name)
    if entry.certificate and name_key(entry.certificate) != name_key(entry.name):
        text.append(f"\ncertificate: {entry.certificate}", style="dim")
    return text


def _status(entry: Entry) -> Text:
    text = Text(entry.status, style=STATUS_STYLES[entry.status])
    if entry.note:
        text.append(f"\n{entry.note}", style="dim")
    return text


def _closing_line(register: Register) -> str:
    counts = Counter(entry.status for entry in register.entries)
    summary = ", ".join(f"{counts[status]} {status}" for status in STATUS_STYLES if counts[status])
    also = f"; {len(register.unreadable)} not readable" if register.unreadable else ""
    if register.missing:
        also += f"; {len(register.missing)} on the staff list not signed"
    verdict = "someone must still sign." if register.must_sign else "nobody needs to sign."
    forms = count(len(register.entries), "signature and form", "signatures and forms")
    return f"{forms} ({summary or 'none'}){also}: {verdict}"


def _by_document(missing: Iterable[Missing]) -> dict[str, list[Missing]]:
    grouped: dict[str, list[Missing]] = {}
    for person in missing:
        grouped.setdefault(person.document, []).append(person)
    return grouped
