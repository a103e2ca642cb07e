"""Releases, change reports, review dates and deviations: on the shipped organisations and on the tiny fixture."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build.write import validate_project, write_release
from generator.cli import main
from generator.model.deviations import deviations, deviations_csv
from generator.model.lifecycle import change_report, new_release, word_diff
from generator.model.resolve import resolve_organisation
from generator.model.review import review_calendar, review_state
from tests.conftest import ROOT


def released_fixture(minimal: Path) -> Path:
    """The fixture with a 1.0 release of the board that the school adopted."""
    release = new_release(
        validate_project(minimal), "board", version="1.0", notes="First.", date=datetime.date(2025, 6, 1)
    )
    write_release(minimal, "board", release)
    school = minimal / "schools" / "school.yml"
    school.write_text(school.read_text() + "adopted_from: board@1.0\n")
    return minimal


def test_shipped_school_report() -> None:
    report = change_report(validate_project(ROOT), "willowbrook-primary")
    assert report is not None
    assert (report.publisher, report.adopted, report.current) == ("kestrel-vale-partnership", "2025.1", "2026.1")
    kinds = {(c.clause, c.kind, c.conflict) for c in report.changes}
    assert ("what-is-social-media", "reworded", False) in kinds
    assert ("parents-refer-to-acceptable-use-policy", "reworded", True) in kinds
    assert ("no-ai-images-of-pupils", "added", False) in kinds
    assert ("handle-offensive-comments", "locked", False) in kinds
    assert report.re_sign("social-media-template-policy")


def test_unchanged_publisher_reports_nothing(minimal: Path) -> None:
    project = validate_project(released_fixture(minimal))
    report = change_report(project, "school")
    assert report is not None and report.changes == ()


def test_board_changes_are_reported_clause_by_clause(minimal: Path) -> None:
    released_fixture(minimal)
    board = minimal / "schools" / "board.yml"
    board.write_text(
        board.read_text().replace("locked: [privacy-settings]", "locked: [privacy-settings, no-personal-use]")
        + "    exclude: [training]\n    reword:\n      purpose: This policy explains how {{ organisation_name }} uses it.\n"
    )
    board.write_text(board.read_text().replace("  staff-policy: {}\n", "  staff-policy:\n"))
    school = minimal / "schools" / "school.yml"
    school.write_text(school.read_text().replace("    exclude: [training]\n", ""))
    project = validate_project(minimal)
    report = change_report(project, "school")
    assert report is not None
    found = {(c.clause, c.kind, c.conflict, c.re_sign) for c in report.changes}
    assert found == {
        ("purpose", "reworded", True, False),  # the school keeps its own wording: a conflict, nothing to re-sign
        ("training", "removed", False, True),
        ("no-personal-use", "locked", False, False),
    }


@pytest.mark.parametrize(("audience", "re_sign"), [("account-managers", False), ("staff", True)])
def test_wording_change_needs_new_signatures_only_from_readers_who_sign(
    minimal: Path, audience: str, re_sign: bool
) -> None:
    clauses = minimal / "content" / "clauses" / "basics.yml"
    training = "contact {{ training_email }}.\n  audience: [staff]"
    assert training in clauses.read_text()
    clauses.write_text(clauses.read_text().replace(training, training.replace("staff", audience)))
    school = minimal / "schools" / "school.yml"
    school.write_text(school.read_text().replace("    exclude: [training]\n", ""))
    released_fixture(minimal)
    clauses.write_text(clauses.read_text().replace("For training, contact", "For any training, contact"))
    report = change_report(validate_project(minimal), "school")
    assert report is not None
    (change,) = report.changes
    assert (change.clause, change.kind, change.re_sign) == ("training", "reworded", re_sign)
    assert report.re_sign("staff-policy") is re_sign


def test_word_diff() -> None:
    assert word_diff("a b c d", "a x c d e") == (
        ("equal", "a"),
        ("delete", "b"),
        ("insert", "x"),
        ("equal", "c d"),
        ("insert", "e"),
    )


def test_adopted_from_must_name_a_real_release(minimal: Path) -> None:
    released_fixture(minimal)
    school = minimal / "schools" / "school.yml"
    school.write_text(school.read_text().replace("adopted_from: board@1.0", "adopted_from: board@1.1"))
    result = CliRunner().invoke(main, ["--project", str(minimal), "validate"])
    assert result.exit_code == 1
    assert "adopted_from: board has no release '1.1' (did you mean '1.0'?); its releases: 1.0" in result.stderr


def test_review_states() -> None:
    (document,) = resolve_organisation(validate_project(ROOT), "willowbrook-primary").documents
    assert document.next_review == datetime.date(2027, 9, 1)
    assert review_state(document, datetime.date(2027, 6, 1)) == "current"
    assert review_state(document, datetime.date(2027, 8, 1)) == "due"
    assert review_state(document, datetime.date(2027, 9, 2)) == "overdue"


def test_a_real_organisation_without_a_date_in_its_source_is_not_yet_adopted() -> None:
    (document,) = resolve_organisation(validate_project(ROOT), "longton-primary").documents
    assert (document.adopted, document.next_review) == (None, None)
    assert review_state(document, datetime.date(2040, 1, 1)) == "not adopted"


def test_review_calendar_is_valid_and_stable() -> None:
    ics = review_calendar(resolve_organisation(validate_project(ROOT), "model-school"))
    assert ics is not None
    lines = ics.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert ics.count("BEGIN:VEVENT") == 2
    assert "DTSTART;VALUE=DATE:20270901" in lines
    assert "DTSTAMP:20260901T000000Z" in lines
    assert all(len(line.encode()) <= 75 for line in lines)


def test_a_site_with_no_review_dates_offers_no_calendar(shipped_build: Path) -> None:
    # longton-primary's source records no adoption or review date; model-school's documents have both.
    assert review_calendar(resolve_organisation(validate_project(ROOT), "longton-primary")) is None
    assert not (shipped_build / "longton-primary" / "site" / "reviews.ics").exists()
    assert "reviews.ics" not in (shipped_build / "longton-primary" / "site" / "index.html").read_text()
    assert 'href="reviews.ics"' in (shipped_build / "model-school" / "site" / "index.html").read_text()


def test_status_exits_1_when_a_review_is_overdue() -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["--project", str(ROOT), "status", "--today", "2026-03-01"])
    late = runner.invoke(main, ["--project", str(ROOT), "status", "--today", "2027-09-20"])
    assert ok.exit_code == 0, ok.output
    assert late.exit_code == 1
    assert "6 reviews are overdue." in late.stderr


def test_no_shipped_organisation_looks_lapsed(shipped_build: Path) -> None:
    pages = list(shipped_build.glob("*/site/*.html"))
    assert pages
    assert not [page for page in pages if "Review overdue" in page.read_text()]  # judged by 21 November 2026


def test_overdue_banner_on_the_site(minimal: Path) -> None:
    from generator.build.write import build_organisation

    project = validate_project(minimal)  # the fixture school adopted on 1 September 2025, reviewed every 12 months
    build_organisation(project, "school", minimal / "build", today=datetime.date(2026, 9, 2))
    page = (minimal / "build" / "school" / "site" / "staff-social-media-policy.html").read_text()
    assert "Review overdue" in page
    build_organisation(project, "school", minimal / "build", today=datetime.date(2026, 8, 31))
    assert (
        "Review overdue" not in (minimal / "build" / "school" / "site" / "staff-social-media-policy.html").read_text()
    )


def test_changes_page_and_json_in_the_build(shipped_build: Path) -> None:
    built = shipped_build / "willowbrook-primary"
    assert "What changed since we adopted" in (built / "site" / "changes.html").read_text()
    assert json.loads((built / "changes.json").read_text())["re_sign"] == {"social-media-template-policy": True}
    assert (built / "site" / "reviews.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_deviation_matrix(shipped_build: Path) -> None:
    assert deviations(validate_project(ROOT), "northamptonshire-scb") == []  # a real board: nobody shipped adopts it
    rows = deviations(validate_project(ROOT), "kestrel-vale-partnership")
    assert [(r.organisation, r.change, r.item) for r in rows] == [
        ("willowbrook-primary", "excluded", "pupils-encouraged-to-post-appropriately"),
        ("willowbrook-primary", "reworded", "parents-refer-to-acceptable-use-policy"),
        ("willowbrook-primary", "added", "willowbrook-class-whatsapp-groups"),
        ("willowbrook-primary", "parameter", "setting"),
    ]
    assert {r.release for r in rows} == {"kestrel-vale-partnership@2025.1"}
    reworded = rows[1]
    assert reworded.theirs.startswith("Please read the parent and carer section of our Acceptable Use Policy")
    assert reworded.ours.startswith("Please refer to the parent/carer section")
    assert (rows[3].theirs, rows[3].ours) == ("school", "school or organisation")
    assert deviations_csv(rows).splitlines()[0] == (
        "organisation,name,document,change,clause_or_parameter,their_words,our_words,adopted"
    )
    site = shipped_build / "kestrel-vale-partnership" / "site"
    assert "Deviations from our model" in (site / "deviations.html").read_text()
    assert 'href="deviations.html"' not in (site / "index.html").read_text()  # built, but by its link only
    assert "deviations.html" not in (site / "search" / "search_index.json").read_text()


def test_release_command_records_a_release(minimal: Path) -> None:
    args = ["--project", str(minimal), "release", "board", "1.0", "--notes", "First.", "--date", "2025-06-01"]
    assert CliRunner().invoke(main, args).exit_code == 0
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 1 and "board already has a release 1.0" in again.stderr
    assert validate_project(minimal).releases["board"][0].version == "1.0"


def test_release_command_input_is_checked_in_our_words_and_nothing_is_recorded(minimal: Path) -> None:
    args = ["--project", str(minimal), "release", "board", "1.0", "--notes", "x" * 301, "--date", "1980-01-01"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "--date: 1980-01-01 is out of range: expected a date at least 1990-01-01",
        "--notes: text is 301 characters long; the limit is 300 characters",
        "Nothing was recorded.",
    ]
    assert "pydantic" not in result.stderr and "validation error" not in result.stderr
    assert not (minimal / "releases").exists()


def test_a_release_file_with_a_mistake_is_reported_at_its_line(minimal: Path) -> None:
    released_fixture(minimal)
    path = minimal / "releases" / "board.yml"
    text = path.read_text()
    path.write_text(
        text.replace("  notes: First.\n", "  notse: First.\n").replace("  date: '2025-06-01'", "  date: 2025-13-01")
    )
    code = CliRunner().invoke(main, ["--project", str(minimal), "validate"])
    assert code.exit_code == 1
    lines = code.stderr.splitlines()
    at = {line.split(": ", 1)[0].rsplit(":", 2)[0] for line in lines if line.startswith("releases/")}
    assert at == {"releases/board.yml"}
    assert any(
        line.endswith(
            "[0].notse: unknown key (did you mean 'notes'?); expected one of: version, date, notes, documents"
        )
        for line in lines
    ), lines
    assert any(line.endswith("[0].notes: required key is missing") for line in lines), lines
    assert any(
        line.endswith("[0].date: '2025-13-01' is not a real date: expected YYYY-MM-DD, e.g. 2025-09-01")
        for line in lines
    )
    assert "pydantic" not in code.stderr and "Field required" not in code.stderr


def test_a_release_marks_the_publishers_rewording_and_keeps_the_librarys_version(minimal: Path) -> None:
    board = minimal / "schools" / "board.yml"
    reword = "  staff-policy:\n    reword:\n      purpose: This policy explains how {{ organisation_name }} uses it.\n"
    board.write_text(board.read_text().replace("  staff-policy: {}\n", reword))
    project = validate_project(minimal)
    release = new_release(project, "board", version="1.0", notes="First.", date=datetime.date(2025, 6, 1))
    write_release(minimal, "board", release)
    released = validate_project(minimal).releases["board"][0].documents["staff-policy"]
    assert released["purpose"].reworded_by == "board" and released["training"].reworded_by is None
    assert released["purpose"].version == project.library.clauses["purpose"].version
    assert released["purpose"].text.startswith("This policy explains how")


def test_changes_page_is_by_link_only_by_default_and_can_be_public_or_left_out(minimal: Path) -> None:
    from generator.build.write import build_organisation

    released_fixture(minimal)
    school = minimal / "schools" / "school.yml"
    site = minimal / "build" / "school" / "site"
    build_organisation(validate_project(minimal), "school", minimal / "build")
    assert (site / "changes.html").is_file()
    assert 'href="changes.html"' not in (site / "index.html").read_text()  # not in the navigation
    assert "changes.html" not in (site / "search" / "search_index.json").read_text()  # nor found by search
    school.write_text(school.read_text() + "changes_page: public\n")
    build_organisation(validate_project(minimal), "school", minimal / "build")
    assert 'href="changes.html"' in (site / "index.html").read_text()
    assert "changes.html" in (site / "search" / "search_index.json").read_text()
    school.write_text(school.read_text().replace("changes_page: public", "changes_page: off"))
    build_organisation(validate_project(minimal), "school", minimal / "build")
    assert not (site / "changes.html").exists()
    assert not (minimal / "build" / "school" / "changes.json").exists()


def test_template_only_changes_are_not_reported_to_adopters(tmp_path: Path) -> None:
    import shutil

    project_root = tmp_path / "project"
    for folder in ("content", "templates", "schools", "releases"):
        shutil.copytree(ROOT / folder, project_root / folder)
    shutil.copyfile(ROOT / "mkdocs.yml", project_root / "mkdocs.yml")
    board = project_root / "schools" / "kestrel-vale-partnership.yml"
    board.write_text(
        board.read_text().replace(
            "    reword:\n",
            "    reword:\n      board-disclaimer: The partnership accepts no responsibility for this model.\n",
        )
    )
    report = change_report(validate_project(project_root), "willowbrook-primary")
    assert report is not None
    assert "board-disclaimer" not in {c.clause for c in report.changes}
    assert "what-is-social-media" in {c.clause for c in report.changes}


def test_changes_in_a_conflict_shows_both_wordings_marks_locks_and_ends_with_the_next_step() -> None:
    result = CliRunner().invoke(main, ["--project", str(ROOT), "changes", "willowbrook-primary"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    conflict = next(i for i, line in enumerate(lines) if "CONFLICT" in line)
    header, rows = lines[conflict + 1], "\n".join(lines[conflict + 2 : conflict + 5])
    assert "Our wording (what our readers read)" in header and "kestrel-vale-partnership's new wording" in header
    side_by_side = next(line for line in lines[conflict + 2 :] if "Please read the parent and carer" in line)
    assert "Please refer to the parent/carer section within the Acceptable Use Policy [-document.-]" in side_by_side
    assert "Please read the parent and carer" in rows
    assert "no-ai-images-of-pupils · added  LOCKED: a new clause to keep as written" in result.stdout
    assert "handle-offensive-comments · locked  NEWLY LOCKED: keep it as written from now on" in result.stdout
    assert lines[-5:] == [
        "Next:",
        "  1. Compare your wording of parents-refer-to-acceptable-use-policy with kestrel-vale-partnership's new one "
        "above: keep it, change it, or delete it from reword in schools/willowbrook-primary.yml to take theirs.",
        "  2. Adopt the release: policy-pack adopt willowbrook-primary 2026.1 (it sets adopted_from in "
        "schools/willowbrook-primary.yml and the date).",
        "  3. Run: policy-pack validate && policy-pack build willowbrook-primary",
        "  4. Ask staff to sign the new text of social-media-template-policy.",
    ]


def test_the_change_page_shows_our_wording_beside_the_publishers(shipped_build: Path) -> None:
    page = (shipped_build / "willowbrook-primary" / "site" / "changes.html").read_text()
    compare = page[page.index('<div class="clause-compare">') :]
    ours, theirs = compare.index("Our wording"), compare.index("new wording")
    assert ours < compare.index("Please read the parent and carer section of our Acceptable Use Policy") < theirs
    assert "Kestrel Vale Safeguarding Children Partnership locks this new clause" in page
