import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

COMMANDS = sorted(main.commands)


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--project", str(project), *args])
    return result.exit_code, result.stdout, result.stderr


def test_validate_ok(minimal: Path) -> None:
    code, out, _ = run(minimal, "validate")
    assert code == 0
    assert "OK: 6 clauses, 1 document, 2 organisations." in out


def test_validate_reports_a_typo_with_file_and_line(minimal: Path) -> None:
    path = minimal / "schools" / "school.yml"
    path.write_text(path.read_text().replace("kind: school", "kidn: school"))
    code, _, err = run(minimal, "validate")
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[1].startswith("schools/school.yml:2:1: kidn: unknown key (did you mean 'kind'?)")
    assert "schools/school.yml:1:1: kind: required key is missing" in lines
    assert lines[-1] == "2 problems found; 1 of 2 organisations cannot be built."
    assert "Traceback" not in err


def test_build_named_organisation(minimal: Path) -> None:
    code, _, err = run(minimal, "build", "school")
    assert code == 0, err
    assert (minimal / "build" / "school" / "site" / "index.html").is_file()
    assert not (minimal / "build" / "board").exists()
    assert "1 built, 0 unchanged, 0 failed" in err
    code, _, err = run(minimal, "build", "school")
    assert code == 0 and "0 built, 1 unchanged, 0 failed" in err


def test_full_build_builds_every_valid_organisation_and_names_the_invalid(minimal: Path) -> None:
    (minimal / "schools" / "school.yml").write_text("name: X\nkind: school\nextends: nobody\n")
    code, _, err = run(minimal, "build", "--jobs", "1")
    assert code == 1
    assert (minimal / "build" / "board" / "site" / "index.html").is_file()
    assert not (minimal / "build" / "school").exists()
    assert "schools/school.yml:3:1: extends: unknown organisation 'nobody'" in err
    assert any(line.split()[:1] == ["school"] and line.rstrip().endswith("invalid") for line in err.splitlines())
    assert "1 built, 0 unchanged, 0 failed, 1 invalid" in err


def test_build_nothing_when_the_library_is_invalid(minimal: Path) -> None:
    (minimal / "content" / "library.yml").write_text("title: X\nversion: one\n")
    code, _, err = run(minimal, "build")
    assert code == 1
    assert not (minimal / "build").exists()
    assert err.strip().splitlines()[-1] == "1 problem found; nothing was built."


def test_build_unknown_organisation(minimal: Path) -> None:
    code, _, err = run(minimal, "build", "shcool")
    assert code == 1
    assert "no organisation 'shcool' (did you mean 'school'?)" in err


def test_list(minimal: Path) -> None:
    code, out, _ = run(minimal, "list")
    assert code == 0
    assert "Example Primary School" in out and "staff-policy" in out


def test_clauses_search_by_word_and_topic(minimal: Path) -> None:
    code, out, _ = run(minimal, "clauses", "privacy", "--topic", "privacy")
    assert code == 0
    assert "privacy-settings" in out and "board, school" in out
    code, _, err = run(minimal, "clauses", "zebra")
    assert code == 1 and "No clause matches." in err


ROOT = Path(__file__).resolve().parent.parent


def tsv(out: str) -> list[dict[str, str]]:
    """Rows of a look-up command's tab-separated output, by heading."""
    header, *lines = out.splitlines()
    return [dict(zip(header.split("\t"), line.split("\t"), strict=True)) for line in lines if "\t" in line]


def test_documents_lists_the_librarys_and_each_boards_documents_with_who_may_publish_them() -> None:
    code, out, err = run(ROOT, "documents")
    assert code == 0, err
    rows = {row["Document"]: row for row in tsv(out)}
    assert rows["staff-advice-sheet"]["From"] == "library"
    assert rows["staff-advice-sheet"]["Who may publish"] == "any organisation"
    assert "brackenmoor-learning-trust" in rows["staff-advice-sheet"]["Published by"].split(", ")
    board = rows["fenmoor-online-allegations-procedure"]
    assert board["From"] == "fenmoor-safeguarding-partnership"
    assert board["Who may publish"] == "fenmoor-safeguarding-partnership and those extending it"
    assert board["Published by"] == "fenmoor-safeguarding-partnership, saltmarsh-primary"
    assert list(rows)[-1] == "fenmoor-online-allegations-procedure"  # the library's first, then each board's


def test_clauses_prints_a_clauses_text_and_an_organisations_filled_in_text() -> None:
    code, out, err = run(ROOT, "clauses", "pupils-encouraged-to-post-appropriately")
    assert code == 0, err
    assert "Text of pupils-encouraged-to-post-appropriately:\n  Pupils/young people are encouraged" in out
    assert "about the {{ setting }}." in out
    code, out, err = run(ROOT, "clauses", "parents-refer-to-acceptable-use-policy", "--org", "willowbrook-primary")
    assert code == 0, err
    assert "willowbrook-primary, social-media-template-policy (reworded):\n  Please read the parent and carer" in out
    code, out, _ = run(ROOT, "clauses", "pupils-encouraged-to-post-appropriately", "--org", "willowbrook-primary")
    assert "willowbrook-primary, social-media-template-policy: not published (excluded by willowbrook-primary)." in out
    code, _, err = run(ROOT, "clauses", "privacy", "settings", "--org", "willowbrook-primary")
    assert code == 2 and "--org needs exactly one clause id" in err


def test_people_are_placeholders_filled_from_the_organisations_file(minimal: Path) -> None:
    school = minimal / "schools" / "school.yml"
    school.write_text(
        school.read_text().replace(
            "text: Class teachers post to the class blog only with the Headteacher's approval.",
            "text: Ask {{ headteacher.name }} ({{ headteacher.title }}, {{ headteacher.email }}) first.",
        )
    )
    code, out, err = run(minimal, "clauses", "class-blog", "--org", "school")
    assert code == 0, err
    assert "Text of" not in out
    assert "  Ask Mrs Jane Harper (Headteacher, [head@example.org](mailto:head@example.org)) first." in out
    code, _, err = run(minimal, "build", "school")
    assert code == 0, err
    page = (minimal / "build" / "school" / "site" / "staff-social-media-policy.html").read_text()
    assert 'Ask Mrs Jane Harper (Headteacher, <a href="mailto:head@example.org">head@example.org</a>) first.' in page


def test_status_of_a_trust_shows_it_and_the_academies_extending_it() -> None:
    code, out, err = run(ROOT, "status", "brackenmoor-learning-trust", "--today", "2026-09-01")
    assert code == 0, err
    assert {row["Organisation"] for row in tsv(out)} == {
        "brackenmoor-learning-trust",
        "brackenmoor-primary-academy",
        "heronsgate-academy",
    }
    code, _, err = run(ROOT, "status", "brackenmoor-learnign-trust")
    assert code == 1 and "did you mean 'brackenmoor-learning-trust'?" in err


def test_not_a_project(tmp_path: Path) -> None:
    code, _, err = run(tmp_path, "validate")
    assert code == 2
    assert "is not a Policy Pack project" in err


@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_project_without_mkdocs_yml_or_templates(minimal: Path, command: str) -> None:
    (minimal / "mkdocs.yml").unlink()
    shutil.rmtree(minimal / "templates" / "print")
    code, _, err = run(minimal, command)
    assert code == 1
    assert err.splitlines() == [
        "mkdocs.yml:1:1: not found: a project needs mkdocs.yml, the base site configuration every organisation's "
        "site inherits",
        "templates/print:1:1: not found: a project needs templates/print, the templates of the PDFs",
        "2 problems found; "
        + ("nothing was built." if command == "build" else "every organisation needs these fixed first."),
    ]
    assert not (minimal / "build").exists()


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_help_ends_with_an_example(command: str | None, minimal: Path) -> None:
    args = ["--help"] if command is None else [command, "--help"]
    result = CliRunner().invoke(main, ["--project", str(minimal), *args])
    assert result.exit_code == 0
    *_, heading, example = result.stdout.strip().splitlines()
    assert heading.strip() == "Example:"
    assert example.strip().startswith(f"policy-pack {command or ''}".strip())


def test_validate_warns_about_colours_that_fail_contrast(minimal: Path) -> None:
    path = minimal / "schools" / "school.yml"
    path.write_text(path.read_text().replace('primary: "#1d4f91"', 'primary: "#ffcc00"'))
    code, _, err = run(minimal, "validate")
    assert code == 0
    assert (
        "warning: schools/school.yml:4:1: branding: primary colour #ffcc00 has a contrast of 1.5:1 with white "
        "header text, short of the 4.5:1 WCAG AA needs: headers use black text (13.8:1)"
    ) in err


def test_output_that_is_not_a_terminal_keeps_whole_lines(minimal: Path) -> None:
    long_id = "the-very-long-named-church-of-england-voluntary-aided-primary-school"
    text = (minimal / "schools" / "school.yml").read_text()  # a copy of the school under a name of its own
    (minimal / "schools" / f"{long_id}.yml").write_text(
        text.replace("name: Example Primary School", "name: St Aidan's")
    )
    code, _, err = run(minimal, "build", long_id)
    assert code == 0, err
    row = next(line for line in err.splitlines() if long_id in line)
    assert row.split()[-1] == "built" and "…" not in err  # one line, not cut to 80 columns
    assert len(row) > 80
