"""Building many organisations: incremental rebuilds, shards, and one failure not stopping the others."""

from __future__ import annotations

import datetime
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from generator.build import pool as batch
from generator.build.pool import build_all, in_shard
from generator.build.write import SitePlan, validate_project
from generator.inputs.load import Project
from tests.conftest import MINIMAL, ROOT


def build(project_root: Path, **options: object) -> dict[str, str]:
    project = validate_project(project_root)
    results = build_all(project, sorted(project.organisations), project_root / "build", **options)  # type: ignore[arg-type]
    return {r.organisation: "failed" if r.error else "unchanged" if r.skipped else "built" for r in results}


def test_nothing_changed_builds_nothing(minimal: Path) -> None:
    assert build(minimal) == {"board": "built", "school": "built"}
    assert build(minimal) == {"board": "unchanged", "school": "unchanged"}
    assert build(minimal, force=True) == {"board": "built", "school": "built"}


def test_a_build_with_nothing_changed_plans_no_organisation(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    planned: list[str] = []
    plan = batch.plan_site

    def counted(project: Project, org_id: str, **options: Any) -> SitePlan:
        planned.append(org_id)
        return plan(project, org_id, **options)

    monkeypatch.setattr(batch, "plan_site", counted)
    assert build(minimal) == {"board": "built", "school": "built"}
    planned.clear()
    assert build(minimal) == {"board": "unchanged", "school": "unchanged"}
    assert planned == []  # the project's files are as they were: no plan can differ
    logo = minimal / "schools" / "logos" / "school.svg"
    logo.write_text(logo.read_text() + "<!-- redrawn -->\n")
    assert build(minimal) == {"board": "unchanged", "school": "built"}
    assert planned == ["board", "school"]  # any change plans everyone again, and only the school's plan differs
    planned.clear()
    assert build(minimal) == {"board": "unchanged", "school": "unchanged"} and planned == []
    assert build(minimal, today=datetime.date(2031, 1, 1)) == {"board": "unchanged", "school": "built"}  # overdue
    assert planned == ["board", "school"]


def test_a_clause_change_rebuilds_only_those_that_use_it(minimal: Path) -> None:
    build(minimal)
    clauses = minimal / "content" / "clauses" / "basics.yml"
    clauses.write_text(clauses.read_text().replace("For training, contact", "For training, please contact"))
    assert build(minimal) == {"board": "built", "school": "unchanged"}  # the school excludes that clause


def test_a_school_change_rebuilds_that_school_and_a_board_change_its_schools(minimal: Path) -> None:
    build(minimal)
    school = minimal / "schools" / "school.yml"
    school.write_text(school.read_text().replace("#1d4f91", "#1d4f92"))
    assert build(minimal) == {"board": "unchanged", "school": "built"}
    board = minimal / "schools" / "board.yml"
    board.write_text(board.read_text().replace("training@board.example.org", "learning@board.example.org"))
    assert build(minimal) == {"board": "built", "school": "unchanged"}  # the school excludes the clause using it
    board.write_text(
        board.read_text().replace(
            "  staff-policy: {}", "  staff-policy:\n    reword:\n      no-personal-use: Not during working hours.\n"
        )
    )
    assert build(minimal) == {"board": "built", "school": "built"}


def test_a_template_change_rebuilds_everyone(minimal: Path) -> None:
    build(minimal)
    css = minimal / "templates" / "site" / "policy-pack.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    assert build(minimal) == {"board": "built", "school": "built"}


KNOWN_SHARDS = {
    "longton-primary": (1, 1),
    "model-school": (2, 2),
    "northamptonshire-scb": (3, 2),
    "vision-for-education": (3, 3),
    "willowbrook-primary": (2, 2),
}
"""Organisation -> its shard of 4 and of 3, recorded once. A CI matrix caches each shard's build: an organisation
must land in the same shard on every machine, in every process and in every later version."""


def shard_of(org_id: str, shards: int) -> list[int]:
    return [k for k in range(1, shards + 1) if in_shard(org_id, k, shards)]


def test_shards_split_an_estate_stably_and_completely() -> None:
    ids = [f"school-{n}" for n in range(200)]
    shards = [[i for i in ids if in_shard(i, k, 4)] for k in range(1, 5)]
    assert sorted(org for share in shards for org in share) == sorted(ids)  # every id once: none lost, none twice
    assert all(30 <= len(share) <= 70 for share in shards)
    assert {org: (*shard_of(org, 4), *shard_of(org, 3)) for org in KNOWN_SHARDS} == KNOWN_SHARDS


def test_one_failure_does_not_stop_the_others(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = batch.build_organisation

    def broken_for_board(project, org_id, output, **options):  # type: ignore[no-untyped-def]
        if org_id == "board":
            raise OSError("disk full")
        return real(project, org_id, output, **options)

    monkeypatch.setattr(batch, "build_organisation", broken_for_board)
    project = validate_project(minimal)
    results = build_all(project, ["board", "school"], minimal / "build")
    assert results[0].error is not None and "OSError: disk full" in results[0].error
    assert results[1].error is None
    assert (minimal / "build" / "school" / "site" / "index.html").is_file()


WORKER_KILLED = """
import json, os, signal, sys
from pathlib import Path
from generator.build import pool as batch
from generator.build.write import validate_project

real = batch.build_organisation

def killed_building_board(project, org_id, output, **options):
    if org_id == "board":
        os.kill(os.getpid(), signal.SIGKILL)  # what the kernel does to a process that takes too much memory
    return real(project, org_id, output, **options)

batch.build_organisation = killed_building_board
root = Path(sys.argv[1])
results = batch.build_all(validate_project(root), ["board", "school"], root / "build", jobs=2)
print(json.dumps({result.organisation: result.error for result in results}))
"""


def test_a_worker_that_dies_is_reported_against_its_organisation_and_the_others_are_built(minimal: Path) -> None:
    """A fresh interpreter, so that the pool forks its workers (with the patch) as a command-line build does."""
    done = subprocess.run(
        [sys.executable, "-c", WORKER_KILLED, str(minimal)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    errors = json.loads(done.stdout.splitlines()[-1])
    assert errors == {
        "board": "the worker building board was killed (SIGKILL, as the system does when memory runs out); "
        "no output was written for it, and the others were built",
        "school": None,
    }
    assert "Traceback" not in done.stderr and "BrokenProcessPool" not in done.stderr
    assert (minimal / "build" / "school" / "site" / "index.html").is_file()
    assert not (minimal / "build" / "board").exists()
    assert [p.name for p in (minimal / "build").iterdir() if p.name.startswith(".")] == []


def test_synthetic_estate_validates_and_builds_in_parallel(tmp_path: Path) -> None:
    from benchmarks.estate import write_estate
    from tests.conftest import ROOT

    ids = write_estate(ROOT, tmp_path / "estate", schools=4, seed=7)
    assert ids == ["school-0001", "school-0002", "school-0003", "school-0004"]
    statuses = build(tmp_path / "estate", jobs=2)
    assert statuses == {"kestrel-vale-partnership": "built", **dict.fromkeys(ids, "built")}
    assert build(tmp_path / "estate", jobs=2) == dict.fromkeys(statuses, "unchanged")


def finish_or_wait(org_id: str, task: batch.Task) -> batch.BuildResult:
    """In a worker, in place of a build: "quick" finishes at once; another says its worker's process id (in
    ``<org_id>.pid``) and waits for a signal, as a worker typesetting a long document is busy."""
    if org_id == "quick":
        return batch.BuildResult(org_id)
    (task.output / "pid.part").write_text(str(os.getpid()), encoding="utf-8")
    (task.output / "pid.part").rename(task.output / f"{org_id}.pid")
    signal.pause()
    return batch.BuildResult(org_id)


def test_an_interrupted_pool_build_stops_its_busy_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The executor has no way to stop a busy worker: batch reaches into ProcessPoolExecutor._processes for them.
    monkeypatch.setattr(batch, "_build_in_worker", finish_or_wait)
    monkeypatch.setattr(
        "generator.editions.pdf.typeset.forking_is_safe", lambda: False
    )  # started afresh, whatever ran here before
    output = tmp_path / "build"
    output.mkdir()
    task = batch.Task(output, today=None, shared={}, digest="", force=True)
    builds = batch._build_in_pool(["quick", "busy"], task, 2, project_root=MINIMAL)
    assert next(builds).organisation == "quick"
    pid_file = output / "busy.pid"
    deadline = time.monotonic() + 120  # a worker that never starts fails this test rather than hanging the run
    while not pid_file.exists():  # the busy worker's signal that it is busy
        assert time.monotonic() < deadline, "the busy worker never started"
        time.sleep(0.002)  # polling for the signal: how often, not how long
    worker = int(pid_file.read_text(encoding="utf-8"))
    try:
        with pytest.raises(KeyboardInterrupt):
            builds.throw(KeyboardInterrupt())
        assert not Path(f"/proc/{worker}").exists(), "the busy worker is stopped and reaped before the build ends"
    finally:
        if Path(f"/proc/{worker}").exists():
            os.kill(worker, signal.SIGKILL)  # so that a failure here leaves no worker behind
