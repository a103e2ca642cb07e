"""Pipeline stages stay in their lane: a stage imports nothing from the stages after it."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

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
