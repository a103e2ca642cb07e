"""A Markdown extension that keeps every page inert: safe links only, no remote images, no event attributes.

Clause text is escaped before it reaches Markdown; this is the second wall. It runs last, on the parsed tree,
so whatever produced an element (a link, an attribute list), the rules below hold for it.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from urllib.parse import SplitResult, urlsplit

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}
PRINTABLE_SCHEMES = {"http", "https", "mailto", "tel"}
"""On paper a link is only its address: one that names a place outside the site, which a reader can type in."""
SAFE_ATTRIBUTES = {"id", "class", "href", "title", "alt", "src", "role", "value", "lang", "colspan", "rowspan", "style"}


class SafetyTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for name in list(element.attrib):
                if name not in SAFE_ATTRIBUTES or (name == "style" and element.tag not in ("td", "th")):
                    del element.attrib[name]
            url = element.get("href") if element.tag == "a" else element.get("src") if element.tag == "img" else None
            if url is not None and not is_safe_url(url, image=element.tag == "img"):
                _to_text(element)


def _to_text(element: etree.Element) -> None:
    """An unsafe link keeps its words, an unsafe image its description; neither goes anywhere."""
    if element.tag == "img":
        element.text = element.get("alt", "")
    element.tag = "span"
    element.attrib.clear()
    element.set("class", "removed-link")


def is_safe_url(url: str, *, image: bool = False) -> bool:
    """Links may go to the web, e-mail or a telephone; images may only come from the site itself.

    ``url`` is an attribute value as the browser reads it: entities already decoded (Markdown's tree holds them so).
    """
    parts = _url_parts(url)
    if parts is None:
        return False
    if image:
        return not parts.scheme and not parts.netloc
    return parts.scheme in SAFE_SCHEMES


def printable_link(url: str) -> str | None:
    """``url`` (entities decoded) if a PDF may link to it: http(s), mailto or tel only; otherwise None."""
    parts = _url_parts(url)
    if parts is None or parts.scheme not in PRINTABLE_SCHEMES or not is_safe_url(url):
        return None
    return _compact(url)


def _compact(url: str) -> str:
    """The URL as a browser reads it: without any whitespace or control character."""
    return "".join(character for character in url if character.isprintable() and not character.isspace())


def _url_parts(url: str) -> SplitResult | None:
    try:
        return urlsplit(_compact(url).lower())
    except ValueError:
        return None


class SafetyExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(SafetyTreeprocessor(md), "policy_pack_safety", 0)


def makeExtension(**kwargs: object) -> SafetyExtension:
    return SafetyExtension(**kwargs)
