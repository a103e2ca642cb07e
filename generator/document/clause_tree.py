"""Clause Markdown -> a small tree of plain data: paragraphs, runs, emphasis, links, lists, quotations, tables.

These are the blocks of the document tree (generator.document.tree) that the PDF, the Word file and the lock check
read. The package's one Markdown configuration and its one HTML reader live here. The Markdown goes through the
site's own extensions (mkdocs.yml), so a clause reads the same on the web, on paper and in Word; the HTML that
comes out is read back into nodes that the editions place as text. The same reader gives a built page's visible
text. Only the node types below exist: anything else keeps its words and loses its markup, so no clause can
become layout code.

Blocks: {"t": "p", "c": inline} · {"t": "ul", "items": [blocks]} · {"t": "ol", "start": n, "items": [blocks]} ·
{"t": "quote", "c": blocks, "source": inline | None} · {"t": "table", "columns": n, "rows": [[inline]]}.
Inline: "text" · {"t": "em" | "strong" | "mark", "c": inline} · {"t": "code", "text": str} · {"t": "break"} ·
{"t": "word", "parts": [str]} (a long word, breakable between parts) · {"t": "link", "url", "c", "show"}.
"""

from __future__ import annotations

import html
import re
import threading
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "generator.inputs.markdown_safety"]
"""The package's one Markdown configuration: the site's (mkdocs.yml) but for SITE_ONLY_EXTENSIONS."""
SITE_ONLY_EXTENSIONS = {
    "toc": "anchors for the site's headings: no words of their own",
    "generator.editions.site.table_captions": "a caption for screen readers repeating the heading a table stands under",
}
"""The site's Markdown extensions that change no word a reader reads, and why the editions leave them out."""
MAX_DEPTH = 12
"""Deeper nesting than this (lists in quotations in lists...) is flattened into its parent's text."""
LONG_WORD = 24
"""Words longer than this may break between parts: after / @ . - _ and otherwise every LONG_WORD characters."""

Node = dict[str, Any]
Inline = list[Any]

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCK_TAGS = {
    "p",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "pre",
    *_HEADINGS,
}
_INLINE_TAGS = {"em": "em", "i": "em", "strong": "strong", "b": "strong", "mark": "mark"}
_HIDDEN_TAGS = {"script", "style", "template"}
_VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}
_SOURCE = re.compile(r"^\s*(?:\u2014|\u2013|--)\s*")
"""An em dash, an en dash or two hyphens opening a quotation's last paragraph: it names the source."""
_LONG_WORDS = re.compile(rf"(\S{{{LONG_WORD + 1},}})")
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
_local = threading.local()


@lru_cache(maxsize=4096)
def clause_tree(markdown_text: str) -> list[Node]:
    """A clause's Markdown (already made safe by the resolver) as a list of block nodes.

    Cached: the schools of an estate share most of their clauses. The tree returned is shared: never change it.
    """
    converter = getattr(_local, "markdown", None)
    if converter is None:
        from markdown import Markdown  # imported on first use: a build with nothing to do reads no Markdown

        converter = _local.markdown = Markdown(extensions=MARKDOWN_EXTENSIONS)
    return html_tree(converter.reset().convert(markdown_text))


def inline_tree(markdown_text: str) -> Inline:
    """One line of safe Markdown (a quotation's source) as inline runs, without its paragraph."""
    return [run for block in clause_tree(markdown_text) if block["t"] == "p" for run in block["c"]]


def html_tree(markup: str) -> list[Node]:
    """Markdown's HTML output -> block nodes."""
    return _blocks(read_html(markup)["kids"], depth=0)


def read_html(markup: str) -> dict[str, Any]:
    """Any HTML (a built page, a fragment) -> its root element: {"tag", "attrs", "kids"}, text as strings."""
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    return reader.root


def visible_text(markup: str) -> str:
    """The text an HTML page or fragment shows, its parts joined by spaces (scripts, styles and templates left out)."""
    text: list[str] = []
    pending: list[Any] = [read_html(markup)]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            text.append(item)
        elif item["tag"] not in _HIDDEN_TAGS:
            pending.extend(reversed(item["kids"]))
    return " ".join(text)


def tree_text(nodes: list[Any]) -> str:
    """The words of block nodes or inline runs as a reader reads them: a link's words (not the address paper shows
    beside them), a quotation's source after it, table cells in order; blocks and cells apart by a space."""
    text: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            text.append(node)
        elif node["t"] == "word":
            text.append("".join(node["parts"]))
        elif node["t"] == "code":
            text.append(node["text"])
        elif node["t"] == "table":
            text.append(" ".join(tree_text(cell) for row in node["rows"] for cell in row) + " ")
        elif node["t"] in ("ul", "ol"):
            text.append(" ".join(tree_text(item) for item in node["items"]) + " ")
        elif node["t"] == "break":
            text.append(" ")
        else:
            text.append(tree_text(node["c"]) + (" " + tree_text(node["source"]) if node.get("source") else ""))
            text.append(" " if node["t"] in ("p", "quote") else "")
    return "".join(text)


class _Reader(HTMLParser):
    """HTML -> nested {"tag", "attrs", "kids"} elements, text as strings; entities decoded, unknown tags kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: dict[str, Any] = {"tag": "root", "attrs": {}, "kids": []}
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = {"tag": tag, "attrs": {k: v or "" for k, v in attrs}, "kids": []}
        self.stack[-1]["kids"].append(element)
        if tag not in _VOID_TAGS:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index]["tag"] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1]["kids"].append(data)


def _blocks(kids: list[Any], *, depth: int) -> list[Node]:
    """Block nodes from an element's children; loose text and inline elements gather into paragraphs."""
    result: list[Node] = []
    loose: list[Any] = []

    def flush() -> None:
        runs = _inline(loose, depth=depth)
        if _has_words(runs):
            result.append({"t": "p", "c": runs})
        loose.clear()

    for kid in kids:
        if isinstance(kid, dict) and kid["tag"] in _BLOCK_TAGS:
            flush()
            result.extend(_block(kid, depth=depth + 1))
        else:
            loose.append(kid)
    flush()
    return result


def _block(element: dict[str, Any], *, depth: int) -> list[Node]:
    tag, kids = element["tag"], element["kids"]
    if depth > MAX_DEPTH:
        return [{"t": "p", "c": _text_runs(_plain_text(element))}]
    if tag in ("ul", "ol"):
        items = [_blocks(kid["kids"], depth=depth) for kid in kids if isinstance(kid, dict) and kid["tag"] == "li"]
        if tag == "ul":
            return [{"t": "ul", "items": items}]
        start = element["attrs"].get("start", "1")
        return [{"t": "ol", "start": int(start) if start.isdigit() and len(start) < 7 else 1, "items": items}]
    if tag == "blockquote":
        return [_quote(_blocks(kids, depth=depth))]
    if tag == "table":
        return _table(element, depth=depth)
    if tag in _HEADINGS or element["attrs"].get("class") == "admonition-title":
        # A heading inside a clause, or a note's title ("Note"), is its own paragraph, in bold.
        return [{"t": "p", "c": [{"t": "strong", "c": _inline(kids, depth=depth)}]}]
    if tag == "pre":
        return [{"t": "p", "c": [{"t": "code", "text": _plain_text(element)}]}]
    return _blocks(kids, depth=depth)  # p, div, li and the parts of a table met on their own


def _quote(content: list[Node]) -> Node:
    """A block quotation; a last paragraph that opens with a dash ("— Working Together 2023") names its source."""
    source = None
    last = content[-1] if content else None
    if last and last["t"] == "p" and isinstance(last["c"][0], str) and _SOURCE.match(last["c"][0]):
        source = [_SOURCE.sub("", last["c"][0], count=1), *last["c"][1:]]
        content = content[:-1]
    return {"t": "quote", "c": content, "source": source}


def _table(element: dict[str, Any], *, depth: int) -> list[Node]:
    rows: list[list[Inline]] = []
    for row in _descendants(element, "tr"):
        rows.append([_inline(cell["kids"], depth=depth) for cell in row["kids"] if _is(cell, "th", "td")])
    columns = max((len(row) for row in rows), default=0)
    if not columns:
        return []
    return [{"t": "table", "columns": columns, "rows": [row + [[]] * (columns - len(row)) for row in rows]}]


def _descendants(element: dict[str, Any], tag: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for kid in element["kids"]:
        if isinstance(kid, dict):
            found.extend([kid] if kid["tag"] == tag else _descendants(kid, tag))
    return found


def _is(kid: Any, *tags: str) -> bool:
    return isinstance(kid, dict) and kid["tag"] in tags


def _inline(kids: list[Any], *, depth: int) -> Inline:
    runs: Inline = []
    for kid in kids:
        if isinstance(kid, str):
            runs.extend(_text_runs(kid))
        elif depth > MAX_DEPTH:
            runs.extend(_text_runs(_plain_text(kid)))
        elif kid["tag"] in _INLINE_TAGS:
            runs.append({"t": _INLINE_TAGS[kid["tag"]], "c": _inline(kid["kids"], depth=depth + 1)})
        elif kid["tag"] == "code":
            runs.append({"t": "code", "text": _plain_text(kid)})
        elif kid["tag"] == "br":
            runs.append({"t": "break"})
        elif kid["tag"] == "a":
            runs.extend(_link(kid, depth=depth))
        elif kid["tag"] == "img":
            runs.extend(_text_runs(kid["attrs"].get("alt", "")))
        else:
            runs.extend(_inline(kid["kids"], depth=depth + 1))
    return runs


def _link(element: dict[str, Any], *, depth: int) -> Inline:
    """A link that paper can show: its words, then its address where the words do not already say it.

    The site's one link rule (safe_link) decides where a link may go; a page of the site itself, which paper
    cannot open, keeps only its words.
    """
    from generator.inputs.markdown_safety import safe_link

    words = _inline(element["kids"], depth=depth + 1)
    url = safe_link(html.escape(element["attrs"].get("href", "")))  # the reader decoded the attribute once
    if url is None or not _has_scheme(url):
        return words
    address = url.split(":", 1)[1] if url.lower().startswith(("mailto:", "tel:")) else url
    shown = None if address.strip() == tree_text(words).strip() else _parts(address)
    return [{"t": "link", "url": url, "c": words, "show": shown}]


def _has_scheme(url: str) -> bool:
    try:
        return bool(urlsplit(url).scheme)
    except ValueError:
        return False


def _text_runs(text: str) -> Inline:
    """Text as runs: short words stay in one string, each long word becomes a breakable word node."""
    runs: Inline = []
    # A new line in HTML text is a space (Typst would print it as a line break); a no-break space stays.
    text = _WHITESPACE.sub(" ", text)
    for index, piece in enumerate(_LONG_WORDS.split(text)):
        if not piece:
            continue
        if index % 2:  # the split keeps each long word it cut at, at every odd index
            runs.append({"t": "word", "parts": _parts(piece)})
        elif runs and isinstance(runs[-1], str):
            runs[-1] += piece
        else:
            runs.append(piece)
    return runs


def _parts(word: str) -> list[str]:
    """A long word cut after each / @ . - _ ? & =, and any piece still longer than LONG_WORD cut every LONG_WORD."""
    parts: list[str] = []
    for piece in re.findall(r"[^/@.\-_?&=]*[/@.\-_?&=]?", word):
        parts.extend(piece[i : i + LONG_WORD] for i in range(0, len(piece), LONG_WORD))
    return [part for part in parts if part]


def _plain_text(element: Any) -> str:
    """All the text inside an element, however deeply nested (without recursion, so any depth will do)."""
    text, pending = [], [element]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            text.append(item)
        else:
            pending.extend(reversed(item["kids"]))
    return "".join(text)


def _has_words(runs: Inline) -> bool:
    return any(not isinstance(run, str) or run.strip() for run in runs)
