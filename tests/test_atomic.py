"""A build is never half-published: build/<org>/ is the whole previous output or the whole new one."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build.validation_cache import CACHE
from generator.build.write import build_organisation, validate_project
from generator.editions.site.engine import SiteBuildError
from tests.conftest import wait_for_writing

ROOT = Path(__file__).resolve().parent.parent


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by relative path, with a hash of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def leftovers(output: Path) -> list[str]:
    return sorted(path.name for path in output.iterdir() if path.name.startswith(".") and path.name != CACHE)


def dead_pid() -> int:
    """The id of a process that has finished."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.fixture
def previous(minimal: Path) -> dict[str, str]:
    """A first, good build of the school; its fingerprint."""
    build_organisation(validate_project(minimal), "school", minimal / "build")
    found = fingerprint(minimal / "build" / "school")
    assert {"site/index.html", "report.json"} <= found.keys()
    return found


def break_site_configuration(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("- search", "- no-such-plugin"), encoding="utf-8")


def test_failed_build_leaves_the_previous_output_byte_for_byte(minimal: Path, previous: dict[str, str]) -> None:
    (minimal / "schools" / "school.yml").write_text(
        (minimal / "schools" / "school.yml").read_text(encoding="utf-8").replace("Example", "Changed"),
        encoding="utf-8",
    )
    break_site_configuration(minimal)
    with pytest.raises(SiteBuildError):
        build_organisation(validate_project(minimal), "school", minimal / "build")
    assert fingerprint(minimal / "build" / "school") == previous
    assert leftovers(minimal / "build") == []


def test_successful_build_replaces_everything(minimal: Path, previous: dict[str, str]) -> None:
    (minimal / "build" / "school" / "stray.txt").write_text("from an older build", encoding="utf-8")
    build_organisation(validate_project(minimal), "school", minimal / "build")
    assert fingerprint(minimal / "build" / "school").keys() == previous.keys()
    assert leftovers(minimal / "build") == []


def test_output_lost_between_the_two_renames_is_restored(minimal: Path, previous: dict[str, str]) -> None:
    output = minimal / "build"
    pid = dead_pid()
    (output / "school").rename(output / f".school.old-{pid}")
    (output / f".school.building-{pid}" / "site").mkdir(parents=True)
    (output / f".school.building-{pid}" / "site" / "index.html").write_text("half", encoding="utf-8")
    break_site_configuration(minimal)
    with pytest.raises(SiteBuildError):
        build_organisation(validate_project(minimal), "school", output)
    assert fingerprint(output / "school") == previous
    assert leftovers(output) == []


def test_folders_of_a_running_build_are_left_alone(minimal: Path, previous: dict[str, str]) -> None:
    output = minimal / "build"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (output / f".school.building-{sleeper.pid}").mkdir()
        build_organisation(validate_project(minimal), "school", output)
        assert leftovers(output) == [f".school.building-{sleeper.pid}"]
    finally:
        sleeper.kill()
        sleeper.wait()


def build_in_subprocess(project: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "--project", str(project), "build", "school"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_killed_build_leaves_the_previous_output_and_the_next_one_cleans_up(
    minimal: Path, previous: dict[str, str], how: signal.Signals
) -> None:
    output = minimal / "build"
    for _attempt in range(5):
        process = build_in_subprocess(minimal)
        started = wait_for_writing(process, output)
        if started:
            os.kill(process.pid, how)
        process.wait(timeout=60)
        if started:
            break
    else:
        pytest.fail("the build never got to writing before it finished")
    if how == signal.SIGKILL:
        assert leftovers(output), "killed before it could clean up, so its staging folder is left"
    # The previous output is in place, or (killed between the two renames) set aside where the next build finds it.
    kept = output / "school" if (output / "school").exists() else next(output.glob(".school.old-*"), None)
    assert kept is not None, "the previous output is gone"
    assert fingerprint(kept) == previous
    build_organisation(validate_project(minimal), "school", output)
    assert fingerprint(output / "school").keys() == previous.keys()
    assert leftovers(output) == []


def test_without_an_atomic_exchange_the_two_renames_still_replace_the_output(
    minimal: Path, previous: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")  # no renameat2: rename aside, rename in, delete
    (minimal / "build" / "school" / "stray.txt").write_text("from an older build", encoding="utf-8")
    build_organisation(validate_project(minimal), "school", minimal / "build")
    assert fingerprint(minimal / "build" / "school").keys() == previous.keys()
    assert leftovers(minimal / "build") == []
