"""An organisation and the chain it extends -> its effective settings and parameter values, tagged with who set them."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.inputs.schema import (
    Branding,
    LocalClause,
    Organisation,
    Parameter,
    ParameterValue,
    Person,
    ReleasedClause,
    Role,
)
from generator.model.placeholders import Value

DEFAULT_REVIEW_MONTHS = 12


@dataclass
class DocumentPlan:
    """One document's merged settings: what to exclude, reword and add, and by whom."""

    id: str
    title: str | None = None
    """The title the nearest organisation gave the document, if any."""
    subtitle: str | None = None
    exclude: dict[str, str] = field(default_factory=dict)
    """Clause id -> organisation that excluded it."""
    reword: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Clause id -> (text, organisation that reworded it)."""
    add: list[tuple[LocalClause, str]] = field(default_factory=list)
    parameters: dict[str, ParameterValue] = field(default_factory=dict)
    adopted: datetime.date | None = None
    review_months: int | None = None
    pinned: dict[str, ReleasedClause] = field(default_factory=dict)
    """Library clause id -> its title, version and text in the release the organisation adopted (pinning.py)."""


@dataclass
class Settings:
    """What an organisation ends up with once everything it extends is applied."""

    id: str
    organisation: Organisation
    chain: tuple[str, ...]
    template: bool
    branding: Branding
    people: dict[str, Person]
    parameters: dict[str, ParameterValue]
    adopted: datetime.date | None
    review_months: int
    locked: dict[str, str]
    """Clause id -> the ancestor that locked it (an organisation's own locks bind only those extending it)."""
    documents: dict[str, DocumentPlan]
    declared_parameters: dict[str, Parameter] = field(default_factory=dict)
    """Parameters the organisation and its ancestors declare in their own files (beside the library's)."""
    declared_roles: dict[str, Role] = field(default_factory=dict)


def chain_of(organisations: dict[str, Organisation], org_id: str, *, include_missing: bool = False) -> tuple[str, ...]:
    """``org_id`` and its ancestors, nearest first; stops at an unknown id (included if asked) or a cycle."""
    chain: list[str] = []
    current: str | None = org_id
    while current is not None and current not in chain:
        if current not in organisations:
            if include_missing:
                chain.append(current)
            break
        chain.append(current)
        current = organisations[current].extends
    return tuple(chain)


def settings_of(organisations: dict[str, Organisation], org_id: str) -> Settings:
    """Merge the chain from the furthest ancestor down to ``org_id``: nearer organisations win."""
    chain = chain_of(organisations, org_id)
    own = organisations[org_id]
    branding: dict[str, object] = {}
    people: dict[str, Person] = {}
    parameters: dict[str, ParameterValue] = {}
    adopted: datetime.date | None = None
    review_months = DEFAULT_REVIEW_MONTHS
    locked: dict[str, str] = {}
    documents: dict[str, DocumentPlan] = {}
    declared_parameters: dict[str, Parameter] = {}
    declared_roles: dict[str, Role] = {}
    for ident in reversed(chain):
        org = organisations[ident]
        declared_parameters.update(org.declares.parameters)
        declared_roles.update(org.declares.roles)
        for key in org.branding.model_fields_set:
            branding[key] = getattr(org.branding, key)
        people.update(org.people)
        parameters.update(org.parameters)
        adopted = org.adopted or adopted
        review_months = org.review_months or review_months
        if ident != org_id:
            locked.update({clause: locked.get(clause, ident) for clause in org.locked})
        for doc_id, wanted in org.documents.items():
            plan = documents.setdefault(doc_id, DocumentPlan(doc_id))
            plan.title = wanted.title or plan.title
            plan.subtitle = wanted.subtitle or plan.subtitle
            plan.exclude.update({clause: ident for clause in wanted.exclude})
            plan.reword.update({clause: (text, ident) for clause, text in wanted.reword.items()})
            plan.add.extend((local, ident) for local in wanted.add)
            plan.parameters.update(wanted.parameters)
            plan.adopted = wanted.adopted or plan.adopted
            plan.review_months = wanted.review_months or plan.review_months
    return Settings(
        id=org_id,
        organisation=own,
        chain=chain,
        template=own.template if own.template is not None else own.kind == "board",
        branding=Branding.model_validate(branding),
        people=people,
        parameters=parameters,
        adopted=adopted,
        review_months=review_months,
        locked=locked,
        documents=documents,
        declared_parameters=declared_parameters,
        declared_roles=declared_roles,
    )


def parameter_values(parameters: Mapping[str, Parameter], settings: Settings, plan: DocumentPlan) -> dict[str, Value]:
    """Library defaults, then the organisation's name, then the chain's values, then the document's own; and
    each person's details as ``role.field`` (the placeholders of scope.person_placeholders)."""
    values: dict[str, Value] = {ident: p.default for ident, p in parameters.items() if p.default is not None}
    if not settings.template:
        values["organisation_name"] = settings.organisation.name
    values.update(settings.parameters)
    values.update(plan.parameters)
    for role, person in settings.people.items():
        details = {"name": person.name, "email": person.email, "phone": person.phone}
        values.update({f"{role}.{field}": value for field, value in details.items() if value is not None})
    return values
