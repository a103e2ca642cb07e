"""Real-browser fixtures: every shipped organisation built into build/, served on 127.0.0.1, one Chromium a session.

Chromium is Debian's (/usr/bin/chromium, installed by scripts/setup.sh), driven by Playwright for Python; it is
started with the switches that keep it off the network, so any request a page makes to another host shows up as
a failed request here rather than reaching anyone.

Tests that only read a page share it: ``read_page`` loads each page of one organisation once, in one browser
context, and the reading tests run organisation by organisation (see pytest_collection_modifyitems). Tests that
click, type or open pages of their own (navigation, search, serve) get fresh pages from ``open_page``.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT, exclusive, run_folder

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]
BUILD = ROOT / "build"
ORGANISATIONS = sorted(path.stem for path in (ROOT / "schools").glob("*.yml"))
EXTRA_PAGES = {
    "changes.html": "What changed since we adopted",
    "deviations.html": "Deviations from our model",
    "accessibility.html": "Accessibility statement",
    "coverage.html": "What the guidance expects, clause by clause",
    "differences.html": "Differences from the source",
}
"""Pages besides the home page and the documents -> their heading."""
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
Scheme = Literal["http", "file"]


@dataclass(frozen=True)
class Document:
    """One document page of a built site."""

    id: str
    title: str
    slug: str

    @property
    def page(self) -> str:
        return f"{self.slug}.html"


@dataclass(frozen=True)
class Site:
    """One organisation's built site, and where a browser finds it."""

    organisation: str
    name: str
    documents: tuple[Document, ...]
    http_root: str
    """``http://127.0.0.1:<port>/<org>/site/``"""
    extra_pages: tuple[str, ...] = ()
    """The site's pages of EXTRA_PAGES: its change report, its adopters' deviations, its governors' coverage page, its
    differences from its source, its accessibility statement."""

    @property
    def folder(self) -> Path:
        return BUILD / self.organisation

    @property
    def pages(self) -> list[str]:
        """Every page: the home page, the documents and the extra pages, as paths inside the site."""
        return ["index.html", *(document.page for document in self.documents), *self.extra_pages]

    @property
    def headings(self) -> dict[str, str]:
        """Page -> the heading it opens with."""
        documents = {document.page: document.title for document in self.documents}
        return {"index.html": self.name, **documents, **{page: EXTRA_PAGES[page] for page in self.extra_pages}}

    def url(self, page: str, scheme: Scheme = "http") -> str:
        if scheme == "http":
            return self.http_root + page
        return (self.folder / "site" / page).as_uri()

    def is_local(self, url: str, scheme: Scheme) -> bool:
        """Whether a request stays on this machine: the local server over http; files (or data:) from file://."""
        parts = urlsplit(url)
        if parts.scheme == "data":
            return True
        if scheme == "file":
            return parts.scheme == "file"
        served = urlsplit(self.http_root)
        return (parts.scheme, parts.netloc) == (served.scheme, served.netloc)


@dataclass
class PageLog:
    """What a page did while a test used it: every request, console error and uncaught exception."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def foreign_requests(self, site: Site, scheme: Scheme) -> list[str]:
        return [url for url in self.requests if not site.is_local(url, scheme)]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """``folder`` served on a free port of 127.0.0.1 by a threaded http.server, while the block runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name=f"browser-tests-http-{folder.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def http_root() -> Iterator[str]:
    """build/ served for the whole session."""
    with serve(BUILD) as root:
        yield root


@pytest.fixture(scope="session")
def sites(http_root: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Site]:
    """Every shipped organisation, validated and built into the repository's build/ folder once a run (a worker
    that comes second finds every organisation current)."""
    from generator.build.pool import build_all
    from generator.build.write import plan_site, validate_project

    project = validate_project(ROOT)
    with exclusive(run_folder(tmp_path_factory) / "browser-build.lock"):  # another worker waits, then skips it all
        results = build_all(project, ORGANISATIONS, BUILD)
    failed = [f"{result.organisation}: {result.error}" for result in results if result.error]
    assert not failed, "\n".join(failed)
    built = {}
    for organisation in ORGANISATIONS:
        report = json.loads((BUILD / organisation / "report.json").read_text(encoding="utf-8"))
        documents = tuple(
            Document(document["id"], document["title"], document["slug"]) for document in report["documents"]
        )
        assert documents, f"{organisation} publishes no document"
        planned = [f"{Path(name).stem}.html" for name in plan_site(project, organisation).pages]
        known = {"index.html", *(document.page for document in documents), *EXTRA_PAGES}
        assert set(planned) <= known, f"{organisation}: pages no browser test knows: add them to EXTRA_PAGES"
        extra = tuple(page for page in planned if page in EXTRA_PAGES)
        built[organisation] = Site(organisation, report["name"], documents, f"{http_root}{organisation}/site/", extra)
    return built


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless and off the network, shared by every browser test of the session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is missing: run `make setup` (pip install -e '.[test]')", pytrace=False)
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make setup` (apt-get install chromium)", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


OpenPage = Callable[..., tuple["Page", PageLog]]
SEARCH_INDEX = "/search/search_index."
"""Every page loads the search index (search_index.json over http, search_index.js from file://) after it loads."""


def new_page(context: BrowserContext) -> tuple[Page, PageLog]:
    """A blank page of ``context``, with a log of what it does from now on."""
    page = context.new_page()
    log = PageLog()
    page.on("request", lambda request: log.requests.append(request.url))
    page.on("console", lambda message: log.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: log.errors.append(f"uncaught: {error}"))
    return page, log


@pytest.fixture
def open_page(browser: Browser) -> Iterator[OpenPage]:
    """``open_page(url, viewport=DESKTOP)``: a new page at ``url`` and its log; one browser context per viewport."""
    contexts: dict[tuple[int, int], BrowserContext] = {}

    def open_(url: str, *, viewport: dict[str, int] = DESKTOP) -> tuple[Page, PageLog]:
        size = (viewport["width"], viewport["height"])
        if size not in contexts:
            contexts[size] = browser.new_context(viewport=viewport, service_workers="block")
        page, log = new_page(contexts[size])
        page.goto(url, wait_until="load")
        return page, log

    yield open_
    for context in contexts.values():
        context.close()


class ReadingPages:
    """The pages of one organisation's site at a time, each loaded once (desktop width) for every test that reads it.

    A page counts as loaded once its search index has arrived, the last thing a page fetches: its requests and
    errors are then all in its log. Asking for another organisation's page closes the previous one's.
    """

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.organisation: str | None = None
        self.context: BrowserContext | None = None
        self.pages: dict[tuple[str, Scheme], tuple[Page, PageLog]] = {}

    def __call__(self, site: Site, path: str, scheme: Scheme = "http") -> tuple[Page, PageLog]:
        if site.organisation != self.organisation or self.context is None:
            self.close()
            self.organisation = site.organisation
            self.context = self.browser.new_context(viewport=DESKTOP, service_workers="block")
        if (path, scheme) not in self.pages:
            page, log = new_page(self.context)
            with page.expect_request_finished(lambda request: SEARCH_INDEX in request.url):
                page.goto(site.url(path, scheme), wait_until="load")
            self.pages[path, scheme] = page, log
        return self.pages[path, scheme]

    def close(self) -> None:
        if self.context is not None:
            self.context.close()
        self.organisation, self.context, self.pages = None, None, {}


@pytest.fixture(scope="session")
def read_page(browser: Browser) -> Iterator[ReadingPages]:
    """``read_page(site, path, scheme="http")``: a page of the site, loaded once and shared by the tests that only
    read it (they must not click, type or navigate)."""
    pages = ReadingPages(browser)
    yield pages
    pages.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that read shared pages run organisation by organisation, where the first of them stood, so that a
    worker loads each organisation's pages once for the run of them it is given.

    They are not pinned to one worker (pytest-xdist's groups): measured on two cores, where grouping worked, the
    suite took longer (5 min 53 s against 5 min 2 s), the browser tests then waiting on one worker each."""
    reading = [item for item in items if "read_page" in getattr(item, "fixturenames", ())]
    if not reading:
        return
    first = items.index(reading[0])
    rest = [item for item in items if "read_page" not in getattr(item, "fixturenames", ())]
    by_organisation = sorted(
        reading, key=lambda item: getattr(item, "callspec", None) and item.callspec.params.get("organisation", "")
    )  # type: ignore[attr-defined]
    items[:] = rest[:first] + by_organisation + rest[first:]
