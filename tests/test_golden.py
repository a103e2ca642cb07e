"""Golden files: the Markdown pages and the print data of the shipped organisations, reviewed as diffs.

Regenerate with `make golden` (pytest tests/test_golden.py --update-golden) and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.build import plan_site, validate_project
from generator.print_data import print_data
from generator.resolve import resolve_organisation
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


@pytest.mark.parametrize("org", ORGANISATIONS)
def test_print_data_matches_golden_files(org: str, update_golden: bool) -> None:
    """The JSON each PDF is typeset from: <document>.print.json."""
    organisation = resolve_organisation(validate_project(ROOT), org)
    data = {
        f"{document.id}.print.json": json.dumps(print_data(organisation, document), indent=1, ensure_ascii=False) + "\n"
        for document in organisation.documents
    }
    folder = GOLDEN / org
    if update_golden:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.print.json"):
            old.unlink()
        for name, text in data.items():
            (folder / name).write_text(text, encoding="utf-8")
    assert sorted(p.name for p in folder.glob("*.print.json")) == sorted(data)
    for name, text in data.items():
        assert text == (folder / name).read_text(encoding="utf-8"), f"{org}/{name} differs: run `make golden`"
