"""generator.checks.contrast: WCAG contrast ratios, the readable text colour, and warnings for a hard-to-read palette."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build.write import validate_project
from generator.checks.contrast import AA_NORMAL_TEXT, WHITE, contrast_ratio, palette, palette_warnings, readable_text_on
from generator.editions.pdf.print_data import print_data
from generator.editions.site.engine import brand_css
from generator.model.resolve import resolve_organisation

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"


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


@given(st.integers(min_value=0, max_value=0xFFFFFF))
def test_readable_text_on_always_reaches_aa_for_normal_text(value: int) -> None:
    # Black or white on any colour reaches at least 4.58:1, above the 4.5:1 that normal text needs (large text
    # needs only 3:1): a header is readable whatever primary colour a school picks.
    background = f"#{value:06x}"
    assert contrast_ratio(background, readable_text_on(background)) >= AA_NORMAL_TEXT


@given(st.integers(min_value=0, max_value=0xFFFFFF))
def test_links_always_reach_aa_on_white(value: int) -> None:
    assert contrast_ratio(palette("#1f4e79", f"#{value:06x}").link, WHITE) >= AA_NORMAL_TEXT


@pytest.mark.parametrize(
    ("primary", "accent", "header_text", "link"),
    [("#ffcc00", "#7fd1ae", "#000000", "#4c7d68"), ("#1d4f91", "#b35c00", "#ffffff", "#b35c00")],
)
def test_one_palette_for_the_site_the_pdf_and_the_warnings(
    primary: str, accent: str, header_text: str, link: str
) -> None:
    colours = palette(primary, accent)
    assert (colours.header_text, colours.link) == (header_text, link)
    school = resolve_organisation(validate_project(MINIMAL), "school")
    school = replace(school, branding=replace(school.branding, primary=primary, accent=accent))
    css = brand_css(school)
    assert f"--md-primary-bg-color: {header_text};" in css and f"--md-typeset-a-color: {link};" in css
    pdf = print_data(school, school.documents[0])["colours"]
    assert (pdf["primary"], pdf["on_primary"], pdf["link"]) == (primary, header_text, link)
    warnings = " ".join(palette_warnings(primary, accent))
    assert ("headers use black text" in warnings) == (header_text == "#000000")
    assert (f"links use the darker {link}" in warnings) == (link != accent)


def test_a_readable_palette_gives_no_warnings() -> None:
    assert palette_warnings("#1f4e79", "#0b6e4f") == []


def test_a_light_primary_is_named_with_its_contrast_against_the_header_text() -> None:
    assert palette_warnings("#ffcc00", "#0b6e4f") == [
        "primary colour #ffcc00 has a contrast of 1.5:1 with white header text, short of the 4.5:1 WCAG AA needs: "
        "headers use black text (13.8:1)"
    ]


def test_a_light_accent_is_named_with_its_contrast_on_the_white_page() -> None:
    assert palette_warnings("#1f4e79", "#7ab8e0") == [
        "accent colour #7ab8e0 has a contrast of 2.1:1 on the white page, short of the 4.5:1 WCAG AA needs: "
        "links use the darker #4f7892 (4.7:1)"
    ]


def test_a_ratio_just_short_of_aa_is_never_rounded_up_to_it() -> None:
    (warning,) = palette_warnings("#777777", "#0b6e4f")
    assert "a contrast of 4.4:1" in warning


def test_both_colours_too_light_give_two_warnings() -> None:
    assert len(palette_warnings("#ffff00", "#ffff00")) == 2
