"""Staff lists as MIS systems export them, the rule that matches names, and CSV cells a spreadsheet cannot run."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from generator.build.write import validate_project
from generator.inputs.errors import UserError
from generator.model.resolve import resolve_organisation
from generator.signoff.signatures import CURRENT, Entry, who_is_missing
from generator.signoff.staff import StaffMember, name_key, read_staff
from generator.text.csv_safety import csv_text, spreadsheet_safe


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        ("Name,Job title\nAsha Patel,Class teacher\nBen Reed,Caretaker\n", "utf-8"),
        ("\ufeffFull Name;Role;Email\nAsha Patel;Class teacher;a@example.org\nBen Reed;Caretaker;\n", "utf-8"),
        (
            "First name\tLast name\tPosition\tStart\nAsha\tPatel\tClass teacher\t2020\nBen\tReed\tCaretaker\t2021\n",
            "utf-8",
        ),
        (
            "Title,Legal Forename,Legal Surname,Staff Role\nMs,Asha,Patel,Class teacher\n,,,\nMr,Ben,Reed,Caretaker\n",
            "cp1252",
        ),
        ('"Staff name","Job Title"\r\n"Asha Patel","Class teacher"\r\n"Ben Reed","Caretaker"\r\n', "utf-8"),
    ],
    ids=["plain", "bom-semicolons", "tabs-first-last", "sims-style-cp1252", "quoted-crlf"],
)
def test_staff_lists_as_exported(tmp_path: Path, content: str, encoding: str) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(content.encode(encoding))
    assert read_staff(path, "staff.csv") == [
        StaffMember("Asha Patel", "Class teacher"),
        StaffMember("Ben Reed", "Caretaker"),
    ]


def test_windows_export_keeps_accented_names(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes("Forename,Surname\nZoë,Quinn\n".encode("cp1252"))
    assert read_staff(path, "staff.csv") == [StaffMember("Zoë Quinn", "")]


def test_a_list_without_names_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text("Payroll,Job title\n1001,Teacher\n")
    with pytest.raises(UserError) as caught:
        read_staff(path, "staff.csv")
    assert str(caught.value).startswith("staff.csv:1:1: no column of names in the header; expected a column Name")
    path.write_text("")
    with pytest.raises(UserError, match=r"staff\.csv:1:1: the staff list is empty"):
        read_staff(path, "staff.csv")


@pytest.mark.parametrize(
    ("written", "listed"),
    [
        ("  ms  ASHA   patel ", "Asha Patel"),
        ("Mrs. Jane Harper", "Jane Harper"),
        ("Patel, Asha", "Asha Patel"),
        ("Dr Femi Shah", "femi shah"),
    ],
)
def test_names_match_whatever_their_case_spacing_or_title(written: str, listed: str) -> None:
    assert name_key(written) == name_key(listed)


def test_different_people_do_not_match() -> None:
    assert name_key("Asha Patel") != name_key("Asha Patil")
    assert name_key("Miss") == "miss"  # a title alone is kept: it is all the name there is


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formulas_become_text(start: str) -> None:
    assert spreadsheet_safe(f"{start}1+1") == f"'{start}1+1"


def test_ordinary_cells_are_unchanged() -> None:
    assert [spreadsheet_safe(v) for v in ("Asha Patel", "2026-09-02", "", None, 3)] == [
        "Asha Patel",
        "2026-09-02",
        "",
        "",
        "3",
    ]


def test_csv_text_quotes_and_neutralises() -> None:
    text = csv_text(["name", "note"], [['=HYPERLINK("http://evil.example")', 'says "hi", twice']])
    assert list(csv.reader(io.StringIO(text))) == [
        ["name", "note"],
        ['\'=HYPERLINK("http://evil.example")', 'says "hi", twice'],
    ]


def test_the_deviation_matrix_is_spreadsheet_safe_too() -> None:
    from generator.model.deviations import Deviation, deviations_csv

    rows = [Deviation("x-school", "=cmd|' /C calc'!A0", "policy", "reworded", "intro", "@SUM(A1)", "-1", "board@1")]
    assert list(csv.reader(io.StringIO(deviations_csv(rows))))[1] == [
        "x-school",
        "'=cmd|' /C calc'!A0",
        "policy",
        "reworded",
        "intro",
        "'@SUM(A1)",
        "'-1",
        "board@1",
    ]


def test_a_cell_over_the_csv_limit_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text('Name,Role\nSam Lee,Teacher\n"' + "a" * 200_000 + '",Cook\n', encoding="utf-8")
    with pytest.raises(UserError) as caught:
        read_staff(path, "staff.csv")
    assert str(caught.value) == (
        "staff.csv:3:1: cannot read the staff list: a cell is longer than 131,072 characters; "
        "expected names and job titles, one row each"
    )


def test_names_job_titles_and_ids_are_read_without_terminal_codes(tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text("Staff ID,Name,Job title\nE1,Sam\x1b[2J Lee,Teacher\u202e\nE2,Sam Lee,Cook\n", encoding="utf-8")
    assert read_staff(path, "staff.csv") == [
        StaffMember("Sam?[2J Lee", "Teacher?", "E1"),
        StaffMember("Sam Lee", "Cook", "E2"),
    ]


def entry(name: str, job_title: str, document: str) -> Entry:
    return Entry("form.pdf", "ack_signature", name, job_title, "", "", "", document, "1.0", "abcd1234", CURRENT)


def test_two_people_of_one_name_are_told_apart_by_job_title(minimal: Path) -> None:
    [policy] = resolve_organisation(validate_project(minimal), "school").documents
    staff = [StaffMember("Sam Lee", "Teacher", "E1"), StaffMember("Sam Lee", "Cook", "E2"), StaffMember("Ann Orr", "")]
    signed = [entry("Sam Lee", "teacher", policy.id), entry("Ann Orr", "Governor", policy.id)]
    missing = who_is_missing(staff, signed, [policy])
    assert [(m.name, m.job_title, m.staff_id) for m in missing] == [("Sam Lee", "Cook", "E2")]
    assert len(who_is_missing(staff, [entry("Sam Lee", "Caretaker", policy.id)], [policy])) == 3
