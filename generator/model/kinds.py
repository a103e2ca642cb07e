"""An organisation's kind and its own people -> the roles that sign its policies, and who signs for it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.inputs.errors import Problem
from generator.inputs.load import Project
from generator.inputs.schema import Organisation, Role
from generator.model.inherit import settings_of
from generator.model.scope import documents_of, roles_of

ADOPTING_ROLES: dict[str, tuple[tuple[str, ...], str]] = {
    "school": (("headteacher",), "chair_of_governors"),
    "academy": (("principal", "headteacher"), "chair_of_local_governing_body"),
    "trust": (("chief_executive",), "chair_of_trustees"),
}
"""Kind -> (the head's role, first one the organisation names, else the last; the chair's role)."""


def signing_roles(kind: str, signing: str, listed: Sequence[str], own_people: Sequence[str]) -> tuple[str, ...]:
    """The roles that sign a document for an organisation of ``kind``.

    A document its organisation adopts (``signing: adoption``) is signed by the head and the chair of the
    adopting organisation's own kind: a school's Headteacher and Chair of Governors, an academy's Principal or
    Headteacher and Chair of the Local Governing Body, a trust's Chief Executive Officer and Chair of Trustees.
    Other documents (a staff agreement, a candidate's acknowledgement), and a board's model, keep the roles they
    list.
    """
    if signing != "adoption" or kind not in ADOPTING_ROLES:
        return tuple(listed)
    heads, chair = ADOPTING_ROLES[kind]
    head = next((role for role in heads if role in own_people), heads[-1])
    return (head, chair)


def signing_people(org: Organisation) -> dict[str, str]:
    """Role -> name of the people who may sign for ``org``: only those its own file names, never an ancestor's."""
    return {role: person.name for role, person in org.people.items()}


def borrowed_signatures(chain: Sequence[Organisation], listed: Sequence[str]) -> Iterator[tuple[str, str, str]]:
    """(role, ancestor's role, ancestor's person) for each signing role the organisation (``chain[0]``) leaves
    empty while an organisation it extends names someone in the same place: a signature it would once have
    borrowed silently. ``listed``: the roles an adoption document lists."""
    own = chain[0]
    roles = signing_roles(own.kind, "adoption", listed, list(own.people))
    for place, role in enumerate(roles):
        if role in own.people:
            continue
        for ancestor in chain[1:]:
            theirs = signing_roles(ancestor.kind, "adoption", listed, list(ancestor.people))
            their_role = theirs[place] if place < len(theirs) else role
            if their_role in ancestor.people:
                yield role, their_role, ancestor.people[their_role].name
                break


def signature_warnings(project: Project, org_id: str) -> list[Problem]:
    """A warning, at the organisation's ``people``, for each signature it leaves blank that an ancestor fills."""
    settings = settings_of(project.organisations, org_id)
    if settings.template:
        return []
    chain = [project.organisations[ident] for ident in settings.chain]
    roles = roles_of(project, settings)
    borrowed: dict[str, tuple[str, str]] = {}
    for doc_id in settings.documents:
        template = documents_of(project, settings).get(doc_id)
        if template is None or template.signing != "adoption":
            continue
        for role, their_role, name in borrowed_signatures(chain, template.signatories):
            borrowed.setdefault(role, (their_role, name))
    where = project.where.organisations[org_id]
    return [
        where.problem(
            ("people",) if chain[0].people else ("kind",),
            f"{chain[0].kind} {org_id!r} names no {_title(roles, role)}: its policies are signed locally, so that "
            f"signature is left blank rather than signed by {name} ({_title(roles, their_role)} in a file it "
            f"extends); add people.{role}",
        )
        for role, (their_role, name) in borrowed.items()
    ]


def _title(roles: dict[str, Role], role: str) -> str:
    return roles[role].title if role in roles else role.replace("_", " ")
