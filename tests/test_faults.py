"""A disk that cannot be written and Ctrl-C at any moment: one clear line, a non-zero exit, the previous output
intact and no staging folder left behind, with one worker or several."""

from __future__ import annotations

import builtins
import errno
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import ROOT


def snapshot(build: Path) -> dict[str, bytes]:
    """Every file of the build, with its bytes (manifests and reports included)."""
    return {p.relative_to(build).as_posix(): p.read_bytes() for p in sorted(build.rglob("*")) if p.is_file()}


def leftovers(build: Path) -> list[str]:
    return sorted(p.name for p in build.iterdir() if p.name.startswith("."))


@pytest.fixture
def built(minimal: Path) -> Path:
    """The minimal project, built once: the output every fault must leave as it is."""
    result = CliRunner().invoke(main, ["--project", str(minimal), "build", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return minimal


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_or_read_only_disk_stops_the_build_with_one_line(
    built: Path, code: int, jobs: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(built / "build")
    real_open = builtins.open

    def failing_open(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if any(flag in mode for flag in "wax") and ".building-" in os.fspath(file):
            raise OSError(code, os.strerror(code), os.fspath(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", failing_open)
    monkeypatch.setattr(io, "open", failing_open)
    result = CliRunner().invoke(main, ["--project", str(built), "build", "--force", "--jobs", jobs])
    monkeypatch.undo()
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 1
    assert lines == [f"cannot write to {built / 'build'}: {os.strerror(code)}; the previous output is unchanged."]
    assert snapshot(built / "build") == before
    assert leftovers(built / "build") == []


@pytest.mark.parametrize("delay", [0.3, 0.9, 1.6, 2.4])
def test_ctrl_c_at_any_moment_with_several_workers(built: Path, delay: float) -> None:
    before = snapshot(built / "build")
    command = [sys.executable, "-m", "generator", "--project", str(built), "build", "--force", "--jobs", "2"]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C does: to every process of the group
    _, stderr = process.communicate(timeout=60)
    assert leftovers(built / "build") == []
    if process.returncode == 0:
        return  # the build had finished: a complete new output
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1] == "Interrupted; the previous output is unchanged."
    after = snapshot(built / "build")
    assert after.keys() == before.keys()


def test_a_full_build_removes_and_names_the_output_of_a_deleted_organisation(built: Path) -> None:
    (built / "build" / "notes").mkdir()  # not ours: left alone
    (built / "schools" / "school.yml").unlink()
    result = CliRunner().invoke(main, ["--project", str(built), "build", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert f"removed {built / 'build' / 'school'}: there is no organisation 'school' in schools/ any more" in (
        " ".join(result.output.split())
    )
    assert sorted(p.name for p in (built / "build").iterdir()) == ["board", "notes"]
