"""Releases of a publisher's documents -> what changed for an organisation since the release it adopted.

A publisher is the clause library (``library``) or an organisation that others extend, such as a board.
``policy-pack release`` records what each of its documents said (releases/<publisher>.yml); an organisation
names the release it adopted (``adopted_from: kestrel-vale-partnership@2025.1``); the change report compares that
release with what the publisher says now, clause by clause.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Literal

from generator.inputs.load import Project
from generator.inputs.schema import Audience, Release, ReleasedClause
from generator.model.inherit import Settings, parameter_values, settings_of
from generator.model.pinning import adopted_release, has_own_changes
from generator.model.placeholders import Value, fill
from generator.model.scope import placeholders_of

LIBRARY = "library"
SIGNING_AUDIENCES = {"staff", "all", "candidates"}
"""Readers who sign an acknowledgement: a change to a clause addressed to them means signing again."""


ChangeKind = Literal["reworded", "added", "removed", "locked", "unlocked"]
Snapshot = dict[str, dict[str, ReleasedClause]]
"""Document id -> clause id -> clause, in reading order."""


def publisher_state(project: Project, publisher: str) -> Snapshot:
    """What ``publisher`` hands on now: each document's clauses with the text, version and lock they inherit."""
    library = project.library
    if publisher == LIBRARY:
        return {
            doc_id: {
                c: _released(
                    library.clauses[c].title,
                    library.clauses[c].version,
                    library.clauses[c].text,
                    locked=False,
                    audience=library.clauses[c].audience,
                )
                for c in template.clause_ids()
            }
            for doc_id, template in library.documents.items()
        }
    settings = settings_of(project.organisations, publisher)
    locked = set(settings.locked) | set(settings.organisation.locked)
    snapshot: Snapshot = {}
    for doc_id, plan in settings.documents.items():
        clauses: dict[str, ReleasedClause] = {}
        for clause_id in library.documents[doc_id].clause_ids():
            if clause_id in plan.exclude:
                continue
            clause = library.clauses[clause_id]
            reworded = plan.reword.get(clause_id)
            clauses[clause_id] = _released(
                clause.title,
                clause.version,
                reworded[0] if reworded else clause.text,
                locked=clause_id in locked,
                audience=clause.audience,
                reworded_by=reworded[1] if reworded else None,
            )
        for local, _ in plan.add:
            clauses[local.id] = _released(
                local.title, 1, local.text, locked=local.id in locked, audience=local.audience
            )
        snapshot[doc_id] = clauses
    return snapshot


def _released(
    title: str, version: int, text: str, *, locked: bool, audience: Sequence[Audience], reworded_by: str | None = None
) -> ReleasedClause:
    """A clause as released, from values already validated where they were read (so not validated again: this
    runs for every clause of every publisher an organisation's build compares with)."""
    return ReleasedClause.model_construct(
        title=title, version=version, text=text, locked=locked, audience=list(audience), reworded_by=reworded_by
    )


def current_version(project: Project, publisher: str) -> str:
    """The latest release's version, marked '+unreleased' where the publisher has changed since: what its own
    documents show, and what `policy-pack status` warns about."""
    history = project.releases.get(publisher, [])
    if not history:
        return "unreleased"
    latest = history[-1]
    return latest.version if latest.documents == publisher_state(project, publisher) else f"{latest.version}+unreleased"


def document_version(project: Project, settings: Settings) -> str:
    """The version an organisation's documents show: one its publisher issued. For a publisher, its latest
    release (marked '+unreleased' where it has changed since); for one that adopted a release, that release's
    version (marked '+ local changes' where it excludes, rewords or adds anything itself); for one extending a
    publisher with releases, that publisher's version, marked the same way. Where nobody issued one: none."""
    if project.releases.get(settings.id):
        return current_version(project, settings.id)
    adopted = adopted_release(project, settings)
    if adopted:
        publisher, issued = adopted[0], adopted[1].version
    else:
        publisher = next((a for a in settings.chain[1:] if project.releases.get(a)), "")
        issued = current_version(project, publisher) if publisher else ""
    return f"{issued} + local changes" if issued and has_own_changes(settings, publisher) else issued


def unreleased_publishers(project: Project) -> list[str]:
    """Publishers whose documents changed since their latest release: their adopters cannot see those edits."""
    return [
        p
        for p in sorted(project.releases)
        if p in project.organisations and current_version(project, p).endswith("+unreleased")
    ]


@dataclass(frozen=True)
class ClauseChange:
    """One clause that differs between the adopted release and the publisher's current text."""

    document: str
    clause: str
    title: str
    kind: ChangeKind
    diff: tuple[tuple[str, str], ...] = ()
    """Word-level diff: ('equal' | 'delete' | 'insert', words)."""
    conflict: bool = False
    """The organisation had reworded this clause, and the publisher has changed it since."""
    re_sign: bool = False
    """Readers who sign (staff, candidates) must sign again."""
    locked: bool = False
    """The publisher locks the clause now: an added clause that must be kept as written."""
    own_words: str = ""
    """In a conflict, the organisation's own wording (filled in), which its readers keep reading."""


@dataclass(frozen=True)
class ChangeReport:
    """What changed upstream for one organisation since the release it adopted."""

    organisation: str
    publisher: str
    adopted: str
    current: str
    changes: tuple[ClauseChange, ...] = field(default=())

    def re_sign(self, document: str) -> bool:
        return any(change.re_sign for change in self.changes if change.document == document)


def next_steps(report: ChangeReport, *, file: str) -> list[str]:
    """What the organisation does next, in order, ending with the commands to run; ``file`` is its file's name
    (schools/<organisation>.yml)."""
    org, publisher, current = report.organisation, report.publisher, report.current
    if report.adopted == current:
        return [f"Nothing to do: {org} has adopted {publisher}'s current release, {current}."]
    steps = []
    conflicts = [c.clause for c in report.changes if c.conflict]
    if conflicts:
        steps.append(
            f"Compare your wording of {', '.join(conflicts)} with {publisher}'s new one above: keep it, change it, "
            f"or delete it from reword in {file} to take theirs."
        )
    steps.append(f"Adopt the release: policy-pack adopt {org} {current} (it sets adopted_from in {file} and the date).")
    steps.append(f"Run: policy-pack validate && policy-pack build {org}")
    signing = [doc for doc in dict.fromkeys(c.document for c in report.changes) if report.re_sign(doc)]
    if signing:
        steps.append(f"Ask staff to sign the new text of {', '.join(signing)}.")
    return steps


def change_report(project: Project, org_id: str) -> ChangeReport | None:
    """Clause by clause, what the publisher changed since ``org_id`` adopted; None if it names no release."""
    org = project.organisations[org_id]
    if org.adopted_from is None:
        return None
    publisher, version = org.adopted_from.split("@", 1)
    adopted = next(r for r in project.releases.get(publisher, []) if r.version == version)
    now = publisher_state(project, publisher)
    settings = settings_of(project.organisations, org_id)
    below = settings.chain if publisher == LIBRARY else settings.chain[: settings.chain.index(publisher)]
    own_rewordings = {
        (doc, clause)
        for doc, plan in settings.documents.items()
        for clause, (_, by) in plan.reword.items()
        if by in below
    }
    parameters = placeholders_of(project, settings)
    types = {ident: p.type for ident, p in parameters.items()}
    template_only = set() if settings.template else {c.id for c in project.library.clauses.values() if c.template_only}
    changes: list[ClauseChange] = []
    for doc_id, plan in settings.documents.items():
        values = parameter_values(parameters, settings, plan)
        fill_in = partial(_filled, values=values, types=types)
        found = _document_changes(
            doc_id,
            adopted.documents.get(doc_id, {}),
            now.get(doc_id, {}),
            text=partial(_filled_clause, values=values, types=types),
            reworded_here={clause for doc, clause in own_rewordings if doc == doc_id},
            left_out={clause for clause, by in plan.exclude.items() if by in below} | template_only,
        )
        changes += [
            replace(change, own_words=fill_in(plan.reword[change.clause][0])) if change.conflict else change
            for change in found
        ]
    # The latest release names the report, not the publisher's draft: a board's edits to clauses an organisation
    # does not use must not change that organisation's pages.
    latest = project.releases[publisher][-1].version
    return ChangeReport(org_id, publisher, version, latest, tuple(changes))


def re_sign_needed(document: str, signed: Mapping[str, ReleasedClause], now: Mapping[str, ReleasedClause]) -> bool:
    """Whether readers who signed one text of ``document`` must sign again for another; texts already filled."""
    return any(change.re_sign for change in signed_text_changes(document, signed, now))


def signed_text_changes(
    document: str, signed: Mapping[str, ReleasedClause], now: Mapping[str, ReleasedClause]
) -> list[ClauseChange]:
    """Each clause that differs between a signed text of ``document`` and another; texts already filled."""
    return _document_changes(
        document, dict(signed), dict(now), text=lambda clause: clause.text, reworded_here=set(), left_out=set()
    )


def _filled_clause(clause: ReleasedClause, *, values: Mapping[str, Value], types: Mapping[str, str]) -> str:
    return _filled(clause.text, values=values, types=types)


def _filled(text: str, *, values: Mapping[str, Value], types: Mapping[str, str]) -> str:
    return fill(text, values, types=types, blank=lambda name: f"[{name}]")


def _document_changes(
    doc_id: str,
    old: dict[str, ReleasedClause],
    new: dict[str, ReleasedClause],
    *,
    text: Callable[[ReleasedClause], str],
    reworded_here: set[str],
    left_out: set[str],
) -> list[ClauseChange]:
    """The changes between two releases of one document, except to clauses the organisation leaves out."""
    changes = []
    for clause_id in [*new, *(c for c in old if c not in new)]:
        if clause_id in left_out:
            continue
        before, after = old.get(clause_id), new.get(clause_id)
        either = after or before
        assert either is not None
        signs = bool(SIGNING_AUDIENCES & set(either.audience))
        if before is None:
            added = (("insert", text(either)),)
            changes.append(
                ClauseChange(doc_id, clause_id, either.title, "added", added, re_sign=signs, locked=either.locked)
            )
        elif after is None:
            changes.append(
                ClauseChange(doc_id, clause_id, either.title, "removed", (("delete", text(either)),), re_sign=signs)
            )
        else:
            if before.text != after.text:
                conflict = clause_id in reworded_here
                diff = word_diff(text(before), text(after))
                # Where the organisation keeps its own wording, its readers read nothing new.
                changes.append(
                    ClauseChange(doc_id, clause_id, either.title, "reworded", diff, conflict, signs and not conflict)
                )
            if before.locked != after.locked:
                changes.append(ClauseChange(doc_id, clause_id, either.title, "locked" if after.locked else "unlocked"))
    return changes


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """The words deleted and inserted between two texts, with the words around them."""
    a, b = old.split(), new.split()
    parts: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(("equal", " ".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            parts.append(("delete", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(("insert", " ".join(b[j1:j2])))
    return tuple(parts)


def new_release(project: Project, publisher: str, *, version: str, notes: str, date: datetime.date) -> Release:
    """A release of ``publisher``'s current documents; ValueError if it already has one of that version."""
    if any(r.version == version for r in project.releases.get(publisher, [])):
        raise ValueError(f"{publisher} already has a release {version}")
    return Release(version=version, date=date, notes=notes, documents=publisher_state(project, publisher))
