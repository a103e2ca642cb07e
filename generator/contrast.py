"""Colours -> WCAG 2 contrast ratios, and warnings for an organisation's palette that would be hard to read.

The site writes white text on the primary colour (the header) and uses the accent colour for links and buttons on
the white page; WCAG 2.2 AA asks for a contrast of at least 4.5:1 for normal text in both places.
"""

from __future__ import annotations

import math
import re

WHITE = "#ffffff"
BLACK = "#000000"
AA_NORMAL_TEXT = 4.5
"""WCAG 2.2 success criterion 1.4.3 (level AA), for text below 18pt, or 14pt bold."""

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


def palette_warnings(primary: str, accent: str) -> list[str]:
    """One warning, in words, for each of the palette's colours that is too light for WCAG AA; none if both pass."""
    warnings = []
    header = contrast_ratio(primary, WHITE)
    if header < AA_NORMAL_TEXT:
        warnings.append(
            f"primary colour {primary} has a contrast of {_ratio(header)} with the white header text; "
            f"WCAG AA needs {_ratio(AA_NORMAL_TEXT)}"
        )
    links = contrast_ratio(accent, WHITE)
    if links < AA_NORMAL_TEXT:
        warnings.append(
            f"accent colour {accent} has a contrast of {_ratio(links)} on the white page (links and buttons); "
            f"WCAG AA needs {_ratio(AA_NORMAL_TEXT)}"
        )
    return warnings


def readable_on_white(colour: str) -> str:
    """``colour``, or the nearest darker shade of it that reaches WCAG AA on white: links stay readable whatever
    a school picks."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    shade = colour
    for step in range(21):
        factor = 1 - step / 20
        shade = f"#{round(red * factor):02x}{round(green * factor):02x}{round(blue * factor):02x}"
        if contrast_ratio(shade, WHITE) >= AA_NORMAL_TEXT:
            break
    return shade


def _ratio(value: float) -> str:
    # Rounded down, so a colour just short of 4.5:1 never reads as "4.5:1" in a warning that says it fails.
    return f"{math.floor(value * 10) / 10:.1f}:1"
