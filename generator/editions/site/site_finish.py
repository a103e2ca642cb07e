"""A site the engine wrote -> the site we publish: pages mended and under a Content-Security-Policy, links checked.

This pass reads only the site configuration (mkdocs.yml, which MkDocs and Zensical both read) and the files the
engine wrote, so it does the same whatever engine wrote them: every page gets the theme's shortcomings mended
(``theme_html``) and its policy (``csp``), each written whole or not at all; the theme files no page loads are
removed (``theme_files``); and every internal link, anchor and page of the navigation must lead somewhere
(``site_links``), as MkDocs' strict mode demands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.editions.site.csp import with_policy
from generator.editions.site.site_links import broken_links, missing_nav_pages
from generator.editions.site.theme_files import unused
from generator.editions.site.theme_html import mended


class BrokenSiteError(Exception):
    """A built page links to a page, file or anchor that is not there, or a page of the navigation is missing."""


def finish_site(config_file: Path) -> None:
    """Finish the site built from ``config_file``; BrokenSiteError, naming every broken link, when one leads
    nowhere (the site is then left as the engine wrote it)."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    site = config_file.parent / config.get("site_dir", "site")
    problems = broken_links(site, address=config.get("site_url"))
    problems += missing_nav_pages(site, config.get("nav"), directory_urls=config.get("use_directory_urls", True))
    if problems:
        raise BrokenSiteError("\n".join(problems))
    languages = search_languages(config)
    for path in [path for path in site.rglob("*") if path.is_file()]:
        if unused(path.relative_to(site).as_posix(), languages=languages):
            path.unlink()
    for page in site.rglob("*.html"):
        _write_whole(page, with_policy(mended(page.read_text(encoding="utf-8"))))


def search_languages(config: dict[str, Any]) -> set[str]:
    """The languages the configuration's search plugin indexes (English when it names none)."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "search" in plugin:
            lang = (plugin["search"] or {}).get("lang", "en")
            return {lang} if isinstance(lang, str) else set(lang)
    return {"en"}


def _write_whole(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
