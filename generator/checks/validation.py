"""A loaded project -> which organisations can be built, and every problem, each charged to the file it is in.

An organisation's output is made from the library, its own file and the files of the chain it extends; a
problem anywhere else is reported, but does not stop it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from generator.checks.cross_references import library_problems, organisation_problems
from generator.inputs.errors import Problem
from generator.inputs.load import Project, load_project
from generator.model.inherit import chain_of


@dataclass(frozen=True)
class Validation:
    """A project and its problems: the library's, which stop everything, and each organisation file's."""

    project: Project
    library: tuple[Problem, ...] = ()
    """Problems in content/: no organisation can be built."""
    files: dict[str, tuple[Problem, ...]] = field(default_factory=dict)
    """Organisation id -> the problems in its own file (and in its releases/ file)."""

    @property
    def problems(self) -> list[Problem]:
        """Every problem, in file order."""
        return sorted({*self.library, *(p for found in self.files.values() for p in found)})

    def blockers(self, org_id: str) -> list[str]:
        """The files in ``org_id``'s chain (itself included) whose problems stop it being built."""
        chain = chain_of(self.project.organisations, org_id, include_missing=True)
        return [ident for ident in chain if self.files.get(ident) or ident in self.project.broken]

    def blocking(self, org_id: str) -> list[Problem]:
        """The problems that stop ``org_id`` being built: the library's, and those of files in its chain."""
        return sorted({*self.library, *(p for ident in self.blockers(org_id) for p in self.files.get(ident, ()))})

    def valid(self, org_id: str) -> bool:
        return not self.library and org_id in self.project.organisations and not self.blockers(org_id)

    def buildable(self) -> list[str]:
        """Every organisation that can be built, sorted."""
        return [org_id for org_id in sorted(self.project.organisations) if self.valid(org_id)]

    def invalid(self) -> list[str]:
        """Every organisation file that cannot be built, itself or through its chain, sorted."""
        named = {*self.project.organisations, *self.project.broken, *self.files}
        return [org_id for org_id in sorted(named) if not self.valid(org_id)]

    def valid_project(self) -> Project:
        """The project with only the organisations that can be built: what builds and look-ups work from."""
        return replace(self.project, organisations={o: self.project.organisations[o] for o in self.buildable()})

    def problems_outside(self, org_ids: list[str]) -> list[Problem]:
        """The problems in files none of ``org_ids`` is made from: warnings for a build of those."""
        used = {ident for org_id in org_ids for ident in chain_of(self.project.organisations, org_id)}
        return sorted(p for ident, found in self.files.items() if ident not in used for p in found)


def validate_estate(root: Path) -> Validation:
    """Load and check the project; a broken library raises UserError, everything else is recorded."""
    project = load_project(root)
    files: dict[str, list[Problem]] = {}
    library: list[Problem] = library_problems(project)
    for problem in project.problems:
        owner = _owner(problem)
        if owner is None:
            library.append(problem)
        else:
            files.setdefault(owner, []).append(problem)
    for org_id in sorted({*project.organisations, *project.salvaged}):
        found = organisation_problems(project, org_id)
        if found:
            files.setdefault(org_id, []).extend(found)
    return Validation(project, tuple(library), {ident: tuple(sorted(set(p))) for ident, p in files.items()})


def _owner(problem: Problem) -> str | None:
    """The organisation a load problem belongs to: schools/<id>.yml, or releases/<publisher>.yml."""
    path = PurePosixPath(problem.file)
    if path.parent.name in ("schools", "releases") and path.stem != "library":
        return path.stem
    return None
