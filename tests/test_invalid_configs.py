"""One broken file per kind of mistake: each gives its exact one-line message, with file and line, and no build.

A case file may start with header comments that set up the project before it is checked:

- ``# target: PATH``: where the case file goes (default ``schools/<case name>.yml``);
- ``# symlink: LINK -> TARGET``: a symbolic link, made at run time (git does not keep them reliably);
- ``# file: PATH: TEXT``: another file holding one line of text;
- ``# size: BYTES``: the case file is padded to this size at run time, so that no huge file is committed.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.build.write import validate_project
from generator.inputs.errors import UserError
from tests.conftest import MINIMAL, copy_project

CASES = Path(__file__).parent / "data" / "invalid"
SECONDS_PER_CASE = 5.0
"""A safety bound against hangs and runaway parsing, not a benchmark."""


def header(text: str, name: str) -> list[str]:
    return re.findall(rf"^# {name}: (.+)$", text, re.M)


def expectation(case: Path) -> tuple[str, str]:
    """(where the case file goes in the project, the exact error line it must produce)."""
    text = case.read_text(encoding="utf-8")
    target = header(text, "target")
    expected = (case.with_suffix(".expected")).read_text(encoding="utf-8").strip()
    return (target[0] if target else f"schools/{case.name}"), expected


def set_up(case: Path, project: Path) -> None:
    """Put the case file into the project, with the links and files its header asks for."""
    text = case.read_text(encoding="utf-8")
    target, _ = expectation(case)
    (project / target).parent.mkdir(parents=True, exist_ok=True)
    (project / target).write_text(text, encoding="utf-8")
    for size in header(text, "size"):
        os.truncate(project / target, int(size))
    for link in header(text, "symlink"):
        name, pointee = (part.strip() for part in link.split("->"))
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).symlink_to(pointee)
    for extra in header(text, "file"):
        name, content = (part.strip() for part in extra.split(":", 1))
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(content + "\n", encoding="utf-8")


def problems_for(case: Path, project: Path) -> list[str]:
    set_up(case, project)
    return validation_problems(project)


def validation_problems(project: Path) -> list[str]:
    try:
        validate_project(project)
    except UserError as error:
        return [str(p) for p in error.problems]
    return []


_OPENED: list[str] | None = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _OPENED is not None and event == "open" and isinstance(args[0], str | bytes | os.PathLike):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


@contextmanager
def files_opened() -> Iterator[list[str]]:
    """Every file path opened inside the block (Python's audit hook sees each open)."""
    global _OPENED
    _OPENED = []
    try:
        yield _OPENED
    finally:
        _OPENED = None


def outside(paths: list[str], project: Path) -> list[str]:
    """The paths that are neither in the project nor Python's own code (a lazy import may open a module)."""
    allowed = [project.resolve(), *(Path(p).resolve() for p in sys.path if p)]
    return [p for p in paths if not any(Path(p).resolve().is_relative_to(root) for root in allowed)]


@pytest.mark.parametrize("case", sorted(CASES.glob("*.yml")), ids=lambda p: p.stem)
def test_each_mistake_gives_its_message(case: Path, tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    _, expected = expectation(case)
    set_up(case, project)
    started = time.perf_counter()
    with files_opened() as opened:
        problems = validation_problems(project)
    assert time.perf_counter() - started < SECONDS_PER_CASE
    assert expected in problems
    assert outside(opened, project) == []


def test_every_case_has_an_expectation() -> None:
    cases = {p.stem for p in CASES.glob("*.yml")}
    expectations = {p.stem for p in CASES.glob("*.expected")}
    assert cases == expectations
    assert len(cases) >= 45


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    for name in ("bad-colour", "unknown-document", "bad-date"):
        problems_for(CASES / f"{name}.yml", project)
        case = project / "schools" / f"{name}.yml"  # each its own name: two alike would be a fourth problem
        case.write_text(
            case.read_text(encoding="utf-8").replace("Case School", f"Case School {name}"), encoding="utf-8"
        )
    with pytest.raises(UserError) as caught:
        validate_project(project)
    assert len(caught.value.problems) == 3
