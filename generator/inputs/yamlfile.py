"""YAML files -> plain Python data that remembers where each key and item came from."""

from __future__ import annotations

import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import NoneType
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedOrderedMap, CommentedSeq, CommentedSet, TaggedScalar
from ruamel.yaml.constructor import DuplicateKeyError, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from generator.inputs.errors import Problem
from generator.inputs.values import first_format_character, format_problem

MAX_FILE_BYTES = 200_000
"""Ten times the largest real file; parsing is slow enough that a hostile file must stay small."""
PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")}
MAX_VALUES = 50_000
"""Far above any real file's number of keys and items; stops a "billion laughs" alias bomb."""
MAX_DEPTH = 50
"""Far above any real file's nesting; deeper flow brackets make the parser slow and then overflow."""
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG_OF: dict[type, str] = {bytes: "!!binary", CommentedOrderedMap: "!!omap", CommentedSet: "!!set"}


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: its data (dicts and lists), its display name and its text.

    Positions come from ruamel's round-trip parse, which is about fifteen times slower than libyaml: a file
    read on the fast path is parsed again that way only when a problem in it needs a line and column.
    """

    name: str
    data: Any
    text: str = ""

    @cached_property
    def _located(self) -> Any:
        if isinstance(self.data, CommentedMap | CommentedSeq) or not self.text:
            return self.data
        return _parser().load(self.text)

    def position(self, path: Sequence[str | int]) -> tuple[int, int]:
        """The 1-based line and column of the deepest part of ``path`` that exists in the file."""
        node, line, column = self._located, 0, 0
        if isinstance(node, CommentedMap | CommentedSeq):
            line, column = node.lc.line, node.lc.col
        for part in path:
            if isinstance(node, CommentedMap) and part in node:
                line, column = node.lc.key(part) or (line, column)
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line, column = node.lc.item(part) or (line, column)
                node = node[part]
            else:
                break
        return line + 1, column + 1

    def problem(self, path: Sequence[str | int], message: str) -> Problem:
        """A problem at ``path`` in this file, the key path written as users read it."""
        line, column = self.position(path)
        return Problem(self.name, line, column, key_path(self.data, path), message)


def key_path(data: Any, path: Sequence[str | int]) -> str:
    """``documents.policy.add[local-blog].text``: list items named by their id where they have one."""
    text, node = "", data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            name = item.get("id") if isinstance(item, dict) else None
            text += f"[{name}]" if isinstance(name, str) else f"[{part}]"
            node = item
        else:
            text += f".{part}" if text else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return text


def read_yaml(path: Path, name: str) -> YamlDocument | Problem:
    """Parse one file, or say (with its position) why it cannot be parsed."""
    text = _read_text(path, name)
    if isinstance(text, Problem):
        return text
    problem = _check_text(text, name)
    if problem is not None:
        return problem
    fast = _fast_load(text)  # it refuses nesting deeper than MAX_DEPTH itself, so only the slow way looks for it
    if fast is not _SLOW:
        return YamlDocument(name, fast, text)
    return _too_deep(text, name) or full_load(text, name)


def full_load(text: str, name: str) -> YamlDocument | Problem:
    """Parse with ruamel, which explains every mistake with its position, and refuse what is not plain data."""
    try:
        data = _parser().load(text)
    except DuplicateKeyError as error:
        return _duplicate_key(text, name, error)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return Problem(name, line, column, "", f"invalid YAML: {_explain(error)}")
    except RecursionError:
        return Problem(name, 1, 1, "", f"values are nested too deeply; keep it under {MAX_DEPTH} levels")
    except (YAMLError, ValueError) as error:
        return Problem(name, 1, 1, "", f"invalid YAML: {' '.join(str(error).split())}")
    document = YamlDocument(name, data)
    return _check_plain(document) or document


_SLOW = object()
"""What _fast_load returns when only the full parser can say what is wrong."""


class _CoreSchemaLoader(yaml.CSafeLoader):
    """libyaml's C parser with YAML 1.2's core schema, so it reads values exactly as ruamel does: "no" and "on"
    stay text, "010" is ten, and dates stay text until the schema reads them."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class-level registry, replaced


_UNUSUAL = "tag:policy-pack:unusual"
"""Plain scalars that the two parsers might read differently: they go to ruamel, the parser that decides."""

for _tag, _pattern, _first in (
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    (
        "float",
        r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)",
        "-+.0123456789",
    ),
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
):
    _CoreSchemaLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern})$"), list(_first))
# Numbers with underscores or a base prefix in odd places (1_000.5, 0b101, +0x1F, -0o7, 0x_1F): read by ruamel.
_CoreSchemaLoader.add_implicit_resolver(
    _UNUSUAL,
    re.compile(r"^(?:[-+]?[0-9.][0-9._]*_[0-9._]*(?:[eE][-+]?[0-9_]+)?|[-+]?0[bBoOxX][0-9a-fA-F_]*)$"),
    list("-+.0123456789"),
)
_EXPLICIT_TAG = re.compile(r"(?:^|[\s\[{,])!")
"""A tag (!!str, !foo) in front of a value, or something like one: ruamel reads and refuses tags."""


def _core_int(loader: yaml.SafeLoader, node: yaml.Node) -> int:
    value = str(loader.construct_scalar(node)).replace("_", "")  # type: ignore[arg-type]
    base = {"0o": 8, "0x": 16}.get(value[:2].lower(), 10)
    return int(value[2:] if base != 10 else value, base)


def _no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys = [
        key.value if key.tag == _TEXT else repr(loader.construct_object(key))  # type: ignore[no-untyped-call]
        for key, _ in node.value
    ]  # a text key is itself (most keys, and made once); another, e.g. 1 and 01, is compared as it is read
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")
    return loader.construct_mapping(node)


_TEXT = "tag:yaml.org,2002:str"


_CoreSchemaLoader.add_constructor("tag:yaml.org,2002:int", _core_int)
_CoreSchemaLoader.add_constructor("tag:yaml.org,2002:map", _no_duplicates)


def _fast_load(text: str) -> Any:
    """The data, parsed by libyaml, if it is plain and well-formed; otherwise _SLOW, for the full parser."""
    if _EXPLICIT_TAG.search(text):
        return _SLOW
    try:
        data = yaml.load(text, Loader=_CoreSchemaLoader)  # a safe loader: plain values only
    except Exception:  # whatever it is, the full parser explains it with a position
        return _SLOW
    stack, seen = [(data, 0)], 0
    while stack:
        node, depth = stack.pop()
        seen += 1
        if seen > MAX_VALUES or depth > MAX_DEPTH:
            return _SLOW
        if isinstance(node, dict):
            if not all(isinstance(key, str) for key in node) or "<<" in node:
                return _SLOW  # a merge key is refused by the full parser, with its position
            stack.extend((value, depth + 1) for value in node.values())
        elif isinstance(node, list):
            stack.extend((value, depth + 1) for value in node)
        elif node == "<<" or not isinstance(node, str | int | float | NoneType):
            return _SLOW  # bytes, sets, dates: the full parser names the tag that made them
    return data


def _read_text(path: Path, name: str) -> str | Problem:
    """The file's text, if it is a regular UTF-8 file of a sane size (a FIFO or device would block or never end)."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            return Problem(name, 1, 1, "", "not a regular file: expected a YAML text file")
        if status.st_size > MAX_FILE_BYTES:
            return Problem(
                name,
                1,
                1,
                "",
                f"file is {status.st_size:,} bytes; a configuration file must be under {MAX_FILE_BYTES:,} bytes",
            )
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return Problem(name, 1, 1, "", f"file is not UTF-8 text (byte {error.start + 1:,} cannot be read)")
    except OSError as error:
        return Problem(name, 1, 1, "", f"cannot read file: {error.strerror}")


def _check_text(text: str, name: str) -> Problem | None:
    """Refuse, before parsing, what YAML would report badly or would take too long on."""
    if "\t" in text:
        line, column = _line_column(text, text.index("\t"))
        before = text[text.rfind("\n", 0, text.index("\t")) + 1 : text.index("\t")]
        where = (
            "in the indentation: YAML indents with spaces only"
            if not before.strip()
            else "after a value: replace it with spaces"
        )
        return Problem(name, line, column, "", f"tab character {where}")
    control = _CONTROL.search(text)
    if control:
        line, column = _line_column(text, control.start())
        return Problem(
            name, line, column, "", f"control character U+{ord(control.group()):04X} is not allowed: write plain text"
        )
    at = first_format_character(text)
    if at is not None:
        line, column = _line_column(text, at)
        return Problem(name, line, column, "", format_problem(text[at], joiners=text[at] in "\u200c\u200d"))
    return None


def _too_deep(text: str, name: str) -> Problem | None:
    """Lists and mappings nested more than MAX_DEPTH deep, found by libyaml's parser, which keeps its own stack
    (brackets inside text, such as '[' in a clause, are not nesting); None if not, or if the YAML is invalid."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line, column = (event.start_mark.line, event.start_mark.column) if event.start_mark else (0, 0)
                    message = f"values are nested too deeply; keep it under {MAX_DEPTH} levels"
                    return Problem(name, line + 1, column + 1, "", message)
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # the full parser explains it
    return None


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _parser(*, allow_duplicate_keys: bool = False) -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = allow_duplicate_keys
    _string_timestamps(yaml)
    return yaml


def _explain(error: MarkedYAMLError) -> str:
    """The parser's complaint in words that say what to change."""
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    if "quoted scalar" in context:
        mark = error.context_mark
        start = f" (it starts on line {mark.line + 1})" if mark else ""
        return f"quoted text is never closed{start}: end it with the same quote mark"
    for kind, opening, closing in (("sequence", "list", "]"), ("mapping", "mapping", "}")):
        if context == f"while parsing a flow {kind}" and error.context_mark:
            line = error.context_mark.line + 1
            return f"the {opening} opened on line {line} is not closed: separate items with ',' and end it with '{closing}'"
    if problem == "mapping values are not allowed here":
        return "unexpected ':' here: indent this line like the keys above it, or put text containing ': ' in quotes"
    if problem.startswith("expected <block end>"):
        return "indentation does not match the lines above: indent keys at the same level by the same number of spaces"
    if problem == "but found another document":
        return "a second YAML document (---): a file holds one"
    if problem.startswith("found undefined alias"):
        return f"{problem}: an alias *name needs an anchor &name before it"
    if "cannot start any token" in problem:
        return f"{problem}: put text that starts with it in quotes"
    return " ".join(f"{context}: {problem}".strip(": ").split()) or "invalid YAML"


def _duplicate_key(text: str, name: str, error: DuplicateKeyError) -> Problem:
    """Where the repeated key is, named by its full key path."""
    mark, mapping = error.problem_mark, error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    key = re.search(r'found duplicate key "(.*?)" with value', str(error))
    found = key.group(1) if key else ""
    path: tuple[str | int, ...] = (found,) if found else ()
    data: Any = None
    if mapping is not None and found:
        try:
            data = _parser(allow_duplicate_keys=True).load(text)
        except (YAMLError, RecursionError):
            data = None
        inner = _path_to_mapping(data, mapping.line, mapping.column)
        if inner is not None:
            path = (*inner, found)
    return Problem(name, line, column, key_path(data, path), "duplicate key: each key may appear once")


def _path_to_mapping(data: Any, line: int, column: int) -> tuple[str | int, ...] | None:
    """The key path of the mapping that starts at ``line``, ``column`` (0-based)."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    for _ in range(MAX_VALUES):
        if not stack:
            return None
        node, path = stack.pop()
        if isinstance(node, CommentedMap):
            if (node.lc.line, node.lc.col) == (line, column):
                return path
            stack.extend((value, (*path, key)) for key, value in node.items() if isinstance(key, str))
        elif isinstance(node, CommentedSeq):
            stack.extend((value, (*path, index)) for index, value in enumerate(node))
    return None


def _check_plain(document: YamlDocument) -> Problem | None:
    """Only plain YAML is data here: no language-specific tags, no alias expansion beyond a real file's size."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(document.data, ())]
    seen = 0
    while stack:
        node, path = stack.pop()
        seen += 1
        if seen > MAX_VALUES:
            return document.problem(
                path[:1],
                f"more than {MAX_VALUES:,} values once YAML aliases (*name) are expanded; write the values out instead",
            )
        tag = getattr(getattr(node, "tag", None), "value", None)
        if (
            isinstance(node, TaggedScalar | CommentedOrderedMap | CommentedSet)
            or (tag and tag not in PLAIN_TAGS)
            or not isinstance(node, dict | list | str | int | float | bool | NoneType)
        ):
            shown = (tag or _TAG_OF.get(type(node), type(node).__name__)).replace("tag:yaml.org,2002:", "!!")
            return document.problem(
                path, f"YAML tag {shown} is not allowed: write plain text, numbers, lists and mappings"
            )
        if isinstance(node, CommentedMap) and node.merge:
            message = "a YAML merge key (<<) is not allowed: write the keys out in full, so each value has one place"
            return Problem(document.name, node.lc.line + 1, node.lc.col + 1, key_path(document.data, path), message)
        if isinstance(node, dict):
            for key in node:
                if not isinstance(key, str):
                    line, column = document.position((*path, key))
                    message = f"key {key!r} is not text: write a name, in quotes if need be"
                    return Problem(document.name, line, column, key_path(document.data, path), message)
            stack.extend((value, (*path, key)) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, (*path, index)) for index, value in enumerate(node))
    return None


def _string_timestamps(yaml: YAML) -> None:
    """Dates stay text until the schema reads them, so a bad date is reported with its key and position."""
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)


class _TextQuotingDumper(yaml.SafeDumper):
    """PyYAML's writer, quoting every text that ``read_yaml`` (YAML 1.2's core schema) would read as another type."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    tag = _CoreSchemaLoader.resolve(_CoreSchemaLoader, yaml.ScalarNode, value, (True, False))  # type: ignore[arg-type]
    style = None if tag == "tag:yaml.org,2002:str" else "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_TextQuotingDumper.add_representer(str, _represent_text)


def dump_yaml(data: object) -> str:
    """``data`` as YAML that ``read_yaml`` reads back as the same values: a reference such as 54e19584 stays text."""
    return yaml.dump(data, Dumper=_TextQuotingDumper, sort_keys=False, allow_unicode=True, width=110)
