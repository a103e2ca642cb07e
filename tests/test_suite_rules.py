"""The test suite's own rules: a test that is skipped, or a run that collects nothing, fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

TESTS = """
import pytest

def test_runs() -> None:
    assert 1 + 1 == 2

def test_skipped() -> None:
    pytest.skip("Chromium is not installed")
"""


def pytest_run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pytest on ``folder`` with this suite's hooks (tests/conftest.py) and configuration."""
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "tests.conftest",
        str(folder),
        *args,
    ]
    environment = {name: value for name, value in os.environ.items() if name != "PYTEST_ADDOPTS"}
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, env=environment)


def test_a_skipped_test_fails_the_run(tmp_path: Path) -> None:
    (tmp_path / "test_example.py").write_text(TESTS, encoding="utf-8")
    run = pytest_run(tmp_path)
    assert run.returncode == 1, run.stdout
    assert "1 skipped, which fails the run: " in run.stdout and "test_example.py::test_skipped" in run.stdout
    assert pytest_run(tmp_path, "-k", "test_runs").returncode == 0


def test_a_run_that_collects_no_test_fails(tmp_path: Path) -> None:
    (tmp_path / "test_example.py").write_text(TESTS, encoding="utf-8")
    assert pytest_run(tmp_path, "-k", "no_such_test").returncode == 5
