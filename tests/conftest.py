"""Shared fixtures: copies of the tiny fixture project and of the real one, built once where that is enough."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
SHIPPED_TODAY = datetime.date(2026, 11, 21)
"""The date the shared build judges reviews by: fixed, so the tests do not change with the calendar."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden/ from the current output.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def copy_project(source: Path, target: Path) -> Path:
    """A writable copy of a project (symlinked templates become real files)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("build", ".venv", ".git", "__pycache__"))
    return target


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A fresh copy of tests/fixtures/minimal to change freely."""
    return copy_project(MINIMAL, tmp_path / "minimal")


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project's organisations, all built once into a temporary folder."""
    from generator.batch import build_all
    from generator.build import validate_project

    output = tmp_path_factory.mktemp("shipped") / "build"
    project = validate_project(ROOT)
    results = build_all(project, sorted(project.organisations), output, today=SHIPPED_TODAY)
    failed = [r for r in results if r.error]
    assert not failed, failed
    return output
