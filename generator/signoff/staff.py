"""A staff list as a school's MIS exports it (CSV) -> names and job titles; and the rule that matches two names.

Exports differ: a byte-order mark, commas or semicolons or tabs, one name column or forename and surname, a job
title called role or post, and columns nobody asked for. All are read; names match whatever their case, spacing
or courtesy title, and "Surname, Forename" matches "Forename Surname".
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from generator.inputs.errors import Problem, UserError
from generator.text.terminal_text import printable

FULL_NAME = ("name", "fullname", "staffname", "employeename", "displayname", "legalname", "knownas")
FORENAME = ("forename", "firstname", "givenname", "legalforename", "preferredforename", "knownasforename")
SURNAME = ("surname", "lastname", "familyname", "legalsurname", "preferredsurname")
JOB_TITLE = ("jobtitle", "role", "jobrole", "post", "position", "staffrole", "roletitle", "job")
STAFF_ID = ("staffid", "employeeid", "employeenumber", "staffnumber", "payrollnumber", "staffcode", "personid", "id")
COURTESY_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "sir", "dame"}


@dataclass(frozen=True)
class StaffMember:
    """One row of the staff list."""

    name: str
    job_title: str
    staff_id: str = ""
    """The MIS's id for the person, where the list has an id column: two people of one name are told apart."""


def read_staff(path: Path, shown_as: str) -> list[StaffMember]:
    """Every member of staff in an MIS export; UserError (file:line:col: message) if it has no column of names."""
    text = _decode(path.read_bytes())
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = _rows(text, dialect, shown_as)
    if not rows:
        raise UserError(
            [
                Problem(
                    shown_as,
                    1,
                    1,
                    "",
                    "the staff list is empty; expected a header row, then one row per member of staff",
                )
            ]
        )
    header = [_key(cell) for cell in rows[0]]
    full = _column(header, FULL_NAME)
    forename, surname = _column(header, FORENAME), _column(header, SURNAME)
    job, ident = _column(header, JOB_TITLE), _column(header, STAFF_ID)
    if full is None and (forename is None or surname is None):
        expected = "a column Name (or Full name, Staff name), or Forename and Surname (or First name and Last name)"
        raise UserError([Problem(shown_as, 1, 1, "", f"no column of names in the header; expected {expected}")])
    staff = []
    for row in rows[1:]:
        if full is not None:
            name = _cell(row, full)
        else:
            assert forename is not None and surname is not None
            name = f"{_cell(row, forename)} {_cell(row, surname)}"
        if name.strip():
            job_title, staff_id = (_cell(row, column) if column is not None else "" for column in (job, ident))
            staff.append(StaffMember(printable(" ".join(name.split())), printable(job_title), printable(staff_id)))
    return staff


def _rows(text: str, dialect: type[csv.Dialect] | csv.Dialect, shown_as: str) -> list[list[str]]:
    """The rows that hold something; UserError naming the line where the CSV reader gave up (a cell over its
    limit of 131,072 characters, say)."""
    reader = csv.reader(text.splitlines(), dialect)
    try:
        return [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as error:
        too_long = f"a cell is longer than {csv.field_size_limit():,} characters"
        reason = too_long if "field larger than field limit" in str(error) else str(error)
        problem = f"cannot read the staff list: {reason}; expected names and job titles, one row each"
        raise UserError([Problem(shown_as, reader.line_num, 1, "", problem)]) from None


def job_key(job_title: str) -> str:
    """The form of a job title that matching compares: lower case, single spaces."""
    return " ".join(job_title.casefold().split())


def name_key(name: str) -> str:
    """The form of a name that matching compares: lower case, single spaces, no courtesy title, forename first."""
    if name.count(",") == 1:
        surname, forename = name.split(",")
        name = f"{forename} {surname}"
    words = re.sub(r"[.\s]+", " ", name).casefold().split()
    while len(words) > 1 and words[0] in COURTESY_TITLES:
        words.pop(0)
    return " ".join(words)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252, as older exports from Excel are."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _key(heading: str) -> str:
    return re.sub(r"[^a-z]", "", heading.casefold())


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    """The first column whose heading is one of ``names`` (in their order of preference)."""
    for name in names:
        if name in header:
            return header.index(name)
    return None


def _cell(row: list[str], index: int) -> str:
    return row[index].strip() if index < len(row) else ""
