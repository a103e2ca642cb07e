"""A board or trust and the organisations that extend it -> each change they made, one row per change.

A change is a clause excluded, reworded or added, or a parameter given a value of the organisation's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.inputs.load import Project
from generator.inputs.schema import ReleasedClause
from generator.model.inherit import Settings, parameter_values, settings_of
from generator.model.lifecycle import Snapshot, publisher_state
from generator.model.scope import parameters_of
from generator.text.csv_safety import csv_text

Change = Literal["excluded", "reworded", "added", "parameter"]
EVERY_DOCUMENT = "every document"


@dataclass(frozen=True)
class Deviation:
    """One change an organisation made to one of the publisher's documents."""

    organisation: str
    name: str
    document: str
    change: Change
    item: str
    """The clause id, or the parameter id."""
    theirs: str = ""
    """The organisation's words (its rewording, its added clause, its value); empty for an exclusion."""
    ours: str = ""
    """The publisher's words (its clause text, its value); empty for an added clause."""
    release: str = ""
    """The release the organisation adopted (adopted_from), if it names one."""


def deviations(project: Project, publisher: str) -> list[Deviation]:
    """For every organisation extending ``publisher`` (directly or through another), its own changes."""
    if not any(org.extends == publisher for org in project.organisations.values()):
        return []  # the common case in an estate: a school nobody extends
    words = publisher_state(project, publisher)
    theirs = settings_of(project.organisations, publisher)
    rows: list[Deviation] = []
    for org_id in sorted(project.organisations):
        settings = settings_of(project.organisations, org_id)
        if publisher in settings.chain[1:]:
            rows += _changes(project, settings, publisher, words, theirs)
    return rows


def _changes(
    project: Project, settings: Settings, publisher: str, words: Snapshot, theirs: Settings
) -> list[Deviation]:
    """One organisation's changes, per document: clauses, then parameter values that differ from the publisher's."""
    below = set(settings.chain[: settings.chain.index(publisher)])
    declared = parameters_of(project, settings)
    found: list[tuple[str, Change, str, str, str]] = []
    for doc_id, plan in settings.documents.items():
        model = words.get(doc_id, {})

        def text(clause: str, model: dict[str, ReleasedClause] = model) -> str:
            return model[clause].text if clause in model else project.library.clauses[clause].text

        found += [(doc_id, "excluded", c, "", text(c)) for c, by in sorted(plan.exclude.items()) if by in below]
        found += [(doc_id, "reworded", c, own, text(c)) for c, (own, by) in sorted(plan.reword.items()) if by in below]
        found += [(doc_id, "added", local.id, local.text, "") for local, by in plan.add if by in below]
        if doc_id in theirs.documents:
            ours = parameter_values(declared, theirs, theirs.documents[doc_id])
            mine = parameter_values(declared, settings, plan)
            found += [
                (doc_id, "parameter", name, _shown(mine[name]), _shown(ours[name]))
                for name in sorted(declared)
                if name in mine
                and name in ours
                and name != "organisation_name"
                and _shown(mine[name]) != _shown(ours[name])
            ]
    name, release = settings.organisation.name, settings.organisation.adopted_from or ""
    return [Deviation(settings.id, name, *row, release=release) for row in _once(found, len(settings.documents))]


def _once(found: list[tuple[str, Change, str, str, str]], documents: int) -> list[tuple[str, Change, str, str, str]]:
    """A value set for the whole organisation differs in every document: one row for it, not one per document."""
    everywhere = {
        row[1:]
        for row in found
        if row[1] == "parameter" and sum(other[1:] == row[1:] for other in found) == documents > 1
    }
    rows = [row for row in found if row[1:] not in everywhere]
    return rows + [(EVERY_DOCUMENT, *row) for row in sorted(everywhere)]


def _shown(value: object) -> str:
    """A parameter value in words: a list joined with commas; unset as empty."""
    if value is None:
        return ""
    return ", ".join(value) if isinstance(value, list) else str(value)


CSV_HEADER = (
    "organisation",
    "name",
    "document",
    "change",
    "clause_or_parameter",
    "their_words",
    "our_words",
    "adopted",
)


def deviations_csv(rows: list[Deviation]) -> str:
    """One line per change, with the organisation's words and the publisher's: easy to filter in a spreadsheet,
    where no cell can run."""
    return csv_text(
        CSV_HEADER,
        [[r.organisation, r.name, r.document, r.change, r.item, r.theirs, r.ours, r.release] for r in rows],
    )
