"""The shipped TrueType fonts -> the characters they can draw; any text -> text the PDF's typeface can draw.

PDF/UA forbids a character drawn with no glyph, and Typst refuses the document. A character that no shipped font
has is printed without its accent where the plain letter exists (a Welsh ŵ as w), and otherwise as a question
mark: the site, whose browser has fonts of its own, still shows it as written.
"""

from __future__ import annotations

import struct
import unicodedata
from functools import cache
from pathlib import Path

MISSING = "?"
_BREAKS = "\t\n\r"


@cache
def drawable(fonts: Path) -> frozenset[int]:
    """The code points that every TrueType font in ``fonts`` can draw (each style must have the glyph)."""
    sets = [_cmap(path.read_bytes()) for path in sorted(fonts.glob("*.ttf"))]
    return frozenset.intersection(*sets) if sets else frozenset()


def drawable_text(text: str, fonts: Path) -> str:
    """``text`` with each character the fonts cannot draw replaced by its plain letter, or MISSING."""
    can = drawable(fonts)
    if all(ord(character) in can or character in _BREAKS for character in text):
        return text
    out = []
    for character in text:
        if ord(character) in can or character in _BREAKS:
            out.append(character)
            continue
        plain = "".join(c for c in unicodedata.normalize("NFKD", character) if not unicodedata.combining(c))
        out.append(plain if plain and all(ord(c) in can for c in plain) else MISSING)
    return "".join(out)


def tables(font: bytes) -> dict[bytes, int]:
    """A TrueType font's table tags -> their offsets in the file."""
    count = struct.unpack(">H", font[4:6])[0]
    return {
        font[12 + 16 * i : 16 + 16 * i]: struct.unpack(">I", font[20 + 16 * i : 24 + 16 * i])[0] for i in range(count)
    }


def glyph_ids(font: bytes) -> dict[int, int]:
    """Code point -> glyph id, from a TrueType font's Unicode character map (formats 4 and 12)."""
    cmap = tables(font)[b"cmap"]
    found: dict[int, int] = {}
    for i in range(struct.unpack(">H", font[cmap + 2 : cmap + 4])[0]):
        platform, encoding, offset = struct.unpack(">HHI", font[cmap + 4 + 8 * i : cmap + 12 + 8 * i])
        if (platform, encoding) in ((3, 1), (3, 10), (0, 3), (0, 4)):
            found.update(_subtable(font, cmap + offset))
    return {point: glyph for point, glyph in found.items() if glyph and point != 0xFFFF}


def _cmap(font: bytes) -> frozenset[int]:
    return frozenset(glyph_ids(font))


def _subtable(font: bytes, start: int) -> dict[int, int]:
    kind = struct.unpack(">H", font[start : start + 2])[0]
    glyphs: dict[int, int] = {}
    if kind == 4:
        segments = struct.unpack(">H", font[start + 6 : start + 8])[0] // 2
        arrays = [start + 14, start + 16 + 2 * segments, start + 16 + 4 * segments, start + 16 + 6 * segments]
        ends, starts, deltas, range_offsets = (
            struct.unpack(f">{segments}H", font[at : at + 2 * segments]) for at in arrays
        )
        for index in range(segments):
            for point in range(starts[index], ends[index] + 1):
                glyph = point
                if range_offsets[index]:
                    at = arrays[3] + 2 * index + range_offsets[index] + 2 * (point - starts[index])
                    glyph = struct.unpack(">H", font[at : at + 2])[0]
                glyphs[point] = (glyph + deltas[index]) & 0xFFFF if glyph else 0
    elif kind == 12:
        groups = struct.unpack(">I", font[start + 12 : start + 16])[0]
        for g in range(groups):
            first, last, glyph = struct.unpack(">III", font[start + 16 + 12 * g : start + 28 + 12 * g])
            glyphs.update({point: glyph + point - first for point in range(first, last + 1)})
    return glyphs
