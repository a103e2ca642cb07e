"""A resolved organisation x the requirements catalogue -> the clauses meeting each requirement, and the gaps.

It also gives the warnings a gap earns: an exclusion that leaves one, and a board's template with one. A
requirement applies to an organisation by its kind. A template (a board's model) is also judged as the schools
adopting it would be, since its text is written for them. A clause meets a requirement where it says so
(``satisfies``) and the organisation publishes it: excluded clauses and those left out of adopters' copies do not
count; a reworded clause counts, and is shown as reworded so that its new words can be checked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from generator.inputs.errors import Problem
from generator.inputs.load import Project
from generator.inputs.schema import OrganisationKind, Requirement
from generator.model.inherit import Settings, settings_of
from generator.model.resolved import ClauseStatus, ResolvedOrganisation

ADOPTERS: OrganisationKind = "school"
"""The kind of organisation a template's text is written for."""
UNPUBLISHED: tuple[ClauseStatus, ...] = ("excluded", "template-only")


@dataclass(frozen=True)
class Meeting:
    """A clause an organisation publishes that meets a requirement."""

    document: str
    clause: str
    status: ClauseStatus


@dataclass(frozen=True)
class RequirementCoverage:
    """One requirement and the clauses meeting it; none is a gap."""

    id: str
    requirement: Requirement
    source: str
    """The source document's title, from content/citations.yml."""
    source_short: str
    """Its short name, for tables."""
    clauses: tuple[Meeting, ...]

    @property
    def met(self) -> bool:
        return bool(self.clauses)


@dataclass(frozen=True)
class Coverage:
    """Every requirement that applies to one organisation."""

    organisation: str
    kinds: tuple[OrganisationKind, ...]
    """The kinds it is judged as: its own, and a school's for a template."""
    requirements: tuple[RequirementCoverage, ...]

    @property
    def gaps(self) -> list[RequirementCoverage]:
        return [entry for entry in self.requirements if not entry.met]


def judged_as(settings: Settings) -> tuple[OrganisationKind, ...]:
    kind = settings.organisation.kind
    return (kind, ADOPTERS) if settings.template and kind != ADOPTERS else (kind,)


def satisfied(project: Project, settings: Settings, document: str, clause: str) -> list[str]:
    """What one clause of a document says it meets: a library clause's, or an added clause's, satisfies."""
    if clause in project.library.clauses:
        return project.library.clauses[clause].satisfies
    plan = settings.documents.get(document)
    added = [local for local, _ in plan.add if local.id == clause] if plan else []
    return added[0].satisfies if added else []


def coverage_of(project: Project, organisation: ResolvedOrganisation) -> Coverage:
    """Each requirement applying to the organisation, with the clauses it publishes that meet it, in the
    catalogue's order."""
    settings = settings_of(project.organisations, organisation.id)
    kinds = judged_as(settings)
    meetings: dict[str, list[Meeting]] = {}
    for entry in organisation.report:
        if entry.status in UNPUBLISHED:
            continue
        for requirement in satisfied(project, settings, entry.document, entry.clause):
            meetings.setdefault(requirement, []).append(Meeting(entry.document, entry.clause, entry.status))
    citations = project.library.citations
    rows = tuple(
        RequirementCoverage(
            ident,
            requirement,
            citations[requirement.source].title,
            citations[requirement.source].short or citations[requirement.source].title,
            tuple(meetings.get(ident, ())),
        )
        for ident, requirement in project.library.requirements.items()
        if set(requirement.applies_to) & set(kinds)
    )
    return Coverage(organisation.id, kinds, rows)


def coverage_data(coverage: Coverage) -> dict[str, object]:
    """The coverage report as data: for report.json, coverage.json and `policy-pack coverage --format json`."""
    return {
        "organisation": coverage.organisation,
        "judged_as": list(coverage.kinds),
        "met": sum(entry.met for entry in coverage.requirements),
        "gaps": [entry.id for entry in coverage.gaps],
        "requirements": [
            {
                "id": entry.id,
                "title": entry.requirement.title,
                "source": entry.requirement.source,
                "source_title": entry.source,
                "edition": entry.requirement.edition,
                "section": entry.requirement.section,
                "paragraph": entry.requirement.paragraph,
                "url": entry.requirement.url,
                "met": entry.met,
                "clauses": [{"document": m.document, "clause": m.clause, "status": m.status} for m in entry.clauses],
            }
            for entry in coverage.requirements
        ],
    }


def coverage_json(coverage: Coverage) -> str:
    return json.dumps(coverage_data(coverage), indent=2, ensure_ascii=False) + "\n"


def coverage_warnings(project: Project, organisation: ResolvedOrganisation) -> Iterator[Problem]:
    """A gap its own exclusion leaves (at that exclusion, naming the requirement), and, in a template, one warning
    naming every gap (at its documents)."""
    settings = settings_of(project.organisations, organisation.id)
    own = settings.organisation
    where = project.where.organisations[organisation.id]
    gaps = coverage_of(project, organisation).gaps
    for gap in gaps:
        for entry in organisation.report:
            if entry.status != "excluded" or entry.by != organisation.id:
                continue
            if gap.id not in satisfied(project, settings, entry.document, entry.clause):
                continue
            excluded = own.documents[entry.document].exclude
            path = ("documents", entry.document, "exclude")
            yield where.problem(
                (*path, excluded.index(entry.clause)) if entry.clause in excluded else path,
                f"excluding {entry.clause!r} leaves requirement {gap.id!r} ({gap.requirement.title}) with no clause "
                f"meeting it; keep the clause, or add one of your own that meets it (satisfies: [{gap.id}])",
            )
    if settings.template and gaps:
        named = ", ".join(gap.id for gap in gaps)
        yield where.problem(
            ("documents",) if own.documents else (),
            f"this template has no clause meeting {len(gaps)} requirement{'s' if len(gaps) != 1 else ''}: {named}; "
            f"the schools adopting it inherit the gaps (policy-pack coverage {organisation.id}); add clauses that "
            "meet them, and say so (satisfies: [requirement ids])",
        )
