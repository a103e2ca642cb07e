"""policy-pack serve in a real browser: an edit reloads the page, an invalid edit shows the problems, a fix recovers."""

from __future__ import annotations

import io
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.build.write import validate_project
from generator.inputs.errors import UserError
from tests.browser.conftest import OpenPage
from tests.conftest import ROOT, copy_project

ORGANISATION = "willowbrook-primary"
PAGE = "social-media-policy.html"
RELOAD_SECONDS = 10
"""How long the test waits for a reload: a bound against hangs on a busy machine. benchmarks/serve_reload.py
measures the time it takes."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the project, served by `policy-pack serve` in its own process; stopped at the end."""
    project = copy_project(ROOT, tmp_path / "project")
    port = free_port()
    command = [sys.executable, "-m", "generator", "--project", str(project), "serve", ORGANISATION]
    server = subprocess.Popen([*command, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).close()
                break
            except OSError:
                assert server.poll() is None, server.communicate()[1].decode()
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        yield project, url
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            _, errors = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            _, errors = server.communicate()
        assert "Traceback" not in errors.decode(), errors.decode()
    assert "Stopped." in errors.decode(), "a stop signal shuts the server down cleanly"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_serve_reloads_on_save_shows_problems_and_recovers(served: tuple[Path, str], open_page: OpenPage) -> None:
    project, url = served
    school = project / "schools" / f"{ORGANISATION}.yml"
    page, log = open_page(url + PAGE)
    assert page.title().startswith("Social Media Policy")
    assert "Kingfisher" not in page.inner_text("main")
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1, "the preview keeps the site's CSP"

    edit(school, "Please read the parent and carer section", "Kingfisher class parents: please read the section")
    page.locator("main", has_text="Kingfisher").wait_for(timeout=RELOAD_SECONDS * 1000)
    pdf = page.request.get(url + "pdf/social-media-policy.pdf")
    assert pdf.ok
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Kingfisher" in text, "the PDF link serves the fresh PDF"

    edit(school, "review_months: 12", "review_monts: 12")
    with pytest.raises(UserError) as expected:
        validate_project(project)
    terminal = [str(problem) for problem in expected.value.problems]
    assert any(re.match(rf"schools/{ORGANISATION}\.yml:\d+:\d+: review_monts: unknown key", line) for line in terminal)
    page.wait_for_selector("ul.problems", timeout=RELOAD_SECONDS * 1000)
    assert page.locator("ul.problems li").all_inner_texts() == terminal

    edit(school, "review_monts: 12", "review_months: 12")
    page.wait_for_selector("article", timeout=RELOAD_SECONDS * 1000)
    assert "Kingfisher" in page.inner_text("main")
    assert not [error for error in log.errors if "livereload" not in error]
