"""Logos are judged by what they declare, before anything decodes them: a small file may ask for gigabytes.

The SVG cases (processing instructions, <use> fan-out and loops) are in tests/data/invalid/logo-svg-*.yml.
"""

from __future__ import annotations

import io
import struct
import zlib
from functools import cache
from pathlib import Path

import pytest
from PIL import Image

from generator.build.write import validate_project
from generator.inputs.errors import UserError
from generator.inputs.logo import logo_problem, svg_problem


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header(width: int, height: int) -> bytes:
    """The signature and header of a black-and-white PNG: what a reader looks at before decoding anything."""
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))


@cache
def one_bit_png(width: int, height: int) -> bytes:
    """A real, complete black-and-white PNG of any size, compressed row by row (40000 x 40000 is about 200 kB)."""
    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + (width + 7) // 8)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return png_header(width, height) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


def test_a_small_file_declaring_billions_of_pixels_is_refused_by_its_header() -> None:
    data = one_bit_png(40_000, 40_000)
    assert len(data) < 300_000
    assert logo_problem(Path("logo.png"), data) == (
        "logo is 40,000 x 40,000 pixels, which would take 6.0 GiB of memory to draw; "
        "keep it within 8,000 pixels a side and 16,000,000 in all (1000 x 1000 is plenty)"
    )


def test_a_logo_declaring_the_largest_size_a_png_may_have_is_refused_by_its_header() -> None:
    header_only = png_header(2**31 - 1, 2**31 - 1) + _chunk(b"IEND", b"")
    assert logo_problem(Path("logo.png"), header_only) == (
        "logo is 2,147,483,647 x 2,147,483,647 pixels, which would take 17,179,869,168.0 GiB of memory to draw; "
        "keep it within 8,000 pixels a side and 16,000,000 in all (1000 x 1000 is plenty)"
    )


def test_one_long_side_is_refused_and_an_ordinary_logo_passes() -> None:
    assert "20,000 x 10 pixels" in (logo_problem(Path("logo.png"), one_bit_png(20_000, 10)) or "")
    ordinary = io.BytesIO()
    Image.new("RGB", (600, 400), "#1d4f91").save(ordinary, "JPEG")
    assert logo_problem(Path("logo.jpg"), ordinary.getvalue()) is None
    assert logo_problem(Path("logo.png"), one_bit_png(1000, 1000)) is None


def test_validate_names_the_organisation_whose_logo_is_too_large(minimal: Path) -> None:
    (minimal / "schools" / "logos" / "huge.png").write_bytes(one_bit_png(40_000, 40_000))
    school = minimal / "schools" / "school.yml"
    school.write_text(school.read_text(encoding="utf-8").replace("logos/school.svg", "logos/huge.png"), "utf-8")
    with pytest.raises(UserError) as caught:
        validate_project(minimal)
    assert [str(p).split(": ", 1)[0] for p in caught.value.problems] == ["schools/school.yml:5:3"]
    assert "40,000 x 40,000 pixels" in str(caught.value.problems[0])


def test_an_svg_with_a_modest_use_of_use_passes() -> None:
    svg = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        b'<defs><g id="dot"><circle r="1"/></g></defs>' + b'<use href="#dot" x="2"/>' * 50 + b"</svg>"
    )
    assert svg_problem(svg) is None
