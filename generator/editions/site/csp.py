"""A built HTML page -> the same page with a Content-Security-Policy: its own files only, its inline scripts by hash.

Every page says, before anything else in its head, that it loads scripts, styles, fonts, images, frames and
data from the site itself and nowhere else, runs no inline script but the theme's own (each allowed by the hash
of its text), and takes no inline style. Whatever got past every other check could not run or call home.
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?P<attributes>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.I)
_NOT_RUN = re.compile(r"""\btype=["']?application/(?:json|ld\+json)""", re.I)
_OWN_META = re.compile(r'\n<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def policy(page: str) -> str:
    """The policy for ``page``: the hash of each inline script it runs, and the site's own files for the rest."""
    hashes = sorted(
        {
            f"'sha256-{base64.b64encode(hashlib.sha256(match['body'].encode()).digest()).decode()}'"
            for match in _INLINE_SCRIPT.finditer(page)
            if "src=" not in match["attributes"] and not _NOT_RUN.search(match["attributes"])
        }
    )
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["script-src 'self'", *hashes]),
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'none'",
        ]
    )


def with_policy(page: str) -> str:
    """``page`` with its policy, for the scripts it holds now, as the first element of its head (a policy given
    before is replaced; a page without a head is left as it is)."""
    head = _HEAD.search(page)
    if head is None:
        return page
    present = _OWN_META.match(page, head.end())
    if present is not None:
        page = page[: head.end()] + page[present.end() :]
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(page)}">'
    return f"{page[: head.end()]}\n{meta}{page[head.end() :]}"


def recomputed(page: str) -> str:
    """``page`` with its policy recomputed for the scripts it holds now (one was added after the build, as the live
    preview adds its reload script); a page without a policy is left as it is."""
    head = _HEAD.search(page)
    if head is None or _OWN_META.match(page, head.end()) is None:
        return page
    return with_policy(page)
