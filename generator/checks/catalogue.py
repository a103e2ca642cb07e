"""A loaded project -> problems in what its clauses and organisations say they satisfy and cite.

Requirements (content/requirements.yml) and citations (content/citations.yml) are named by id: by a clause's
``satisfies`` and ``cites``, a requirement's ``source``, a citation's ``replaced_by``, an added clause's
``satisfies`` and an organisation's ``cites``. An id that names nothing is a problem in the file that writes it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from pydantic import TypeAdapter, ValidationError

from generator.inputs.errors import Problem, did_you_mean
from generator.inputs.load import Located, Project
from generator.inputs.schema import Organisation, RequirementId

_ID: TypeAdapter[str] = TypeAdapter(RequirementId)

FILES = {"requirement": "content/requirements.yml", "citation": "content/citations.yml"}


def _unknown(
    noun: str, ident: str, known: Mapping[str, object], where: Located, path: tuple[str | int, ...]
) -> Iterator[Problem]:
    if ident not in known:
        yield where.problem(path, f"unknown {noun} {ident!r}{did_you_mean(ident, known)}; see {FILES[noun]}")


def catalogue_problems(project: Project) -> Iterator[Problem]:
    """Unknown ids in the library: clauses' satisfies and cites, requirements' sources, citations' replacements."""
    library, where = project.library, project.where
    for noun, named in (("requirement", where.requirements), ("citation", where.citations)):
        for ident, located in named.items():
            try:
                _ID.validate_python(ident)
            except ValidationError:
                yield located.problem((), f"{ident!r} is not a {noun} id: use lower-case letters, digits and hyphens")
    for ident, clause in library.clauses.items():
        for index, needed in enumerate(clause.satisfies):
            yield from _unknown("requirement", needed, library.requirements, where.clauses[ident], ("satisfies", index))
        for index, cited in enumerate(clause.cites):
            yield from _unknown("citation", cited, library.citations, where.clauses[ident], ("cites", index))
    for ident, requirement in library.requirements.items():
        yield from _unknown("citation", requirement.source, library.citations, where.requirements[ident], ("source",))
    for ident, citation in library.citations.items():
        if citation.replaced_by is not None:
            yield from _unknown(
                "citation", citation.replaced_by, library.citations, where.citations[ident], ("replaced_by",)
            )
        if citation.status != "current" and citation.since is None:
            yield where.citations[ident].problem(
                ("since",), f"a citation that is {citation.status} says since when, e.g. since: 1 April 2021"
            )


def organisation_catalogue_problems(project: Project, org: Organisation, where: Located) -> Iterator[Problem]:
    """Unknown ids in an organisation's file: its cites, and what the clauses it adds satisfy."""
    library = project.library
    for index, citation in enumerate(org.cites):
        yield from _unknown("citation", citation, library.citations, where, ("cites", index))
    for doc_id, wanted in org.documents.items():
        for position, local in enumerate(wanted.add):
            for index, requirement in enumerate(local.satisfies):
                path = ("documents", doc_id, "add", position, "satisfies", index)
                yield from _unknown("requirement", requirement, library.requirements, where, path)
