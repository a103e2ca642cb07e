"""The clause library and the organisations -> the clauses that match some words or a topic, and where each is used."""

from __future__ import annotations

from dataclasses import dataclass

from generator.inherit import settings_of
from generator.load import Project
from generator.schema import Clause


@dataclass(frozen=True)
class Match:
    """A library clause that matched, the documents that place it and the organisations that publish those."""

    clause: Clause
    documents: tuple[str, ...]
    organisations: tuple[str, ...]


def search_clauses(project: Project, words: tuple[str, ...], topic: str | None = None) -> list[Match]:
    """Library clauses whose id, title or text holds every word (any case), with ``topic`` if given."""
    documents_of: dict[str, list[str]] = {}
    for doc_id, template in project.library.documents.items():
        for clause_id in template.clause_ids():
            documents_of.setdefault(clause_id, []).append(doc_id)
    publishers: dict[str, list[str]] = {}
    for org_id in sorted(project.organisations):
        for doc_id in settings_of(project.organisations, org_id).documents:
            publishers.setdefault(doc_id, []).append(org_id)
    needles = [word.lower() for word in words]
    found = []
    for clause in project.library.clauses.values():
        haystack = f"{clause.id} {clause.title} {clause.text}".lower()
        if (topic and topic not in clause.topics) or not all(needle in haystack for needle in needles):
            continue
        documents = documents_of.get(clause.id, [])
        organisations = sorted({org for doc in documents for org in publishers.get(doc, [])})
        found.append(Match(clause, tuple(documents), tuple(organisations)))
    return found
