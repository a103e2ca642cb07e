"""Each document page offers its PDF, and the site serves that PDF."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import ORGANISATIONS, OpenPage, Site


@pytest.mark.parametrize("organisation", ORGANISATIONS)
def test_each_document_page_links_to_its_pdf(organisation: str, sites: dict[str, Site], open_page: OpenPage) -> None:
    site = sites[organisation]
    for document in site.documents:
        page, _ = open_page(site.url(document.page))
        links = page.locator("a[href$='.pdf' i]").evaluate_all("as => as.map(a => a.href)")
        assert len(links) == 1, f"{document.page}: expected one link to a PDF, found {links}"
        assert urlsplit(links[0]).path.endswith(f"/pdf/{document.id}.pdf"), links[0]
        response = page.request.get(links[0])
        assert response.status == 200, links[0]
        assert response.headers["content-type"] == "application/pdf", links[0]
        assert response.body().startswith(b"%PDF"), links[0]
