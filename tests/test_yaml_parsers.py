"""The fast parser (libyaml) and the full one (ruamel) read every document alike, or the fast one steps aside."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.inputs.errors import Problem
from generator.inputs.yamlfile import _SLOW, _fast_load, full_load

NUMBERISH = st.text(alphabet="0123456789_.+-eEbBoOxXaAfF", min_size=1, max_size=8)
WORDS = st.sampled_from(["yes", "no", "on", "null", "~", "true", "False", "2025-09-01", "12:30", "x", "<<", "a b"])
TAGS = st.sampled_from(["", "", "", "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!custom "])
SCALARS = st.builds(lambda tag, value: tag + value, TAGS, st.one_of(NUMBERISH, WORDS))


def plain(value: Any) -> Any:
    """Data as plain Python types, with NaN made comparable."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return (kind.__name__, kind(value))
    return value


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = []
    for index in range(draw(st.integers(1, 4))):
        shape = draw(st.sampled_from(["scalar", "flow", "merge", "list"]))
        value = draw(SCALARS)
        if shape == "scalar":
            lines.append(f"k{index}: {value}")
        elif shape == "flow":
            lines.append(f"k{index}: {{a: {value}, b: [{draw(SCALARS)}]}}")
        elif shape == "merge":
            lines.append(f"k{index}: {{<<: {{a: {value}}}, b: 1}}")
        else:
            lines.append(f"k{index}:\n  - {value}\n  - {draw(SCALARS)}")
    return "\n".join(lines) + "\n"


@settings(max_examples=400, deadline=None)
@given(documents())
def test_the_two_parsers_agree_or_the_fast_one_steps_aside(text: str) -> None:
    fast = _fast_load(text)
    if fast is _SLOW:
        return  # the full parser reads it (that the fast one reads ordinary files is tested below)
    full = full_load(text, "doc.yml")
    assert not isinstance(full, Problem), (text, full)
    assert plain(fast) == plain(full.data), text


def test_unusual_numbers_tags_and_merge_keys_are_read_by_the_full_parser() -> None:
    for value in ("0b101", "+0x1F", "-0o7", "1_000.5", "0x_1F", "!!str 5"):
        assert _fast_load(f"k: {value}\n") is _SLOW, value
    assert _fast_load("k: {<<: {a: 1}}\n") is _SLOW
    assert _fast_load("k: 1_000\n") is _SLOW
    assert _fast_load("k: 0x1F\n") == {"k": 31}


def test_a_merge_key_is_refused_with_its_place() -> None:
    problem = full_load("a: 1\nb:\n  d: 3\n  <<: {c: 2}\n", "doc.yml")
    assert isinstance(problem, Problem)
    assert str(problem) == (
        "doc.yml:3:3: b: a YAML merge key (<<) is not allowed: write the keys out in full, so each value has one place"
    )


def test_the_fast_parser_reads_ordinary_files_itself() -> None:
    text = "name: Example School\nreview_months: 12\nadopted: 2025-09-01\nlocked: [a, b]\ntemplate: true\nx: ~\n"
    fast = _fast_load(text)
    assert fast is not _SLOW
    full = full_load(text, "doc.yml")
    assert not isinstance(full, Problem)
    assert plain(fast) == plain(full.data)
