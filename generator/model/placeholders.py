"""Clause text with {{ placeholders }} -> Markdown with parameter values filled in, and nothing else run.

Clause text is data, whoever wrote it: it is parsed by Jinja2 only to find placeholders, and every other
template construct is refused. Values are escaped so they read as plain text in Markdown and HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal
from urllib.parse import quote

from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

Value = str | int | list[str]
LIST_FILTERS = {"and_list": "and", "or_list": "or"}
CAPITALISED = "capitalised"
"""The filter that gives a value a capital first letter, for a placeholder that starts a sentence."""
_ENV = SandboxedEnvironment()
_URL_SAFE = "/:?#&=;+,@!$'*~%.-_"
"""What a checked web address keeps as written in a Markdown link: no brackets, spaces or angle brackets."""
_LINE_BREAKS = re.compile("[\r\n\u2028\u2029]+")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")


PERSON_FIELDS: dict[str, tuple[Literal["text", "email", "phone"], str]] = {
    "name": ("text", "name"),
    "title": ("text", "title"),
    "email": ("email", "e-mail address"),
    "phone": ("phone", "telephone number"),
}
"""{{ role.field }}: a person's detail (from the organisation's people) or the role's title -> its type and words."""


AGREE = "agree"
"""{{ names | agree("acknowledges", "acknowledge") }}: the first word for one, the second for several."""
POSSESSIVE = "possessive"
"""{{ names | or_list | possessive }}: the value as an owner, "Teach Direct's", "Smart Teachers'"."""


@dataclass(frozen=True)
class Placeholder:
    """One {{ name }}, {{ name | filter }} or {{ name | agree("is", "are") }} in a text."""

    name: str
    filter: str | None = None
    words: tuple[str, ...] = ()
    """The singular and plural words of ``agree``."""
    possessive: bool = False


class PlaceholderError(ValueError):
    """Clause text that uses more of Jinja than placeholders, or is not valid template syntax."""


def parse(text: str) -> list[str | Placeholder]:
    """Split text into literal parts and placeholders; raise PlaceholderError for anything else."""
    return list(_parse(text))


@lru_cache(maxsize=4096)
def _parse(text: str) -> tuple[str | Placeholder, ...]:
    # Every organisation of an estate fills the same library texts: each is parsed once per process.
    try:
        template = _ENV.parse(text)
    except TemplateSyntaxError as error:
        raise PlaceholderError(f"line {error.lineno} of the text: {error.message}") from None
    parts: list[str | Placeholder] = []
    for statement in template.body:
        if not isinstance(statement, nodes.Output):
            raise PlaceholderError(f"only {{{{ parameter }}}} placeholders are allowed, not {{% {_tag(statement)} %}}")
        for node in statement.nodes:
            parts.append(node.data if isinstance(node, nodes.TemplateData) else _placeholder(node))
    return tuple(parts)


def _tag(statement: nodes.Node) -> str:
    return type(statement).__name__.lower()


def _placeholder(node: nodes.Node) -> Placeholder:
    if isinstance(node, nodes.Filter) and node.name == POSSESSIVE and node.node and not node.args and not node.kwargs:
        owner = _placeholder(node.node)
        if owner.filter in (None, *LIST_FILTERS) and not owner.possessive:
            return Placeholder(owner.name, owner.filter, possessive=True)
    named = _named(node)
    if named:
        return Placeholder(named)
    inner = _named(node.node) if isinstance(node, nodes.Filter) and node.node else None
    if (
        isinstance(node, nodes.Filter)
        and inner
        and (node.name in LIST_FILTERS or node.name == CAPITALISED)
        and not node.args
        and not node.kwargs
    ):
        return Placeholder(inner, node.name)
    words = [arg.value for arg in getattr(node, "args", []) if isinstance(arg, nodes.Const)]
    if (
        isinstance(node, nodes.Filter)
        and inner
        and node.name == AGREE
        and len(node.args) == len(words) == 2
        and all(isinstance(word, str) for word in words)
        and not node.kwargs
    ):
        return Placeholder(inner, AGREE, tuple(words))
    raise PlaceholderError(
        "a placeholder may only name a parameter, as {{ name }}, or a person's detail, as {{ dsl.name }} "
        "(name, title, email or phone), "
        "join a list, as {{ name | and_list }} "
        "or {{ name | or_list }}, start a sentence, as {{ name | capitalised }}, make it an owner, as "
        "{{ name | or_list | possessive }}, or choose a word by how many there are, as "
        '{{ name | agree("is", "are") }}'
    )


def _named(node: nodes.Node) -> str | None:
    """``name`` for {{ name }}, ``role.field`` for {{ role.field }} (a person's detail); else None."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name) and node.attr in PERSON_FIELDS:
        return f"{node.node.name}.{node.attr}"
    return None


def fill(
    text: str,
    values: Mapping[str, Value],
    *,
    types: Mapping[str, str],
    blank: Callable[[str], str],
) -> str:
    """Markdown for ``text`` with each placeholder replaced by its escaped value, or ``blank(name)`` if unset."""
    out: list[str] = []
    for part in parse(text):
        if isinstance(part, str):
            out.append(escape_text(part))
        elif part.filter == AGREE:
            out.append(escape_value(agreeing(values.get(part.name), part.words)))
        elif part.name in values:
            value = format_value(values[part.name], kind=types.get(part.name, "text"), joiner=part.filter)
            out.append(possessive(value) if part.possessive else value)
        else:
            out.append(possessive(blank(part.name)) if part.possessive else blank(part.name))
    return "".join(out)


def fill_words(text: str, values: Mapping[str, Value], *, blank: Callable[[str], str]) -> str:
    """Plain text (a heading) for ``text`` with each placeholder replaced by its value as words, or ``blank(name)``."""
    out: list[str] = []
    for part in parse(text):
        if isinstance(part, str):
            out.append(part)
        elif part.filter == AGREE:
            out.append(agreeing(values.get(part.name), part.words))
        elif part.name in values:
            value = values[part.name]
            words = (
                join_words(value, LIST_FILTERS.get(part.filter or "", "and")) if isinstance(value, list) else str(value)
            )
            words = words[:1].upper() + words[1:] if part.filter == CAPITALISED else words
            out.append(possessive(words) if part.possessive else words)
        else:
            out.append(blank(part.name))
    return "".join(out)


def possessive(words: str) -> str:
    """``words`` as an owner: an apostrophe after a final s, else 's."""
    return f"{words}'" if words.endswith(("s", "S")) else f"{words}'s"


def agreeing(value: Value | None, words: tuple[str, ...]) -> str:
    """The singular word for one value (or a list of one), the plural for a list of any other length."""
    singular, plural = words
    return plural if isinstance(value, list) and len(value) != 1 else singular if value is not None else plural


def escape_text(text: str) -> str:
    """Markdown written by people: keep its formatting, show any HTML as text, and allow no attribute lists."""
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("{", "\\{").replace("}", "\\}")


def escape_value(value: str) -> str:
    """Plain text made safe to drop into Markdown: it reads exactly as typed, on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(_LINE_BREAKS.sub(" ", value), quote=False))


def format_value(value: Value, *, kind: str, joiner: str | None = None) -> str:
    """A parameter value as Markdown: lists joined in words, e-mail addresses and web addresses as links."""
    if isinstance(value, list):
        return join_words([escape_value(v) for v in value], LIST_FILTERS.get(joiner or "", "and"))
    text = str(value)
    if joiner == CAPITALISED:
        text = text[:1].upper() + text[1:]
    if kind == "email":
        return f"[{escape_value(text)}](mailto:{quote(text, safe='@')})"
    if kind == "url":
        return f"[{escape_value(text)}]({quote(text, safe=_URL_SAFE)})"
    return escape_value(text)


def join_words(words: list[str], conjunction: str = "and") -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def attribute_safe(text: str) -> str:
    """Text for the theme's templates, which print some values raw and escape others.

    Angle brackets and quotes are escaped so nothing can open a tag or leave an attribute; an ampersand is left
    as typed, because the places that escape would otherwise show "&amp;" in a name like "St Peter & St Paul".
    """
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
