"""Text from a returned file or a staff list -> text a terminal shows as it is, and that cannot drive it."""

from __future__ import annotations

import unicodedata


def printable(text: str) -> str:
    """Text with control, formatting, private-use and unassigned characters replaced by '?': no escape code can
    move the cursor, clear the screen or reverse what follows, and every character shown is one a reader sees."""
    return "".join("?" if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") else c for c in text)
