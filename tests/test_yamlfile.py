from pathlib import Path

import pytest

from generator.inputs.errors import Problem
from generator.inputs.yamlfile import YamlDocument, dump_yaml, read_yaml


def parse(tmp_path: Path, text: str) -> YamlDocument | Problem:
    path = tmp_path / "org.yml"
    path.write_text(text, encoding="utf-8")
    return read_yaml(path, "schools/org.yml")


def test_positions_name_list_items_by_id(tmp_path: Path) -> None:
    document = parse(tmp_path, "documents:\n  policy:\n    add:\n      - id: blog\n        text: x\n")
    assert isinstance(document, YamlDocument)
    problem = document.problem(("documents", "policy", "add", 0, "text"), "bad")
    assert str(problem) == "schools/org.yml:5:9: documents.policy.add[blog].text: bad"


def test_position_of_a_missing_key_is_its_parent(tmp_path: Path) -> None:
    document = parse(tmp_path, "name: x\nbranding:\n  primary: red\n")
    assert isinstance(document, YamlDocument)
    assert document.position(("branding", "logo")) == (2, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: a\nname: b\n", "schools/org.yml:2:1: name: duplicate key: each key may appear once"),
        (
            "name: a\n\tkind: school\n",
            "schools/org.yml:2:1: tab character in the indentation: YAML indents with spaces only",
        ),
        (
            "name: [a\n",
            "schools/org.yml:2:1: invalid YAML: the list opened on line 1 is not closed: separate items with ',' "
            "and end it with ']'",
        ),
        (
            "name: !!python/object/apply:os.system [ls]\n",
            "schools/org.yml:1:1: name: YAML tag !!python/object/apply:os.system is not allowed: "
            "write plain text, numbers, lists and mappings",
        ),
    ],
)
def test_unreadable_yaml_is_one_problem(tmp_path: Path, text: str, expected: str) -> None:
    assert str(parse(tmp_path, text)) == expected


def test_alias_bomb_is_stopped(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]")
    result = parse(tmp_path, "\n".join(lines) + "\n")
    assert isinstance(result, Problem)
    assert "more than 50,000 values" in result.message


def test_dates_stay_text_for_the_schema(tmp_path: Path) -> None:
    document = parse(tmp_path, "adopted: 2025-02-30\n")
    assert isinstance(document, YamlDocument)
    assert document.data["adopted"] == "2025-02-30"


def test_fast_and_full_parsers_read_every_project_file_alike() -> None:
    """libyaml reads the files in everyday builds; ruamel gives positions. They must agree on every value."""
    from generator.inputs.yamlfile import _SLOW, _fast_load, _parser
    from tests.conftest import ROOT

    files = [*ROOT.glob("content/**/*.yml"), *ROOT.glob("schools/*.yml"), *ROOT.glob("releases/*.yml")]
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast = _fast_load(text)
        assert fast is not _SLOW, path
        assert fast == _parser().load(text), path


@pytest.mark.parametrize(
    "text", ["a: no\n", "a: on\n", "a: 010\n", "a: 0x1F\n", "a: 2025-01-02\n", "a: ~\n", "a: .5\n"]
)
def test_fast_parser_reads_yaml_1_2_values_like_ruamel(text: str) -> None:
    from generator.inputs.yamlfile import _fast_load, _parser

    assert _fast_load(text) == _parser().load(text)


def test_written_yaml_reads_back_as_the_same_values(tmp_path: Path) -> None:
    data = {"reference": "54e19584", "hex": "0x1f", "octal": "0o17", "version": "2026.1", "words": "text", "n": 5}
    path = tmp_path / "record.yml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    document = read_yaml(path, "record.yml")
    assert not isinstance(document, Problem)
    assert document.data == data  # a reference of digits and an e is text, not a number
