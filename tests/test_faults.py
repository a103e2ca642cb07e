"""A disk that cannot be written and Ctrl-C at any moment: one clear line, a non-zero exit, the previous output
intact and no staging folder left behind, with one worker or several."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build.validation_cache import CACHE
from generator.cli import main
from tests.conftest import ROOT, wait_for_writing


def snapshot(build: Path) -> dict[str, bytes]:
    """Every file of the build, with its bytes (manifests and reports included)."""
    return {p.relative_to(build).as_posix(): p.read_bytes() for p in sorted(build.rglob("*")) if p.is_file()}


def leftovers(build: Path) -> list[str]:
    """What a build left behind in its output folder besides the outputs and the validation it keeps."""
    return sorted(p.name for p in build.iterdir() if p.name.startswith(".") and p.name != CACHE)


@pytest.fixture
def built(minimal: Path) -> Path:
    """The minimal project, built once: the output every fault must leave as it is."""
    result = CliRunner().invoke(main, ["--project", str(minimal), "build", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return minimal


FAULT = """
import builtins, io, os

_code = int(os.environ["POLICY_PACK_TEST_DISK_FAULT"])
_open = builtins.open


def _failing_open(file, mode="r", *args, **kwargs):
    if any(flag in mode for flag in "wax") and isinstance(file, (str, os.PathLike)) and ".building-" in str(file):
        raise OSError(_code, os.strerror(_code), os.fspath(file))
    return _open(file, mode, *args, **kwargs)


builtins.open = io.open = _failing_open
"""
"""A sitecustomize that makes every write into a staging folder fail, in the build and in each of its workers
(forked or started afresh: the environment and the module search path reach them all)."""


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_or_read_only_disk_stops_the_build_with_one_line(
    built: Path, code: int, jobs: str, tmp_path: Path
) -> None:
    before = snapshot(built / "build")
    (tmp_path / "fault").mkdir()
    (tmp_path / "fault" / "sitecustomize.py").write_text(FAULT, encoding="utf-8")
    search_path = os.pathsep.join(filter(None, [str(tmp_path / "fault"), os.environ.get("PYTHONPATH")]))
    environment = {**os.environ, "PYTHONPATH": search_path, "POLICY_PACK_TEST_DISK_FAULT": str(code)}
    command = [sys.executable, "-m", "generator", "--project", str(built), "build", "--force", "--jobs", jobs]
    result = subprocess.run(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120
    )
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert result.returncode == 1, result.stdout
    assert lines == [f"cannot write to {built / 'build'}: {os.strerror(code)}; the previous output is unchanged."]
    assert snapshot(built / "build") == before
    assert leftovers(built / "build") == []


@pytest.mark.parametrize("organisation", ["school", "board"])
def test_ctrl_c_while_a_worker_writes_with_several_workers(built: Path, organisation: str) -> None:
    """Ctrl-C on the signal that a worker is writing ``organisation``'s new output, whatever the other is doing."""
    before = snapshot(built / "build")
    command = [sys.executable, "-m", "generator", "--project", str(built), "build", "--force", "--jobs", "2"]
    for _attempt in range(5):
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
        writing = wait_for_writing(process, built / "build", organisation)
        if writing:
            os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C does: to every process of the group
        _, stderr = process.communicate(timeout=300)
        assert leftovers(built / "build") == []
        if writing and process.returncode != 0:
            break
        assert process.returncode == 0, stderr  # finished before it could be interrupted: a whole new output
        before = snapshot(built / "build")
    else:
        pytest.fail(f"the build never got to writing {organisation} before it finished")
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
    assert sorted(p.name for p in (built / "build").iterdir()) == [CACHE, "board", "notes"]
