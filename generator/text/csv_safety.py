"""Text from untrusted files -> CSV cells that a spreadsheet shows as text and never runs as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

BOM = "\ufeff"
"""The UTF-8 byte-order mark: with it, Excel reads accented names right instead of guessing a code page."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets."""


def spreadsheet_safe(value: object) -> str:
    """``value`` as cell text; a leading apostrophe keeps a would-be formula as text (and is not shown)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """A CSV document with every cell made safe for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([spreadsheet_safe(cell) for cell in header])
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return out.getvalue()


def write_csv(path: Path, text: str) -> None:
    """Write a CSV document whole or not at all, with a byte-order mark (for Excel)."""
    target = path.resolve()
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(BOM + text, encoding="utf-8")
    partial.replace(target)
