"""generator.inputs.glyphs: what the shipped typeface can draw, and text made drawable for the PDF."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader

from generator.build.write import validate_project
from generator.editions.pdf.typeset import render_pdf
from generator.inputs.glyphs import MISSING, drawable, drawable_text
from generator.model.resolve import resolve_organisation

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
FONTS = MINIMAL / "templates" / "fonts"


def test_the_typeface_draws_english_text_and_its_punctuation() -> None:
    can = drawable(FONTS)
    for character in "AZaz09£€é\u2019\u201c\u201d\u2013\u2014•·…@#$%&()[]{}":
        assert ord(character) in can, character
    assert ord("ŵ") not in can and ord("𧩑") not in can and ord("\u2010") not in can


def test_text_the_typeface_draws_is_left_alone() -> None:
    text = "St Mary\u2019s \u201cChurch\u201d School \u2013 £5 · café\nnext line"
    assert drawable_text(text, FONTS) is text


def test_a_missing_accented_letter_loses_its_accent_and_anything_else_is_a_question_mark() -> None:
    assert drawable_text("Ysgol Bryn ŵ ŷ 𧩑 😀 e\u0301", FONTS) == f"Ysgol Bryn w y {MISSING} {MISSING} e\u0301"
    assert drawable_text("\u3000", FONTS) == " ", "a wide space is a space"


def test_a_name_with_characters_the_typeface_lacks_still_makes_a_pdf() -> None:
    organisation = resolve_organisation(validate_project(MINIMAL), "school")
    name = "Ysgol Gynradd Llanŵy 𧩑"
    welsh = replace(organisation, name=name, documents=tuple(replace(d, issuer=name) for d in organisation.documents))
    pdf = render_pdf(welsh, welsh.documents[0], templates=MINIMAL / "templates")
    assert "Ysgol Gynradd Llanwy ?" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
