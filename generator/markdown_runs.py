"""Clause Markdown -> paragraphs of formatted runs, as data: bold, italic, links, list items and fill-in blanks.

Clause text is Markdown that the resolver has already made safe. It becomes HTML through Python-Markdown (with
the site's link-safety extension) and that HTML is read as data: nothing in it is run, and links other than
http(s), mailto and tel keep only their words.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import ClassVar

from markdown import Markdown

from generator.markdown_safety import safe_link


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    blank: bool = False
    """A fill-in blank: highlighted."""
    link: str | None = None


@dataclass(frozen=True)
class Block:
    """A paragraph of a clause's text: plain, or an item of a bulleted or numbered list nested ``depth`` deep."""

    runs: tuple[Run, ...]
    list_kind: str = ""
    """'', 'bullet' or 'number'."""
    depth: int = 0
    marker: str = ""
    """An item's number in a numbered list, as written: '2.'."""


_local = threading.local()


def clause_blocks(text: str) -> list[Block]:
    """A clause's Markdown as paragraphs of runs."""
    converter = getattr(_local, "markdown", None)
    if converter is None:
        converter = _local.markdown = Markdown(extensions=["tables", "generator.markdown_safety"])
    reader = _BlockReader()
    reader.feed(converter.reset().convert(text))
    reader.close()
    return reader.finish()


class _BlockReader(HTMLParser):
    """Python-Markdown's HTML -> blocks of runs. Tags it does not know keep their text and lose their meaning."""

    BLOCKS: ClassVar[set[str]] = {"p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "div"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.runs: list[Run] = []
        self.style = Run("")
        self.styles: list[tuple[str, Run]] = []
        self.lists: list[list[str | int]] = []
        """Open lists, innermost last: kind and items so far."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("ul", "ol"):
            self._flush()
            self.lists.append(["bullet" if tag == "ul" else "number", 0])
        elif tag in self.BLOCKS:
            self._flush()
            if tag == "li" and self.lists:
                self.lists[-1][1] = int(self.lists[-1][1]) + 1
        elif tag == "br":
            self.runs.append(replace(self.style, text="\n"))
        elif tag in ("strong", "b", "em", "i", "mark", "a"):
            self.styles.append((tag, self.style))
            href = safe_link(attributes.get("href") or "") if tag == "a" else None
            self.style = replace(
                self.style,
                bold=self.style.bold or tag in ("strong", "b"),
                italic=self.style.italic or tag in ("em", "i"),
                blank=self.style.blank or (tag == "mark" and "fill-in" in (attributes.get("class") or "")),
                link=href or self.style.link,
            )

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self._flush()
            self.lists.pop()
        elif tag in ("td", "th"):
            self.runs.append(replace(self.style, text=" "))
        elif tag in self.BLOCKS:
            self._flush()
        elif self.styles and self.styles[-1][0] == tag:
            self.style = self.styles.pop()[1]

    def handle_data(self, data: str) -> None:
        if data.strip() or self.runs:
            self.runs.append(replace(self.style, text=re.sub(r"\s+", " ", data)))

    def _flush(self) -> None:
        runs = _merge(self.runs)
        self.runs = []
        if runs and self.lists:
            kind, count = self.lists[-1]
            marker = f"{count}." if kind == "number" else ""
            self.blocks.append(Block(runs, str(kind), len(self.lists) - 1, marker))
        elif runs:
            self.blocks.append(Block(runs))

    def finish(self) -> list[Block]:
        self._flush()
        return self.blocks


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
