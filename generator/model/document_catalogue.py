"""The library and its boards' documents -> what each is, who may publish it, and who publishes it now."""

from __future__ import annotations

from dataclasses import dataclass

from generator.inputs.load import Project
from generator.model.inherit import settings_of


@dataclass(frozen=True)
class DocumentEntry:
    """One document a project offers."""

    id: str
    title: str
    kind: str
    signing: str
    owner: str
    """'library', or the board whose own document it is."""
    may_publish: str
    published_by: tuple[str, ...]


def catalogue(project: Project) -> list[DocumentEntry]:
    """Every document, the library's first, then each board's, in id order."""
    owners = project.library.owners.documents
    publishing: dict[str, list[str]] = {}
    for org_id in sorted(project.organisations):
        for doc_id in settings_of(project.organisations, org_id).documents:
            publishing.setdefault(doc_id, []).append(org_id)
    entries = [
        DocumentEntry(
            id=doc_id,
            title=template.title,
            kind=template.kind,
            signing=template.signing,
            owner=owners.get(doc_id, "library"),
            may_publish=f"{owners[doc_id]} and those extending it" if doc_id in owners else "any organisation",
            published_by=tuple(publishing.get(doc_id, ())),
        )
        for doc_id, template in project.library.documents.items()
    ]
    return sorted(entries, key=lambda entry: (entry.owner != "library", entry.owner, entry.id))
