"""A board and the organisations that extend it -> what each of them excluded, reworded or added."""

from __future__ import annotations

from dataclasses import dataclass

from generator.csv_safety import csv_text
from generator.inherit import settings_of
from generator.load import Project


@dataclass(frozen=True)
class Deviation:
    """One organisation's changes to one of the board's documents."""

    organisation: str
    name: str
    document: str
    excluded: tuple[str, ...]
    reworded: tuple[str, ...]
    added: tuple[str, ...]


def deviations(project: Project, board: str) -> list[Deviation]:
    """For every organisation extending ``board`` (directly or through another), its own changes per document."""
    rows: list[Deviation] = []
    if not any(org.extends == board for org in project.organisations.values()):
        return rows  # the common case in an estate: a school nobody extends
    for org_id in sorted(project.organisations):
        settings = settings_of(project.organisations, org_id)
        if board not in settings.chain[1:]:
            continue
        below = set(settings.chain[: settings.chain.index(board)])
        for doc_id, plan in settings.documents.items():
            rows.append(
                Deviation(
                    org_id,
                    settings.organisation.name,
                    doc_id,
                    tuple(sorted(c for c, by in plan.exclude.items() if by in below)),
                    tuple(sorted(c for c, (_, by) in plan.reword.items() if by in below)),
                    tuple(local.id for local, by in plan.add if by in below),
                )
            )
    return rows


def deviations_csv(rows: list[Deviation]) -> str:
    """One line per organisation, document and change: easy to filter in a spreadsheet, where no cell can run."""
    return csv_text(
        ["organisation", "name", "document", "change", "clause"],
        [
            [row.organisation, row.name, row.document, change, clause]
            for row in rows
            for change, clauses in (("excluded", row.excluded), ("reworded", row.reworded), ("added", row.added))
            for clause in clauses
        ],
    )
