"""A Markdown extension that keeps every page inert: safe links only, no remote images, no event attributes.

Clause text is escaped before it reaches Markdown; this is the second wall. It runs last, on the parsed tree,
so whatever produced an element (a link, an attribute list), the rules below hold for it.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from urllib.parse import unquote, urlsplit

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, ETX, STX

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
SAFE_ATTRIBUTES = {"id", "class", "href", "title", "alt", "src", "role", "value", "lang", "colspan", "rowspan", "align"}
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_TABLE_ALIGNMENT = re.compile(r"text-align: (left|right|center);")
_BROWSERS_REMOVE = re.compile(r"[\t\n\r]")
_ESCAPED = re.compile(f"{STX}([0-9]+){ETX}")


class SafetyTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            alignment = _TABLE_ALIGNMENT.fullmatch(element.get("style", ""))
            if alignment and element.tag in ("td", "th"):
                element.set("align", alignment.group(1))  # a column's alignment, without an inline style
            for name in list(element.attrib):
                if name not in SAFE_ATTRIBUTES:
                    del element.attrib[name]
            attribute = {"a": "href", "img": "src"}.get(str(element.tag))
            if attribute is None or attribute not in element.attrib:
                continue
            written = _ESCAPED.sub(
                lambda m: chr(int(m.group(1))), element.attrib[attribute].replace(AMP_SUBSTITUTE, "&")
            )
            url = safe_link(written, image=element.tag == "img")
            if url is None:
                _to_text(element)
            else:
                element.set(attribute, url)


def _to_text(element: etree.Element) -> None:
    """An unsafe link keeps its words, an unsafe image its description; neither goes anywhere."""
    if element.tag == "img":
        element.text = element.get("alt", "")
    element.tag = "span"
    element.attrib.clear()
    element.set("class", "removed-link")


def safe_link(url: str, *, image: bool = False) -> str | None:
    """The address a link may go to, as a browser or PDF viewer reads ``url``; None if it must not be a link.

    Links may go to the web (http, https), e-mail (mailto), a telephone (tel) or a page of the site itself;
    images may only come from the site itself. ``url`` is read as written in HTML: its character references
    (&#106;) are decoded, as are percent-escapes and the characters browsers skip, before the scheme is judged,
    so no spelling of javascript: gets through. The result is the decoded address, to be escaped by the writer.
    """
    decoded = html.unescape(url)
    seen = decoded
    for _ in range(3):  # the scheme as every layer of decoding would show it (a backslash reads as a slash)
        seen = _IGNORED_BY_BROWSERS.sub("", unquote(html.unescape(seen))).replace("\\", "/")
    try:
        parts, shown = urlsplit(seen.lower()), urlsplit(_IGNORED_BY_BROWSERS.sub("", decoded).lower())
    except ValueError:
        return None
    if seen.startswith("//") or shown.scheme != parts.scheme:
        return None  # //host (another site, by whichever scheme the page has), or a scheme hidden by escapes
    if image:
        return _BROWSERS_REMOVE.sub("", decoded).strip() if not parts.scheme and not parts.netloc else None
    if (parts.scheme and parts.scheme not in SAFE_SCHEMES) or (":" in parts.path.split("/")[0] and not parts.scheme):
        return None
    return _BROWSERS_REMOVE.sub("", decoded).strip()


class SafetyExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(SafetyTreeprocessor(md), "policy_pack_safety", 0)


def makeExtension(**kwargs: object) -> SafetyExtension:
    return SafetyExtension(**kwargs)
