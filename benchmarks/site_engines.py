"""The shipped sites built by MkDocs and by Zensical from the same mkdocs.yml: time, size and what differs.

Run with `python benchmarks/site_engines.py [ORG...] [--runs N]` after `pip install -e '.[bench]'` (Zensical is a
benchmark's dependency, not the project's). It builds the organisations named (or all) with `policy-pack build`
into a temporary folder, then, for each, builds the site that build/<org>/mkdocs.yml describes with each engine's
command (`mkdocs build`, `zensical build --clean`), each N times in a fresh copy of the docs, keeping the fastest
wall-clock time and its processor time; Zensical a second time with its classic theme design. On each engine's output it then runs what the project checks and adds
after any engine (``generator.editions.site.site_finish``: the links, anchors and navigation strict mode checks, then the
Content-Security-Policy and the mended pages), and opens the home page in Debian's chromium to see whether the
organisation's colours reach the header and the links, and whether the policy blocks anything. Like the other
benchmarks it asserts nothing: it prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.build.pool import build_all
from generator.build.write import validate_project
from generator.editions.site.csp import policy
from generator.editions.site.site_finish import finish_site
from generator.editions.site.site_links import broken_links, missing_nav_pages

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ZENSICAL = [str(Path(sys.executable).with_name("zensical")), "build", "--clean", "--config-file", "mkdocs.yml"]
ENGINES = {
    "MkDocs": [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", "mkdocs.yml"],
    "Zensical": ZENSICAL,
    "Zensical, classic": ZENSICAL,
}
THEME_VARIANTS = {"Zensical, classic": "classic"}
"""Zensical's own theme option (MkDocs ignores it): its classic design colours the header as Material does."""
SEARCH_INDEXES = ("search/search_index.json", "search.json")


@dataclass
class Result:
    """One engine's build of one organisation's site."""

    seconds: float
    processor: float
    size: int
    pages: set[str]
    search: str
    broken: list[str]
    policy: str = "not added"
    colours: str = "-"
    blocked: int = 0
    found: str = "-"


def build_with(engine: list[str], source: Path, work: Path, runs: int, *, variant: str | None) -> tuple[float, float]:
    """(fastest wall-clock seconds, its processor seconds) of ``runs`` builds of ``source``'s site in ``work``."""
    config = yaml.safe_load((source / "mkdocs.yml").read_text(encoding="utf-8"))
    if variant is not None:
        config["theme"]["variant"] = variant
    best = (float("inf"), 0.0)
    for _ in range(runs):
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        (work / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        shutil.copytree(source / "docs", work / "docs")
        before, started = os.times(), time.perf_counter()
        subprocess.run(engine, cwd=work, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        seconds, after = time.perf_counter() - started, os.times()
        processor = (after.children_user - before.children_user) + (after.children_system - before.children_system)
        best = min(best, (seconds, processor))
    return best


def search_index(site: Path) -> str:
    """Which search index the engine wrote, and how many entries (pages and sections) it holds."""
    for name in SEARCH_INDEXES:
        if (site / name).is_file():
            index = json.loads((site / name).read_text(encoding="utf-8"))
            return f"{name} ({len(index.get('docs') or index.get('items') or [])})"
    return "none"


def measure(engine: list[str], source: Path, work: Path, runs: int, *, variant: str | None = None) -> Result:
    seconds, processor = build_with(engine, source, work, runs, variant=variant)
    site = work / "site"
    config = yaml.safe_load((work / "mkdocs.yml").read_text(encoding="utf-8"))
    files = [path for path in site.rglob("*") if path.is_file()]
    broken = broken_links(site, address=config.get("site_url")) + missing_nav_pages(site, config["nav"])
    result = Result(
        seconds,
        processor,
        sum(path.stat().st_size for path in files),
        {path.relative_to(site).as_posix() for path in files if path.suffix == ".html"},
        search_index(site),
        broken,
    )
    if not broken:
        finish_site(work / "mkdocs.yml")
        pages = [path.read_text(encoding="utf-8") for path in site.rglob("*.html")]
        result.policy = "every page" if all(policy(page) in page for page in pages) else "missing"
    return result


def brand(docs: Path) -> dict[str, str]:
    """The organisation's header and link colours, as its brand stylesheet sets them."""
    css = (docs / "assets" / "brand.css").read_text(encoding="utf-8")
    found = dict(re.findall(r"--md-(primary-fg-color|typeset-a-color): (#[0-9a-fA-F]{6});", css))
    return {"header": found["primary-fg-color"], "link": found["typeset-a-color"]}


def rgb(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def look(browser: Any, result: Result, home: Path, expected: dict[str, str]) -> None:
    """Open the finished home page: whether the header and a link show the brand's colours, whether searching
    for the word "policy" shows results (words marked in them), and what the policy blocked (each blocked script
    or style is a message on the console)."""
    page = browser.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(home.as_uri(), wait_until="load")
    shown = page.evaluate(
        """() => ({
            header: getComputedStyle(document.querySelector('.md-header')).backgroundColor,
            link: getComputedStyle(document.querySelector('.md-content a')).color,
        })"""
    )
    result.found = search(page, "policy")
    page.close()
    kept = [part for part in ("header", "link") if shown[part] == rgb(expected[part])]
    result.colours = "both" if len(kept) == 2 else ", ".join(kept) or f"neither ({shown['header']})"
    result.blocked = sum("Content Security Policy" in message for message in messages)


def search(page: Any, word: str) -> str:
    """How many words the search dialog marks in its results for ``word``, typed as a reader would."""
    box = page.locator("input.md-search__input")
    if box.count():  # Material's search box
        box.click()
        box.press_sequentially(word, delay=20)
    else:  # Zensical's dialog, opened by its keyboard shortcut
        page.keyboard.press("Control+k")
        page.keyboard.type(word, delay=20)
    try:
        page.locator("mark").first.wait_for(timeout=10_000)
    except Exception:  # Playwright's TimeoutError: nothing was marked
        return "none"
    return f"{page.locator('mark').count()} marked"


def table(results: dict[str, dict[str, Result]]) -> str:
    lines = [
        "| Organisation | Engine | Time (s) | CPU (s) | Size (MB) | Pages | Search index (entries) | Strict checks "
        "| CSP after our pass | Brand colours | Search for 'policy' | Blocked by CSP |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | --- | --- | --- | --- | ---: |",
    ]
    for org, engines in results.items():
        reference = engines["MkDocs"].pages
        for engine, r in engines.items():
            differ = sorted(reference ^ r.pages)
            pages = f"{len(r.pages)}" + (f" (differs: {', '.join(differ)})" if differ else "")
            checks = "pass" if not r.broken else f"{len(r.broken)} broken: {r.broken[0]}"
            lines.append(
                f"| {org} | {engine} | {r.seconds:.2f} | {r.processor:.2f} | {r.size / 1e6:.2f} | {pages} "
                f"| {r.search} | {checks} | {r.policy} | {r.colours} | {r.found} | {r.blocked} |"
            )
    return "\n".join(lines)


def totals(results: dict[str, dict[str, Result]]) -> str:
    lines = []
    for engine in ENGINES:
        runs = [engines[engine] for engines in results.values()]
        seconds, processor = sum(r.seconds for r in runs), sum(r.processor for r in runs)
        size = sum(r.size for r in runs)
        lines.append(f"{engine}: {len(runs)} sites in {seconds:.2f} s ({processor:.2f} s CPU), {size / 1e6:.1f} MB")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("organisations", nargs="*", help="organisations to compare (default: every shipped one)")
    parser.add_argument("--runs", type=int, default=3, help="builds per engine and site; the fastest counts")
    args = parser.parse_args()
    if not Path(ENGINES["Zensical"][0]).is_file():
        sys.exit("Zensical is not installed in this environment: pip install -e '.[bench]'")
    from playwright.sync_api import sync_playwright

    project = validate_project(ROOT)
    organisations = args.organisations or sorted(project.organisations)
    results: dict[str, dict[str, Result]] = {}
    with tempfile.TemporaryDirectory(prefix="site-engines-") as folder, sync_playwright() as playwright:
        output = Path(folder) / "build"
        failed = [r for r in build_all(project, organisations, output, jobs=1) if r.error]
        if failed:
            sys.exit(f"the build failed: {failed}")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
        for org in organisations:
            results[org] = {}
            for engine, command in ENGINES.items():
                work = Path(folder) / engine.replace(", ", "-") / org
                result = measure(command, output / org, work, args.runs, variant=THEME_VARIANTS.get(engine))
                if result.broken == []:
                    look(browser, result, work / "site" / "index.html", brand(output / org / "docs"))
                results[org][engine] = result
                print(f"{org} {engine}: {result.seconds:.2f} s", file=sys.stderr)
        browser.close()
    print(table(results))
    print()
    print(totals(results))


if __name__ == "__main__":
    main()
