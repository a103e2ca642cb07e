"""Benchmark: the worst input an organisation file can hold, timed to validate and to build.

Each case is written into a copy of the minimal test project as one school (files up to 1 MB), then timed:
validation of the whole project, and, when the case is valid, the build of that school (site and PDF). Cases
sit at or just past each limit: the largest file, the longest texts, the most link brackets, the deepest
lists, an alias bomb, a deep flow nesting, a large SVG logo. It prints the figures; it asserts nothing.

    python benchmarks/hostile_cost.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import build_organisation, validate_project  # noqa: E402
from generator.errors import UserError  # noqa: E402
from generator.yamlfile import MAX_FILE_BYTES  # noqa: E402

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
    "lists nested 6 deep, 240 items in each of 10 clauses": lambda: local_clauses(10, bullets(6) * 40),
    "a 1 MB file (past the size limit)": lambda: HEAD + "# " + "x" * 1_000_000 + "\n",
    "a 199 KB name (past the text limit)": lambda: HEAD.replace("Case School", "N" * 199_000),
    "an alias bomb": lambda: (
        HEAD
        + "documents:\n  staff-policy:\n    parameters:\n"
        + "".join(f"      p{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9) if i else 'x'}]\n" for i in range(9))
    ),
    "flow brackets 10,000 deep": lambda: HEAD + "branding: " + "[" * 10_000 + "]" * 10_000 + "\n",
}


def svg_logo(elements: int) -> str:
    shapes = "".join(
        f'<rect x="{i % 100}" y="{i // 100}" width="1" height="1" fill="#123456"/>' for i in range(elements)
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">{shapes}</svg>'


def run(name: str, text: str, logo: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        shutil.copytree(MINIMAL, project)
        if logo is not None:
            (project / "schools" / "logos" / "case.svg").write_text(logo, encoding="utf-8")
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
        size = len(text.encode()) + len((logo or "").encode())
        print(f"{name:58} {size:>9,} B  validate {validated:6.2f} s  build {built or '     -':>8}  {verdict}")


def main() -> None:
    print(f"(organisation files are refused above {MAX_FILE_BYTES:,} bytes)")
    for name, make in CASES.items():
        run(name, make())
    logo = svg_logo(25_000)
    run(f"an SVG logo of {len(logo):,} bytes (25,000 shapes)", HEAD + "branding:\n  logo: logos/case.svg\n", logo)


if __name__ == "__main__":
    main()
