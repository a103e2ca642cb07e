"""A build full of hostile input, opened in a real browser: no dialog opens and no request leaves the site.

The board and a school whose file and clauses carry scripts, frames, event handlers, entity-encoded
javascript: links and remote images are built; every page is opened over http and from file://, with
listeners for dialogs (alert, confirm, print), requests to other origins and script errors. A page with a
script injected after the build shows that the Content-Security-Policy stops what every other check missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from generator.build.write import build_organisation, validate_project
from tests.browser.conftest import serve
from tests.test_hostile_content import hostile_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ORGANISATIONS = ("board", "school")
INJECTED = (
    "<script>alert('injected')</script><img src=x onerror=\"alert('handler')\">"
    '<p style="display:none">hidden</p><script src="https://evil.example/x.js"></script>'
)


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = hostile_project(tmp_path_factory.mktemp("hostile-browser") / "project")
    loaded = validate_project(project)
    for org_id in ORGANISATIONS:
        build_organisation(loaded, org_id, project / "build")
    page = project / "build" / "school" / "site" / "index.html"
    text = page.read_text(encoding="utf-8")
    (page.parent / "injected.html").write_text(text.replace("</article>", f"{INJECTED}</article>"), encoding="utf-8")
    return project / "build"


@pytest.fixture(scope="module")
def served(build: Path) -> Iterator[str]:
    with serve(build) as root:
        yield root


SETTLED = """async () => {
    const images = [...document.images].filter(image => !image.complete);
    await Promise.all(images.map(image => new Promise(done => {
        image.addEventListener("load", done);
        image.addEventListener("error", done);
    })));
    await new Promise(done => requestAnimationFrame(() => setTimeout(done)));
}"""
"""Resolves once every image has loaded or failed (firing any onerror) and the events the mouse raised have run:
the signal that whatever a page could do of itself has happened."""


def visit(browser: Browser, url: str, moves_to: str | None = None) -> tuple[list[str], list[str], list[str]]:
    """Open ``url`` (and, for a page at a former address, follow it to ``moves_to``), move the mouse over it and wait
    until it has settled: (dialogs opened, requests to other origins that the policy let go, console errors, which
    include what the policy blocked)."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    dialogs: list[str] = []
    foreign: list[str] = []
    errors: list[str] = []
    origin = urlsplit(url)[:2]

    def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on(
        "request",
        lambda r: foreign.append(r.url) if urlsplit(r.url)[:2] != origin and not r.url.startswith("data:") else None,
    )
    blocked: list[str] = []
    page.on("requestfailed", lambda r: blocked.append(r.url) if r.failure == "csp" else None)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.goto(url, wait_until="load")
    if moves_to:
        page.wait_for_url(f"**/{moves_to}", wait_until="load")
    page.mouse.move(200, 300)
    page.evaluate(SETTLED)
    context.close()
    return dialogs, [url for url in foreign if url not in blocked], errors


REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


def pages(build: Path) -> list[tuple[str, str | None]]:
    """Each page and, for a page at a former address, the page it moves to."""
    return [
        (f"{org}/site/{page.name}", moved.group(1) if (moved := REFRESH.search(page.read_text("utf-8"))) else None)
        for org in ORGANISATIONS
        for page in sorted((build / org / "site").glob("*.html"))
        if page.name not in ("injected.html", "404.html")  # 404.html expects to be served from the root
    ]


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_no_hostile_page_opens_a_dialog_or_reaches_another_origin(
    scheme: str, build: Path, served: str, browser: Browser
) -> None:
    visited = pages(build)
    assert len(visited) >= 2 * len(ORGANISATIONS), "a home page and a document page for each organisation, at least"
    for page, moves_to in visited:
        url = served + page if scheme == "http" else (build / page).as_uri()
        dialogs, foreign, errors = visit(browser, url, moves_to)
        assert dialogs == [], page
        assert foreign == [], page
        assert errors == [], page


def test_the_policy_stops_a_script_that_got_into_a_page(build: Path, served: str, browser: Browser) -> None:
    dialogs, foreign, errors = visit(browser, served + "school/site/injected.html")
    assert dialogs == []
    assert foreign == []
    violations = [error for error in errors if "Content Security Policy" in error]
    assert any("evil.example/x.js" in error for error in violations), errors
    assert any("inline" in error and "script-src" in error for error in violations), errors
