"""Project files -> a live preview of one organisation's site on 127.0.0.1, rebuilt and reloaded on every save.

MkDocs' own live-reload server watches the inputs (content/, schools/ with the logos, templates/, releases/ and
mkdocs.yml), calls ``Preview.build`` after every change and reloads the browser when it returns. The PDFs and Word files
are written from the latest build the first time one is asked for, so a save reloads the page without waiting
for them. A build that fails replaces every page with the problems, as the terminal shows them, so a stale site
is never on screen.
"""

from __future__ import annotations

import datetime
import html
import logging
import shutil
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer

from generator.build.write import build_organisation, select, write_pdfs, write_word_files
from generator.editions.site.csp import recomputed
from generator.inputs.errors import UserError
from generator.inputs.load import Project
from generator.model.resolve import resolve_organisation
from generator.text.words import count

HOST = "127.0.0.1"
WATCHED = ("content", "schools", "templates", "releases", "mkdocs.yml")


class Preview:
    """Builds one organisation of a project into ``output``, writes its downloads when asked, reports problems."""

    def __init__(self, root: Path, organisation: str, output: Path) -> None:
        self.root = root
        self.organisation = organisation
        self.output = output
        self.problems: list[str] = []
        self.project: Project | None = None
        """The project of the last good build whose PDFs and Word files are not written yet."""
        self.lock = threading.Lock()

    @property
    def site(self) -> Path:
        return self.output / self.organisation / "site"

    def build(self) -> None:
        """Build the site (the PDFs and Word files wait until asked for); on failure, the error pages instead."""
        with self.lock:
            self.project = None
            try:
                project = _project_for(self.root, self.organisation)
                build_organisation(project, self.organisation, self.output, today=_today(), downloads=False)
            except UserError as error:
                return self._failed([str(problem) for problem in error.problems])
            except Exception as error:  # a failed MkDocs build: show it, keep serving
                traceback.print_exc()
                return self._failed([f"{type(error).__name__}: {error}"])
            self.problems, self.project = [], project
        print(f"Built {self.organisation}.", file=sys.stderr)

    def write_downloads(self) -> None:
        """The PDFs and Word files of the last good build, written the first time one of them is asked for."""
        with self.lock:
            if self.project is None:
                return
            project, self.project = self.project, None
            try:
                resolved = resolve_organisation(project, self.organisation)
                write_pdfs(project, resolved, (self.site / "pdf",), today=_today())
                write_word_files(resolved, (self.site / "docx",))
            except Exception as error:  # the request gets the problem instead of an empty file
                traceback.print_exc()
                self._failed([f"{type(error).__name__}: {error}"])

    def _failed(self, problems: list[str]) -> None:
        for problem in problems:
            print(problem, file=sys.stderr)
        self.problems = problems
        print(f"{self.count()}; the preview shows them until they are fixed.", file=sys.stderr)
        self.site.mkdir(parents=True, exist_ok=True)
        for folder in ("pdf", "docx"):
            shutil.rmtree(self.site / folder, ignore_errors=True)
        for path in [*self.site.rglob("*.html"), self.site / "index.html"]:
            path.write_text(error_page(problems, self.count()), encoding="utf-8")

    def count(self) -> str:
        return f"{count(len(self.problems), 'problem')} found"


WsgiApp = Callable[[dict[str, Any], Any], Iterable[bytes]]


def with_reload_allowed(serve_request: WsgiApp) -> WsgiApp:
    """A WSGI app answering as ``serve_request`` does, each page's policy recomputed to allow, by its hash, the
    reload script the live-reload server writes into it as it serves it (a new one for every request)."""

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        answer: list[Any] = []
        body = serve_request(environ, lambda status, headers, *rest: answer.append((status, headers, rest)))
        status, headers, rest = answer[0]
        if not dict(headers).get("Content-Type", "").startswith("text/html"):
            start_response(status, headers, *rest)
            return body
        page = recomputed(b"".join(body).decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")
        if hasattr(body, "close"):
            body.close()
        headers = [(name, str(len(page)) if name == "Content-Length" else value) for name, value in headers]
        start_response(status, headers, *rest)
        return [page]

    return app


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _today() -> datetime.date:
    return datetime.date.today()


def _project_for(root: Path, org_id: str) -> Project:
    """The project's buildable organisations, when ``org_id`` is one of them; else UserError with the problems in
    the files it is made from (a mistake in an unrelated file does not stop its preview, as it does not stop its
    build)."""
    from generator.checks.validation import validate_estate

    validation = validate_estate(root)
    project = validation.project
    select(project, [org_id], also=project.broken | set(project.salvaged))
    if not validation.valid(org_id):
        raise UserError(validation.blocking(org_id))
    return validation.valid_project()


def error_page(problems: list[str], count: str) -> str:
    """A page listing the problems, escaped: every line is the organisation's own text."""
    items = "\n".join(f"<li><code>{html.escape(problem)}</code></li>" for problem in problems)
    return (
        '<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8"><link rel="icon" href="data:,">'
        f"<title>{count}: Policy Pack preview</title>"
        "<style>body{font-family:sans-serif;margin:2rem;max-width:70rem}"
        "h1{color:#8b0000}li{margin:.5rem 0}code{white-space:pre-wrap}</style></head>\n"
        f'<body><main><h1 id="problems">{count}</h1>\n'
        "<p>The site is rebuilt when the files are saved; this page reloads by itself.</p>\n"
        f'<ul class="problems">\n{items}\n</ul></main></body></html>\n'
    )


def serve(root: Path, organisation: str, *, port: int) -> None:
    """Serve the organisation's site on 127.0.0.1:port until interrupted, rebuilding on every change."""
    logging.getLogger("mkdocs.livereload").setLevel(logging.INFO)
    logging.getLogger("mkdocs.livereload").addHandler(logging.StreamHandler(sys.stderr))
    with tempfile.TemporaryDirectory(prefix="policy-pack-preview-") as output:
        preview = Preview(root, organisation, Path(output))
        preview.build()
        server = LiveReloadServer(
            builder=preview.build, host=HOST, port=port, root=str(preview.site), polling_interval=0.25
        )
        serve_page = with_reload_allowed(server.serve_request)

        def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            if environ.get("PATH_INFO", "").startswith(("/pdf/", "/docx/")):
                preview.write_downloads()
            return serve_page(environ, start_response)

        server.set_app(app)
        server.error_handler = lambda code: (
            error_page(preview.problems, preview.count()).encode() if preview.problems else None
        )
        for name in WATCHED:
            if (root / name).exists():
                server.watch(str(root / name))
        signal.signal(signal.SIGTERM, _stop)  # stopped by a service manager as by Ctrl-C: the temporary files go
        try:
            server.serve()
        except KeyboardInterrupt:
            print("Stopped.", file=sys.stderr)
        finally:
            server.shutdown()
