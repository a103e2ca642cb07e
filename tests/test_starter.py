"""policy-pack new: starter files for every kind validate as written, and build once their placeholders are filled."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build.write import validate_project
from generator.checks.starter import KINDS, PLACEHOLDERS, StarterError, is_placeholder, starter
from generator.cli import main
from generator.inputs.values import parameter_value_problem
from tests.test_organisations import copy_of_project

CASES = [(kind, None) for kind in KINDS] + [
    ("school", "northamptonshire-scb"),
    ("academy", "brackenmoor-learning-trust"),
    ("school", "fenmoor-safeguarding-partnership"),
]


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--project", str(project), *args])
    return result.exit_code, result.stdout, result.stderr


def fill_in(text: str) -> str:
    """What a person does with a starter: write a real value over each placeholder (an agency's one brand is its
    name)."""
    text = text.replace('"FILL IN: brand names"', '"FILL IN: full name of the agency"')
    text = re.sub(r'"FILL IN: ([^"]*)"', lambda m: f'"Filled {m.group(1)}"', text)
    return text.replace("fill-in@example.org", "office@filled.example.org").replace(
        "fill-in.example.org", "filled.example.org"
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_of_project(tmp_path_factory.mktemp("starter") / "project")


@pytest.mark.parametrize(("kind", "extends"), CASES, ids=[f"{k}-{e or 'alone'}" for k, e in CASES])
def test_a_starter_validates_unchanged_and_builds_when_filled(project: Path, kind: str, extends: str | None) -> None:
    org = f"new-{kind}-{extends or 'alone'}"
    code, _, err = run(project, "new", kind, org, *(["--extends", extends] if extends else []))
    assert code == 0, err
    path = project / "schools" / f"{org}.yml"
    code, _, err = run(project, "validate")
    assert code == 0, err
    assert f"warning: schools/{org}.yml:5:1: name: still the starter's placeholder" in err
    # Each organisation's name its own (names must be told apart), an agency's one brand the same as its name.
    path.write_text(fill_in(path.read_text()).replace("full name of the", f"full name of the {org}:"))
    code, _, err = run(project, "validate")
    own = [line for line in err.splitlines() if f"schools/{org}.yml" in line]
    gaps = [line for line in own if "this template has no clause meeting" in line]
    assert code == 0 and own == gaps, err
    assert len(gaps) == (kind == "board"), "a new board's template meets no requirement until its clauses say so"
    code, _, err = run(project, "build", org)
    assert code == 0, err
    home = (project / "build" / org / "site" / "index.html").read_text()
    assert f"Filled full name of the {org}: {kind.replace('-', ' ')}" in home
    assert "FILL IN" not in home


def test_a_starter_extending_a_partnership_builds_as_written(project: Path) -> None:
    # Its placeholders, longer than real names, move the page breaks: a locked clause then runs over a page whose
    # running header names another section, and it must still read as shown word for word.
    code, _, err = run(project, "new", "school", "starter-as-written", "--extends", "kestrel-vale-partnership")
    assert code == 0, err
    code, _, err = run(project, "build", "starter-as-written")
    assert code == 0, err
    assert "not shown word for word" not in err


def test_a_starter_lists_inherited_values_and_the_publisher_locks(project: Path) -> None:
    text = starter(
        validate_project(project), "school", "st-example", "fenmoor-safeguarding-partnership", datetime.date(2026, 9, 1)
    ).files["schools/st-example.yml"]
    assert (
        '  # LADO telephone number: The Local Authority Designated Officer\'s telephone number. Example: "01632 960500".'
        in text
    )
    assert '  # Inherited: "01632 960500". Uncomment to change it.\n  # lado_phone: "01632 960500"' in text
    assert '  setting: "FILL IN: setting"' in text
    assert "  # Locked by fenmoor-safeguarding-partnership, so kept as written (no exclude or reword):\n" in text
    assert "fenmoor-do-not-investigate, fenmoor-contact-the-lado" in text
    assert "  #   exclude: [fenmoor-purpose-of-procedure]" in text
    assert "  #     fenmoor-tell-the-head-the-same-day: >-" in text
    assert "  #       after: fenmoor-tell-the-head-the-same-day" in text
    assert "  # Online Safety Champion (a role fenmoor-safeguarding-partnership declares):" in text
    assert "adopted: 2026-09-01" in text


def test_new_board_starts_its_own_document(tmp_path: Path) -> None:
    project = copy_of_project(tmp_path / "project")
    code, _, err = run(project, "new", "board", "new-partnership")
    assert code == 0, err
    assert (project / "content/boards/new-partnership/documents/new-partnership-policy.yml").is_file()
    assert (
        "new-partnership-scope" in (project / "content/boards/new-partnership/clauses/new-partnership.yml").read_text()
    )
    loaded = validate_project(project)
    assert loaded.library.owners.documents["new-partnership-policy"] == "new-partnership"
    assert list(loaded.organisations["new-partnership"].documents) == ["new-partnership-policy"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("school", "willowbrook-primary"), "schools/willowbrook-primary.yml already exists"),
        (("school", "New School"), "'New School' is not an organisation id"),
        (
            ("school", "st-x", "--extends", "northamptonshire-sbc"),
            "no organisation 'northamptonshire-sbc' to extend (did you mean 'northamptonshire-scb'?)",
        ),
    ],
)
def test_new_refuses_what_it_cannot_write_and_writes_nothing(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    project = copy_of_project(tmp_path / "project")
    before = sorted(p.name for p in (project / "schools").iterdir())
    code, _, err = run(project, "new", *args)
    assert code == 1 and message in err and "nothing was written" in err and "Traceback" not in err
    assert sorted(p.name for p in (project / "schools").iterdir()) == before


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(StarterError, match="unknown kind 'college'"):
        starter(validate_project(Path(__file__).parent.parent), "college", "x", None, datetime.date(2026, 1, 1))


def test_text_from_a_publisher_file_cannot_add_lines_to_a_starter(project: Path) -> None:
    board = project / "schools" / "fenmoor-safeguarding-partnership.yml"
    original = board.read_text()
    hostile = 'label: "LADO telephone number\\nlocked: [x]"\n      description: "Line one.\\u2028template: true"'
    board.write_text(
        original.replace(
            "label: LADO telephone number\n      description: The Local Authority Designated Officer's telephone number.",
            hostile,
        )
    )
    try:
        code, _, err = run(project, "new", "school", "st-hostile", "--extends", "fenmoor-safeguarding-partnership")
    finally:
        board.write_text(original)
    assert code == 1 and "Traceback" not in err
    assert "declares.parameters.lado_phone.label: a line break is not allowed here" in err
    assert "declares.parameters.lado_phone.description: a line break is not allowed here" in err
    assert not (project / "schools" / "st-hostile.yml").exists()


@pytest.mark.parametrize("kind", sorted(PLACEHOLDERS))
def test_each_types_starter_value_is_valid_as_written_and_warned_about(kind: str) -> None:
    value = PLACEHOLDERS[kind]("label")
    assert parameter_value_problem(kind, value) is None
    assert is_placeholder(value)
    assert not is_placeholder({"phone": "01604 000000", "email": "a@b.example.org"}.get(kind, "Filled"))


def uncomment_examples(text: str) -> str:
    """What a person does with the starter's example of changes: uncomment documents: and the example."""
    lines = text.replace("# documents:", "documents:").splitlines()
    start = next(i for i, line in enumerate(lines) if re.fullmatch(r"  # [a-z-]+:", line))
    end = next(i for i, line in enumerate(lines) if i > start and "after:" in line)
    lines[start : end + 1] = [line[:2] + line[4:] for line in lines[start : end + 1]]
    return "\n".join(lines) + "\n"


def test_a_starter_extending_a_board_offers_only_clauses_its_documents_publish(tmp_path: Path) -> None:
    project = copy_of_project(tmp_path / "project")
    code, _, err = run(project, "new", "school", "hollowbrook-primary", "--extends", "northamptonshire-scb")
    assert code == 0, err
    path = project / "schools" / "hollowbrook-primary.yml"
    text = path.read_text()
    for template_only in ("board-ict-benefits", "board-disclaimer"):
        assert template_only not in text
    assert "  # Other documents it may publish (policy-pack documents lists them): add one as" in text
    path.write_text(fill_in(uncomment_examples(text)))
    code, _, err = run(project, "validate")
    assert code == 0 and "hollowbrook-primary.yml" not in err, err
    code, _, err = run(project, "build", "hollowbrook-primary")
    assert code == 0, err
    report = json.loads((project / "build" / "hollowbrook-primary" / "report.json").read_text())
    statuses = {entry["clause"]: entry["status"] for entry in report["clauses"]}
    assert statuses["what-is-social-media"] == "excluded"
    assert statuses["social-media-benefits-and-risks"] == "reworded"
    assert statuses["hollowbrook-primary-local-clause"] == "added"


def test_a_starter_with_two_documents_gives_each_example_clause_its_own_id(project: Path) -> None:
    text = starter(
        validate_project(project), "academy", "oakhill-academy", "brackenmoor-learning-trust", datetime.date(2026, 9, 1)
    ).files["schools/oakhill-academy.yml"]
    ids = re.findall(r"- id: (\S+)", text)
    assert ids == ["oakhill-academy-local-clause", "oakhill-academy-local-clause-2"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            "reword:\n      board-disclaimer: Our own words.",
            "13:7: documents.social-media-template-policy.reword.board-disclaimer: clause 'board-disclaimer' is not in "
            "document 'social-media-template-policy' as this organisation publishes it: it is only in "
            "northamptonshire-scb's template (template_only: a note to those adopting the model), which no adopting "
            "organisation publishes; take it out of reword",
        ),
        (
            "exclude: [keep-passwords-secure]",
            "12:15: documents.social-media-template-policy.exclude[0]: clause 'keep-passwords-secure' is not in document "
            "'social-media-template-policy': it is in 'social-media-personal-use-policy' (Social Media Policy); "
            "move it under documents.social-media-personal-use-policy",
        ),
    ],
)
def test_a_change_to_a_clause_the_document_does_not_publish_is_an_error(
    tmp_path: Path, change: str, message: str
) -> None:
    project = copy_of_project(tmp_path / "project")
    path = project / "schools" / "hollowbrook-primary.yml"
    path.write_text(
        "name: Hollowbrook Primary School\nkind: school\nextends: northamptonshire-scb\n"
        "people:\n  headteacher: {name: Mr Tom Reed}\n  chair_of_governors: {name: Mrs Ann Cole}\n"
        "parameters:\n  setting: school\nadopted: 2026-09-01\n"
        f"documents:\n  social-media-template-policy:\n    {change}\n"
    )
    code, _, err = run(project, "validate")
    assert code == 1 and "Traceback" not in err
    assert f"schools/hollowbrook-primary.yml:{message}\n" in err, err
