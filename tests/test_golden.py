"""Golden files: each shipped organisation's Markdown pages, print data, build report, change report, coverage
report and review calendar.

Regenerate with `make golden` (pytest tests/test_golden.py --update-golden) and review the diff.
"""

from __future__ import annotations

import functools
import json

import pytest

from generator.build.locks import passed
from generator.build.write import changes_json, plan_site, report_json, validate_project
from generator.editions.pdf.print_data import print_data
from generator.inputs.load import Project
from generator.model.coverage import coverage_json
from generator.model.resolve import resolve_organisation
from generator.model.review import review_calendar
from tests.conftest import GOLDEN, ROOT, SHIPPED_TODAY, assert_matches_file, assert_matches_optional_file

ORGANISATIONS = sorted(path.stem for path in (ROOT / "schools").glob("*.yml"))


@functools.cache
def shipped() -> Project:
    return validate_project(ROOT)


@pytest.mark.parametrize("org", ORGANISATIONS)
def test_pages_match_golden_files(org: str, update_golden: bool) -> None:
    pages = plan_site(shipped(), org, today=SHIPPED_TODAY).pages
    folder = GOLDEN / org
    if update_golden:
        for old in folder.glob("*.md"):
            old.unlink()
    for name, text in pages.items():
        assert_matches_file(folder / name, text, update=update_golden)
    assert sorted(p.name for p in folder.glob("*.md")) == sorted(pages), "pages left over: run `make golden`"


@pytest.mark.parametrize("org", ORGANISATIONS)
def test_reports_match_golden_files(org: str, update_golden: bool) -> None:
    plan = plan_site(shipped(), org, today=SHIPPED_TODAY)
    assert_matches_file(
        GOLDEN / org / "report.json",
        report_json(plan.organisation, passed(shipped(), plan.organisation), plan.coverage),
        update=update_golden,
    )
    calendar = review_calendar(plan.organisation)
    assert_matches_optional_file(GOLDEN / org / "reviews.ics", calendar, update=update_golden)
    changes = None if plan.changes is None else changes_json(plan.changes)
    assert_matches_optional_file(GOLDEN / org / "changes.json", changes, update=update_golden)
    assert_matches_file(GOLDEN / org / "coverage.json", coverage_json(plan.coverage), update=update_golden)


@pytest.mark.parametrize("org", ORGANISATIONS)
def test_print_data_matches_golden_files(org: str, update_golden: bool) -> None:
    """The JSON each PDF is typeset from: <document>.print.json."""
    organisation = resolve_organisation(shipped(), org)
    folder = GOLDEN / org
    names = []
    for document in organisation.documents:
        text = json.dumps(print_data(organisation, document), indent=1, ensure_ascii=False) + "\n"
        names.append(f"{document.slug}.print.json")
        assert_matches_file(folder / names[-1], text, update=update_golden)
    if update_golden:
        for old in folder.glob("*.print.json"):
            if old.name not in names:
                old.unlink()
    assert sorted(p.name for p in folder.glob("*.print.json")) == sorted(names), (
        "print data left over: run `make golden`"
    )
