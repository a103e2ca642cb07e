"""Material's search box finds a clause by a word of its own, over http and from file:// (the offline plugin)."""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import ORGANISATIONS, Document, OpenPage, Scheme, Site


class _ClauseText(HTMLParser):
    """Each clause's own words (not those of the clauses listed inside it), by clause id."""

    def __init__(self) -> None:
        super().__init__()
        self.divs: list[str | None] = []
        self.text: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div":
            attributes = dict(attrs)
            is_clause = "clause" in (attributes.get("class") or "").split()
            self.divs.append(attributes.get("id") if is_clause else None)

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.divs:
            self.divs.pop()

    def handle_data(self, data: str) -> None:
        clause = next((id_ for id_ in reversed(self.divs) if id_), None)
        if clause:
            self.text.setdefault(clause, []).append(data)


def words(text: str) -> set[str]:
    """Words as Material's search index splits them (on spaces and hyphens, punctuation trimmed), lower-case."""
    trimmed = (re.sub(r"^\W+|\W+$", "", token) for token in re.split(r"[\s\-]+", text.lower()))
    return {token for token in trimmed if token}


def word_of_one_clause(site: Site) -> tuple[str, Document]:
    """A word found in one clause of one document and in nowhere else the search index holds, and that document.

    Longest first: a long word is least likely to share a stem with another (search matches stems).
    """
    site_dir = site.folder / "site"
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = Counter(
        word for entry in index["docs"] for word in words(entry["title"] + " " + re.sub(r"<[^>]+>", " ", entry["text"]))
    )
    clauses: Counter[str] = Counter()
    document_of: dict[str, Document] = {}
    for document in site.documents:
        parser = _ClauseText()
        parser.feed((site_dir / document.page).read_text(encoding="utf-8"))
        for text in parser.text.values():
            for word in words(" ".join(text)):
                clauses[word] += 1
                document_of[word] = document
    candidates = [w for w, n in clauses.items() if n == 1 and entries[w] == 1 and re.fullmatch(r"[a-z]{6,}", w)]
    assert candidates, f"{site.organisation}: no word belongs to one clause only"
    word = min(candidates, key=lambda w: (-len(w), w))
    return word, document_of[word]


@pytest.mark.parametrize("scheme", ["http", "file"])
@pytest.mark.parametrize("organisation", ORGANISATIONS)
def test_search_finds_a_clause_by_a_word_of_its_own(
    organisation: str, scheme: Scheme, sites: dict[str, Site], open_page: OpenPage
) -> None:
    site = sites[organisation]
    word, document = word_of_one_clause(site)
    page, log = open_page(site.url("index.html", scheme))
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(word, delay=20)  # Material searches on key presses, not on a filled-in value
    results = page.locator("li.md-search-result__item a")
    results.first.wait_for(timeout=10_000)
    pages = {urlsplit(href).path.rsplit("/", 1)[-1] for href in results.evaluate_all("as => as.map(a => a.href)")}
    assert document.page in pages, f"searched for {word!r}"
    assert log.errors == []
    assert log.foreign_requests(site, scheme) == []
