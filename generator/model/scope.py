"""An organisation's chain -> the parameters, roles and documents it may use: the library's and its chain's own."""

from __future__ import annotations

from collections.abc import Mapping

from generator.inputs.load import Project
from generator.inputs.schema import DocumentTemplate, Parameter, Role
from generator.model.inherit import Settings
from generator.model.placeholders import PERSON_FIELDS

PERSON_EXAMPLES = {"name": "Ms Hannah Moss", "email": "dsl@st-anns.example.org", "phone": "01632 960000"}


def parameters_of(project: Project, settings: Settings) -> dict[str, Parameter]:
    """The library's parameters and those the organisation and its ancestors declare."""
    return {**project.library.parameters, **settings.declared_parameters}


def placeholders_of(project: Project, settings: Settings) -> dict[str, Parameter]:
    """Everything clause text may name: the parameters, and each role's person's details as {{ role.field }}."""
    return {**parameters_of(project, settings), **person_placeholders(roles_of(project, settings))}


def person_placeholders(roles: Mapping[str, Role]) -> dict[str, Parameter]:
    """{{ role.name }}, {{ role.email }} and {{ role.phone }}, filled from the person in the organisation's people,
    and {{ role.title }}, the role's title: each described as a parameter is, so blanks and checks treat it alike."""
    return {
        f"{ident}.{field}": Parameter.model_construct(
            type=kind,
            label=f"{role.title}'s {words}",
            description=f"The {words} of the {role.title}"
            + (" (from roles.yml or declares.roles)." if field == "title" else f" (people.{ident}.{field})."),
            example=role.title if field == "title" else PERSON_EXAMPLES[field],
            default=role.title if field == "title" else None,
        )
        for ident, role in roles.items()
        for field, (kind, words) in PERSON_FIELDS.items()
    }


def roles_of(project: Project, settings: Settings) -> dict[str, Role]:
    """The library's roles and those the organisation and its ancestors declare."""
    return {**project.library.roles, **settings.declared_roles}


def documents_of(project: Project, settings: Settings) -> dict[str, DocumentTemplate]:
    """The library's shared documents and those of the boards in the organisation's chain."""
    owners = project.library.owners.documents
    return {
        ident: template
        for ident, template in project.library.documents.items()
        if owners.get(ident, settings.chain[0]) in settings.chain
    }
