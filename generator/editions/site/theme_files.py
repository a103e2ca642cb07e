"""A theme file's path -> whether a built site needs it: the theme ships more than any page loads."""

from __future__ import annotations

import re

_SEARCH_LANGUAGE = re.compile(r"assets/javascripts/lunr/min/lunr\.(?P<language>[a-z]{2,3})\.min\.js")
_LUNR = "assets/javascripts/lunr/"
_SEGMENTERS = {f"{_LUNR}tinyseg.js": {"ja"}, f"{_LUNR}wordcut.js": {"hi", "th"}}


def unused(path: str, *, languages: set[str]) -> bool:
    """Whether the theme file at ``path`` is one no page of a site searched in ``languages`` loads.

    Source maps are read only by a browser's developer tools. The search worker loads, as Material's does: a
    stemmer for each language but English, the shared stemmer support when it loads any, the multilingual plugin
    for more than one language, and a word segmenter for Japanese, Hindi and Thai.
    """
    if path.endswith(".map"):
        return True
    if path in _SEGMENTERS:
        return not _SEGMENTERS[path] & languages
    if path == f"{_LUNR}min/lunr.multi.min.js":
        return len(languages) < 2
    if path == f"{_LUNR}min/lunr.stemmer.support.min.js":
        return languages <= {"en"}
    language = _SEARCH_LANGUAGE.fullmatch(path)
    return language is not None and language["language"] not in languages
