"""An estate of many organisation files written by many people: one file's mistake stays in that file."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from generator.build.locks import passed
from generator.build.write import report_json, validate_project
from generator.cli import app as cli
from generator.model.coverage import coverage_of
from generator.model.placeholders import fill
from generator.model.resolve import resolve_organisation
from tests.conftest import ROOT


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.main, ["--project", str(project), *args])
    return result.exit_code, result.stdout, result.stderr


def write(project: Path, org: str, text: str) -> None:
    (project / "schools" / f"{org}.yml").write_text(text)


def edit(project: Path, org: str, old: str, new: str) -> None:
    path = project / "schools" / f"{org}.yml"
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))


def test_building_a_school_ignores_a_typo_in_an_unrelated_file(minimal: Path) -> None:
    write(minimal, "oak-academy", "name: Oak Academy\nkidn: academy\n")
    code, _, err = run(minimal, "build", "school", "--jobs", "1")
    assert (minimal / "build" / "school" / "site" / "index.html").is_file()
    assert "warning: schools/oak-academy.yml:2:1: kidn: unknown key (did you mean 'kind'?)" in err
    assert "1 built, 0 unchanged, 0 failed, 0 invalid" in err
    assert code == 1  # the problem elsewhere is still reported in the exit code


def test_release_works_whatever_adopters_say(minimal: Path) -> None:
    edit(minimal, "school", "adopted: 2025-09-01\n", "adopted: 2025-09-01\nadopted_from: board@2026.2\n")
    code, _, err = run(minimal, "validate")
    assert code == 1 and "board has no release '2026.2'" in err
    assert "`policy-pack release board 2026.2 --notes TEXT`" in err
    write(minimal, "oak-academy", "name: Oak Academy\nkidn: academy\n")  # an unrelated mistake does not stop it
    code, _, err = run(minimal, "release", "board", "2026.2", "--notes", "First.", "--date", "2026-01-05")
    assert code == 0, err
    (minimal / "schools" / "oak-academy.yml").unlink()
    assert run(minimal, "validate")[0] == 0
    project = validate_project(minimal)
    # The publisher's release, not the library's version (1.0); the school's own changes are marked.
    assert [d.version for d in resolve_organisation(project, "board").documents] == ["2026.2"]
    assert [d.version for d in resolve_organisation(project, "school").documents] == ["2026.2 + local changes"]


def test_a_new_lock_fails_only_the_school_that_rewords_the_clause(minimal: Path) -> None:
    run(minimal, "release", "board", "1.0", "--notes", "First.", "--date", "2025-06-01")
    edit(minimal, "school", "adopted: 2025-09-01\n", "adopted: 2025-09-01\nadopted_from: board@1.0\n")
    edit(minimal, "board", "locked: [privacy-settings]", "locked: [privacy-settings, purpose]")
    code, _, err = run(minimal, "build", "--jobs", "1")
    assert code == 1
    assert (minimal / "build" / "board" / "site" / "index.html").is_file()
    assert not (minimal / "build" / "school").exists()
    assert (
        "schools/school.yml:18:7: documents.staff-policy.reword.purpose: clause 'purpose' is locked by board "
        "(schools/board.yml:3), a lock added after release 1.0, which this organisation adopted: every organisation extending it must keep the clause as written, so it cannot "
        "be reworded here; delete this rewording (keep a copy of your text), or ask board to unlock it"
    ) in err
    assert "1 built, 0 unchanged, 0 failed, 1 invalid" in err


def test_n_independent_mistakes_in_n_files_are_n_problems_in_one_run(minimal: Path) -> None:
    edit(minimal, "board", "locked:", "lokced:")  # the school extending the board must not be blamed for it
    edit(minimal, "school", "adopted: 2025-09-01\n", "adopted: 2025-09-01\nadopted_from: board@1.0\n")
    school = "kind: school\nparameters: {training_email: t@example.org}\n"
    mistakes = {
        "colour": "name: A\n" + school + "branding: {primary: blue}\n",
        "extends": "name: B\n" + school + "extends: nobody-here\n",
        "document": "name: C\n" + school + "documents: {staf-policy: {}}\n",
        "role": "name: D\n" + school + "people: {heatdeacher: {name: Ms D}}\n",
        "exclude": "name: E\n" + school + "documents: {staff-policy: {exclude: [no-such-clause]}}\n",
        "release": "name: F\n" + school + "adopted_from: library@9.9\n",
        "unreadable": "name: [G\n" + school,
    }
    for org, text in mistakes.items():
        write(minimal, org, text)
    code, _, err = run(minimal, "validate")
    problems = [line for line in err.splitlines() if line.startswith("schools/")]
    assert code == 1
    assert sorted(Path(line.split(":")[0]).stem for line in problems) == sorted([*mistakes, "board"]), err
    assert err.strip().splitlines()[-1].startswith(f"{len(mistakes) + 1} problems found;")


def test_schema_and_cross_reference_problems_of_one_file_come_in_one_pass(minimal: Path) -> None:
    edit(minimal, "school", '  primary: "#1d4f91"', '  primry: "#1d4f91"')
    edit(minimal, "school", "exclude: [training]", "exclude: [trainnig]")
    code, _, err = run(minimal, "validate")
    assert code == 1
    assert "schools/school.yml:6:3: branding.primry: unknown key (did you mean 'primary'?)" in err
    assert "exclude[0]: clause 'trainnig' is not in document 'staff-policy' (did you mean 'training'?)" in err


def test_clauses_search_whole_words_in_what_each_organisation_publishes(minimal: Path) -> None:
    edit(
        minimal,
        "board",
        "  staff-policy: {}",
        "  staff-policy:\n    add:\n      - {id: board-helpline, title: Helpline, text: Ring the helpline., "
        "section: guidance}",
    )
    code, out, _ = run(minimal, "clauses", "training", "--format", "json")
    (training,) = json.loads(out)
    assert code == 0 and training["organisations"] == ["board"]  # the school excludes it
    (helpline,) = json.loads(run(minimal, "clauses", "helpline", "--format", "json")[1])
    assert helpline["clause"] == "board-helpline" and helpline["from"] == "board"
    assert helpline["organisations"] == ["board", "school"]
    assert run(minimal, "clauses", "AI")[0] == 1  # not found inside "abide"
    (privacy,) = json.loads(run(minimal, "clauses", "privacy", "--format", "json")[1])
    assert privacy["locked_by"] == ["board"]


def test_ids_are_never_cut_and_pipes_get_full_lines(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    long_id = "a-very-long-local-clause-id-that-names-exactly-what-it-covers"
    edit(minimal, "school", "id: class-blog", f"id: {long_id}")
    for width in (50, 160):  # a block of lines per clause when narrow, a table when wide: the id always whole
        monkeypatch.setattr(cli, "out", Console(width=width, highlight=False))
        _, out, _ = run(minimal, "clauses", "blog", "--format", "table")
        assert long_id in out
        assert ("Clause " in out) == (width == 160)
    monkeypatch.setattr(cli, "out", Console(highlight=False))
    _, out, _ = run(minimal, "clauses", "blog")  # not a terminal: tab-separated full lines
    assert out.splitlines()[1].split("\t")[:3] == [long_id, "Class blog", "should"]
    _, out, _ = run(minimal, "list")
    assert "school\tExample Primary School\tschool\tboard\tstaff-policy" in out.splitlines()


def test_changes_without_colour_mark_words_deleted_and_inserted(minimal: Path) -> None:
    run(minimal, "release", "board", "1.0", "--notes", "First.", "--date", "2025-06-01")
    edit(minimal, "school", "adopted: 2025-09-01\n", "adopted: 2025-09-01\nadopted_from: board@1.0\n")
    edit(
        minimal,
        "board",
        "  staff-policy: {}",
        "  staff-policy:\n    reword:\n      no-personal-use: That they should never use these sites at work;",
    )
    code, out, _ = run(minimal, "changes", "school")
    assert code == 0
    assert "[-not access-] {+never use+} these sites [-for personal use during working hours;-]" in out


def test_an_unknown_organisation_in_a_query_is_named_with_a_suggestion(minimal: Path) -> None:
    for command in (["changes", "shcool"], ["deviations", "shcool"]):
        code, _, err = run(minimal, *command)
        assert code == 1
        assert "no organisation 'shcool' (did you mean 'school'?)" in err
        assert "nothing was built" not in err


def test_inherited_logo_empty_site_and_dropped_links_are_warned_of(minimal: Path) -> None:
    edit(minimal, "board", "kind: board\n", "kind: board\nbranding: {logo: logos/school.svg}\n")
    edit(minimal, "school", "  logo: logos/school.svg\n", "")
    edit(minimal, "school", "Headteacher's approval.", "Headteacher's approval. [Ask](javascript:alert(1)).")
    write(minimal, "agency", "name: Some Agency\nkind: agency\n")
    code, _, err = run(minimal, "validate")
    assert code == 0, err
    assert (
        "warning: schools/school.yml:4:1: branding: no logo of its own, so its site and PDFs show board's logo" in err
    )
    assert "warning: schools/agency.yml:1:1: publishes no documents, so its site would be empty" in err
    assert (
        "warning: schools/school.yml:20:9: documents.staff-policy.add[class-blog].text: link 'Ask' to "
        "'javascript:alert(1)' will be shown as plain words"
    ) in err


def test_a_leader_named_only_by_the_organisation_extended_is_warned_of(minimal: Path) -> None:
    edit(minimal, "board", "kind: board\n", "kind: board\npeople:\n  chair_of_governors: {name: Mr Trust Chair}\n")
    code, _, err = run(minimal, "validate")
    assert code == 0, err
    assert (
        "warning: schools/school.yml:8:1: people: school 'school' names no Chair of Governors: its policies are "
        "signed locally, so that signature is left blank rather than signed by Mr Trust Chair"
    ) in err
    edit(minimal, "school", "people:\n", "people:\n  chair_of_governors: {name: Ms Own Chair}\n")
    assert "names no Chair of Governors" not in run(minimal, "validate")[2]


def test_a_board_titles_its_document_in_its_own_file(minimal: Path) -> None:
    edit(
        minimal,
        "board",
        "  staff-policy: {}",
        "  staff-policy: {title: Board model staff policy, subtitle: For schools in the county}",
    )
    project = validate_project(minimal)
    for org in ("board", "school"):  # kept by the school extending the board
        (document,) = resolve_organisation(project, org).documents
        assert (document.title, document.subtitle) == ("Board model staff policy", "For schools in the county")
    edit(minimal, "school", "  staff-policy:\n", "  staff-policy:\n    title: Our staff policy\n")
    (document,) = resolve_organisation(validate_project(minimal), "school").documents
    assert (document.title, document.subtitle) == ("Our staff policy", "For schools in the county")


def test_a_board_declares_a_parameter_of_its_own_for_the_clauses_it_adds(minimal: Path) -> None:
    clause = "{id: lado, title: LADO, text: 'Ring the LADO on {{ lado_phone }}.', section: guidance}"
    edit(minimal, "board", "  staff-policy: {}", f"  staff-policy:\n    add:\n      - {clause}")
    code, _, err = run(minimal, "validate")
    assert code == 1
    assert "unknown parameter {{ lado_phone }}; declare it in content/parameters.yml, or under declares" in err
    declares = (
        "declares:\n  parameters:\n    lado_phone: {type: text, label: LADO telephone, "
        "description: The LADO's number., example: '01604 000000'}\n"
    )
    edit(minimal, "board", "kind: board\n", "kind: board\n" + declares)
    code, _, err = run(minimal, "validate")
    assert code == 1 and "schools/school.yml" in err and "missing parameter 'lado_phone'" in err
    edit(minimal, "school", "  setting: school\n", "  setting: school\n  lado_phone: '01604 123456'\n")
    assert run(minimal, "validate")[0] == 0
    project = validate_project(minimal)
    texts = {o: [c.text for c in resolve_organisation(project, o).documents[0].clauses()] for o in ("board", "school")}
    assert "Ring the LADO on 01604 123456." in texts["school"]
    assert 'Ring the LADO on <mark class="fill-in">[LADO telephone]</mark>.' in texts["board"]  # a template
    edit(
        minimal,
        "board",
        "    lado_phone: {type",
        "    training_email: {type: email, label: E, description: E., example: a@b.org}\n    lado_phone: {type",
    )
    assert "'training_email' is already defined in content/parameters.yml" in run(minimal, "validate")[2]


def test_a_single_brand_takes_a_singular_verb() -> None:
    project = validate_project(ROOT)
    text = project.library.clauses["candidate-guidance-purpose"].text
    types = {"brand_names": "list"}
    one = fill(text, {"brand_names": ["Teach Direct"]}, types=types, blank=str)
    two = fill(text, {"brand_names": ["Teach Direct", "Smart Teachers"]}, types=types, blank=str)
    assert one.startswith("Teach Direct acknowledges that")
    assert two.startswith("Teach Direct and Smart Teachers acknowledge that")


def test_a_brand_owns_its_consultant_with_the_right_apostrophe() -> None:
    text = validate_project(ROOT).library.clauses["candidates-raise-concerns-through-proper-channels"].text
    values = {"consultant_title": "consultant"}
    types = {"brand_names": "list"}

    def said(brands: list[str]) -> str:
        return fill(text, {**values, "brand_names": brands}, types=types, blank=str).split("call your ", 1)[1]

    assert said(["Teach Direct"]) == "Teach Direct's consultant."
    assert said(["Vision for Education", "Smart Teachers"]) == "Vision for Education or Smart Teachers' consultant."
    assert said(["Smart Teachers"]) == "Smart Teachers' consultant."


def test_report_names_who_locks_each_clause(minimal: Path) -> None:
    project = validate_project(minimal)
    school = resolve_organisation(project, "school")
    clauses = json.loads(report_json(school, passed(project, school), coverage_of(project, school)))["clauses"]
    locked = {entry["clause"]: entry["locked_by"] for entry in clauses}
    assert locked["privacy-settings"] == "board" and locked["purpose"] is None


def test_the_readme_example_of_a_mistake_is_real_output(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    shown = readme.split("A mistake reads like this", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    project = tmp_path / "project"
    for name in ("content", "schools", "templates", "releases"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project)
    edit(project, "willowbrook-primary", '  primary: "#2f5d1e"', '  primry: "#2f5d1e"')
    edit(
        project,
        "willowbrook-primary",
        "      - pupils-encouraged-to-post-appropriately\n",
        "      - pupils-encouraged-to-post-appropriately\n      - no-following-pupils\n",
    )
    code, _, err = run(project, "validate")
    assert code == 1
    assert err == shown


def test_status_warns_of_a_publisher_changed_since_its_release(minimal: Path) -> None:
    run(minimal, "release", "board", "1.0", "--notes", "First.", "--date", "2025-06-01")
    assert "has changed since its release" not in run(minimal, "status", "--today", "2025-10-01")[2]
    edit(minimal, "board", "locked: [privacy-settings]", "locked: [privacy-settings, purpose]")
    edit(minimal, "school", "      purpose: This policy", "      training: This policy")
    edit(minimal, "school", "exclude: [training]", "exclude: []")
    _, out, err = run(minimal, "status", "--today", "2025-10-01")
    assert "warning: board has changed since its release 1.0" in err
    assert "board\tstaff-policy\t1.0+unreleased\t" in out


def test_a_broken_library_stops_every_command_without_claiming_a_build(minimal: Path) -> None:
    (minimal / "content" / "library.yml").write_text("title: X\nversion: one\n")
    code, _, err = run(minimal, "list")
    assert code == 1
    assert err.strip().splitlines()[-1] == "1 problem found; every organisation needs these fixed first."


def test_building_an_invalid_school_by_name_shows_why_and_builds_nothing(minimal: Path) -> None:
    edit(minimal, "school", "exclude: [training]", "exclude: [privacy-settings]")
    code, _, err = run(minimal, "build", "school", "--jobs", "1")
    assert code == 1
    assert "documents.staff-policy.exclude[0]: clause 'privacy-settings' is locked by board" in err
    assert "0 built, 0 unchanged, 0 failed, 1 invalid" in err
    assert not (minimal / "build" / "school").exists() and not (minimal / "build" / "board").exists()


def test_a_key_at_fault_leads_to_no_further_problem_in_the_same_file(minimal: Path) -> None:
    edit(minimal, "school", "  setting: school\n", "  setting: {a: 1}\n  training_emial: x\n")
    edit(minimal, "school", "extends: board\n", "extends: Board\n")
    edit(minimal, "school", "after: privacy-settings", "after: privacy-setting")
    code, _, err = run(minimal, "validate")
    problems = [line.split(": ")[1] for line in err.splitlines() if line.startswith("schools/")]
    assert code == 1  # not: the parameter 'setting' is missing; nor: the board's clauses are not in the document
    assert problems == ["extends", "parameters.setting", "parameters.training_emial"], err
