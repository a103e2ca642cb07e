"""Rows of a look-up command -> a table on a terminal, or full lines to copy: tab-separated values or JSON.

Ids are never cut: on a terminal the id columns keep their full width and the other columns wrap.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Literal

from rich import box
from rich.console import Console, ConsoleDimensions
from rich.table import Column, Table
from rich.text import Text

Format = Literal["table", "tsv", "json"]
FORMATS: tuple[Format, ...] = ("table", "tsv", "json")
Cell = str | Text | list[str]
PLAIN_WIDTH = 100_000
"""The width of output that is not a terminal: wide enough that no table, and no line, is ever cut or wrapped."""
MIN_WRAPPED_WIDTH = 12
"""The narrowest a wrapped (non-id) column may become before rows are printed as blocks instead."""


class PlainConsole(Console):
    """A console that fits a terminal's width, and elsewhere (a pipe, a file, a CI log) is as wide as its longest
    line: no table is cut to 80 columns and no line is broken."""

    @property
    def size(self) -> ConsoleDimensions:
        measured = Console.size.fget(self)  # type: ignore[attr-defined]
        return measured if self.is_terminal else ConsoleDimensions(PLAIN_WIDTH, measured.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]


def choose_format(requested: str | None, console: Console) -> Format:
    """What was asked for; otherwise a table on a terminal and tab-separated lines in a pipe or file."""
    for known in FORMATS:
        if requested == known:
            return known
    return "table" if console.is_terminal else "tsv"


def print_rows(
    console: Console,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    ids: Collection[int] = (0,),
    fmt: Format,
) -> None:
    """Print ``rows``. The columns numbered in ``ids`` hold ids (or lists of ids): a table never cuts or wraps
    them; where they do not fit the terminal side by side, each row is printed as a block of lines instead."""
    if fmt == "json":
        keys = [header.lower().replace(" ", "_") for header in headers]
        data = [{key: _plain(cell, as_list=True) for key, cell in zip(keys, row, strict=True)} for row in rows]
        console.file.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    if fmt == "tsv":
        lines = ["\t".join(headers)] + ["\t".join(_one_line(str(_plain(cell))) for cell in row) for row in rows]
        console.file.write("".join(line + "\n" for line in lines))
        return
    widths = {i: max([len(headers[i]), *(_widest(row[i]) for row in rows)]) for i in ids}
    others = len(headers) - len(ids)
    if sum(widths.values()) + others * MIN_WRAPPED_WIDTH + 2 * len(headers) + 2 > console.width:
        _print_records(console, headers, rows)
        return
    columns = [
        Column(h, no_wrap=True, min_width=widths[i]) if i in widths else Column(h, overflow="fold")
        for i, h in enumerate(headers)
    ]
    table = Table(*columns, box=box.SIMPLE_HEAD)
    for row in rows:
        table.add_row(*(_cell(cell) for cell in row))
    console.print(table)


def _print_records(console: Console, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    """One block per row: its first cell, then each other column as 'Header: value' on a line of its own."""
    for row in rows:
        text = Text(str(_plain(row[0])), style="bold")
        for header, cell in zip(headers[1:], row[1:], strict=True):
            text.append(f"\n  {header}: ").append_text(
                cell if isinstance(cell, Text) else Text(str(_plain(cell)) or "—")
            )
        console.print(text, soft_wrap=True)
        console.print()


def _widest(cell: Cell) -> int:
    if isinstance(cell, list):
        return max((len(item) for item in cell), default=1)
    return len(cell.plain if isinstance(cell, Text) else cell)


def _one_line(text: str) -> str:
    return " ".join(text.split()) if "\t" in text or "\n" in text else text


def _plain(cell: Cell, *, as_list: bool = False) -> str | list[str]:
    if isinstance(cell, list):
        return cell if as_list else ", ".join(cell)
    return cell.plain if isinstance(cell, Text) else cell


def _cell(cell: Cell) -> Text:
    if isinstance(cell, list):
        return Text("\n".join(cell) or "—")
    return cell if isinstance(cell, Text) else Text(cell)
