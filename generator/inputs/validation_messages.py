"""A pydantic validation error in a YAML file -> problems at file:line:col, each in plain words."""

from __future__ import annotations

import datetime
import re
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.inputs.errors import Problem, did_you_mean
from generator.inputs.yamlfile import YamlDocument


def validation_problems(
    error: ValidationError, model: type[BaseModel], document: YamlDocument, base: tuple[str | int, ...]
) -> list[Problem]:
    found: dict[tuple[str | int, ...], Problem] = {}
    root: Any = document.data
    for part in base:
        root = root[part]
    for item in error.errors():
        path = data_path(root, item["loc"])
        if path in found:
            continue
        message = _message(item, model, path)
        if item["type"] == "string_type" and isinstance(item.get("input"), int | float) and path:
            message = number_for_text(document, (*base, *path)) or message
        found[path] = document.problem((*base, *path), message)
    return list(found.values())


def input_problems(error: ValidationError, model: type[BaseModel], names: dict[str, str]) -> list[str]:
    """A validation error in values typed on the command line -> one line per problem, ``name: message``, each
    value named as it was typed (``names``: field -> argument or option, e.g. notes -> --notes)."""
    found: dict[tuple[str | int, ...], str] = {}
    for item in error.errors():
        path = tuple(part for part in item["loc"] if not (isinstance(part, str) and path_is_union_tag(part)))
        if path in found:
            continue
        shown = ".".join(str(part) for part in path)
        name = names.get(str(path[0]), shown) if path else model.__name__
        found[path] = f"{name}: {_message(item, model, path)}"
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


def data_path(data: Any, loc: Sequence[str | int]) -> tuple[str | int, ...]:
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
        return f"{describe(given)} is out of range: expected {noun} {_bound(item)}"
    if kind == "int_from_float":
        return f"expected a whole number, found {describe(given)}"
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
        return f"expected {expected}, found {describe(given)}{hint}"
    return f"{item['msg'][0].lower()}{item['msg'][1:]}"


def _bound(item: Any) -> str:
    words = {"le": "at most", "ge": "at least", "lt": "under", "gt": "over"}
    return " and ".join(f"{words[name]} {limit}" for name, limit in item["ctx"].items() if name in words)


def describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, datetime.date):
        return value.isoformat()
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
