"""Searching the clause library: words and topics, and where each clause is used."""

from __future__ import annotations

from pathlib import Path

from generator.build.write import validate_project
from generator.model.search import search_clauses


def test_every_word_must_match_in_any_case(minimal: Path) -> None:
    project = validate_project(minimal)
    assert [m.id for m in search_clauses(project, ["PERSONAL", "sites"])] == ["no-personal-use"]
    assert [m.id for m in search_clauses(project, ["personal", "zebra"])] == []
    assert {m.id for m in search_clauses(project, []) if m.added_by is None} == set(project.library.clauses)


def test_a_topic_narrows_the_search_and_each_match_says_where_it_is_used(minimal: Path) -> None:
    project = validate_project(minimal)
    (match,) = search_clauses(project, [], topic="privacy")
    assert (match.id, match.documents, match.organisations) == (
        "privacy-settings",
        ("staff-policy",),
        ("board", "school"),
    )
    assert search_clauses(project, ["purpose"], topic="privacy") == []
