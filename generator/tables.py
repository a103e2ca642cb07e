"""Rows of a look-up command -> a table on a terminal, or full lines to copy: tab-separated values or JSON.

Ids are never cut: on a terminal the id columns keep their full width and the other columns wrap.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Literal

from rich import box
from rich.console import Console
from rich.table import Column, Table
from rich.text import Text

Format = Literal["table", "tsv", "json"]
FORMATS: tuple[Format, ...] = ("table", "tsv", "json")
Cell = str | Text | list[str]


def choose_format(requested: str | None, console: Console) -> Format:
    """What was asked for; otherwise a table on a terminal and tab-separated lines in a pipe or file."""
    for known in FORMATS:
        if requested == known:
            return known
    return "table" if console.is_terminal else "tsv"


def print_rows(
    console: Console, headers: Sequence[str], rows: Sequence[Sequence[Cell]], *, ids: int = 1, fmt: Format
) -> None:
    """Print ``rows``; the first ``ids`` columns hold ids, which a table never cuts or wraps."""
    if fmt == "json":
        keys = [header.lower().replace(" ", "_") for header in headers]
        data = [{key: _plain(cell, as_list=True) for key, cell in zip(keys, row, strict=True)} for row in rows]
        console.file.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    if fmt == "tsv":
        lines = ["\t".join(headers)] + ["\t".join(_one_line(str(_plain(cell))) for cell in row) for row in rows]
        console.file.write("".join(line + "\n" for line in lines))
        return
    widths = [max([len(headers[i]), *(len(str(_plain(row[i]))) for row in rows)]) for i in range(ids)]
    columns = [Column(h, no_wrap=True, min_width=w) for h, w in zip(headers, widths, strict=False)]
    table = Table(*columns, *headers[ids:], box=box.SIMPLE_HEAD)
    for row in rows:
        table.add_row(*(_cell(cell) for cell in row))
    console.print(table)


def _one_line(text: str) -> str:
    return " ".join(text.split()) if "\t" in text or "\n" in text else text


def _plain(cell: Cell, *, as_list: bool = False) -> str | list[str]:
    if isinstance(cell, list):
        return cell if as_list else ", ".join(cell)
    return cell.plain if isinstance(cell, Text) else cell


def _cell(cell: Cell) -> str | Text:
    if isinstance(cell, list):
        return Text("\n".join(cell) or "—")
    return cell if isinstance(cell, Text) else Text(cell)
