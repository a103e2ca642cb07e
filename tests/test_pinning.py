"""Pinning: an organisation publishes the release it adopted, with its own changes on top, until it adopts another.

On the tiny fixture: the board releases 1.0, the school adopts it, the board rewords a clause, adds one and
releases 2.0; the school's site, PDF and Word file still carry 1.0's text.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import docx
from click.testing import CliRunner
from pypdf import PdfReader

from generator.build.write import validate_project
from generator.cli import main
from generator.model.resolve import resolve_organisation
from tests.conftest import ROOT

OLD = "That they should not access these sites for personal use during working hours;"
NEW = "That they never use these sites for personal reasons at work;"
ADDED = "Staff report any message from a pupil to the designated safeguarding lead."


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(main, ["--project", str(project), *args])
    return result.exit_code, result.stdout, result.stderr


def two_releases(minimal: Path) -> Path:
    """The board releases 1.0, the school adopts it, the board changes and releases 2.0."""
    code, _, err = run(minimal, "release", "board", "1.0", "--notes", "First.", "--date", "2025-06-01")
    assert code == 0, err
    school = minimal / "schools" / "school.yml"
    school.write_text(school.read_text() + "adopted_from: board@1.0\n")
    board = minimal / "schools" / "board.yml"
    board.write_text(
        board.read_text().replace(
            "  staff-policy: {}\n",
            f"  staff-policy:\n    reword:\n      no-personal-use: {NEW}\n"
            f"    add:\n      - id: pupil-messages\n        title: Messages from pupils\n        text: {ADDED}\n"
            "        after: privacy-settings\n",
        )
    )
    code, _, err = run(minimal, "release", "board", "2.0", "--notes", "Second.", "--date", "2027-03-01")
    assert code == 0, err
    return minimal


def texts(project: Path) -> dict[str, str]:
    """What the school's built site page, PDF and Word file say."""
    code, _, err = run(project, "build", "school")
    assert code == 0, err
    out = project / "build" / "school"
    pdf = " ".join(
        (page.extract_text() or "") for page in PdfReader(out / "pdf" / "staff-social-media-policy.pdf").pages
    )
    word = "\n".join(p.text for p in docx.Document(str(out / "docx" / "staff-social-media-policy.docx")).paragraphs)
    page = (out / "site" / "staff-social-media-policy.html").read_text()
    return {"site": page, "pdf": " ".join(pdf.split()), "word": word}


def test_a_pinned_school_publishes_the_release_it_adopted(minimal: Path) -> None:
    project = two_releases(minimal)
    for medium, text in texts(project).items():
        assert "personal use during" in text, medium
        assert "never use these sites" not in text and "message from a pupil" not in text, medium
    document = resolve_organisation(validate_project(project), "school").documents[0]
    assert [c.id for c in document.clauses()].count("pupil-messages") == 0
    board = resolve_organisation(validate_project(project), "board").documents[0]
    assert any(c.text == NEW for c in board.clauses()) and any(c.id == "pupil-messages" for c in board.clauses())


def test_the_school_keeps_its_own_changes_on_the_pinned_text(minimal: Path) -> None:
    project = two_releases(minimal)
    document = resolve_organisation(validate_project(project), "school").documents[0]
    ids = [c.id for c in document.clauses()]
    assert "training" not in ids and "class-blog" in ids
    assert ids.index("class-blog") == ids.index("privacy-settings") + 1
    purpose = next(c for c in document.clauses() if c.id == "purpose")
    assert purpose.text == "This policy sets out how Example Primary School and its staff use social media."


def test_the_library_release_is_pinnable(minimal: Path) -> None:
    code, _, err = run(minimal, "release", "library", "1.0", "--notes", "First.", "--date", "2025-06-01")
    assert code == 0, err
    board = minimal / "schools" / "board.yml"
    board.write_text(board.read_text() + "adopted_from: library@1.0\n")
    clauses = minimal / "content" / "clauses" / "basics.yml"
    clauses.write_text(clauses.read_text().replace("For training, contact", "For any training, contact"))
    document = resolve_organisation(validate_project(minimal), "board").documents[0]
    training = next(c for c in document.clauses() if c.id == "training")
    assert training.text.startswith("For training, contact")


def test_versions_are_the_ones_publishers_issued(minimal: Path) -> None:
    project = validate_project(two_releases(minimal))
    school = resolve_organisation(project, "school").documents[0]
    board = resolve_organisation(project, "board").documents[0]
    assert (school.version, board.version) == ("1.0 + local changes", "2.0")
    assert school.identification() == f"Version 1.0 + local changes · Reference {school.content_hash}"


def test_the_real_bodies_show_no_version_and_nothing_not_recorded() -> None:
    from generator.build.write import plan_site

    project = validate_project(ROOT)
    for org_id in ("longton-primary", "northamptonshire-scb", "vision-for-education"):
        for document in resolve_organisation(project, org_id).documents:
            assert document.version == "" and document.identification() == f"Reference {document.content_hash}"
        pages = plan_site(project, org_id, today=datetime.date(2026, 12, 1)).pages
        shown = "\n".join(pages.values())
        assert "not recorded" not in shown.lower() and not re.search(r"Version \d|\d{4}\.\d", shown), org_id


def test_adopt_moves_the_pin_keeps_the_file_and_says_what_changed(minimal: Path) -> None:
    project = two_releases(minimal)
    school = project / "schools" / "school.yml"
    school.write_text("# Our governors' file: keep this comment.\n" + school.read_text())
    code, out, err = run(project, "adopt", "school", "--date", "2027-04-01")
    assert code == 0, err
    assert "school adopts board@2.0 (was board@1.0), adopted 2027-04-01" in out
    assert "staff-policy · no-personal-use · reworded" in out and "staff-policy · pupil-messages · added" in out
    assert "Staff must sign again." in out
    text = school.read_text()
    assert text.startswith("# Our governors' file: keep this comment.\n")
    assert "adopted_from: board@2.0\n" in text and "adopted: 2027-04-01\n" in text and "1.0" not in text
    published = texts(project)
    assert all("never use these sites" in body and "personal use during" not in body for body in published.values())
    code, out, _ = run(project, "adopt", "school", "--date", "2027-04-02")
    assert code == 0 and "Its published text does not change." in out and "Nobody needs to sign again." in out


def test_adopting_a_release_that_is_not_there_changes_nothing(minimal: Path) -> None:
    project = two_releases(minimal)
    school = project / "schools" / "school.yml"
    before = school.read_bytes()
    code, _, err = run(project, "adopt", "school", "9.9")
    assert code == 1 and "board has no release '9.9'; its releases: 1.0, 2.0" in err and "Traceback" not in err
    assert school.read_bytes() == before


def test_a_new_school_pins_the_latest_release_and_an_unpinned_one_is_warned(minimal: Path) -> None:
    project = two_releases(minimal)
    code, _, err = run(project, "new", "school", "new-school", "--extends", "board")
    assert code == 0, err
    assert "adopted_from: board@2.0" in (project / "schools" / "new-school.yml").read_text()
    school = project / "schools" / "school.yml"
    school.write_text(school.read_text().replace("adopted_from: board@1.0\n", ""))
    code, _, err = run(project, "validate")
    assert "names none it adopted" in err and "adopted_from: board@2.0" in err, err


def test_a_newer_release_is_shown_as_available(minimal: Path) -> None:
    project = two_releases(minimal)
    _, out, err = run(project, "status", "--today", "2027-03-02")
    assert "school publishes board@1.0; 2.0 is available" in err
    assert "1.0 + local changes" in out
    code, out, _ = run(project, "changes", "school")
    assert code == 0
    assert "adopted board@1.0; current: 2.0" in out and "no-personal-use · reworded" in out


def test_adopt_changes_only_the_two_values_in_the_file(minimal: Path) -> None:
    code, _, err = run(minimal, "release", "board", "1.0", "--notes", "First.", "--date", "2025-06-01")
    assert code == 0, err
    school = minimal / "schools" / "school.yml"
    before = school.read_text().replace("adopted: 2025-09-01\n", 'adopted: "2025-09-01"  # approved by governors\n')
    school.write_text(before)
    code, _, err = run(minimal, "adopt", "school", "--date", "2026-01-02")
    assert code == 0, err
    expected = before.replace(
        'adopted: "2025-09-01"  # approved by governors\n',
        "adopted: 2026-01-02  # approved by governors\nadopted_from: board@1.0\n",
    )
    assert school.read_text() == expected


def test_a_document_the_school_names_itself_is_published_beside_the_release(minimal: Path) -> None:
    project = two_releases(minimal)
    (project / "content" / "documents" / "advice.yml").write_text(
        "title: Staff advice\nkind: guidance\nsigning: none\nsections:\n  - id: advice\n    clauses: [training]\n"
    )
    school = project / "schools" / "school.yml"
    school.write_text(school.read_text().replace("documents:\n", "documents:\n  advice: {}\n", 1))
    documents = resolve_organisation(validate_project(project), "school").documents
    assert sorted(d.id for d in documents) == ["advice", "staff-policy"]
    staff = next(d for d in documents if d.id == "staff-policy")
    assert "pupil-messages" not in [c.id for c in staff.clauses()]
