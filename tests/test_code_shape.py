"""The code's shape: stages import nothing from later stages, functions stay short, modules say what they do."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

LONGEST_FUNCTION = 75
"""Lines, docstring included: past this a function does several things and is split."""
LAYERS = [
    ("text",),
    ("inputs",),
    ("model",),
    ("checks",),
    ("document",),
    ("editions.site", "editions.pdf", "editions.word"),
    ("build",),
    ("signoff",),
    ("cli",),
]
"""The stages, first to last: a module imports from its own subpackage and earlier stages only, never from a later
stage or from a sibling of its stage (the three editions never import each other). generator.compat, where every
override of a library's internals lives, may be imported by any stage and imports none."""
PACKAGE = ROOT / "generator"


def subpackage(path: Path) -> str:
    """generator/editions/site/engine.py -> 'editions.site'; generator/__main__.py -> ''."""
    return ".".join(path.relative_to(PACKAGE).parent.parts)


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def imported(path: Path) -> set[str]:
    """The subpackage of every generator module that ``path`` imports, at its top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator."):
            names.add(node.module.removeprefix("generator."))
        elif isinstance(node, ast.Import):
            names |= {a.name.removeprefix("generator.") for a in node.names if a.name.startswith("generator.")}
    found = set()
    for name in names:
        parts = name.split(".")
        found.add(".".join(parts[:2]) if parts[0] == "editions" else parts[0])
    return found


def test_every_module_is_in_a_stage() -> None:
    stages = {name for layer in LAYERS for name in layer} | {"compat", "editions", ""}
    strays = [str(path.relative_to(ROOT)) for path in modules() if subpackage(path) not in stages]
    assert len(modules()) > 40
    assert not strays, f"put these in a stage's subpackage: {strays}"


@pytest.mark.parametrize("layer", LAYERS, ids=["/".join(layer) for layer in LAYERS])
def test_a_stage_imports_only_itself_and_earlier_stages(layer: tuple[str, ...]) -> None:
    position = LAYERS.index(layer)
    allowed = {name for earlier in LAYERS[:position] for name in earlier} | {"compat"}
    checked = 0
    for path in modules():
        here = subpackage(path)
        if here not in layer:
            continue
        checked += 1
        wrong = imported(path) - allowed - {here}
        assert not wrong, f"{path.relative_to(ROOT)} imports from a later stage or a sibling: {sorted(wrong)}"
    assert checked, f"no module in {layer}: the test reads the wrong folder"


def test_compat_imports_no_stage() -> None:
    for path in modules():
        if subpackage(path) == "compat":
            assert not imported(path) - {"compat"}, f"{path.relative_to(ROOT)} imports a stage"


def test_the_layers_test_catches_a_later_import(tmp_path: Path) -> None:
    stray = tmp_path / "probe.py"
    stray.write_text("from generator.cli import main\nimport generator.editions.pdf.typeset\n", encoding="utf-8")
    assert imported(stray) == {"cli", "editions.pdf"}


def test_no_function_runs_past_the_limit() -> None:
    lengths = {}
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lengths[f"{path.name}:{node.lineno} {node.name}"] = node.end_lineno - node.lineno + 1
    assert len(lengths) > 100, "the test reads no functions"
    too_long = {name: lines for name, lines in lengths.items() if lines > LONGEST_FUNCTION}
    assert not too_long, f"split these functions (lines): {too_long}"


def test_every_module_opens_with_a_one_line_docstring_saying_what_it_turns_into_what() -> None:
    assert len(modules()) > 20
    for path in modules():
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")), clean=False)
        assert docstring, f"{path.name} has no docstring"
        first = docstring.splitlines()[0]
        assert first.endswith("."), f"{path.name}: the first line is one sentence: {first!r}"
