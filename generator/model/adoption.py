"""An organisation, a release of its publisher and a date -> its file pinned to that release, and what that changes.

`policy-pack adopt` writes ``adopted_from`` and ``adopted`` into the organisation's own file, replacing only those
values (ruamel.yaml finds where they are), and says, clause by clause, what its published text gains and loses and
whether staff must sign again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from pathlib import Path

from ruamel.yaml import YAML

from generator.inputs.errors import Problem
from generator.inputs.load import Project
from generator.model.inherit import settings_of
from generator.model.issued import snapshot
from generator.model.lifecycle import LIBRARY, ClauseChange, signed_text_changes
from generator.model.resolve import resolve_organisation


class AdoptionError(Exception):
    """The organisation cannot adopt what was asked: no such release, or no publisher with releases."""


@dataclass(frozen=True)
class Adoption:
    """A pin moved: from which release to which, and what the organisation's documents gain and lose."""

    organisation: str
    before: str | None
    after: str
    changes: tuple[ClauseChange, ...]

    @property
    def re_sign(self) -> bool:
        return any(change.re_sign for change in self.changes)


def publisher_of(project: Project, org_id: str) -> str | None:
    """The publisher whose releases ``org_id`` adopts: the one it names, else the nearest it extends with
    releases, else the library where its releases are stored; None where there is none."""
    named = project.organisations[org_id].adopted_from
    if named is not None:
        return named.split("@", 1)[0]
    chain = settings_of(project.organisations, org_id).chain[1:]
    return next((p for p in (*chain, LIBRARY) if project.releases.get(p)), None)


def newer_releases(project: Project) -> list[str]:
    """A line for each organisation whose publisher has released since the release it adopted: available, and
    changing nothing it publishes until it adopts it."""
    lines = []
    for org_id, org in sorted(project.organisations.items()):
        if org.adopted_from is None:
            continue
        publisher, version = org.adopted_from.split("@", 1)
        latest = project.releases.get(publisher, [])[-1:]
        if latest and latest[0].version != version:
            lines.append(
                f"{org_id} publishes {publisher}@{version}; {latest[0].version} is available: "
                f"policy-pack changes {org_id}, then policy-pack adopt {org_id}"
            )
    return lines


def unpinned_warnings(project: Project, org_id: str) -> list[Problem]:
    """An organisation extending a publisher with releases that names none publishes whatever it says today."""
    org = project.organisations[org_id]
    publisher = publisher_of(project, org_id)
    if org.adopted_from is not None or org.extends is None or publisher in (None, LIBRARY):
        return []
    latest = project.releases[publisher][-1].version
    return [
        project.where.organisations[org_id].problem(
            (),
            f"extends {publisher}, which issues releases, but names none it adopted, so it publishes whatever "
            f"{publisher} says today; pin one with `policy-pack adopt {org_id}` (adopted_from: {publisher}@{latest})",
        )
    ]


def adopt(project: Project, org_id: str, release: str | None, day: datetime.date) -> Adoption:
    """What pinning ``org_id`` to ``release`` (VERSION or PUBLISHER@VERSION; default: the latest) changes."""
    if org_id not in project.organisations:
        raise AdoptionError(f"no organisation {org_id!r} in schools/")
    publisher, _, version = (release or "").rpartition("@")
    publisher = publisher or publisher_of(project, org_id) or ""
    releases = project.releases.get(publisher, [])
    if not releases:
        raise AdoptionError(f"{org_id} extends no publisher with releases: there is nothing to adopt")
    version = version or releases[-1].version
    if version not in [r.version for r in releases]:
        listed = ", ".join(r.version for r in releases)
        raise AdoptionError(f"{publisher} has no release {version!r}; its releases: {listed}")
    before_org = project.organisations[org_id]
    after_org = before_org.model_copy(update={"adopted_from": f"{publisher}@{version}", "adopted": day})
    pinned = replace(project, organisations={**project.organisations, org_id: after_org})
    old = {d.id: snapshot(d) for d in resolve_organisation(project, org_id).documents}
    changes = []
    for document in resolve_organisation(pinned, org_id).documents:
        changes += signed_text_changes(document.id, old.get(document.id, {}), snapshot(document))
    return Adoption(org_id, before_org.adopted_from, f"{publisher}@{version}", tuple(changes))


def write_adoption(path: Path, adoption: Adoption, day: datetime.date) -> None:
    """Set ``adopted_from`` and ``adopted`` in the organisation's file, changing nothing else: ruamel.yaml finds
    where each value is, and only that value is replaced (or a line added after ``adopted``, ``extends`` or
    ``kind``), so comments, quoting and indentation stay as they were. Written whole or not at all."""
    text = path.read_text(encoding="utf-8")
    for key, value in (("adopted", day.isoformat()), ("adopted_from", adoption.after)):
        text = _set_top_level(text, key, value)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def _set_top_level(text: str, key: str, value: str) -> str:
    """``text`` with the top-level ``key`` set to the plain scalar ``value``."""
    data = YAML().load(text)
    lines = text.splitlines(keepends=True)
    if key in data:
        line, column = data.lc.value(key)
        if line != data.lc.key(key)[0]:
            raise AdoptionError(f"{key} is not written on one line: set it to {value} by hand")
        old = lines[line]
        comment = old.find(" #", column)
        end = column + len(old[column : comment if comment >= 0 else len(old)].rstrip())
        lines[line] = old[:column] + value + old[end:]
        return "".join(lines)
    after = next((k for k in ("adopted", "extends", "kind") if k in data), None)
    at = data.lc.key(after)[0] + 1 if after else len(lines)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    lines.insert(at, f"{key}: {value}\n")
    return "".join(lines)
