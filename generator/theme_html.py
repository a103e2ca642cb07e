"""A page the theme built -> the same page with what the theme leaves out: a name for its search dialog.

Material marks its search box as a dialog without a name, so a screen reader announces only "dialog" (axe and
Lighthouse: aria-dialog-name). The label is the one its search field already carries.
"""

from __future__ import annotations

_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_NAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'


def with_named_dialogs(page: str) -> str:
    """``page`` with its search dialog named (a page without one is left as it is)."""
    return page.replace(_SEARCH_DIALOG, _NAMED_SEARCH_DIALOG, 1)
