"""An organisation's name -> the form two names share when a reader cannot tell them apart.

Unicode's confusables (UTS #39) pair every character that looks like another: a Cyrillic 'a' (U+0430) and a Latin one, a
capital 'I' and an 'l', 'rn' and 'm'. The pairs are those the `confusable_homoglyphs` package ships; joined into
groups of characters that look alike, each group stands for one form (its longest member, so that 'm' reads
as 'rn'). Two names with the same form, case and spacing aside, look the same.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import resources

_DIRECTION_MARKS = str.maketrans("", "", "\u200e\u200f")
"""The package's table wraps right-to-left characters in direction marks: they are no part of the character."""


@cache
def _forms() -> dict[str, str]:
    """Each character that looks like others -> the one form its group of look-alikes is written as."""
    table = resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text(encoding="utf-8")
    group: dict[str, str] = {}

    def find(member: str) -> str:
        while group.setdefault(member, member) != member:
            group[member] = group[group[member]]
            member = group[member]
        return member

    for character, alike in json.loads(table).items():
        for entry in alike:
            first, second = find(character.translate(_DIRECTION_MARKS)), find(entry["c"].translate(_DIRECTION_MARKS))
            group[first] = second
    members: dict[str, list[str]] = {}
    for member in list(group):
        members.setdefault(find(member), []).append(member)
    forms = {}
    for alike in members.values():
        form = min(alike, key=lambda member: (-len(member), member))
        forms.update({member: form for member in alike if len(member) == 1})
    return forms


def _look(text: str) -> str:
    forms = _forms()
    once = "".join(forms.get(character, character) for character in unicodedata.normalize("NFD", text))
    return "".join(forms.get(character, character) for character in once)


def name_key(name: str) -> str:
    """What two organisations' names must not share: how they look, with case and spacing left aside."""
    looks = _look(_look(unicodedata.normalize("NFKC", name)).casefold())
    return " ".join(looks.split())
