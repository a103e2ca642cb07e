"""The code's shape: stages import nothing from later stages, functions stay short, modules say what they do."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

LONGEST_FUNCTION = 75
"""Lines, docstring included: past this a function does several things and is split."""
STAGES = [("load",), ("check",), ("resolve",), ("render",), ("site", "pdf"), ("build",), ("cli",)]
"""load -> check -> resolve -> render -> site/pdf -> build, and the CLI on top."""


def imported(module: str) -> set[str]:
    """Every generator module that ``module`` imports, at its top or inside a function."""
    tree = ast.parse((ROOT / "generator" / f"{module}.py").read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator."):
            names.add(node.module.removeprefix("generator."))
        elif isinstance(node, ast.Import):
            names |= {a.name.removeprefix("generator.") for a in node.names if a.name.startswith("generator.")}
    return names


@pytest.mark.parametrize("position", range(len(STAGES) - 1), ids=["/".join(stage) for stage in STAGES[:-1]])
def test_a_stage_imports_no_later_stage(position: int) -> None:
    later = {module for stage in STAGES[position + 1 :] for module in stage}
    for module in STAGES[position]:
        found = imported(module)
        assert found, f"{module} imports nothing from generator: the test reads the wrong file"
        assert not found & later, f"generator/{module}.py imports from a later stage: {sorted(found & later)}"


def test_no_function_runs_past_the_limit() -> None:
    lengths = {}
    for path in sorted((ROOT / "generator").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lengths[f"{path.name}:{node.lineno} {node.name}"] = node.end_lineno - node.lineno + 1
    assert len(lengths) > 100, "the test reads no functions"
    too_long = {name: lines for name, lines in lengths.items() if lines > LONGEST_FUNCTION}
    assert not too_long, f"split these functions (lines): {too_long}"


def test_every_module_opens_with_a_one_line_docstring_saying_what_it_turns_into_what() -> None:
    modules = sorted((ROOT / "generator").glob("*.py"))
    assert len(modules) > 20
    for path in modules:
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")), clean=False)
        assert docstring, f"{path.name} has no docstring"
        first = docstring.splitlines()[0]
        assert first.endswith("."), f"{path.name}: the first line is one sentence: {first!r}"
