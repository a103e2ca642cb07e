"""generator.build.preview without a browser: a good build, the downloads written when asked, the error pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

from mkdocs.livereload import LiveReloadServer

from generator.build.preview import Preview, error_page, with_reload_allowed
from generator.editions.site.csp import policy, recomputed, with_policy
from tests.test_cli import run


def test_downloads_wait_until_asked_for_and_are_fresh(minimal: Path, tmp_path: Path) -> None:
    preview = Preview(minimal, "school", tmp_path / "out")
    preview.build()
    assert preview.problems == []
    pdf, word = (
        preview.site / "pdf" / "staff-social-media-policy.pdf",
        preview.site / "docx" / "staff-social-media-policy.docx",
    )
    assert (preview.site / "staff-social-media-policy.html").is_file()
    assert pdf.stat().st_size == 0 and word.stat().st_size == 0
    preview.write_downloads()
    assert pdf.read_bytes().startswith(b"%PDF") and word.read_bytes().startswith(b"PK")


def test_invalid_files_replace_every_page_with_the_problems(minimal: Path, tmp_path: Path) -> None:
    preview = Preview(minimal, "school", tmp_path / "out")
    preview.build()
    preview.write_downloads()
    school = minimal / "schools" / "school.yml"
    school.write_text(school.read_text().replace("kind: school", "kind: school\nbrandng: {}"))
    preview.build()
    assert len(preview.problems) == 1
    assert preview.problems[0].startswith("schools/school.yml:3:1: brandng: unknown key (did you mean 'branding'?)")
    for page in ("index.html", "staff-social-media-policy.html", "404.html"):
        text = (preview.site / page).read_text()
        assert "1 problem found" in text and "brandng: unknown key" in text, page
    assert not (preview.site / "pdf").exists(), "no stale PDF is served"
    preview.write_downloads()
    assert not (preview.site / "pdf").exists()


def test_a_mistake_in_an_unrelated_file_does_not_stop_the_preview(minimal: Path, tmp_path: Path) -> None:
    (minimal / "schools" / "other.yml").write_text("name: Other School\nkind: school\nbrandng: {}\n")
    preview = Preview(minimal, "school", tmp_path / "out")
    preview.build()
    assert preview.problems == []
    assert "1 problem found" not in (preview.site / "staff-social-media-policy.html").read_text()
    board = minimal / "schools" / "board.yml"
    board.write_text(board.read_text().replace("kind: board", "kind: board\nlokced: []"))
    preview.build()
    assert [problem.split(": ", 2)[1] for problem in preview.problems] == ["lokced"], "only the chain's problems"


def test_error_page_shows_problems_as_text() -> None:
    page = error_page(["schools/x.yml:1:1: name: '<script>alert(1)</script>' is wrong"], "1 problem found")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_serve_asks_which_organisation(minimal: Path) -> None:
    code, _, err = run(minimal, "serve")
    assert code == 2
    assert "name the organisation to preview: one of board, school" in err
    code, _, err = run(minimal, "serve", "schol")
    assert code == 2
    assert "no organisation 'schol' (did you mean 'school'?)" in err


def test_a_script_added_to_a_built_page_gets_the_policy_recomputed_for_it() -> None:
    built = with_policy("<html><head><title>x</title></head><body><script>theme()</script></body></html>")
    reloading = built.replace("</body>", "<script>livereload(1, 2);</script></body>")
    page = recomputed(reloading)
    assert page.count("Content-Security-Policy") == 1
    assert policy(reloading) in page and policy(reloading) != policy(built), "the added script is allowed by its hash"
    error = "<html><head><style>h1{color:red}</style></head><body><script>livereload(1, 2);</script></body></html>"
    assert recomputed(error) == error, "a page without a policy (the problems page) gets none"


def test_a_page_served_by_the_live_reload_server_allows_the_reload_script_written_into_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    built = with_policy("<html><head><title>x</title></head><body><script>theme()</script></body></html>")
    (site / "index.html").write_text(built, encoding="utf-8")
    (site / "a.pdf").write_bytes(b"%PDF-1.7")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(site))
    server.watch(str(site))
    try:
        app = with_reload_allowed(server.serve_request)
        status, headers, page = answer(app, "/index.html")
        assert status == "200 OK" and headers["Content-Type"] == "text/html"
        text = page.decode("utf-8")
        assert "livereload(" in text, "the server wrote its reload script into the page"
        assert text.count("Content-Security-Policy") == 1 and policy(text) in text, "and the policy allows it"
        assert int(headers["Content-Length"]) == len(page)
        assert answer(app, "/a.pdf")[2] == b"%PDF-1.7", "other files are served as they are"
        assert answer(app, "/gone.html")[0].startswith("404")
    finally:
        server.server_close()


def answer(app: Any, path: str) -> tuple[str, dict[str, str], bytes]:
    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    environ["PATH_INFO"] = path
    started: list[tuple[str, list[tuple[str, str]]]] = []
    body = app(environ, lambda status, headers, *rest: started.append((status, headers)))
    content = b"".join(body)
    if hasattr(body, "close"):  # as a WSGI server does
        body.close()
    return started[0][0], dict(started[0][1]), content
