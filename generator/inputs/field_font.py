"""A shipped TrueType font -> what a PDF needs to fill its text fields in it: metrics and widths, as plain data.

A PDF reader draws what someone types into a text field with the font the form names; embedding the project's
typeface there keeps the filled-in form in one typeface, and every font of the file embedded, as PDF/UA asks.
The font is described as a simple TrueType font with WinAnsi encoding (the characters of Western European text).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.inputs.glyphs import glyph_ids, tables

FIRST, LAST = 32, 255
"""The WinAnsi codes described: printable characters only."""


@dataclass(frozen=True)
class FieldFont:
    """A TrueType font as a PDF simple font: its file, its metrics in PDF glyph space (1000 units an em)."""

    data: bytes
    widths: tuple[int, ...]
    """Advance widths of the codes FIRST..LAST in WinAnsi encoding (0 where the font has no glyph)."""
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int


@cache
def field_font(path: Path) -> FieldFont:
    """The metrics of the TrueType font at ``path``, read from its head, hhea, hmtx and OS/2 tables."""
    font = path.read_bytes()
    at = tables(font)
    units = struct.unpack(">H", font[at[b"head"] + 18 : at[b"head"] + 20])[0]

    def scaled(value: int) -> int:
        return round(value * 1000 / units)

    bbox = struct.unpack(">4h", font[at[b"head"] + 36 : at[b"head"] + 44])
    ascent, descent = struct.unpack(">hh", font[at[b"hhea"] + 4 : at[b"hhea"] + 8])
    metrics = struct.unpack(">H", font[at[b"hhea"] + 34 : at[b"hhea"] + 36])[0]
    advances = struct.unpack(f">{2 * metrics}H", font[at[b"hmtx"] : at[b"hmtx"] + 4 * metrics])[::2]
    cap_height = struct.unpack(">h", font[at[b"OS/2"] + 88 : at[b"OS/2"] + 90])[0]
    glyphs = glyph_ids(font)
    widths = []
    for code in range(FIRST, LAST + 1):
        character = bytes([code]).decode("cp1252", errors="ignore")
        glyph = glyphs.get(ord(character), 0) if character else 0
        widths.append(scaled(advances[min(glyph, metrics - 1)]) if glyph else 0)
    return FieldFont(
        data=font,
        widths=tuple(widths),
        bbox=(scaled(bbox[0]), scaled(bbox[1]), scaled(bbox[2]), scaled(bbox[3])),
        ascent=scaled(ascent),
        descent=scaled(descent),
        cap_height=scaled(cap_height),
    )
