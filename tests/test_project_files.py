"""Where each kind of file is found: a .yaml file is read wherever a .yml file is, by every command."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.inputs.project_files import clause_files, inputs_digest, organisation_ids, release_file, yaml_files


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--project", str(project), *args])
    return result.exit_code, result.stdout, result.stderr


def rename(path: Path, ending: str) -> Path:
    moved = path.with_suffix(ending)
    path.rename(moved)
    return moved


def test_yaml_files_puts_a_yml_file_before_a_yaml_file_of_the_same_id(tmp_path: Path) -> None:
    for name in ("b.yaml", "a-b.yml", "a.yaml", "a.yml", "notes.txt", "c.YML"):
        (tmp_path / name).write_text("")
    assert [path.name for path in yaml_files(tmp_path)] == ["a-b.yml", "a.yml", "a.yaml", "b.yaml"]
    assert yaml_files(tmp_path / "missing") == []


def test_an_organisation_in_a_yaml_file_is_listed_validated_built_and_served(minimal: Path) -> None:
    rename(minimal / "schools" / "school.yml", ".yaml")
    assert organisation_ids(minimal) == ["board", "school"]
    code, out, _ = run(minimal, "list")
    assert code == 0 and "Example Primary School" in out
    code, out, _ = run(minimal, "validate")
    assert code == 0 and "2 organisations" in out
    code, _, err = run(minimal, "build", "school")
    assert code == 0, err
    assert (minimal / "build" / "school" / "site" / "index.html").is_file()
    code, _, err = run(minimal, "serve", "schol")  # the look-up knows the school, and stops before serving
    assert code == 2 and "no organisation 'schol' (did you mean 'school'?)" in err
    code, _, err = run(minimal, "serve")
    assert code == 2 and "one of board, school" in err


def test_a_problem_in_a_yaml_file_names_that_file(minimal: Path) -> None:
    path = rename(minimal / "schools" / "school.yml", ".yaml")
    path.write_text(path.read_text().replace("kind: school", "kidn: school"))
    code, _, err = run(minimal, "validate")
    assert code == 1
    assert "schools/school.yaml:2:1: kidn: unknown key (did you mean 'kind'?)" in err


def test_an_organisation_in_both_a_yml_and_a_yaml_file_is_refused(minimal: Path) -> None:
    school = minimal / "schools" / "school.yml"
    (minimal / "schools" / "school.yaml").write_text(school.read_text())
    code, _, err = run(minimal, "validate")
    assert code == 1
    assert "schools/school.yaml:1:1: duplicate organisation id 'school' (.yml and .yaml)" in err


def test_clauses_in_a_yaml_file_are_read(minimal: Path) -> None:
    rename(minimal / "content" / "clauses" / "basics.yml", ".yaml")
    assert [path.name for path in clause_files(minimal / "content")] == ["basics.yaml"]
    code, out, _ = run(minimal, "validate")
    assert code == 0 and "OK: 6 clauses, 1 document, 2 organisations." in out
    code, out, _ = run(minimal, "clauses", "privacy")
    assert code == 0 and "privacy-settings" in out


def test_a_release_file_ending_in_yaml_is_read_and_added_to(minimal: Path) -> None:
    code, _, err = run(minimal, "release", "board", "1.0", "--notes", "First.", "--date", "2025-06-01")
    assert code == 0, err
    moved = rename(minimal / "releases" / "board.yml", ".yaml")
    assert release_file(minimal, "board") == moved
    code, _, err = run(minimal, "release", "board", "1.0", "--notes", "Again.")
    assert code == 1 and "board already has a release 1.0" in err
    code, _, err = run(minimal, "release", "board", "1.1", "--notes", "Second.", "--date", "2025-07-01")
    assert code == 0 and "Recorded board 1.1 in releases/board.yaml." in err
    assert not (minimal / "releases" / "board.yml").exists()


def test_a_starter_is_not_written_over_an_organisation_in_a_yaml_file(minimal: Path) -> None:
    rename(minimal / "schools" / "school.yml", ".yaml")
    code, _, err = run(minimal, "new", "school", "school", "--extends", "board")
    assert code == 1
    assert "schools/school.yaml already exists: choose another id, or edit that file; nothing was written." in err
    assert not (minimal / "schools" / "school.yml").exists()


def test_the_digest_of_a_projects_files_never_reads_through_a_link_out_of_it(minimal: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("one")
    (minimal / "schools" / "logos" / "evil.svg").symlink_to(secret)
    before = inputs_digest(minimal)
    secret.write_text("two")  # unread: the link is hashed by where it points
    assert inputs_digest(minimal) == before
    logo = minimal / "schools" / "logos" / "school.svg"
    logo.write_text(logo.read_text() + "<!-- redrawn -->\n")
    assert inputs_digest(minimal) != before
    (minimal / "schools" / "logos" / "same.svg").symlink_to(logo)  # a link inside the project is read
    with_link = inputs_digest(minimal)
    logo.write_text(logo.read_text() + "<!-- again -->\n")
    assert inputs_digest(minimal) != with_link
