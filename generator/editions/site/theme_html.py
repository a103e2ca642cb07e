"""A page the theme built -> the same page mended where the theme falls short.

It gets a name for its search dialog, no label for a control the page lacks, and its scripts deferred: the
offline search's worker shim, which the theme loads in the head before the page can be drawn, then the theme's
own script, in that order, once the page is read.

Material marks its search box as a dialog without a name, so a screen reader announces only "dialog" (axe and
Lighthouse: aria-dialog-name); the name is the one its search field already carries. On a page outside the
navigation (a change or coverage page) it labels a table-of-contents toggle it never draws (the Nu checker: a
label's "for" must name a control).
"""

from __future__ import annotations

import re

_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_NAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'


_CONTENTS_LABEL = '<label class="md-nav__title" for="__toc">'


def mended(page: str) -> str:
    """``page`` with its search dialog named and no label for a missing toggle (others are left as they are)."""
    page = page.replace(_SEARCH_DIALOG, _NAMED_SEARCH_DIALOG, 1)
    page = page.replace(
        '<script src="assets/iframe-worker-shim.js">', '<script defer src="assets/iframe-worker-shim.js">'
    )
    page = re.sub(r'<script src="(assets/javascripts/bundle\.[0-9a-f]+\.min\.js)">', r'<script defer src="\1">', page)
    if 'id="__toc"' not in page:
        page = page.replace(_CONTENTS_LABEL, '<label class="md-nav__title">')
    return page
