"""People reach every document from the home page, on a phone (through the drawer) and on a desktop.

Each page is photographed at both widths into build/<org>/screenshots/ for people to review.
"""

from __future__ import annotations

from typing import Literal

import pytest

from tests.browser.conftest import DESKTOP, ORGANISATIONS, PHONE, OpenPage, Scheme, Site

Width = Literal["phone", "desktop"]


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("organisation", ORGANISATIONS)
def test_navigation_reaches_every_document(
    organisation: str, width: Width, sites: dict[str, Site], open_page: OpenPage
) -> None:
    site = sites[organisation]
    screenshots = site.folder / "screenshots"
    screenshots.mkdir(exist_ok=True)
    page, log = open_page(site.url("index.html"), viewport=PHONE if width == "phone" else DESKTOP)
    page.screenshot(path=screenshots / f"index-{width}.png", full_page=True)
    for number, document in enumerate(site.documents):
        if number:
            page.goto(site.url("index.html"), wait_until="load")  # the same tab, back at the home page
        if width == "phone":
            page.locator("label.md-header__button[for='__drawer']").click()
        page.locator(f"nav.md-nav--primary a.md-nav__link[href='{document.page}']").click()
        page.wait_for_url(f"**/{document.page}")
        assert page.locator("article h1").inner_text() == document.title
        page.screenshot(path=screenshots / f"{document.id}-{width}.png", full_page=True)
        assert log.errors == []


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_a_documents_former_address_takes_the_browser_to_its_page(
    scheme: Scheme, sites: dict[str, Site], open_page: OpenPage
) -> None:
    moved = [(site, d) for site in sites.values() for d in site.documents if d.id != d.slug]
    assert len(moved) >= 5, "the shipped adopters' copies of a template are named for their own titles"
    page, log = open_page("about:blank")
    for site, document in moved:
        page.goto(site.url(f"{document.id}.html", scheme), wait_until="load")  # one tab, from one address to the next
        page.wait_for_url(f"**/{document.page}")
        assert page.locator("article h1").inner_text() == document.title
        assert log.errors == [], (site.organisation, document.id)
        assert log.foreign_requests(site, scheme) == []
