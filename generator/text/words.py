"""A number and a noun -> words that agree: "1 signature and form", "2 signatures and forms"."""

from __future__ import annotations


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` and ``noun``, the plural for any number but one; ``plural`` where adding an s is wrong."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
