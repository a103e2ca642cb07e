"""Pinning: an organisation publishes the release it adopted, with its own changes on top, until it adopts another.

On the tiny fixture: the board releases 1.0, the school adopts it, the board rewords a clause, adds one and
releases 2.0; the school's site, PDF and Word file still carry 1.0's text.
"""

from __future__ import annotations

from pathlib import Path

import docx
from click.testing import CliRunner
from pypdf import PdfReader

from generator.build import validate_project
from generator.cli import main
from generator.resolve import resolve_organisation

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
    pdf = " ".join((page.extract_text() or "") for page in PdfReader(out / "pdf" / "staff-policy.pdf").pages)
    word = "\n".join(p.text for p in docx.Document(str(out / "docx" / "staff-policy.docx")).paragraphs)
    page = (out / "site" / "staff-policy.html").read_text()
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
