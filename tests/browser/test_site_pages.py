"""Every page of every shipped site opens in Chromium, over http and from file://, cleanly and only from here."""

from __future__ import annotations

import pytest

from tests.browser.conftest import EXTRA_PAGES, ORGANISATIONS, ReadingPages, Scheme, Site


def test_the_estate_has_every_kind_of_page(sites: dict[str, Site]) -> None:
    """The page and accessibility tests open every page of every site: the shipped estate has each kind."""
    assert {page for site in sites.values() for page in site.extra_pages} == set(EXTRA_PAGES)


@pytest.mark.parametrize("scheme", ["http", "file"])
@pytest.mark.parametrize("organisation", ORGANISATIONS)
def test_every_page_loads_without_errors_or_other_hosts(
    organisation: str, scheme: Scheme, sites: dict[str, Site], read_page: ReadingPages
) -> None:
    site = sites[organisation]
    for path in site.pages:
        page, log = read_page(site, path, scheme)  # loaded with the search index, which comes after the page
        assert page.locator("article h1").inner_text() == site.headings[path], path
        assert log.errors == [], f"{path}: console errors"
        assert log.foreign_requests(site, scheme) == [], f"{path}: requests that leave this machine"
