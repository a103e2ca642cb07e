"""Building many organisations: incremental rebuilds, shards, and one failure not stopping the others."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import batch
from generator.batch import build_all, in_shard
from generator.build import validate_project


def build(project_root: Path, **options: object) -> dict[str, str]:
    project = validate_project(project_root)
    results = build_all(project, sorted(project.organisations), project_root / "build", **options)  # type: ignore[arg-type]
    return {r.organisation: "failed" if r.error else "unchanged" if r.skipped else "built" for r in results}


def test_nothing_changed_builds_nothing(minimal: Path) -> None:
    assert build(minimal) == {"board": "built", "school": "built"}
    assert build(minimal) == {"board": "unchanged", "school": "unchanged"}
    assert build(minimal, force=True) == {"board": "built", "school": "built"}


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


def test_shards_split_an_estate_stably_and_completely() -> None:
    ids = [f"school-{n}" for n in range(200)]
    shards = [[i for i in ids if in_shard(i, k, 4)] for k in range(1, 5)]
    assert sorted(org for share in shards for org in share) == sorted(ids)
    assert all(30 <= len(share) <= 70 for share in shards)
    assert [i for i in ids[:100] if in_shard(i, 2, 4)] == [i for i in shards[1] if i in ids[:100]]


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


def test_synthetic_estate_validates_and_builds_in_parallel(tmp_path: Path) -> None:
    from generator.estate import write_estate
    from tests.conftest import ROOT

    ids = write_estate(ROOT, tmp_path / "estate", schools=4, seed=7)
    assert ids == ["school-0001", "school-0002", "school-0003", "school-0004"]
    statuses = build(tmp_path / "estate", jobs=2)
    assert statuses == {"kestrel-vale-partnership": "built", **dict.fromkeys(ids, "built")}
    assert build(tmp_path / "estate", jobs=2) == dict.fromkeys(statuses, "unchanged")
