"""Colours -> WCAG 2 contrast ratios, and warnings for an organisation's palette that would be hard to read.

``palette`` is the one rule for an organisation's colours: the site, the PDF and the warnings all read it. Header
text on the primary colour is white or black, whichever contrasts more; links take the accent colour, darkened on
the white page until WCAG 2.2 AA (4.5:1 for normal text) is reached; warnings say where a colour had to change.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

WHITE = "#ffffff"
BLACK = "#000000"
AA_NORMAL_TEXT = 4.5
"""WCAG 2.2 success criterion 1.4.3 (level AA), for text below 18pt, or 14pt bold."""
AAA_NORMAL_TEXT = 7.0
"""WCAG 2.2 success criterion 1.4.6 (level AAA), for the same text."""
AA_LARGE_TEXT = 3.0
"""WCAG 2.2 success criterion 1.4.3 (level AA), for text of 18pt, or 14pt bold, and above."""

Level = Literal["AAA", "AA", "fail"]

_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour written ``#rrggbb`` or ``#rgb``: 0 for black, 1 for white."""
    found = _HEX.fullmatch(colour.strip())
    if not found:
        raise ValueError(f"not a colour: {colour!r}; write it as # and six hex digits, like '#1d4f91'")
    digits = found.group(1)
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(colour1: str, colour2: str) -> float:
    """The WCAG 2 contrast ratio of two colours, from 1.0 (the same) to 21.0 (black on white); order does not matter."""
    lighter, darker = sorted((relative_luminance(colour1), relative_luminance(colour2)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_text_on(background: str) -> str:
    """``#ffffff`` or ``#000000``, whichever contrasts more with ``background`` (white when they tie)."""
    return WHITE if contrast_ratio(background, WHITE) >= contrast_ratio(background, BLACK) else BLACK


def readable_on_white(colour: str) -> str:
    """``colour``, or the nearest darker shade of it that reaches WCAG AA on white."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    shade = colour
    for step in range(21):
        factor = 1 - step / 20
        shade = f"#{round(red * factor):02x}{round(green * factor):02x}{round(blue * factor):02x}"
        if contrast_ratio(shade, WHITE) >= AA_NORMAL_TEXT:
            break
    return shade


def level(ratio: float) -> Level:
    """The WCAG level that normal text of this contrast reaches: "AAA", "AA" or "fail"."""
    return "AAA" if ratio >= AAA_NORMAL_TEXT else "AA" if ratio >= AA_NORMAL_TEXT else "fail"


@dataclass(frozen=True)
class Palette:
    """An organisation's colours as every output uses them: the site, the PDF and the palette warnings."""

    primary: str
    """The header band (site) and cover band (PDF)."""
    accent: str
    """Rules and borders, as chosen."""
    header_text: str
    """White or black, whichever contrasts more with the primary colour."""
    link: str
    """Links (and on the site, buttons): the accent colour, darkened until it reaches AA on white."""
    heading: str
    """Headings on white: the primary colour, darkened until it reaches AA on white."""
    header_ratio: float
    """Contrast of the header text on the primary colour."""
    accent_ratio: float
    """Contrast of the accent colour as chosen on white."""

    @property
    def header_level(self) -> Level:
        return level(self.header_ratio)

    @property
    def accent_level(self) -> Level:
        return level(self.accent_ratio)


def palette(primary: str, accent: str) -> Palette:
    """The one rule for an organisation's colours: text on them and links beside them stay readable."""
    header_text = readable_text_on(primary)
    return Palette(
        primary=primary,
        accent=accent,
        header_text=header_text,
        link=readable_on_white(accent),
        heading=readable_on_white(primary),
        header_ratio=contrast_ratio(primary, header_text),
        accent_ratio=contrast_ratio(accent, WHITE),
    )


def palette_warnings(primary: str, accent: str) -> list[str]:
    """A warning, in words, for each colour that the outputs had to change from what was chosen; none otherwise."""
    colours = palette(primary, accent)
    warnings = []
    if contrast_ratio(primary, WHITE) < AA_NORMAL_TEXT:
        warnings.append(
            f"primary colour {primary} has a contrast of {_ratio(contrast_ratio(primary, WHITE))} with white "
            f"header text, short of the {_ratio(AA_NORMAL_TEXT)} WCAG AA needs: headers use black text "
            f"({_ratio(colours.header_ratio)})"
        )
    if colours.accent_level == "fail":
        warnings.append(
            f"accent colour {accent} has a contrast of {_ratio(colours.accent_ratio)} on the white page, short of "
            f"the {_ratio(AA_NORMAL_TEXT)} WCAG AA needs: links use the darker {colours.link} "
            f"({_ratio(contrast_ratio(colours.link, WHITE))})"
        )
    return warnings


def _ratio(value: float) -> str:
    # Rounded down, so a colour just short of 4.5:1 never reads as "4.5:1" in a warning that says it fails.
    return f"{math.floor(value * 10) / 10:.1f}:1"
