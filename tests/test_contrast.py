"""generator.contrast: WCAG contrast ratios, the readable text colour, and warnings for a hard-to-read palette."""

from __future__ import annotations

import pytest

from generator.contrast import contrast_ratio, palette_warnings, readable_text_on


@pytest.mark.parametrize(
    ("colour1", "colour2", "expected"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#777777", "#ffffff", 4.48),  # the classic grey that just fails AA
        ("#767676", "#ffffff", 4.54),  # ... and the one that just passes
        ("#ffcc00", "#ffffff", 1.51),
        ("#1f4e79", "#ffffff", 8.66),  # Policy Pack's default primary
        ("#0b6e4f", "#ffffff", 6.25),  # ... and accent
    ],
)
def test_contrast_ratio_matches_wcag(colour1: str, colour2: str, expected: float) -> None:
    assert contrast_ratio(colour1, colour2) == pytest.approx(expected, abs=0.01)


def test_contrast_ratio_is_symmetric_and_case_and_shorthand_blind() -> None:
    assert contrast_ratio("#1D4F91", "#fff") == contrast_ratio("#ffffff", "#1d4f91")


@pytest.mark.parametrize("colour", ["1d4f91x", "#12345", "red", "", "#gggggg"])
def test_contrast_ratio_refuses_what_is_not_a_colour(colour: str) -> None:
    with pytest.raises(ValueError, match="not a colour"):
        contrast_ratio(colour, "#ffffff")


@pytest.mark.parametrize(
    ("background", "text"),
    [("#000000", "#ffffff"), ("#1f4e79", "#ffffff"), ("#ffffff", "#000000"), ("#ffcc00", "#000000")],
)
def test_readable_text_on_picks_the_colour_that_contrasts_more(background: str, text: str) -> None:
    assert readable_text_on(background) == text


def test_readable_text_on_always_reaches_aa_for_large_text() -> None:
    # Black or white on any colour reaches at least 4.58:1 (mid-grey #777 is the worst case for both).
    for level in range(0, 256, 5):
        grey = f"#{level:02x}{level:02x}{level:02x}"
        assert contrast_ratio(grey, readable_text_on(grey)) >= 4.5


def test_a_readable_palette_gives_no_warnings() -> None:
    assert palette_warnings("#1f4e79", "#0b6e4f") == []


def test_a_light_primary_is_named_with_its_contrast_against_the_header_text() -> None:
    assert palette_warnings("#ffcc00", "#0b6e4f") == [
        "primary colour #ffcc00 has a contrast of 1.5:1 with the white header text; WCAG AA needs 4.5:1"
    ]


def test_a_light_accent_is_named_with_its_contrast_on_the_white_page() -> None:
    assert palette_warnings("#1f4e79", "#7ab8e0") == [
        "accent colour #7ab8e0 has a contrast of 2.1:1 on the white page (links and buttons); WCAG AA needs 4.5:1"
    ]


def test_a_ratio_just_short_of_aa_is_never_rounded_up_to_it() -> None:
    (warning,) = palette_warnings("#777777", "#0b6e4f")
    assert "a contrast of 4.4:1" in warning


def test_both_colours_too_light_give_two_warnings() -> None:
    assert len(palette_warnings("#ffff00", "#ffff00")) == 2
