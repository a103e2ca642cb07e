"""A Markdown extension that keeps every page inert: safe links only, no remote images, no event attributes.

Clause text is escaped before it reaches Markdown; this is the second wall. It runs last, on the parsed tree,
so whatever produced an element (a link, an attribute list), the rules below hold for it.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}
SAFE_ATTRIBUTES = {"id", "class", "href", "title", "alt", "src", "role", "value", "lang", "colspan", "rowspan", "style"}
URL_ATTRIBUTES = {"href", "src"}


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
    """Links may go to the web, e-mail or a telephone; images may only come from the site itself."""
    compact = "".join(url.split()).lower()
    try:
        parts = urlsplit(compact)
    except ValueError:
        return False
    if image:
        return not parts.scheme and not parts.netloc
    return parts.scheme in SAFE_SCHEMES


class SafetyExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(SafetyTreeprocessor(md), "policy_pack_safety", 0)


def makeExtension(**kwargs: object) -> SafetyExtension:
    return SafetyExtension(**kwargs)
