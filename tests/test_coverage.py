"""Requirements, the clauses meeting them, and citations with a currency: the catalogue, coverage, its warnings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rich.console import Console

from generator.build.write import plan_site, validate_project
from generator.checks.notices import organisation_warnings
from generator.cli import app as cli
from generator.cli import main
from generator.model.coverage import coverage_of
from generator.model.resolve import resolve_organisation
from tests.conftest import GOLDEN, ROOT, SHIPPED_TODAY, copy_project

REQUIREMENTS = yaml.safe_load((ROOT / "content" / "requirements.yml").read_text(encoding="utf-8"))
CITATIONS = yaml.safe_load((ROOT / "content" / "citations.yml").read_text(encoding="utf-8"))

CATALOGUE = {
    "content/citations.yml": """\
guidance-2015:
  title: Example guidance
  kind: document
  edition: "2015"
  status: superseded
  replaced_by: guidance-2024
  since: "2024"
guidance-2024:
  title: Example guidance
  kind: document
  edition: "2024"
  url: https://www.example.org/guidance
  status: current
""",
    "content/requirements.yml": """\
privacy-expected:
  title: Private accounts
  source: guidance-2024
  edition: "2024"
  date: "2024"
  section: Section 1
  summary: Staff keep their personal accounts private.
  url: https://www.example.org/guidance
  applies_to: [school]
training-expected:
  title: Training
  source: guidance-2024
  edition: "2024"
  date: "2024"
  section: Section 2
  summary: Staff know where to get training.
  url: https://www.example.org/guidance
  applies_to: [school]
board-expected:
  title: Local arrangements
  source: guidance-2024
  edition: "2024"
  date: "2024"
  section: Section 3
  summary: A board's model ties schools to local arrangements.
  url: https://www.example.org/guidance
  applies_to: [board]
""",
}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def with_catalogue(minimal: Path) -> Path:
    """The minimal project with three requirements: privacy-settings meets one, training (which the school
    excludes) another, and nothing meets the board's."""
    for name, text in CATALOGUE.items():
        (minimal / name).write_text(text, encoding="utf-8")
    clauses = minimal / "content" / "clauses" / "basics.yml"
    edit(clauses, "  topics: [privacy]\n", "  topics: [privacy]\n  satisfies: [privacy-expected]\n")
    edit(
        clauses,
        "For training, contact {{ training_email }}.\n  audience: [staff]\n",
        "For training, contact {{ training_email }}.\n  audience: [staff]\n  satisfies: [training-expected]\n",
    )
    return minimal


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--project", str(project), *args])
    return result.exit_code, result.stdout, result.stderr


def test_every_requirement_names_its_source_edition_address_and_what_was_not_verified() -> None:
    assert len(REQUIREMENTS) >= 12
    for ident, requirement in REQUIREMENTS.items():
        assert requirement["url"].startswith("https://"), ident
        assert requirement["edition"] and requirement["date"] and requirement["section"], ident
        assert requirement["source"] in CITATIONS, ident
        assert requirement.get("paragraph") or requirement.get("unverified"), f"{ident}: no paragraph, and no reason"
        assert len(requirement["summary"].split(".")) == 2, f"{ident}: the summary is one sentence"


def test_the_catalogue_covers_what_the_guidance_asks_of_a_staff_online_conduct_policy() -> None:
    sources = {CITATIONS[r["source"]]["title"].split(" 20")[0] for r in REQUIREMENTS.values()}
    assert sources == {
        "Keeping children safe in education",
        "Guidance for Safer Working Practice for those working with children and young people in education settings",
        "Working Together to Safeguard Children",
    }
    kinds = {kind for r in REQUIREMENTS.values() for kind in r["applies_to"]}
    assert {"school", "academy", "trust", "agency", "board"} <= kinds


def test_coverage_lists_the_clauses_meeting_each_requirement_and_the_gaps(minimal: Path) -> None:
    project = validate_project(with_catalogue(minimal))
    coverage = coverage_of(project, resolve_organisation(project, "school"))
    assert [(entry.id, [m.clause for m in entry.clauses]) for entry in coverage.requirements] == [
        ("privacy-expected", ["privacy-settings"]),
        ("training-expected", []),
    ]
    board = coverage_of(project, resolve_organisation(project, "board"))
    assert board.kinds == ("board", "school"), "a template is judged as the schools adopting it too"
    assert [gap.id for gap in board.gaps] == ["board-expected"]


def test_excluding_the_only_clause_meeting_a_requirement_warns_naming_it(minimal: Path) -> None:
    project = validate_project(with_catalogue(minimal))
    messages = [str(w) for w in organisation_warnings(project, "school")]
    assert messages == [
        "schools/school.yml:15:15: documents.staff-policy.exclude[0]: excluding 'training' leaves requirement "
        "'training-expected' (Training) with no clause meeting it; keep the clause, or add one of your own that "
        "meets it (satisfies: [training-expected])"
    ]


def test_an_added_clause_that_meets_the_requirement_answers_the_warning(minimal: Path) -> None:
    with_catalogue(minimal)
    edit(
        minimal / "schools" / "school.yml",
        "        after: privacy-settings\n",
        "        after: privacy-settings\n"
        "      - id: our-training\n        title: Training\n        text: Ask the office about training.\n"
        "        after: privacy-settings\n        satisfies: [training-expected]\n",
    )
    project = validate_project(minimal)
    assert organisation_warnings(project, "school") == []
    coverage = coverage_of(project, resolve_organisation(project, "school"))
    assert coverage.gaps == []
    assert [(m.clause, m.status) for m in coverage.requirements[1].clauses] == [("our-training", "added")]


def test_a_board_template_with_a_requirement_uncovered_is_warned(minimal: Path) -> None:
    project = validate_project(with_catalogue(minimal))
    messages = [w.message for w in organisation_warnings(project, "board")]
    assert (
        "this template has no clause meeting 1 requirement: board-expected; the schools adopting it inherit the "
        "gaps (policy-pack coverage board)" in " ".join(messages)
    ), messages


def test_a_superseded_citation_warns_its_maintainer_and_leaves_the_published_words(minimal: Path) -> None:
    with_catalogue(minimal)
    edit(minimal / "schools" / "school.yml", "adopted: 2025-09-01\n", "adopted: 2025-09-01\ncites: [guidance-2015]\n")
    project = validate_project(minimal)
    warned = [str(w) for w in organisation_warnings(project, "school") if "cites" in str(w)]
    assert warned == [
        "schools/school.yml:13:9: cites[0]: its published text cites Example guidance (2015), superseded by its 2024 "
        "edition. The published words are left as its source wrote them; its maintainer should review them"
    ]
    pages = plan_site(project, "school").pages
    edit(minimal / "content" / "citations.yml", "  status: superseded\n", "  status: current\n")
    current = validate_project(minimal)
    assert not [w for w in organisation_warnings(current, "school") if "cites" in str(w)]
    assert plan_site(current, "school").pages == pages, "the warning is never written into the site"


def test_a_clause_that_cites_an_abolished_body_warns_whoever_publishes_it(minimal: Path) -> None:
    with_catalogue(minimal)
    (minimal / "content" / "citations.yml").write_text(
        CATALOGUE["content/citations.yml"]
        + "old-council:\n  title: Example County Council\n  kind: body\n  status: abolished\n  since: 1 April 2021\n",
        encoding="utf-8",
    )
    edit(
        minimal / "content" / "clauses" / "basics.yml",
        "  satisfies: [training-expected]\n",
        "  satisfies: [training-expected]\n  cites: [old-council]\n",
    )
    project = validate_project(minimal)
    board = [str(w) for w in organisation_warnings(project, "board") if "Council" in str(w)]
    assert board == [
        "schools/board.yml:7:3: documents.staff-policy: its published text cites Example County Council, abolished "
        "(1 April 2021). The published words are left as its source wrote them; its maintainer should review them"
    ]
    assert not [w for w in organisation_warnings(project, "school") if "Council" in str(w)], "it excludes the clause"


def test_coverage_command_prints_json_and_exits_1_on_a_gap(minimal: Path) -> None:
    code, out, err = run(with_catalogue(minimal), "coverage", "school", "--format", "json")
    assert code == 1
    rows = json.loads(out)
    assert rows[0] == {
        "requirement": "privacy-expected",
        "source": "Example guidance, Section 1",
        "clauses": ["staff-policy: privacy-settings"],
        "status": "met",
    }
    assert rows[1]["status"] == "gap" and rows[1]["clauses"] == []
    assert "1 of 2 requirements met; no clause meets: training-expected" in err


def test_coverage_command_tsv_and_exit_0_when_every_requirement_is_met(minimal: Path) -> None:
    with_catalogue(minimal)
    edit(minimal / "schools" / "school.yml", "    exclude: [training]\n", "")
    code, out, err = run(minimal, "coverage", "school", "--format", "tsv")
    assert code == 0, err
    assert out.splitlines() == [
        "Requirement\tSource\tClauses\tStatus",
        "privacy-expected\tExample guidance, Section 1\tstaff-policy: privacy-settings\tmet",
        "training-expected\tExample guidance, Section 2\tstaff-policy: training\tmet",
    ]
    assert "All 2 requirements met." in err


def test_coverage_command_names_an_unknown_organisation(minimal: Path) -> None:
    code, _, err = run(with_catalogue(minimal), "coverage", "shcool")
    assert code == 1
    assert "no organisation 'shcool' (did you mean 'school'?)" in err


def test_shipped_longton_primary_is_told_its_guidance_edition_is_superseded_and_says_what_its_source_says(
    tmp_path: Path,
) -> None:
    project = validate_project(ROOT)
    messages = [w.message for w in organisation_warnings(project, "longton-primary")]
    assert any(
        m.startswith("its published text cites Guidance for Safer Working Practice")
        and "(October 2015), superseded by its May 2019 edition" in m
        for m in messages
    ), messages
    page = (
        GOLDEN / "longton-primary" / "policy-on-the-use-of-social-networking-sites-and-other-forms-of-social-media.md"
    ).read_text(encoding="utf-8")
    assert "(October 2015) states:-" in page
    assert "superseded" not in page and "May 2019" not in page
    pages = plan_site(project, "longton-primary", today=SHIPPED_TODAY).pages
    assert "coverage.md" not in pages, "a real school's site gets no page its source lacks"


def test_shipped_board_is_told_it_and_the_county_council_are_gone() -> None:
    project = validate_project(ROOT)
    messages = [w.message for w in organisation_warnings(project, "northamptonshire-scb")]
    assert any(
        "Northamptonshire Safeguarding Children Board, replaced by Northamptonshire Safeguarding Children Partnership (2019)"
        in m
        for m in messages
    )
    assert any("Northamptonshire County Council, abolished (1 April 2021)" in m for m in messages)


def test_the_governors_page_is_built_but_not_linked(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    code, _, err = run(project, "build", "willowbrook-primary")
    assert code == 0, err
    site = project / "build" / "willowbrook-primary" / "site"
    page = (site / "coverage.html").read_text(encoding="utf-8")
    assert "What the guidance expects, clause by clause" in page
    assert "No clause meets this requirement" in page
    assert "coverage.html" not in (site / "index.html").read_text(encoding="utf-8")
    assert "What the guidance expects" not in (site / "search" / "search_index.json").read_text(encoding="utf-8")
    report = json.loads((project / "build" / "willowbrook-primary" / "report.json").read_text(encoding="utf-8"))
    assert report["coverage"] == json.loads(
        (GOLDEN / "willowbrook-primary" / "coverage.json").read_text(encoding="utf-8")
    )


def test_a_shipped_school_excluding_its_only_online_safety_clause_is_warned(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    edit(
        project / "schools" / "willowbrook-primary.yml",
        "      - pupils-encouraged-to-post-appropriately\n",
        "      - pupils-encouraged-to-post-appropriately\n      - educate-pupils-about-social-media\n",
    )
    loaded = validate_project(project)
    messages = [str(w) for w in organisation_warnings(loaded, "willowbrook-primary")]
    assert messages == [
        "schools/willowbrook-primary.yml:27:9: documents.social-media-template-policy.exclude[1]: excluding "
        "'educate-pupils-about-social-media' leaves requirement 'kcsie-online-safety' (Online safety) with no clause "
        "meeting it; keep the clause, or add one of your own that meets it (satisfies: [kcsie-online-safety])"
    ]
    assert "kcsie-online-safety" in [
        gap.id for gap in coverage_of(loaded, resolve_organisation(loaded, "willowbrook-primary")).gaps
    ]


def test_the_clauses_command_says_what_one_clause_meets(minimal: Path) -> None:
    code, out, _ = run(with_catalogue(minimal), "clauses", "privacy-settings", "--format", "tsv")
    assert code == 0
    assert "Meets: privacy-expected (content/requirements.yml)" in out.splitlines()


def test_a_site_with_no_requirement_that_applies_says_so(minimal: Path) -> None:
    page = plan_site(validate_project(minimal), "school").pages["coverage.md"]
    assert "No requirement in our catalogue applies to an organisation of this kind." in page
    assert "requirements have a clause meeting them" not in page


def test_the_readme_example_for_governors_is_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, stderr in (("out", False), ("err", True)):  # a terminal 80 characters wide, whatever runs the tests
        monkeypatch.setattr(cli, name, Console(stderr=stderr, highlight=False, width=80))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ policy-pack coverage willowbrook-primary\n", 1)[1].split("$ echo $?\n", 1)[0]
    code, out, err = run(ROOT, "coverage", "willowbrook-primary", "--format", "table")
    assert code == 1
    assert out + err == shown
