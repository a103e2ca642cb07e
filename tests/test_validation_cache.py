"""A build keeps its validation: the next build with nothing changed reuses it, and any change validates afresh."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import validation_cache
from generator.build.validation_cache import CACHE, cached_validation
from generator.checks.validation import Validation
from generator.cli import main
from tests.conftest import copy_project


def build(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--project", str(project), "build", *args])
    return result.exit_code, result.stderr


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The projects validated afresh from now on, in order."""
    done: list[Path] = []
    real = validation_cache.validate_estate

    def counted(root: Path) -> Validation:
        done.append(root)
        return real(root)

    monkeypatch.setattr(validation_cache, "validate_estate", counted)
    return done


def test_a_build_with_nothing_changed_reuses_the_validation_and_its_warnings(
    minimal: Path, validations: list[Path]
) -> None:
    stray = minimal / "schools" / "stray.yml"
    stray.write_text("name: Stray School\nkidn: school\n", encoding="utf-8")
    first = build(minimal, "school")
    second = build(minimal, "school")
    assert validations == [minimal]
    assert (minimal / "build" / CACHE).is_file()
    for code, err in (first, second):
        assert code == 1  # a problem anywhere fails the command, built or not
        assert "schools/stray.yml:2:1: kidn: unknown key" in err
    assert "1 built" in first[1] and "0 built, 1 unchanged" in second[1]


def test_any_change_to_a_file_validates_afresh(minimal: Path, validations: list[Path]) -> None:
    assert build(minimal)[0] == 0
    school = minimal / "schools" / "school.yml"
    school.write_text(school.read_text(encoding="utf-8").replace("kind: school", "kidn: school"), encoding="utf-8")
    code, err = build(minimal)
    assert validations == [minimal, minimal]
    assert code == 1 and "schools/school.yml:2:1: kidn: unknown key" in err
    school.write_text(school.read_text(encoding="utf-8").replace("kidn: school", "kind: school"), encoding="utf-8")
    assert build(minimal)[0] == 0
    assert len(validations) == 3


def test_a_template_change_validates_afresh(minimal: Path, validations: list[Path]) -> None:
    cached_validation(minimal, minimal / "build")
    css = minimal / "templates" / "site" / "policy-pack.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* redrawn */\n", encoding="utf-8")
    cached_validation(minimal, minimal / "build")
    cached_validation(minimal, minimal / "build")
    assert validations == [minimal, minimal]


def test_a_damaged_or_foreign_cache_is_validated_afresh(minimal: Path, tmp_path: Path, validations: list[Path]) -> None:
    kept = minimal / "build" / CACHE
    cached_validation(minimal, minimal / "build")
    kept.write_bytes(kept.read_bytes()[:200])  # cut short, as a full disk leaves a file
    assert cached_validation(minimal, minimal / "build").buildable() == ["board", "school"]
    moved = copy_project(minimal, tmp_path / "elsewhere")  # the same files in another folder: another project
    assert cached_validation(moved, minimal / "build").project.root == moved
    kept.write_bytes(b"not a validation\n")
    assert cached_validation(minimal, minimal / "build").buildable() == ["board", "school"]
    assert validations == [minimal, minimal, moved, minimal]


def test_a_folder_that_cannot_be_written_keeps_nothing_and_still_validates(minimal: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    assert cached_validation(minimal, blocked / "build").buildable() == ["board", "school"]
    assert not any(path.name.endswith(".partial") for path in tmp_path.rglob("*"))
