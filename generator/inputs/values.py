"""A value from a file -> the reason it is not a valid line of text, e-mail address, telephone number or web address.

Each check returns None for a good value, else what is wrong, in words for the person who wrote it. They run
after YAML has unescaped the value, so a "\\n" or "\\e" written in double quotes is seen for what it is.
"""

from __future__ import annotations

import re
import unicodedata

_PHONE = re.compile(r"\+?[0-9][0-9 ()./-]*")
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_URL = re.compile(
    r"(?P<scheme>https?)://(?P<host>[^/?#:@\s]+)(?::[0-9]{1,5})?"
    r"(?P<rest>[/?#][A-Za-z0-9\-._~!$&'()*+,;=:@/?#%]*)?",
    re.IGNORECASE,
)


def control_character(text: str, *, multiline: bool, joiners: bool = False) -> str | None:
    """The first character that has no place in text (a control or invisible format character), described; else
    None.

    Multi-line text (Markdown) may hold line breaks; a single line may not. Where ``joiners`` (clause text and
    parameter values, not names), a zero-width joiner or non-joiner may stand between two letters of a script that
    needs it (Arabic, Persian, the Indic scripts...); in names, which must be told apart, no format character may.
    """
    for found in _CONTROL.finditer(text):
        character = found.group()
        if multiline and character == "\n":
            continue
        if not multiline and character in "\r\n\u2028\u2029":
            return "a line break is not allowed here: write one line of plain text"
        if _FORMAT_OR_FILLER.match(character):
            if joiners and character in _JOINERS and _joins(text, found.start()):
                continue
            return format_problem(character, joiners=joiners and character in _JOINERS)
        return f"control character U+{ord(character):04X} is not allowed: write plain text"
    return None


def format_problem(character: str, *, joiners: bool = False) -> str:
    """What is wrong with an invisible format character, such as a bidi override, found in text."""
    name = unicodedata.name(character, "format character")
    what = "a bidi control, which can make the text around it read backwards" if character in _BIDI else "invisible"
    usage = "; a joiner may only stand between two letters of a script that needs it" if joiners else ""
    return f"U+{ord(character):04X} {name} is {what}, and is not allowed{usage}: write plain text"


def first_format_character(text: str) -> int | None:
    """Where the first format character no text may hold is (a joiner between two letters of a script that needs
    it, and a byte order mark opening a file, aside), or None: for a whole file, before it is parsed."""
    for found in _FORMAT_OR_FILLER.finditer(text):
        at, character = found.start(), found.group()
        if not (character in _JOINERS and _joins(text, at)) and not (at == 0 and character == "\ufeff"):
            return at
    return None


def _joins(text: str, at: int) -> bool:
    """Whether the character at ``at`` stands between two letters (or marks) of a script that joins letters."""
    if at == 0 or at + 1 >= len(text):
        return False
    return all(_joining_letter(text[i]) for i in (at - 1, at + 1))


def _joining_letter(character: str) -> bool:
    # Hebrew onwards, but not the Latin and Greek extensions: scripts where ZWJ and ZWNJ change how letters join
    code = ord(character)
    return unicodedata.category(character)[0] in "LM" and code >= 0x0590 and not 0x1D00 <= code < 0x2C80


_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
"""Unicode's format characters (category Cf): invisible, and some (the bidi controls) reorder the text around them."""
_FILLERS = "\u115f\u1160\u3164\uffa0"
"""Hangul fillers: letters that show nothing, as blank as a space without being one."""
_FORMAT_OR_FILLER = re.compile(f"[{_FORMAT}{_FILLERS}]")
_JOINERS = "\u200c\u200d"
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd\u2028\u2029"
    f"{_FORMAT}{_FILLERS}]"
)
"""Unicode's control (Cc), surrogate (Cs), private-use (Co) and format (Cf) characters, the line and paragraph
separators and the Hangul fillers: the same set as unicodedata.category gives, matched in one pass
(tests/test_integrity.py compares the two over every code point)."""


MAX_BRACKETS = 20
"""Far above any real clause's links; each unclosed '[' makes Markdown scan the rest of the text again."""
MAX_NESTING = 6
"""Quotes and lists inside each other; a policy clause needs two or three levels."""
MAX_LINES = 60
"""Lines holding text in one clause: ten times the longest clause of the five source policies. Each line can be a
paragraph or a list item of its own, and thousands of them take minutes to typeset."""
MAX_HEADINGS = 10
"""Headings inside one clause (a clause is a paragraph or a list; each heading goes into the page's contents)."""
_HEADING = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$)", re.M)
"""A '#' heading line, or a line of '=' or '-' under a paragraph (which makes it a heading)."""
_NESTING = re.compile(r"^((?:[ ]{0,3}(?:>|[-*+]|[0-9]+[.)])[ ]*)+)", re.M)


def markdown_problem(text: str) -> str | None:
    """Why clause Markdown would be too costly to render (or a control character in it), or None."""
    brackets = len(re.findall(r"(?<!\\)\[", text))
    if brackets > MAX_BRACKETS:
        return (
            f"text has {brackets} '[' characters; the limit is {MAX_BRACKETS} (one per link): write \\[ for a bracket"
        )
    lines = text_lines(text)
    if lines > MAX_LINES:
        return f"text has {lines} lines; the limit is {MAX_LINES} in one clause: split it into several clauses"
    headings = len(_HEADING.findall(text))
    if headings > MAX_HEADINGS:
        return (
            f"text has {headings} heading lines ('#' or a line of '=' or '-'); the limit is {MAX_HEADINGS}: "
            "write a heading as a clause's title, or \\- for a line of hyphens"
        )
    for match in _NESTING.finditer(text):
        depth = len(re.findall(r">|[-*+](?=\s)|[0-9]+[.)]", match.group(1)))
        if depth > MAX_NESTING:
            return f"Markdown is nested {depth} levels deep (quotes or lists); the limit is {MAX_NESTING}"
    indent = max((len(line) - len(line.lstrip(" ")) for line in text.splitlines()), default=0)
    if indent > 4 * MAX_NESTING:
        return f"a line is indented {indent} spaces; the limit is {4 * MAX_NESTING} ({MAX_NESTING} levels of lists)"
    return control_character(text, multiline=True, joiners=True)


def text_lines(text: str) -> int:
    """The lines of ``text`` that hold something: each may become a paragraph or a list item of its own."""
    return sum(1 for line in text.splitlines() if line.strip())


def email_problem(value: str) -> str | None:
    """Why ``value`` is not an e-mail address someone can write to, or None (RFC 5321/5322, via email-validator)."""
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False, allow_display_name=False, allow_quoted_local=False)
    except EmailNotValidError as error:
        reason = str(error).rstrip(".")
        return f"{value!r} is not an e-mail address ({reason[:1].lower()}{reason[1:]})"
    return None


def phone_problem(value: str) -> str | None:
    """Why ``value`` is not a telephone number (UK numbers as written locally, others with +country), or None."""
    import phonenumbers

    message = f"{value!r} is not a telephone number: write digits and spaces, like '01604 000000' or '+44 1604 000000'"
    if not _PHONE.fullmatch(value):
        return message
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        return message
    return None if phonenumbers.is_possible_number(number) else message


def url_problem(value: str) -> str | None:
    """Why ``value`` is not a web address (http or https, a host name, URL characters only), or None."""
    message = (
        f"{value!r} is not a web address: expected https:// and a host name, like 'https://www.example.org/policy'"
    )
    match = _URL.fullmatch(value)
    if not match:
        return message
    host = match.group("host").lower()
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return message
    labels = host.split(".")
    if len(labels) < 2 or len(host) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        return message
    return None


def site_url_problem(value: str) -> str | None:
    """Why ``value`` is not the address of a site's home (a web address without ?query or #fragment), or None."""
    if url_problem(value) is None and not re.search(r"[?#]", value):
        return None
    return (
        f"{value!r} is not a web address of the site's home, like 'https://www.st-anns.example.org/policies/' "
        "(http or https, no query or #fragment)"
    )


PARAMETER_TYPES: dict[str, tuple[str, type]] = {
    "list": ("a list of text", list),
    "integer": ("a whole number", int),
    "text": ("text", str),
    "email": ("an e-mail address", str),
    "phone": ("a telephone number", str),
    "url": ("a web address starting https://", str),
}
"""Parameter type -> what a value of it is called, and the YAML shape it takes."""


def parameter_value_problem(kind: str, value: object) -> str | None:
    """Why ``value`` does not fit a parameter of type ``kind``, or None (its text was checked by the schema)."""
    expected, shape = PARAMETER_TYPES[kind]
    if not isinstance(value, shape) or isinstance(value, bool):
        return f"expected {expected}"
    checks = {"email": email_problem, "phone": phone_problem, "url": url_problem}
    return checks[kind](str(value)) if kind in checks else None
