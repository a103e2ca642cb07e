"""axe-core finds no serious or critical WCAG 2.2 AA violation on any page of any shipped site.

axe-core's script comes from the axe-playwright-python package (it ships axe.min.js), so nothing is fetched.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.conftest import ORGANISATIONS, ReadingPages, Site

if TYPE_CHECKING:
    from playwright.sync_api import Page

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}


@functools.cache
def axe_script() -> str:
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def describe(violation: dict[str, Any]) -> str:
    """One violation in a line per element: the rule, its impact, and where."""
    lines = [f"{violation['id']} ({violation['impact']}): {violation['help']}"]
    for node in violation["nodes"][:5]:
        lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


def add_axe(page: Page) -> None:
    """axe-core in the page, once: the page is shared with other tests."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(axe_script())


@pytest.mark.parametrize("organisation", ORGANISATIONS)
def test_no_serious_wcag_22_aa_violation(organisation: str, sites: dict[str, Site], read_page: ReadingPages) -> None:
    site = sites[organisation]
    found = []
    for path in site.pages:
        page, _ = read_page(site, path)
        add_axe(page)
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_22_AA,
        )
        found += [f"{path}: {describe(v)}" for v in results["violations"] if v["impact"] in BLOCKING]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("organisation", ["longton-primary", "willowbrook-primary"])
def test_every_dialog_has_a_name(organisation: str, sites: dict[str, Site], read_page: ReadingPages) -> None:
    # aria-dialog-name is one of axe's best practices, not a WCAG rule: the run above leaves it out.
    site = sites[organisation]
    for path in site.pages:
        page, _ = read_page(site, path)
        add_axe(page)
        results = page.evaluate("() => axe.run(document, {runOnly: {type: 'rule', values: ['aria-dialog-name']}})")
        assert results["passes"] and not results["violations"], (path, [describe(v) for v in results["violations"]])
