"""The library's parameter declarations and an organisation's settings -> the value of each parameter in a document."""

from __future__ import annotations

from generator.inherit import DocumentPlan, Settings
from generator.load import Library
from generator.placeholders import Value
from generator.schema import Parameter


def declared_parameters(library: Library, settings: Settings) -> dict[str, Parameter]:
    """Every parameter the organisation's text may use: the library's, and those its chain declares."""
    return {**library.parameters, **settings.declared}


def parameter_values(library: Library, settings: Settings, plan: DocumentPlan) -> dict[str, Value]:
    """Library defaults, then the organisation's name, then the chain's values, then the document's own."""
    values: dict[str, Value] = {
        ident: parameter.default
        for ident, parameter in declared_parameters(library, settings).items()
        if parameter.default is not None
    }
    if not settings.template:
        values["organisation_name"] = settings.organisation.name
    values.update(settings.parameters)
    values.update(plan.parameters)
    return values
