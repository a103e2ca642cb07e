"""YAML files -> plain Python data that remembers where each key and item came from."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import DuplicateKeyError, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from generator.errors import Problem

MAX_FILE_BYTES = 1_000_000
"""Far above any real policy file; stops a stray large file before it is parsed."""
PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")}
MAX_VALUES = 50_000
"""Far above any real file's number of keys and items; stops a "billion laughs" alias bomb."""


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: its data (ruamel containers, which are dicts and lists) and its display name."""

    name: str
    data: Any

    def position(self, path: Sequence[str | int]) -> tuple[int, int]:
        """The 1-based line and column of the deepest part of ``path`` that exists in the file."""
        node, line, column = self.data, 0, 0
        if isinstance(node, CommentedMap | CommentedSeq):
            line, column = node.lc.line, node.lc.col
        for part in path:
            if isinstance(node, CommentedMap) and part in node:
                line, column = node.lc.key(part)
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line, column = node.lc.item(part)
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
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return Problem(
                name, 1, 1, "", f"file is {size:,} bytes; a configuration file must be under {MAX_FILE_BYTES:,}"
            )
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return Problem(name, 1, 1, "", "file is not UTF-8 text")
    except OSError as error:
        return Problem(name, 1, 1, "", f"cannot read file: {error.strerror}")
    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        return Problem(name, line, 1, "", "tab character: YAML indents with spaces only")
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    _string_timestamps(yaml)
    try:
        data = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if isinstance(error, DuplicateKeyError):
            key = re.search(r'found duplicate key "(.*?)" with value', str(error))
            return Problem(name, line, column, key.group(1) if key else "", "duplicate key: each key may appear once")
        reason = (error.problem or error.context or "invalid YAML").strip()
        return Problem(name, line, column, "", f"invalid YAML: {reason}")
    except (YAMLError, ValueError) as error:
        return Problem(name, 1, 1, "", f"invalid YAML: {error}")
    document = YamlDocument(name, data)
    return _check_plain(document) or document


def _check_plain(document: YamlDocument) -> Problem | None:
    """Only plain YAML is data here: no language-specific tags, no alias expansion beyond a real file's size."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(document.data, ())]
    seen = 0
    while stack:
        node, path = stack.pop()
        seen += 1
        if seen > MAX_VALUES:
            return document.problem(path, f"more than {MAX_VALUES:,} values (YAML aliases expanding without end?)")
        tag = getattr(getattr(node, "tag", None), "value", None)
        if isinstance(node, TaggedScalar) or (tag and tag not in PLAIN_TAGS):
            return document.problem(path, f"YAML tag {tag} is not allowed: write plain values")
        if isinstance(node, dict):
            stack.extend((value, (*path, key)) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, (*path, index)) for index, value in enumerate(node))
    return None


def _string_timestamps(yaml: YAML) -> None:
    """Dates stay text until the schema reads them, so a bad date is reported with its key and position."""
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)
