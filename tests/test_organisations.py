"""Trusts and academies, boards with their own model, and what an organisation's own file declares."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from generator.build.write import validate_project
from generator.checks.notices import organisation_warnings
from generator.cli import main
from generator.inputs.errors import UserError
from generator.inputs.load import load_project
from generator.model.deviations import deviations
from generator.model.kinds import signing_roles
from generator.model.resolve import resolve_organisation
from tests.conftest import ROOT

POLICY = "social-media-personal-use-policy"
TRUST = "brackenmoor-learning-trust"
BOARD = "fenmoor-safeguarding-partnership"
PROCEDURE = "fenmoor-online-allegations-procedure"


def copy_of_project(target: Path) -> Path:
    """The shipped project's inputs (no build output, no virtual environment)."""
    for name in ("content", "schools", "templates", "releases"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) with ``new`` in the file at ``path``."""
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_of_project(tmp_path / "project")


def signatures(org: str, document: str = POLICY, root: Path = ROOT) -> list[tuple[str, str | None]]:
    resolved = resolve_organisation(validate_project(root), org)
    (found,) = [d for d in resolved.documents if d.id == document]
    return [(s.title, s.name) for s in found.signatories]


def test_roles_that_sign_follow_the_kind() -> None:
    listed = ["headteacher", "chair_of_governors"]
    assert signing_roles("school", "adoption", listed, []) == ("headteacher", "chair_of_governors")
    assert signing_roles("academy", "adoption", listed, ["headteacher"]) == (
        "headteacher",
        "chair_of_local_governing_body",
    )
    assert signing_roles("academy", "adoption", listed, ["principal"]) == ("principal", "chair_of_local_governing_body")
    assert signing_roles("trust", "adoption", listed, []) == ("chief_executive", "chair_of_trustees")
    assert signing_roles("board", "adoption", listed, []) == tuple(listed)  # a model keeps its blanks for adopters
    assert signing_roles("trust", "acknowledgement", ["candidate"], []) == ("candidate",)  # each reader signs
    assert signing_roles("trust", "agreement", ["member_of_staff"], []) == ("member_of_staff",)


def test_a_trust_policy_is_adopted_by_the_trust_board() -> None:
    assert signatures(TRUST) == [
        ("Chief Executive Officer", "Dr Imogen Hale"),
        ("Chair of Trustees", "Mr Victor Adebayo"),
    ]


def test_an_academy_copy_is_signed_locally() -> None:
    assert signatures("brackenmoor-primary-academy") == [
        ("Principal", "Mrs Alice Moreton"),
        ("Chair of the Local Governing Body", "Mr Samuel Price"),
    ]
    assert signatures("heronsgate-academy") == [
        ("Headteacher", "Mr Daniel Osei"),
        ("Chair of the Local Governing Body", "Mrs Priya Natarajan"),
    ]


def test_an_academy_with_no_chair_is_warned_and_never_signs_with_the_trust_chair(project: Path) -> None:
    path = project / "schools" / "heronsgate-academy.yml"
    edit(path, "  chair_of_local_governing_body: {name: Mrs Priya Natarajan}\n", "")
    loaded = validate_project(project)
    assert signatures("heronsgate-academy", root=project)[1] == ("Chair of the Local Governing Body", None)
    messages = [str(w) for w in organisation_warnings(loaded, "heronsgate-academy")]
    assert messages == [
        "schools/heronsgate-academy.yml:9:1: people: academy 'heronsgate-academy' names no Chair of the Local "
        "Governing Body: its policies are signed locally, so that signature is left blank rather than signed by "
        "Mr Victor Adebayo (Chair of Trustees in a file it extends); add people.chair_of_local_governing_body"
    ]
    assert organisation_warnings(loaded, "brackenmoor-primary-academy") == []


def test_validate_prints_the_borrowed_signature_warning(project: Path) -> None:
    path = project / "schools" / "brackenmoor-primary-academy.yml"
    edit(path, "principal:", "deputy_dsl:")
    result = CliRunner().invoke(main, ["--project", str(project), "validate"])
    assert result.exit_code == 0
    assert "names no Headteacher" in result.stderr and "Dr Imogen Hale (Chief Executive Officer" in result.stderr


def test_deviations_of_a_trust_list_its_academies() -> None:
    rows = deviations(validate_project(ROOT), TRUST)
    assert [(r.organisation, r.document, r.change, r.item, r.theirs, r.ours) for r in rows] == [
        ("brackenmoor-primary-academy", POLICY, "excluded", "journalists-research-online", "", rows[0].ours),
        ("brackenmoor-primary-academy", "every document", "parameter", "headteacher_title", "Principal", "Headteacher"),
        ("heronsgate-academy", POLICY, "added", "heronsgate-sixth-form-ambassadors", rows[2].theirs, ""),
    ]
    assert rows[0].ours.startswith("Journalists increasingly use the web")
    assert rows[2].theirs.startswith("Sixth-form students who post")


def test_the_deviations_command_takes_a_trust() -> None:
    result = CliRunner().invoke(main, ["--project", str(ROOT), "deviations", TRUST, "--csv"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbforganisation,name,document,change,")
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert {row[0] for row in rows[1:]} == {"brackenmoor-primary-academy", "heronsgate-academy"}
    assert [
        rows[2][0],
        rows[2][2],
        rows[2][3],
        rows[2][4],
        rows[2][5],
    ] == ["brackenmoor-primary-academy", "every document", "parameter", "headteacher_title", "Principal"]


def test_a_trust_locks_what_its_academies_keep(project: Path) -> None:
    path = project / "schools" / "heronsgate-academy.yml"
    edit(
        path,
        "  social-media-personal-use-policy:\n",
        "  social-media-personal-use-policy:\n    exclude: [keep-passwords-secure]\n",
    )
    with pytest.raises(UserError) as error:
        validate_project(project)
    assert "clause 'keep-passwords-secure' is locked by brackenmoor-learning-trust" in str(error.value.problems)


def test_the_board_file_sets_its_document_title_and_its_own_parameters() -> None:
    resolved = resolve_organisation(validate_project(ROOT), "saltmarsh-primary")
    (document,) = resolved.documents
    assert document.title == "Allegations about adults' online conduct"
    assert document.subtitle == "The Fenmoor model procedure, for every school and setting in Fenmoor"
    texts = {clause.id: clause.text for clause in document.clauses()}
    assert "on 01632 960500 or at [lado@fenmoor.example.org]" in texts["fenmoor-contact-the-lado"]
    assert "Tell the Headteacher the same working day, in person" in texts["fenmoor-tell-the-head-the-same-day"]
    assert ("Online Safety Champion", "Miss Zara Ahmed") in [(c.title, c.name) for c in resolved.contacts]


def test_the_board_model_shows_its_own_parameters_labels_as_blanks(project: Path) -> None:
    path = project / "schools" / f"{BOARD}.yml"
    edit(path, '  lado_phone: "01632 960500"\n', "")
    assert any(
        "schools/saltmarsh-primary.yml" in p
        and "missing parameter 'lado_phone' (The Local Authority Designated Officer's telephone number)" in p
        for p in problems_of(project)
    )  # an adopting school must then fill it itself
    (project / "schools" / "saltmarsh-primary.yml").unlink()
    (document,) = resolve_organisation(validate_project(project), BOARD).documents
    text = {c.id: c.text for c in document.clauses()}["fenmoor-contact-the-lado"]
    assert '<mark class="fill-in">[LADO telephone number]</mark>' in text


def test_a_board_own_content_is_owned_by_it() -> None:
    library = load_project(ROOT).library
    assert library.owners.documents[PROCEDURE] == BOARD
    assert library.owners.clauses["fenmoor-contact-the-lado"] == BOARD
    assert "save-evidence" not in library.owners.clauses


def problems_of(project: Path) -> list[str]:
    with pytest.raises(UserError) as error:
        validate_project(project)
    return [str(problem) for problem in error.value.problems]


def test_another_board_school_cannot_publish_a_board_own_document(project: Path) -> None:
    path = project / "schools" / "willowbrook-primary.yml"
    edit(path, "documents:\n", f"documents:\n  {PROCEDURE}: {{}}\n")
    assert any(
        f"documents.{PROCEDURE}: document '{PROCEDURE}' is {BOARD}'s own: only organisations extending {BOARD}" in p
        for p in problems_of(project)
    )


def test_a_board_own_parameter_is_unknown_outside_its_chain(project: Path) -> None:
    path = project / "schools" / "willowbrook-primary.yml"
    edit(path, "  setting: school\n", '  setting: school\n  lado_phone: "01604 000000"\n')
    assert any("parameters.lado_phone: unknown parameter" in p for p in problems_of(project))


def test_a_library_document_cannot_place_a_board_own_clause(project: Path) -> None:
    path = project / "content" / "documents" / "staff-advice-sheet.yml"
    edit(path, "          - save-evidence\n", "          - save-evidence\n          - fenmoor-out-of-hours\n")
    assert any(
        "content/documents/staff-advice-sheet.yml" in p and f"clause 'fenmoor-out-of-hours' is {BOARD}'s own" in p
        for p in problems_of(project)
    )


def test_a_declaration_may_not_redefine_a_library_parameter_or_role(project: Path) -> None:
    path = project / "schools" / f"{BOARD}.yml"
    edit(path, "  roles:\n", "  roles:\n    headteacher: {title: Head of School}\n")
    assert any(
        "declares.roles.headteacher: 'headteacher' is already defined in content/roles.yml" in p
        for p in problems_of(project)
    )


def test_a_board_folder_needs_its_board(project: Path) -> None:
    (project / "content" / "boards" / BOARD).rename(project / "content" / "boards" / "fenmoor-partnership")
    problems = problems_of(project)
    assert any(p.startswith("content/boards/fenmoor-partnership:1:1") and "no organisation" in p for p in problems)
    assert not any("unknown parameter" in p for p in problems)  # its clauses are not blamed for the folder's name


def test_a_declared_telephone_parameter_is_checked_as_a_telephone_number(project: Path) -> None:
    path = project / "schools" / f"{BOARD}.yml"
    edit(path, 'example: "01632 960500"', 'example: "ring the office"')
    assert problems_of(project) == [
        f"schools/{BOARD}.yml:16:7: declares.parameters.lado_phone.example: 'ring the office' is not a telephone "
        "number: write digits and spaces, like '01604 000000' or '+44 1604 000000'"
    ]
    edit(path, 'example: "ring the office"', 'example: "01632 960500"')
    edit(path, 'lado_phone: "01632 960500"', 'lado_phone: "01632 9605001234"')
    assert any(
        p.startswith(f"schools/{BOARD}.yml:")
        and "parameters.lado_phone: '01632 9605001234' is not a telephone number" in p
        for p in problems_of(project)
    )


@pytest.mark.parametrize("command", [["validate"], ["build", "willowbrook-primary"]], ids=["validate", "build"])
def test_a_lock_of_a_board_whose_own_file_has_a_problem_is_still_reported(project: Path, command: list[str]) -> None:
    board = project / "schools" / "kestrel-vale-partnership.yml"
    board.write_text(board.read_text() + "colour_scheme: blue\n")
    edit(
        project / "schools" / "willowbrook-primary.yml",
        "      - pupils-encouraged-to-post-appropriately\n",
        "      - pupils-encouraged-to-post-appropriately\n      - no-following-pupils\n",
    )
    result = CliRunner().invoke(main, ["--project", str(project), *command])  # building the school alone is enough
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # a user's mistake, not a crash
    output = " ".join(result.output.split())
    assert "schools/kestrel-vale-partnership.yml:" in output and "colour_scheme: unknown key" in output
    assert (
        "clause 'no-following-pupils' is locked by kestrel-vale-partnership (schools/kestrel-vale-partnership.yml:"
        in output
    )
    assert "Traceback" not in output


def policy_pack(tmp_path: Path, org_id: str, text: str, *args: str) -> tuple[Path, Result]:
    """A copy of the project with one more organisation file, and what a command says about it."""
    project = copy_of_project(tmp_path / "project")
    (project / "schools" / f"{org_id}.yml").write_text(text)
    return project, CliRunner().invoke(main, ["--project", str(project), *args])


def test_an_agency_whose_name_leaves_out_a_brand_is_warned(tmp_path: Path) -> None:
    _, result = policy_pack(
        tmp_path,
        "brightwell-education",
        "name: Brightwell Education, Classcover and TeachNorth\nkind: agency\n"
        "parameters:\n  brand_names: [Brightwell Education, Classcover, TeachNorth, Supply Smart]\n"
        "documents:\n  candidate-guidance: {}\n",
        "validate",
    )
    assert result.exit_code == 0, result.stderr
    assert (
        "warning: schools/brightwell-education.yml:4:3: parameters.brand_names: name 'Brightwell Education, "
        "Classcover and TeachNorth' does not name the brand 'Supply Smart': the text names every brand of "
        "brand_names, the cover, running header and site title only the name; write name: 'Brightwell Education, "
        "Classcover, TeachNorth and Supply Smart', or take it out of brand_names"
    ) in result.stderr
    assert "vision-for-education" not in result.stderr  # its name names its three brands


FOUR_BRANDS = """# A fictional supply agency trading under four brands.
name: Brightwell Education, Classcover, TeachNorth and Supply Smart
kind: agency
editions: per-brand
edition: fictional  # each edition says so, naming its own brand only
people:
  consultant: {name: Ms Jo Park, email: jo.park@brightwell.example.org}
parameters:
  brand_names: [Brightwell Education, Classcover, TeachNorth, Supply Smart]
adopted: 2026-09-01
documents:
  candidate-guidance: {}
"""


def test_an_agency_issues_one_edition_per_brand_each_naming_only_that_brand(tmp_path: Path) -> None:
    project, result = policy_pack(tmp_path, "brightwell-education", FOUR_BRANDS, "build", "brightwell-education")
    assert result.exit_code == 0, result.stderr
    built = project / "build" / "brightwell-education"
    brands = {"brightwell-education": "Brightwell Education", "classcover": "Classcover", "teachnorth": "TeachNorth"}
    brands["supply-smart"] = "Supply Smart"
    assert sorted(p.name for p in (built / "pdf").iterdir()) == sorted(
        f"social-networking-policy-{b}.pdf" for b in brands
    )
    home = (built / "site" / "index.html").read_text()
    for slug, brand in brands.items():
        text = " ".join(
            page.extract_text() for page in PdfReader(built / "pdf" / f"social-networking-policy-{slug}.pdf").pages
        )
        others = [other for other in brands.values() if other != brand]
        assert f"{brand} acknowledges" in text and not any(other in text for other in others), brand
        assert f"Social Networking Policy ({brand})" in home
        page = (built / "site" / f"social-networking-policy-{slug}.html").read_text()
        assert f"<strong>{brand}</strong> · Reference" in page


def test_one_edition_per_brand_needs_an_agency_with_brands(tmp_path: Path) -> None:
    one_brand = FOUR_BRANDS.replace(", Classcover, TeachNorth, Supply Smart]", "]")
    _, result = policy_pack(tmp_path, "brightwell-education", one_brand, "validate")
    assert result.exit_code == 1
    assert (
        "schools/brightwell-education.yml:4:1: editions: one edition per brand needs an agency with two or more "
        "brand_names; this agency has 1 brand_names: take out editions, or list the brands"
    ) in result.stderr


def test_the_change_page_of_an_agency_with_an_edition_per_brand_lists_each_edition(tmp_path: Path) -> None:
    project, result = policy_pack(
        tmp_path,
        "twin-supply",
        "name: Twin Supply and Duo Teachers\nkind: agency\nextends: kestrel-vale-partnership\neditions: per-brand\n"
        "adopted_from: kestrel-vale-partnership@2025.1\nparameters:\n  setting: agency\n"
        "  brand_names: [Twin Supply, Duo Teachers]\nadopted: 2026-09-01\n",
        "build",
        "twin-supply",
    )
    assert result.exit_code == 0, result.stderr
    page = (project / "build" / "twin-supply" / "site" / "changes.html").read_text()
    for brand in ("Twin Supply", "Duo Teachers"):
        assert f"Social Media Policy ({brand})</h2>" in page
    assert page.count("Staff need to sign again") == 2
