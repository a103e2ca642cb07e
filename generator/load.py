"""Project files -> the clause library and organisation configs (schema objects), or every problem found."""

from __future__ import annotations

import copy
import re
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from generator.errors import Problem, UserError, did_you_mean, display_path
from generator.schema import (
    Clause,
    DocumentTemplate,
    LibraryInfo,
    Organisation,
    OrganisationId,
    Parameter,
    Release,
    Role,
    look_alike,
)
from generator.yamlfile import YamlDocument, read_yaml

ModelT = TypeVar("ModelT", bound=BaseModel)
Loaded = Literal["organisation", "clause", "document"]
WhereKey = tuple[Loaded, str]


@dataclass(frozen=True)
class Library:
    """The clause library: parameters, roles, clauses and document templates, by id."""

    version: str
    """The library's release, e.g. 2025.1."""
    parameters: dict[str, Parameter]
    roles: dict[str, Role]
    clauses: dict[str, Clause]
    documents: dict[str, DocumentTemplate]


@dataclass(frozen=True)
class Located:
    """Where a loaded object came from, so later checks can point at it."""

    file: YamlDocument
    path: tuple[str | int, ...] = ()

    def problem(self, path: Sequence[str | int], message: str) -> Problem:
        return self.file.problem((*self.path, *path), message)


@dataclass(frozen=True)
class Project:
    """Everything a build reads: the library, the organisations, and where each came from."""

    root: Path
    library: Library
    organisations: dict[str, Organisation]
    where: dict[WhereKey, Located] = field(default_factory=dict)
    """(kind, id) -> where the organisation, clause or document template came from."""
    problems: tuple[Problem, ...] = ()
    """Problems in organisation files that did not load; the rest of the project is still checked."""
    broken: frozenset[str] = frozenset()
    """Organisations whose files did not load."""
    releases: dict[str, list[Release]] = field(default_factory=dict)
    """Publisher ('library' or an organisation id) -> its releases, oldest first."""
    salvaged: dict[str, Organisation] = field(default_factory=dict)
    """Organisations whose files have schema problems, without the keys at fault: checked, never built."""


def load_project(root: Path) -> Project:
    """Read content/ and schools/ under ``root``.

    A broken library raises UserError with every problem; broken organisation files are recorded in the
    project (``problems``, ``broken``) so that the others can still be checked and all errors shown at once.
    """
    reader = _Reader(root)
    library = _load_library(reader, root / "content")
    library_problems = list(reader.problems)
    organisations, salvaged = _load_by_file_name(root / "schools", Organisation, "organisation", reader)
    if library_problems:
        raise UserError(reader.problems)
    named = {path.name.rsplit(".", 1)[0] for path in (root / "schools").glob("*.y*ml")}
    releases = load_releases(root, reader.problems)
    return Project(
        root,
        library,
        organisations,
        reader.where,
        tuple(reader.problems),
        frozenset(named - set(organisations)),
        releases,
        salvaged,
    )


class _Reader:
    """Reads a project's YAML files, collecting every problem and where each loaded object came from."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.where: dict[WhereKey, Located] = {}

    def parsed(self, path: Path) -> YamlDocument | None:
        name = display_path(path, self.root)
        try:
            real = path.resolve(strict=path.is_symlink())
        except (OSError, RuntimeError):  # a link to itself, a loop of links, or a link to nothing
            name = path.relative_to(self.root).as_posix()
            self.problems.append(
                Problem(name, 1, 1, "", "file is a link that leads nowhere (a loop, or a missing file)")
            )
            return None
        if not real.is_relative_to(self.root.resolve()):
            name = path.relative_to(self.root).as_posix()
            self.problems.append(
                Problem(name, 1, 1, "", "file is a link to outside the project: put the file itself here")
            )
            return None
        document = read_yaml(path, name)
        if isinstance(document, Problem):
            self.problems.append(document)
            return None
        return document


def _load_library(reader: _Reader, content: Path) -> Library:
    """content/: the library's release, parameters, roles, clauses and document templates."""
    problems = reader.problems
    version = "0"
    info = reader.parsed(content / "library.yml")
    if info is not None:
        release = _validate(LibraryInfo, info, (), problems)
        version = release.version if release else version
    parameters = _load_mapping(reader, content / "parameters.yml", Parameter, "parameters")
    roles = _load_mapping(reader, content / "roles.yml", Role, "roles")
    clauses = _load_clauses(reader, content / "clauses")
    documents, _ = _load_by_file_name(content / "documents", DocumentTemplate, "document", reader)
    if not documents and not problems:
        problems.append(Problem("content/documents", 1, 1, "", "no document templates found (*.yml)"))
    return Library(version, parameters, roles, clauses, documents)


def _load_mapping(reader: _Reader, path: Path, model: type[ModelT], noun: str) -> dict[str, ModelT]:
    """A file holding a mapping of objects by id (parameters, roles)."""
    loaded: dict[str, ModelT] = {}
    document = reader.parsed(path)
    if document is None:
        return loaded
    if not isinstance(document.data, dict):
        reader.problems.append(document.problem((), f"expected a mapping of {noun} by id"))
        return loaded
    for key in document.data:
        item = _validate(model, document, (key,), reader.problems)
        if item is not None:
            loaded[str(key)] = item
    return loaded


def _load_clauses(reader: _Reader, folder: Path) -> dict[str, Clause]:
    clauses: dict[str, Clause] = {}
    for path in sorted(folder.glob("*.yml")):
        document = reader.parsed(path)
        if document is None:
            continue
        if not isinstance(document.data, list):
            reader.problems.append(document.problem((), "expected a list of clauses"))
            continue
        for index in range(len(document.data)):
            clause = _validate(Clause, document, (index,), reader.problems)
            if clause is None:
                continue
            if clause.id in clauses:
                first = reader.where["clause", clause.id].file.name
                reader.problems.append(
                    document.problem((index, "id"), f"duplicate clause id {clause.id!r} (first in {first})")
                )
                continue
            clauses[clause.id] = clause
            reader.where["clause", clause.id] = Located(document, (index,))
    return clauses


def load_releases(root: Path, problems: list[Problem]) -> dict[str, list[Release]]:
    """releases/<publisher>.yml, each a list of releases, oldest first."""
    releases: dict[str, list[Release]] = {}
    for path in sorted((root / "releases").glob("*.yml")):
        document = read_yaml(path, display_path(path, root))
        if isinstance(document, Problem):
            problems.append(document)
            continue
        if not isinstance(document.data, list):
            problems.append(document.problem((), "expected a list of releases"))
            continue
        loaded = []
        for index, item in enumerate(document.data):
            try:
                loaded.append(Release.model_validate(item))
            except ValidationError as error:
                first = error.errors()[0]
                problems.append(document.problem((index, *first["loc"]), first["msg"]))
        releases[path.stem] = loaded
    return releases


_FILE_ID: TypeAdapter[str] = TypeAdapter(OrganisationId)


def _load_by_file_name(
    folder: Path, model: type[ModelT], noun: Loaded, reader: _Reader
) -> tuple[dict[str, ModelT], dict[str, ModelT]]:
    """One object per YAML file whose name (without .yml) is its id; and, for files with schema problems,
    the object without the keys at fault (to check the rest of the file in the same pass)."""
    loaded: dict[str, ModelT] = {}
    salvaged: dict[str, ModelT] = {}
    problems = reader.problems
    paths = sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml"))
    for path in paths:
        document = reader.parsed(path)
        if document is None:
            continue
        ident = path.name.rsplit(".", 1)[0]
        try:
            _FILE_ID.validate_python(ident)
        except ValidationError:
            problems.append(
                Problem(
                    document.name,
                    1,
                    1,
                    "",
                    f"file name {ident!r} is not a valid {noun} id: use lower-case letters, digits and hyphens"
                    f"{look_alike(ident)}",
                )
            )
            continue
        if ident in loaded or ident in salvaged:
            problems.append(Problem(document.name, 1, 1, "", f"duplicate {noun} id {ident!r} (.yml and .yaml)"))
            continue
        if document.data is None:
            problems.append(Problem(document.name, 1, 1, "", f"file is empty: expected the {noun}'s settings"))
            continue
        found = len(problems)
        item = _validate(model, document, (), problems)
        if item is None and len(problems) > found:
            item = _salvage(model, document)
            target = salvaged
        else:
            target = loaded
        if item is not None:
            target[ident] = item
            reader.where[noun, ident] = Located(document)
    return loaded, salvaged


def _salvage(model: type[ModelT], document: YamlDocument) -> ModelT | None:
    """The file's object without the keys and items the schema refused, or None if that is not valid either."""
    if not isinstance(document.data, dict):
        return None
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        paths = {_data_path(document.data, item["loc"]) for item in error.errors()}
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


def _validate(
    model: type[ModelT], document: YamlDocument, path: tuple[str | int, ...], problems: list[Problem]
) -> ModelT | None:
    data: Any = document.data
    for part in path:
        data = data[part]
    if not isinstance(data, dict):
        problems.append(document.problem(path, f"expected a mapping of keys ({_describe(data)} found)"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems.extend(_problems(error, model, document, path))
        return None


def _problems(
    error: ValidationError, model: type[BaseModel], document: YamlDocument, base: tuple[str | int, ...]
) -> list[Problem]:
    found: dict[tuple[str | int, ...], Problem] = {}
    root: Any = document.data
    for part in base:
        root = root[part]
    for item in error.errors():
        path = _data_path(root, item["loc"])
        if path in found:
            continue
        message = _message(item, model, path)
        if item["type"] == "string_type" and isinstance(item.get("input"), int | float) and path:
            message = number_for_text(document, (*base, *path)) or message
        found[path] = document.problem((*base, *path), message)
    return list(found.values())


def number_for_text(document: YamlDocument, path: tuple[str | int, ...]) -> str | None:
    """For a number where text is expected (a telephone number): the value as typed, and to quote it."""
    line, column = document.position(path)
    lines = document.text.splitlines()
    if not 0 < line <= len(lines):
        return None
    rest = lines[line - 1][column - 1 :]
    key = re.escape(str(path[-1])) + r"\s*:\s*" if isinstance(path[-1], str) else r"(?:-\s*)?"
    typed = re.match(key + r"([^\s,#}\]]+)", rest)
    if typed is None:
        return None
    value = typed.group(1)
    return (
        f"{value} is read as a number (which drops a leading 0): put it in quotes to keep it as written, "
        f'e.g. {path[-1]}: "{value}"'
        if isinstance(path[-1], str)
        else f'{value} is read as a number: put it in quotes, e.g. "{value}"'
    )


def _data_path(data: Any, loc: Sequence[str | int]) -> tuple[str | int, ...]:
    """The part of a pydantic error location that names keys and items in the file (not union branches)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]  # type: ignore[index]
        elif isinstance(node, dict) and isinstance(part, str) and not path_is_union_tag(part):
            path.append(part)  # a missing key
            break
        else:
            continue
        path.append(part)
    return tuple(path)


def path_is_union_tag(part: str) -> bool:
    return part in {"str", "int", "[key]"} or part.startswith(("function-", "constrained-", "list[", "dict["))


def _message(item: Any, model: type[BaseModel], path: tuple[str | int, ...]) -> str:
    kind, given = item["type"], item.get("input")
    if kind == "extra_forbidden":
        allowed = _fields_at(model, path[:-1])
        return f"unknown key{did_you_mean(path[-1], allowed)}; expected one of: {', '.join(allowed)}"
    if kind == "missing":
        return "required key is missing"
    if kind == "literal_error":
        return (
            f"{given!r} is not allowed{did_you_mean(given, _literal_choices(item))}; expected {item['ctx']['expected']}"
        )
    if kind == "value_error":
        return str(item["msg"]).removeprefix("Value error, ")
    if kind == "string_too_long":
        limit = item["ctx"]["max_length"]
        return f"text is {len(given):,} characters long; the limit is {limit:,} characters"
    if kind == "string_too_short":
        return "text is empty: write something, or leave the key out"
    if kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
        noun = (
            "a date"
            if any(re.fullmatch(r"\d{4}-\d\d-\d\d", str(limit)) for limit in item["ctx"].values())
            else "a whole number"
        )
        return f"{_describe(given)} is out of range: expected {noun} {_bound(item)}"
    if kind == "int_from_float":
        return f"expected a whole number, found {_describe(given)}"
    if kind.startswith(("date_", "datetime_")):
        return f"{given!r} is not a real date: expected YYYY-MM-DD, e.g. 2025-09-01"
    expected = {
        "string_type": "text",
        "int_type": "a whole number",
        "int_parsing": "a whole number",
        "bool_type": "true or false",
        "bool_parsing": "true or false",
        "list_type": "a list",
        "dict_type": "a mapping of keys",
        "model_type": "a mapping of keys",
    }.get(kind)
    if expected:
        hint = "; a value starting with # must be in quotes, or YAML reads it as a comment" if given is None else ""
        return f"expected {expected}, found {_describe(given)}{hint}"
    return f"{item['msg'][0].lower()}{item['msg'][1:]}"


def _bound(item: Any) -> str:
    words = {"le": "at most", "ge": "at least", "lt": "under", "gt": "over"}
    return " and ".join(f"{words[name]} {limit}" for name, limit in item["ctx"].items() if name in words)


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _literal_choices(item: Any) -> list[str]:
    return [c.strip(" '") for c in str(item["ctx"]["expected"]).replace(" or ", ",").split(",")]


def _fields_at(model: type[BaseModel], path: Sequence[str | int]) -> list[str]:
    """The keys allowed at ``path`` inside ``model``, following nested models, lists and mappings."""
    annotation: Any = model
    for part in path:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field_info = annotation.model_fields.get(str(part))
            if field_info is None:
                return []
            annotation = field_info.annotation
        else:
            args = typing.get_args(annotation)
            annotation = args[-1] if args else None
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional so a nested model shows through."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in options if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if models else options[0]
        else:
            return annotation
