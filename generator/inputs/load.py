"""Project files -> the clause library and organisation configs (schema objects), or every problem found."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from generator.inputs.errors import Problem, UserError, display_path
from generator.inputs.project_files import (
    board_folders,
    clause_files,
    document_files,
    file_id,
    inputs_digest,
    organisation_files,
    organisation_ids,
    release_files,
)
from generator.inputs.schema import (
    Citation,
    Clause,
    DocumentTemplate,
    LibraryInfo,
    Organisation,
    OrganisationId,
    Parameter,
    Release,
    Requirement,
    Role,
    look_alike,
)
from generator.inputs.validation_messages import data_path, describe, validation_problems
from generator.inputs.yamlfile import YamlDocument, read_yaml


@dataclass(frozen=True)
class Library:
    """The clause library: parameters, roles, clauses and document templates, by id."""

    version: str
    """The library's release, e.g. 2025.1."""
    parameters: dict[str, Parameter]
    roles: dict[str, Role]
    clauses: dict[str, Clause]
    documents: dict[str, DocumentTemplate]
    owners: Owners = field(default_factory=lambda: Owners())
    """The board that defines each of a board's own clauses and documents (content/boards/<board>/)."""
    requirements: dict[str, Requirement] = field(default_factory=dict)
    """What an organisation's policy is expected to cover (content/requirements.yml), in the file's order."""
    citations: dict[str, Citation] = field(default_factory=dict)
    """Documents and bodies cited, with their currency (content/citations.yml)."""


@dataclass(frozen=True)
class Owners:
    """Clause id and document id -> the board whose own content (content/boards/<board>/) defines it. The shared
    library's clauses and documents are in neither."""

    clauses: dict[str, str] = field(default_factory=dict)
    documents: dict[str, str] = field(default_factory=dict)

    def boards(self) -> set[str]:
        return {*self.clauses.values(), *self.documents.values()}


@dataclass(frozen=True)
class Located:
    """Where a loaded object came from, so later checks can point at it."""

    file: YamlDocument
    path: tuple[str | int, ...] = ()

    def problem(self, path: Sequence[str | int], message: str) -> Problem:
        return self.file.problem((*self.path, *path), message)


@dataclass
class Places:
    """Where each loaded clause, document template and organisation came from, by id."""

    clauses: dict[str, Located] = field(default_factory=dict)
    documents: dict[str, Located] = field(default_factory=dict)
    organisations: dict[str, Located] = field(default_factory=dict)
    requirements: dict[str, Located] = field(default_factory=dict)
    citations: dict[str, Located] = field(default_factory=dict)


@dataclass(frozen=True)
class Project:
    """Everything a build reads: the library, the organisations, and where each came from."""

    root: Path
    library: Library
    organisations: dict[str, Organisation]
    where: Places = field(default_factory=Places)
    problems: tuple[Problem, ...] = ()
    """Problems in organisation files that did not load; the rest of the project is still checked."""
    broken: frozenset[str] = frozenset()
    """Organisations whose files did not load."""
    releases: dict[str, list[Release]] = field(default_factory=dict)
    """Publisher ('library' or an organisation id) -> its releases, oldest first."""
    salvaged: dict[str, Organisation] = field(default_factory=dict)
    """Organisations whose files have schema problems, without the keys at fault: checked, never built."""
    inputs: str = ""
    """project_files.inputs_digest as it was just before the files were read: if it is the same later, so are
    they ("" where unknown)."""


BUILD_FILES = {
    "mkdocs.yml": "the base site configuration every organisation's site inherits",
    "templates/site": "the templates of the site's pages",
    "templates/print": "the templates of the PDFs",
    "templates/fonts": "the typeface of the sites and PDFs",
}
"""What a project needs besides content/ and schools/ to build: path -> what it is."""


def missing_build_files(root: Path) -> list[Problem]:
    """A problem for each of BUILD_FILES the project lacks."""
    return [
        Problem(name, 1, 1, "", f"not found: a project needs {name}, {purpose}")
        for name, purpose in BUILD_FILES.items()
        if not (root / name).exists()
    ]


def load_project(root: Path) -> Project:
    """Read content/ and schools/ under ``root``.

    A broken library raises UserError with every problem; broken organisation files are recorded in the
    project (``problems``, ``broken``) so that the others can still be checked and all errors shown at once.
    """
    inputs = inputs_digest(root)  # before reading: a file saved meanwhile then shows as changed next time
    loader = _Loader(root, missing_build_files(root))
    library = loader.library(root / "content")
    library_problems = list(loader.problems)
    salvaged: dict[str, Organisation] = {}
    organisations = loader.by_file_name(
        organisation_files(root), Organisation, loader.where.organisations, "organisation", salvaged=salvaged
    )
    if library_problems:
        raise UserError(loader.problems)
    named = set(organisation_ids(root))
    releases = load_releases(root, loader.problems)
    broken = frozenset(named - set(organisations))
    return Project(
        root, library, organisations, loader.where, tuple(loader.problems), broken, releases, salvaged, inputs
    )


_FILE_ID: TypeAdapter[str] = TypeAdapter(OrganisationId)
Model = TypeVar("Model", bound=BaseModel)


class _Loader:
    """Reads a project's YAML files, collecting every problem and where each object came from."""

    def __init__(self, root: Path, problems: list[Problem]) -> None:
        self.root = root
        self.problems = problems
        self.where = Places()

    def library(self, content: Path) -> Library:
        version = "0"
        info = self.parsed(content / "library.yml")
        if info is not None:
            release = self.validate(LibraryInfo, info, ())
            version = release.version if release else version
        parameters = self.by_key(content / "parameters.yml", Parameter, "parameters")
        roles = self.by_key(content / "roles.yml", Role, "roles")
        clauses: dict[str, Clause] = {}
        self.clauses(clause_files(content), clauses)
        documents = self.by_file_name(document_files(content), DocumentTemplate, self.where.documents, "document")
        if not documents and not self.problems:
            self.problems.append(Problem("content/documents", 1, 1, "", "no document templates found (*.yml)"))
        owners = self.boards_content(content, clauses, documents)
        citations = self.optional(content / "citations.yml", Citation, "citations", self.where.citations)
        requirements = self.optional(content / "requirements.yml", Requirement, "requirements", self.where.requirements)
        return Library(version, parameters, roles, clauses, documents, owners, requirements, citations)

    def optional(self, path: Path, model: type[Model], noun: str, where: dict[str, Located]) -> dict[str, Model]:
        """A file of ``model`` objects by id that a project may leave out (then there are none)."""
        return self.by_key(path, model, noun, where) if path.exists() or path.is_symlink() else {}

    def boards_content(
        self, content: Path, clauses: dict[str, Clause], documents: dict[str, DocumentTemplate]
    ) -> Owners:
        """content/boards/<board>/clauses and documents: a board's own model, beside the shared library, added to
        ``clauses`` and ``documents``. Ids are unique across the library and every board."""
        owners = Owners()
        for board_folder in board_folders(content):
            board = board_folder.name
            try:
                _FILE_ID.validate_python(board)
            except ValidationError:
                name = display_path(board_folder, self.root)
                message = "folder name is not an organisation id: use the board's file name"
                self.problems.append(Problem(name, 1, 1, "", message))
                continue
            for ident in self.clauses(clause_files(board_folder), clauses):
                owners.clauses[ident] = board
            found: dict[str, Located] = {}
            for ident, template in self.by_file_name(
                document_files(board_folder), DocumentTemplate, found, "document"
            ).items():
                if ident in documents:
                    first = self.where.documents[ident].file.name
                    self.problems.append(
                        found[ident].problem((), f"duplicate document id {ident!r} (first in {first})")
                    )
                    continue
                documents[ident], self.where.documents[ident], owners.documents[ident] = template, found[ident], board
        return owners

    def parsed(self, path: Path) -> YamlDocument | None:
        """The file's YAML, or None (with a problem recorded) if it is unreadable or a link out of the project."""
        name = display_path(path, self.root)
        try:
            real = path.resolve(strict=path.is_symlink())
        except (OSError, RuntimeError):  # a link to itself, a loop of links, or a link to nothing
            self._refuse(path, "file is a link that leads nowhere (a loop, or a missing file)")
            return None
        if not real.is_relative_to(self.root.resolve()):
            self._refuse(path, "file is a link to outside the project: put the file itself here")
            return None
        document = read_yaml(path, name)
        if isinstance(document, Problem):
            self.problems.append(document)
            return None
        return document

    def _refuse(self, path: Path, message: str) -> None:
        self.problems.append(Problem(path.relative_to(self.root).as_posix(), 1, 1, "", message))

    def by_key(
        self, path: Path, model: type[Model], noun: str, where: dict[str, Located] | None = None
    ) -> dict[str, Model]:
        """A file holding a mapping of ``model`` objects by id; with ``where``, where each one is recorded."""
        loaded: dict[str, Model] = {}
        document = self.parsed(path)
        if document is None:
            return loaded
        if not isinstance(document.data, dict):
            self.problems.append(document.problem((), f"expected a mapping of {noun} by id"))
            return loaded
        for key in document.data:
            item = self.validate(model, document, (key,))
            if item is not None:
                loaded[str(key)] = item
                if where is not None:
                    where[str(key)] = Located(document, (key,))
        return loaded

    def clauses(self, files: list[Path], clauses: dict[str, Clause]) -> list[str]:
        """Every clause in the files (each a list of clauses) into ``clauses``, ids unique across them; the ids
        added."""
        added: list[str] = []
        for path in files:
            document = self.parsed(path)
            if document is None:
                continue
            if not isinstance(document.data, list):
                self.problems.append(document.problem((), "expected a list of clauses"))
                continue
            for index in range(len(document.data)):
                clause = self.validate(Clause, document, (index,))
                if clause is None:
                    continue
                if clause.id in clauses:
                    first = self.where.clauses[clause.id].file.name
                    message = f"duplicate clause id {clause.id!r} (first in {first})"
                    self.problems.append(document.problem((index, "id"), message))
                    continue
                clauses[clause.id] = clause
                self.where.clauses[clause.id] = Located(document, (index,))
                added.append(clause.id)
        return added

    def by_file_name(
        self,
        files: list[Path],
        model: type[Model],
        where: dict[str, Located],
        noun: str,
        *,
        salvaged: dict[str, Model] | None = None,
    ) -> dict[str, Model]:
        """One object per YAML file whose name (without .yml) is its id. With ``salvaged``, a file with schema
        problems goes there without the keys at fault, to check the rest of the file in the same pass."""
        loaded: dict[str, Model] = {}
        for path in files:
            document = self.parsed(path)
            if document is None:
                continue
            ident = file_id(path)
            problem = self._file_name_problem(ident, noun, {**loaded, **(salvaged or {})}, document)
            if problem:
                self.problems.append(Problem(document.name, 1, 1, "", problem))
                continue
            found = len(self.problems)
            item = self.validate(model, document, ())
            target = loaded
            if item is None and salvaged is not None and len(self.problems) > found:
                item, target = _salvage(model, document), salvaged
            if item is not None:
                target[ident] = item
                where[ident] = Located(document)
        return loaded

    @staticmethod
    def _file_name_problem(ident: str, noun: str, loaded: dict[str, Any], document: YamlDocument) -> str | None:
        try:
            _FILE_ID.validate_python(ident)
        except ValidationError:
            return (
                f"file name {ident!r} is not a valid {noun} id: use lower-case letters, digits and hyphens"
                f"{look_alike(ident)}"
            )
        if ident in loaded:
            return f"duplicate {noun} id {ident!r} (.yml and .yaml)"
        if document.data is None:
            return f"file is empty: expected the {noun}'s settings"
        return None

    def validate(self, model: type[Model], document: YamlDocument, path: tuple[str | int, ...]) -> Model | None:
        """The object at ``path`` in the file, or None with its problems recorded."""
        data: Any = document.data
        for part in path:
            data = data[part]
        if not isinstance(data, dict):
            self.problems.append(document.problem(path, f"expected a mapping of keys ({describe(data)} found)"))
            return None
        try:
            return model.model_validate(data)
        except ValidationError as error:
            self.problems.extend(validation_problems(error, model, document, path))
            return None


def _salvage(model: type[Model], document: YamlDocument) -> Model | None:
    """The file's object without the keys and items the schema refused, or None if that is not valid either."""
    if not isinstance(document.data, dict):
        return None
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        paths = {data_path(document.data, item["loc"]) for item in error.errors()}
    data = copy.deepcopy(document.data)
    for path in sorted(paths, reverse=True):
        node: Any = data
        for part in path[:-1]:
            node = node[part]
        if not path or not isinstance(node, dict | list):
            return None
        if isinstance(node, dict):
            node.pop(path[-1], None)
        elif isinstance(path[-1], int) and path[-1] < len(node):
            del node[path[-1]]
    try:
        return model.model_validate(data)
    except (ValidationError, TypeError):
        return None


def load_releases(root: Path, problems: list[Problem]) -> dict[str, list[Release]]:
    """releases/<publisher>.yml, each a list of releases, oldest first."""
    releases: dict[str, list[Release]] = {}
    for path in release_files(root):
        document = read_yaml(path, display_path(path, root))
        if isinstance(document, Problem):
            problems.append(document)
            continue
        publisher = file_id(path)
        if publisher in releases:
            problems.append(document.problem((), f"duplicate releases of {publisher!r} (.yml and .yaml)"))
            continue
        if not isinstance(document.data, list):
            problems.append(document.problem((), "expected a list of releases"))
            continue
        loaded = []
        for index, item in enumerate(document.data):
            try:
                loaded.append(Release.model_validate(item))
            except ValidationError as error:
                problems.extend(validation_problems(error, Release, document, (index,)))
        releases[publisher] = loaded
    return releases
