"""A project and search words -> the clauses that match (library and local), where each is published and locked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.inputs.load import Project
from generator.model.inherit import settings_of


@dataclass(frozen=True)
class ClauseHit:
    """One clause that matches a search."""

    id: str
    title: str
    strength: str
    documents: tuple[str, ...]
    organisations: tuple[str, ...]
    """Organisations whose documents include it: not those that exclude it."""
    locked_by: tuple[str, ...]
    """Organisations that lock it for those extending them."""
    added_by: str | None = None
    """The organisation that added it, or None for a library clause."""


@dataclass
class _Found:
    id: str
    title: str
    strength: str
    text: str
    topics: tuple[str, ...]
    added_by: str | None = None
    documents: dict[str, None] = field(default_factory=dict)
    organisations: set[str] = field(default_factory=set)


def search_clauses(project: Project, words: list[str], *, topic: str | None = None) -> list[ClauseHit]:
    """Clauses whose id, title or text holds every word (whole words, any case), and with ``topic`` if given."""
    found = _all_clauses(project)
    patterns = [re.compile(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", re.IGNORECASE) for word in words]
    locks: dict[str, list[str]] = {}
    for org_id in sorted(project.organisations):
        for clause_id in project.organisations[org_id].locked:
            locks.setdefault(clause_id, []).append(org_id)
    hits = []
    for clause in found.values():
        haystack = f"{clause.id} {clause.id.replace('-', ' ')} {clause.title} {clause.text}"
        if topic is not None and topic not in clause.topics:
            continue
        if all(pattern.search(haystack) for pattern in patterns):
            hits.append(
                ClauseHit(
                    clause.id,
                    clause.title,
                    clause.strength,
                    tuple(clause.documents),
                    tuple(sorted(clause.organisations)),
                    tuple(locks.get(clause.id, ())),
                    clause.added_by,
                )
            )
    return hits


def _all_clauses(project: Project) -> dict[str, _Found]:
    """Every clause of the library and every clause an organisation adds, with where each is published."""
    found = {c.id: _Found(c.id, c.title, c.strength, c.text, tuple(c.topics)) for c in project.library.clauses.values()}
    for doc_id, template in project.library.documents.items():
        for clause_id in template.clause_ids():
            if clause_id in found:
                found[clause_id].documents[doc_id] = None
    for org_id in sorted(project.organisations):
        settings = settings_of(project.organisations, org_id)
        for doc_id, plan in settings.documents.items():
            template = project.library.documents[doc_id]
            for clause_id in template.clause_ids():
                if clause_id in found and clause_id not in plan.exclude:
                    found[clause_id].organisations.add(org_id)
            for local, by in plan.add:
                entry = found.setdefault(
                    local.id,
                    _Found(local.id, local.title, local.strength, local.text, tuple(local.topics), by),
                )
                entry.documents[doc_id] = None
                entry.organisations.add(org_id)
    return found


def clause_texts(project: Project) -> dict[str, str]:
    """Clause id -> its text as written (with its placeholders): the library's and every added clause."""
    return {ident: found.text for ident, found in _all_clauses(project).items()}
