"""An organisation's chain -> the parameters, roles and documents it may use: the library's and its chain's own."""

from __future__ import annotations

from generator.inherit import Settings
from generator.load import Project
from generator.schema import DocumentTemplate, Parameter, Role


def parameters_of(project: Project, settings: Settings) -> dict[str, Parameter]:
    """The library's parameters and those the organisation and its ancestors declare."""
    return {**project.library.parameters, **settings.declared_parameters}


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
