"""An organisation's live settings x the release it adopted -> the settings it publishes from.

An organisation that names a release (``adopted_from: PUBLISHER@VERSION``) publishes that release's text: what the
publisher (and everything above it) excluded, reworded, added and locked then, with the organisation's own
exclusions, rewordings and additions (and those of any organisation between them) on top. What the publisher has
changed or released since changes nothing it publishes until it adopts another release.
"""

from __future__ import annotations

from dataclasses import replace

from generator.inputs.load import Project
from generator.inputs.schema import LocalClause, Release, ReleasedClause
from generator.model.inherit import DocumentPlan, Settings


def adopted_release(project: Project, settings: Settings) -> tuple[str, Release] | None:
    """The publisher and release ``settings``' organisation adopted, or None where it names none (or none known)."""
    named = settings.organisation.adopted_from
    if named is None:
        return None
    publisher, version = named.split("@", 1)
    release = next((r for r in project.releases.get(publisher, []) if r.version == version), None)
    return None if release is None else (publisher, release)


def below_publisher(settings: Settings, publisher: str) -> tuple[str, ...]:
    """The organisations whose own changes sit on top of ``publisher``'s release: the adopter and any between."""
    return settings.chain if publisher not in settings.chain else settings.chain[: settings.chain.index(publisher)]


def pinned_settings(project: Project, settings: Settings) -> Settings:
    """``settings`` with everything the publisher and those above it contribute taken from the adopted release."""
    adopted = adopted_release(project, settings)
    if adopted is None:
        return settings
    publisher, release = adopted
    below = below_publisher(settings, publisher)
    documents = {}
    for doc_id in [*release.documents, *(d for d in settings.documents if d not in release.documents)]:
        plan = settings.documents.get(doc_id, DocumentPlan(doc_id))
        if doc_id not in release.documents:
            if any(doc_id in project.organisations[org].documents for org in below):
                documents[doc_id] = plan  # a document the organisation publishes of its own accord
            continue
        documents[doc_id] = _pinned_plan(project, plan, release.documents[doc_id], publisher, below)
    locked = {clause: by for clause, by in settings.locked.items() if by in below}
    for clauses in release.documents.values():
        locked.update({ident: publisher for ident, clause in clauses.items() if clause.locked and ident not in locked})
    return replace(settings, documents=documents, locked=locked)


def has_own_changes(settings: Settings, publisher: str) -> bool:
    """Whether the organisation (or one between it and ``publisher``) excludes, rewords or adds anything itself."""
    below = below_publisher(settings, publisher)
    return any(_own_changes(plan, below) for plan in settings.documents.values())


def _own_changes(plan: DocumentPlan, below: tuple[str, ...]) -> bool:
    return (
        any(by in below for by in plan.exclude.values())
        or any(by in below for _, by in plan.reword.values())
        or any(by in below for _, by in plan.add)
    )


def _pinned_plan(
    project: Project, plan: DocumentPlan, released: dict[str, ReleasedClause], publisher: str, below: tuple[str, ...]
) -> DocumentPlan:
    """One document's plan: the release's clauses, with the changes made below the publisher on top."""
    library = project.library
    exclude = {ident: by for ident, by in plan.exclude.items() if by in below}
    for ident in library.documents[plan.id].clause_ids():
        if ident not in released and ident not in exclude:
            exclude[ident] = publisher
    reword = {ident: change for ident, change in plan.reword.items() if change[1] in below}
    for ident, clause in released.items():
        if clause.reworded_by and ident not in reword and ident in library.clauses:
            reword[ident] = (clause.text, clause.reworded_by)
    live = {local.id: local for local, by in plan.add if by not in below}
    add = []
    previous = ""
    for ident, clause in released.items():
        if ident not in library.clauses:
            add.append((_local(clause, ident, live.get(ident), previous), clause.reworded_by or publisher))
        previous = ident
    add += [(local, by) for local, by in plan.add if by in below]
    pinned = {ident: clause for ident, clause in released.items() if ident in library.clauses}
    return replace(plan, exclude=exclude, reword=reword, add=add, pinned=pinned)


def _local(clause: ReleasedClause, ident: str, live: LocalClause | None, previous: str) -> LocalClause:
    """A clause the publisher added, as released, placed where the publisher places it (or after the clause
    before it in the release, where the publisher has since removed it)."""
    if live is not None:
        return live.model_copy(update={"title": clause.title, "text": clause.text, "audience": list(clause.audience)})
    return LocalClause.model_construct(
        id=ident, title=clause.title, text=clause.text, audience=list(clause.audience), after=previous or None
    )
