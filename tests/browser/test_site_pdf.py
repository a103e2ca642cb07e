"""Each document page offers its PDF and its Word file, and the site serves them."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import docx
import pytest

from tests.browser.conftest import ORGANISATIONS, ReadingPages, Site


@pytest.mark.parametrize("organisation", ORGANISATIONS)
def test_each_document_page_links_to_its_pdf(
    organisation: str, sites: dict[str, Site], read_page: ReadingPages
) -> None:
    site = sites[organisation]
    for document in site.documents:
        page, _ = read_page(site, document.page)
        links = page.locator("a[href$='.pdf' i]").evaluate_all("as => as.map(a => a.href)")
        assert len(links) == 1, f"{document.page}: expected one link to a PDF, found {links}"
        assert urlsplit(links[0]).path.endswith(f"/pdf/{document.slug}.pdf"), links[0]
        response = page.request.get(links[0])
        assert response.status == 200, links[0]
        assert response.headers["content-type"] == "application/pdf", links[0]
        assert response.body().startswith(b"%PDF"), links[0]


@pytest.mark.parametrize("organisation", ORGANISATIONS)
def test_each_document_page_links_to_its_word_file(
    organisation: str, sites: dict[str, Site], read_page: ReadingPages
) -> None:
    site = sites[organisation]
    for document in site.documents:
        page, _ = read_page(site, document.page)
        links = page.locator("a[href$='.docx' i]").evaluate_all("as => as.map(a => a.href)")
        assert len(links) == 1, f"{document.page}: expected one link to a Word file, found {links}"
        assert urlsplit(links[0]).path.endswith(f"/docx/{document.slug}.docx"), links[0]
        assert page.get_by_role("link", name="Download the Word file").count() == 1
        response = page.request.get(links[0])
        assert response.status == 200, links[0]
        assert docx.Document(io.BytesIO(response.body())).core_properties.title == document.title
