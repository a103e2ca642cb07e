"""Every page of every shipped site opens in Chromium, over http and from file://, cleanly and only from here."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ORGANISATIONS, OpenPage, Scheme, Site


@pytest.mark.parametrize("scheme", ["http", "file"])
@pytest.mark.parametrize("organisation", ORGANISATIONS)
def test_every_page_loads_without_errors_or_other_hosts(
    organisation: str, scheme: Scheme, sites: dict[str, Site], open_page: OpenPage
) -> None:
    site = sites[organisation]
    headings = {"index.html": site.name, **{document.page: document.title for document in site.documents}}
    for path in site.pages:
        page, log = open_page(site.url(path, scheme))
        page.wait_for_load_state("networkidle")  # search's worker and index load after the page
        assert page.locator("article h1").inner_text() == headings[path], path
        assert log.errors == [], f"{path}: console errors"
        assert log.foreign_requests(site, scheme) == [], f"{path}: requests that leave this machine"
