"""Benchmark: the worst input an organisation file can hold, timed to validate and to build.

Each case is written into a copy of the minimal test project as one school (files up to 1 MB), then timed:
validation of the whole project, and, when the case is valid, the build of that school (site and PDF). Cases
sit at or just past each limit: the largest file, the longest texts, the most link brackets, the deepest
lists, an alias bomb, a deep flow nesting, a large SVG logo. It prints the figures; it asserts nothing.

    python benchmarks/hostile_cost.py [PART OF A CASE'S NAME]
"""

from __future__ import annotations

import json
import shutil
import struct
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build.write import build_organisation, validate_project  # noqa: E402
from generator.inputs.errors import UserError  # noqa: E402
from generator.inputs.yamlfile import MAX_FILE_BYTES  # noqa: E402

MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
HEAD = "name: Case School\nkind: school\nextends: board\nparameters:\n  setting: school\n"


def local_clauses(count: int, text: str) -> str:
    """A school file adding ``count`` local clauses with ``text``, up to the file size limit."""
    lines = [HEAD, "documents:\n  staff-policy:\n    add:\n"]
    for index in range(count):
        lines.append(f"      - id: local-{index}\n        title: Local {index}\n        section: guidance\n")
        lines.append("        text: |-\n" + "".join(f"          {line}\n" for line in text.splitlines()))
    return "".join(lines)


def bullets(depth: int) -> str:
    return "".join("  " * level + f"- level {level}\n" for level in range(depth))


CASES: dict[str, Callable[[], str]] = {
    "largest valid file: 10 clauses of 19,000 characters": lambda: local_clauses(10, ("word " * 3800).strip()),
    "20 unclosed '[' in each of 10 long clauses (at the limit)": lambda: local_clauses(
        10, "[" * 20 + " " + ("word " * 3700).strip()
    ),
    "21 unclosed '[' (past the limit)": lambda: local_clauses(1, "[" * 21 + " text"),
    "lists nested 6 deep, 60 items in each of 10 clauses (at the line limit)": lambda: local_clauses(
        10, bullets(6) * 10
    ),
    "lists nested 6 deep, 240 items in each of 10 clauses (past the line limit)": lambda: local_clauses(
        10, bullets(6) * 40
    ),
    "a 1 MB file (past the size limit)": lambda: HEAD + "# " + "x" * 1_000_000 + "\n",
    "a 199 KB name (past the text limit)": lambda: HEAD.replace("Case School", "N" * 199_000),
    "an alias bomb": lambda: (
        HEAD
        + "documents:\n  staff-policy:\n    parameters:\n"
        + "".join(f"      p{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9) if i else 'x'}]\n" for i in range(9))
    ),
    "flow brackets 10,000 deep": lambda: HEAD + "branding: " + "[" * 10_000 + "]" * 10_000 + "\n",
    "3000 added clauses, each after the one before (past the limits)": lambda: placed_after(3000, 1, "T."),
    "100 added clauses in chains of 20 (at the limits), 1,500 characters each": lambda: placed_after(
        100, 20, ("word " * 300).strip()
    ),
    "4 clauses of 5000 setext headings (past the limit)": lambda: quoted_clauses(4, "a\n=\n" * 5000),
    "6 clauses of 6000 one-letter paragraphs (past the line limit)": lambda: quoted_clauses(6, "a\n\n" * 6000),
    "100 clauses of 10 one-letter paragraphs (at the line limits)": lambda: quoted_clauses(100, "a\n\n" * 10),
    "10 clauses of 10 setext headings (at the limit)": lambda: local_clauses(10, "Heading\n=\n\nText.\n\n" * 10),
}


def quoted_clauses(count: int, text: str) -> str:
    """A school file adding ``count`` local clauses, each text one double-quoted line (escapes keep it short)."""
    lines = [HEAD, "documents:\n  staff-policy:\n    add:\n"]
    for index in range(count):
        lines.append(f"      - {{id: local-{index}, title: L, section: guidance, text: {json.dumps(text)}}}\n")
    return "".join(lines)


def placed_after(count: int, chain: int, text: str) -> str:
    """A school file adding ``count`` clauses in chains of ``chain``, each placed after the one before."""
    lines = [HEAD, "documents:\n  staff-policy:\n    add:\n"]
    for index in range(count):
        after = "purpose" if index % chain == 0 else f"local-{index - 1}"
        lines.append(f"      - {{id: local-{index}, title: L, after: {after}, text: {text!r}}}\n")
    return "".join(lines)


def svg_logo(elements: int) -> str:
    shapes = "".join(
        f'<rect x="{i % 100}" y="{i // 100}" width="1" height="1" fill="#123456"/>' for i in range(elements)
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">{shapes}</svg>'


def one_bit_png(width: int, height: int) -> bytes:
    """A complete black-and-white PNG: 40000 x 40000 pixels is about 200 kB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + (width + 7) // 8)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def svg_fan_out(levels: int) -> str:
    """Groups of ten <use> of the group before: 10**levels rectangles drawn from a few hundred bytes."""
    groups = '<g id="g0"><rect width="1" height="1"/></g>' + "".join(
        f'<g id="g{i}">' + f'<use href="#g{i - 1}"/>' * 10 + "</g>" for i in range(1, levels + 1)
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg"><defs>{groups}</defs><use href="#g{levels}"/></svg>'


def run(name: str, text: str, logo: str | bytes | None = None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        shutil.copytree(MINIMAL, project)
        if isinstance(logo, str):
            (project / "schools" / "logos" / "case.svg").write_text(logo, encoding="utf-8")
        elif logo is not None:
            (project / "schools" / "logos" / "case.png").write_bytes(logo)
        (project / "schools" / "case.yml").write_text(text, encoding="utf-8")
        started = time.perf_counter()
        try:
            loaded = validate_project(project)
            verdict = "valid"
        except UserError as error:
            loaded, verdict = None, f"refused: {str(error.problems[0])[:90]}"
        validated = time.perf_counter() - started
        built = ""
        if loaded is not None:
            started = time.perf_counter()
            build_organisation(loaded, "case", project / "build")
            built = f"{time.perf_counter() - started:6.2f} s"
        size = len(text.encode()) + len(logo.encode() if isinstance(logo, str) else logo or b"")
        print(f"{name:58} {size:>9,} B  validate {validated:6.2f} s  build {built or '     -':>8}  {verdict}")


LOGOS: dict[str, Callable[[], str | bytes]] = {
    "an SVG logo of 25,000 shapes (past the limit)": lambda: svg_logo(25_000),
    "an SVG logo of 4,900 shapes (at the limit)": lambda: svg_logo(4_900),
    "an SVG logo whose <use> fan out to 10,000,000 shapes": lambda: svg_fan_out(7),
    "a 1-bit PNG logo of 40000 x 40000 pixels": lambda: one_bit_png(40_000, 40_000),
    "a 1-bit PNG logo of 65535 x 65535 pixels": lambda: one_bit_png(65_535, 65_535),
    "a 1-bit PNG logo of 4000 x 4000 pixels (at the limit)": lambda: one_bit_png(4_000, 4_000),
}


def main(only: str = "") -> None:
    """Every case, or those whose name holds ``only`` (to measure one case's memory with /usr/bin/time -v)."""
    print(f"(organisation files are refused above {MAX_FILE_BYTES:,} bytes)")
    for name, make in CASES.items():
        if only in name:
            run(name, make())
    for name, make_logo in LOGOS.items():
        if only in name:
            logo = make_logo()
            path = "logos/case.svg" if isinstance(logo, str) else "logos/case.png"
            run(name, HEAD + f"branding:\n  logo: {path}\n", logo)


if __name__ == "__main__":
    main(" ".join(sys.argv[1:]))
