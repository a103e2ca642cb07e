"""One broken file per kind of mistake: each gives its exact one-line message, with file and line, and no build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.build import validate_project
from generator.errors import UserError
from tests.conftest import MINIMAL, copy_project

CASES = Path(__file__).parent / "data" / "invalid"


def expectation(case: Path) -> tuple[str, str]:
    """(where the case file goes in the project, the exact error line it must produce)."""
    text = case.read_text(encoding="utf-8")
    target = re.search(r"^# target: (.+)$", text, re.M)
    expected = (case.with_suffix(".expected")).read_text(encoding="utf-8").strip()
    return (target.group(1) if target else f"schools/{case.name}"), expected


def problems_for(case: Path, project: Path) -> list[str]:
    target, _ = expectation(case)
    (project / target).parent.mkdir(parents=True, exist_ok=True)
    (project / target).write_text(case.read_text(encoding="utf-8"), encoding="utf-8")
    try:
        validate_project(project)
    except UserError as error:
        return [str(p) for p in error.problems]
    return []


@pytest.mark.parametrize("case", sorted(CASES.glob("*.yml")), ids=lambda p: p.stem)
def test_each_mistake_gives_its_message(case: Path, tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    _, expected = expectation(case)
    assert expected in problems_for(case, project)


def test_every_case_has_an_expectation() -> None:
    cases = {p.stem for p in CASES.glob("*.yml")}
    expectations = {p.stem for p in CASES.glob("*.expected")}
    assert cases == expectations
    assert len(cases) >= 25


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    for name in ("bad-colour", "unknown-document", "bad-date"):
        problems_for(CASES / f"{name}.yml", project)
    with pytest.raises(UserError) as caught:
        validate_project(project)
    assert len(caught.value.problems) == 3
