"""A built site -> every internal link, file and anchor its pages name that leads nowhere.

MkDocs' strict mode refuses a page that links to a missing page, and a navigation entry without its page; an
engine without strict mode (Zensical's) would publish them. This check reads what any engine wrote: each page's
``href`` and ``src`` within the site must name a file that was built, each ``#anchor`` an element of that page,
and each page of the navigation must have been built.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.document.clause_tree import read_html

_OTHER_SCHEMES = ("mailto", "tel", "data", "javascript", "blob")


@dataclass(frozen=True)
class _Page:
    """The ids (and anchor names) of a page and the addresses its elements name."""

    ids: set[str]
    addresses: list[tuple[str, str]]


def broken_links(site: Path, *, address: str | None = None) -> list[str]:
    """``page: href="…": what is missing`` for each address within ``site`` that leads nowhere.

    ``address`` is the site's own address (``site_url``): links to it, absolute or from the server's root as the
    404 page writes them, are links within the site.
    """
    pages = {path.relative_to(site).as_posix(): _read(path) for path in sorted(site.rglob("*.html"))}
    base = urlsplit(address or "")
    root = base.path if base.path.endswith("/") else base.path + "/"
    problems = []
    for name, page in pages.items():
        for attribute, value in page.addresses:
            target = _within_site(name, value, origin=(base.scheme, base.netloc), root=root)
            if target is None:
                continue
            path, fragment = target
            missing = _missing(site, pages, path, fragment)
            if missing:
                problems.append(f'{name}: {attribute}="{value}": {missing}')
    return problems


def missing_nav_pages(site: Path, nav: Any, *, directory_urls: bool = False) -> list[str]:
    """Each page of the configuration's ``nav`` (a Markdown file name, nested in lists and titles) not built."""
    if isinstance(nav, list):
        return [missing for entry in nav for missing in missing_nav_pages(site, entry, directory_urls=directory_urls)]
    if isinstance(nav, dict):
        return missing_nav_pages(site, list(nav.values()), directory_urls=directory_urls)
    if not isinstance(nav, str) or urlsplit(nav).scheme or not nav.endswith(".md"):
        return []
    stem = nav.removesuffix(".md")
    built = f"{stem}.html" if not directory_urls or posixpath.basename(stem) == "index" else f"{stem}/index.html"
    return [] if (site / built).is_file() else [f"nav: {nav}: no page {built} was built"]


def _read(path: Path) -> _Page:
    page = _Page(set(), [])
    pending: list[Any] = [read_html(path.read_text(encoding="utf-8"))]
    while pending:
        element = pending.pop()
        if isinstance(element, str):
            continue
        for name, value in element["attrs"].items():
            if name == "id" or (element["tag"] == "a" and name == "name"):
                page.ids.add(value)
            elif name in ("href", "src"):
                page.addresses.append((name, value))
        pending.extend(reversed(element["kids"]))
    return page


def _within_site(page: str, value: str, *, origin: tuple[str, str], root: str) -> tuple[str, str] | None:
    """(path from the site's root, fragment) that ``value`` on ``page`` names, or None for another site's."""
    parts = urlsplit(value.strip())
    if parts.scheme in _OTHER_SCHEMES or ((parts.scheme or parts.netloc) and (parts.scheme, parts.netloc) != origin):
        return None
    fragment = unquote(parts.fragment)
    if not parts.path:
        return page, fragment
    if parts.path.startswith("/"):
        if not (parts.path + "/").startswith(root) and parts.path != root.rstrip("/"):
            return None  # above the site: not ours to check
        path = parts.path[len(root) :] if len(parts.path) >= len(root) else ""
    else:
        path = posixpath.join(posixpath.dirname(page), unquote(parts.path))
    return posixpath.normpath(unquote(path)) if path else ".", fragment


def _missing(site: Path, pages: dict[str, _Page], path: str, fragment: str) -> str | None:
    """What is missing at ``path`` (from the site's root) and its ``fragment``, or None when both are there."""
    if path.startswith("../") or path == "..":
        return "outside the site"
    if path == "." or (site / path).is_dir():
        path = posixpath.normpath(posixpath.join(path, "index.html"))
    if not (site / path).is_file():
        return f"no file {path} was built"
    if fragment and path in pages and fragment not in pages[path].ids:
        return f"no element with id '{fragment}' in {path}"
    return None
