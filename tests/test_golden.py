"""Golden files: the Markdown pages of two organisations, reviewed as diffs.

Regenerate with `make golden` (pytest tests/test_golden.py --update-golden) and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import plan_site, validate_project
from tests.conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"
ORGANISATIONS = [
    "longton-primary",
    "willowbrook-primary",
    "vision-for-education",
    "northamptonshire-scb",
    "kestrel-vale-partnership",
    "model-school",
]


@pytest.mark.parametrize("org", ORGANISATIONS)
def test_pages_match_golden_files(org: str, update_golden: bool) -> None:
    pages = plan_site(validate_project(ROOT), org).pages
    folder = GOLDEN / org
    if update_golden:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.md"):
            old.unlink()
        for name, text in pages.items():
            (folder / name).write_text(text, encoding="utf-8")
    assert sorted(p.name for p in folder.glob("*.md")) == sorted(pages)
    for name, text in pages.items():
        assert text == (folder / name).read_text(encoding="utf-8"), f"{org}/{name} differs: run `make golden`"
