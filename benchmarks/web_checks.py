"""The shipped sites -> what two checkers nobody here wrote say of them: the W3C Nu HTML Checker and Lighthouse.

Run with `python benchmarks/web_checks.py` after `make setup`. It builds every shipped organisation into a
temporary folder, serves the builds on 127.0.0.1, checks the HTML of every page with the Nu checker (npm
`vnu-jar`, run on the machine's Java) and a home and a policy page of each organisation with Lighthouse (npm
`lighthouse`, driving Debian's chromium), and prints the figures. Both come from the npm registry into
.cache/web-checks/ on first use. Like the other benchmarks it asserts nothing: it reports.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from generator.build.pool import build_all
from generator.build.write import validate_project

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".cache" / "web-checks"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
CATEGORIES = ("accessibility", "seo", "best-practices")


def tools(folder: Path) -> tuple[Path, Path]:
    """The Nu checker's jar and Lighthouse's command, installed from the npm registry into ``folder`` if missing."""
    jar = folder / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    lighthouse = folder / "node_modules" / ".bin" / "lighthouse"
    if not (jar.is_file() and lighthouse.is_file()):
        folder.mkdir(parents=True, exist_ok=True)
        npm = ["npm", "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--silent"]
        subprocess.run([*npm, "lighthouse@12", "vnu-jar"], check=True)
    return jar, lighthouse


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on 127.0.0.1: its address, ending in /."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    SimpleHTTPRequestHandler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def nu_errors(jar: Path, pages: list[Path]) -> list[dict[str, str]]:
    """Every error the Nu checker finds in ``pages``: the file and the message."""
    checked = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(checked.stderr or '{"messages": []}')["messages"]
    return [{"file": message.get("url", ""), "message": message["message"]} for message in messages]


def lighthouse_scores(lighthouse: Path, url: str) -> dict[str, float]:
    """Lighthouse's score of ``url`` in each of CATEGORIES, 0 to 1."""
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                str(lighthouse),
                url,
                f"--chrome-flags={CHROMIUM_FLAGS} --user-data-dir={profile}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--output=json",
                "--quiet",
                "--form-factor=desktop",
                "--screenEmulation.disabled",
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
        )
    report = json.loads(result.stdout)
    failed = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    ]
    scores = {category: report["categories"][category]["score"] for category in CATEGORIES}
    return {**scores, "failed": failed}  # type: ignore[dict-item]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tools", type=Path, default=TOOLS, help="where the npm packages are installed")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    arguments = parser.parse_args()
    jar, lighthouse = tools(arguments.tools)
    project = validate_project(ROOT)
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as temporary:
        output = Path(temporary) / "build"
        failed = [r.organisation for r in build_all(project, sorted(project.organisations), output) if r.error]
        if failed:
            raise SystemExit(f"could not build {failed}")
        pages = sorted(output.glob("*/site/*.html"))
        errors = nu_errors(jar, pages)
        figures["nu"] = {
            "pages": len(pages),
            "errors": len(errors),
            "by message": Counter(e["message"] for e in errors),
        }
        with served(output) as root:
            for organisation in sorted(project.organisations):
                report = json.loads((output / organisation / "report.json").read_text(encoding="utf-8"))
                policy = report["documents"][0]["slug"]
                for page in ("index.html", f"{policy}.html"):
                    figures[f"{organisation}/{page}"] = lighthouse_scores(
                        lighthouse, f"{root}{organisation}/site/{page}"
                    )
        shutil.rmtree(output, ignore_errors=True)
    if arguments.json:
        print(json.dumps(figures, indent=2))
        return
    nu = figures.pop("nu")
    print(f"Nu HTML Checker: {nu['errors']} errors in {nu['pages']} pages")  # type: ignore[index]
    for message, count in nu["by message"].most_common():  # type: ignore[index]
        print(f"  {count:4} {message}")
    print(f"\n{'Lighthouse':60} {'a11y':>5} {'SEO':>5} {'BP':>5}  failed audits")
    for page, scores in figures.items():
        values = [scores[category] for category in CATEGORIES]  # type: ignore[index]
        print(f"{page:60} " + " ".join(f"{value:5.2f}" for value in values) + f"  {', '.join(scores['failed'])}")  # type: ignore[index]


if __name__ == "__main__":
    main()
