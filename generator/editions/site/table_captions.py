"""A Markdown extension for the site: each table -> the same table captioned by the heading it stands under.

Markdown has no way to write a caption, and a table without one is announced by a screen reader as a bare
"table". The heading above it already names it for sighted readers, so the caption repeats it for screen readers
only, and a table under no heading is left as it is.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class CaptionTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        heading: str | None = None
        for element in list(root.iter()):  # document order: the last heading before a table is the one it is under
            if element.tag in HEADINGS:
                heading = " ".join("".join(element.itertext()).split())
            elif element.tag == "table" and heading and element.find("caption") is None:
                caption = etree.Element("caption", {"class": "visually-hidden"})
                caption.text = heading
                element.insert(0, caption)


class CaptionExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After the inline patterns (20), so that a heading's text is its words; before the safety walls (0).
        md.treeprocessors.register(CaptionTreeprocessor(md), "policy_pack_table_captions", 5)


def makeExtension(**kwargs: object) -> CaptionExtension:
    return CaptionExtension(**kwargs)
