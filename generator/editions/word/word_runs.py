"""The document tree's blocks -> paragraphs of formatted runs for the Word file: bold, italic, links, blanks, lists.

Clause text reaches the Word edition already parsed (generator.document.tree): the same blocks the PDF prints. Here
each becomes Word's shape: a paragraph per block, a list item a paragraph at its depth with its own number, a
table row a paragraph, a quotation's source a paragraph after its words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from generator.document.clause_tree import Node


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    blank: bool = False
    """Highlighted: a fill-in blank."""
    link: str | None = None


@dataclass(frozen=True)
class Block:
    """A paragraph of a clause's text: plain, or an item of a bulleted or numbered list nested ``depth`` deep."""

    runs: tuple[Run, ...]
    list_kind: str = ""
    """'', 'bullet', 'number' or 'item' (a further paragraph of a list item, set in under its first)."""
    depth: int = 0
    marker: str = ""
    """An item's number in a numbered list: '2.'."""


def word_blocks(nodes: Iterable[Node]) -> list[Block]:
    """Block nodes as Word paragraphs of runs."""
    return [block for block in _blocks(nodes, None, 0) if block.runs]


def runs_of(inline: Iterable[Any], style: Run = Run("")) -> tuple[Run, ...]:
    """Inline runs (a statement, a notice) as one paragraph's runs, in ``style``."""
    return _merge(_inline(list(inline), style))


def _blocks(nodes: Iterable[Node], kind: str | None, depth: int) -> Iterator[Block]:
    for node in nodes:
        if node["t"] in ("ul", "ol"):
            inner = "bullet" if node["t"] == "ul" else "number"
            level = depth + 1 if kind else 0
            for index, item in enumerate(node["items"]):
                marker = f"{node.get('start', 1) + index}." if inner == "number" else ""
                for position, block in enumerate(_blocks(item, inner, level)):
                    if block.list_kind == inner and block.depth == level:  # the item's own paragraph, not a sub-list's
                        block = replace(block, marker=marker) if position == 0 else replace(block, list_kind="item")
                    yield block
        elif node["t"] == "quote":
            yield from _blocks(node["c"], kind, depth)
            if node["source"]:
                yield _block(kind, depth, _inline(["\u2014 ", *node["source"]], Run("")))
        elif node["t"] == "table":
            for row in node["rows"]:
                yield _block(kind, depth, _inline([run for cell in row for run in [*cell, " "]], Run("")))
        else:  # a paragraph
            yield _block(kind, depth, _inline(node["c"], Run("")))


def _block(kind: str | None, depth: int, runs: list[Run]) -> Block:
    """A paragraph; in a list, an item's paragraph at ``depth``."""
    return Block(_merge(runs), kind or "", depth if kind else 0)


def _inline(runs: list[Any], style: Run) -> list[Run]:
    found: list[Run] = []
    for run in runs:
        if isinstance(run, str):
            found.append(replace(style, text=run))
        elif run["t"] == "word":
            found.append(replace(style, text="".join(run["parts"])))
        elif run["t"] == "code":
            found.append(replace(style, text=run["text"]))
        elif run["t"] == "break":
            found.append(replace(style, text="\n"))
        else:
            found += _inline(run["c"], _styled(style, run))
    return found


def _styled(style: Run, run: Node) -> Run:
    kind = run["t"]
    return replace(
        style,
        bold=style.bold or kind == "strong",
        italic=style.italic or kind == "em",
        blank=style.blank or kind == "mark",
        link=run["url"] if kind == "link" else style.link,
    )


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    """Neighbouring runs with the same formatting joined, white space as it reads, ends trimmed."""
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].text == "\n":
            run = replace(run, text=run.text.lstrip())
        if merged and replace(merged[-1], text="") == replace(run, text="") and "\n" not in (run.text, merged[-1].text):
            merged[-1] = replace(merged[-1], text=merged[-1].text + run.text)
        else:
            merged.append(run)
    while merged and not merged[-1].text.strip():
        merged.pop()
    if merged:
        merged[0] = replace(merged[0], text=merged[0].text.lstrip())
        merged[-1] = replace(merged[-1], text=merged[-1].text.rstrip())
    return tuple(run for run in merged if run.text)
