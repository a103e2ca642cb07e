"""Shared fixtures: copies of the tiny fixture project and of the real one, built once where that is enough."""

from __future__ import annotations

import datetime
import difflib
import fcntl
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
GOLDEN = Path(__file__).resolve().parent / "golden"
"""Expected output, compared byte for byte and rewritten by `make golden`."""
SHIPPED_TODAY = datetime.date(2026, 11, 21)
"""The date the shared build judges reviews by: fixed, so the tests do not change with the calendar."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden/ from the current output.")


_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skipped test fails the run: a check that did not run must not look like one that passed."""
    if _skipped and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_sep("=", f"{len(_skipped)} skipped, which fails the run: {', '.join(_skipped)}", red=True)


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def assert_matches_file(path: Path, actual: str, *, update: bool = False, regenerate: str = "make golden") -> None:
    """``actual`` must be the text of ``path``; ``update`` rewrites the file first. Fails with a unified diff."""
    __tracebackhide__ = True
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
    expected = path.read_bytes().decode("utf-8") if path.is_file() else ""
    if actual == expected:
        return
    name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
    diff = difflib.unified_diff(
        expected.splitlines(keepends=True), actual.splitlines(keepends=True), f"{name} (expected)", "output"
    )
    missing = "" if path.is_file() else " (the file does not exist)"
    pytest.fail(f"{name} differs from the output{missing}: review the diff, then run `{regenerate}`\n{''.join(diff)}")


def assert_matches_optional_file(path: Path, actual: str | None, *, update: bool = False) -> None:
    """Like ``assert_matches_file``, where no output (None) must have no file."""
    __tracebackhide__ = True
    if actual is not None:
        assert_matches_file(path, actual, update=update)
        return
    if update:
        path.unlink(missing_ok=True)
    name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
    assert not path.exists(), f"{name} is golden for an output that is not made: run `make golden`"


def wait_for_writing(process: subprocess.Popen[Any], output: Path, organisation: str = "*") -> bool:
    """True once a build in ``process`` is writing an organisation's staging folder in ``output``; False if the
    process ended first. This is the signal tests interrupt a build on, never a fixed delay.

    A staging folder that holds report.json is either about to be swapped in or, after the swap, the previous
    output set aside under the staging name: an interrupt then comes too late to leave the previous output.
    """
    deadline = time.monotonic() + 300  # a build that hangs fails its test rather than the whole run
    while process.poll() is None and time.monotonic() < deadline:
        if any(
            (folder / "docs").exists() and not (folder / "report.json").exists()
            for folder in output.glob(f".{organisation}.building-*")
        ):
            return True
        time.sleep(0.002)  # polling the file system for the signal: how often, not how long
    return False


def slug_of(built: Path, document_id: str) -> str:
    """The name of a built document's page and files, as the organisation's build report gives it."""
    report = json.loads((built / "report.json").read_text(encoding="utf-8"))
    (slug,) = [document["slug"] for document in report["documents"] if document["id"] == document_id]
    return str(slug)


def copy_project(source: Path, target: Path) -> Path:
    """A writable copy of a project (symlinked templates become real files)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("build", ".venv", ".git", "__pycache__"))
    return target


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A fresh copy of tests/fixtures/minimal to change freely."""
    return copy_project(MINIMAL, tmp_path / "minimal")


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary folder of this run, shared by every worker process of a parallel run (pytest-xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def exclusive(lock: Path) -> Iterator[None]:
    """Held by one process of the run at a time: another waits until it is released (the signal, not a delay)."""
    with lock.open("w") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project's organisations, all built once a run into a temporary folder (by the first worker that
    needs them; another waits for the lock and reads the same build)."""
    from generator.build.pool import build_all
    from generator.build.write import validate_project

    folder = run_folder(tmp_path_factory) / "shipped"
    folder.mkdir(exist_ok=True)
    with exclusive(folder / "lock"):
        if not (folder / "built").exists():
            project = validate_project(ROOT)
            results = build_all(project, sorted(project.organisations), folder / "build", today=SHIPPED_TODAY)
            failed = [r for r in results if r.error]
            assert not failed, failed
            (folder / "built").touch()
    return folder / "build"
