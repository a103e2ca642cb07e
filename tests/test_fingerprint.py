"""The fingerprint is the hash of what the build renders: change any one input, and exactly the organisations whose
output depends on it are rebuilt."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.build import fingerprint as fingerprints
from generator.build.write import plan_site, validate_project
from generator.inputs.load import load_project
from tests.conftest import ROOT, SHIPPED_TODAY

EVERYONE = frozenset(path.stem for path in (ROOT / "schools").glob("*.yml"))
BOARD, ADOPTER, SCHOOL = "kestrel-vale-partnership", "willowbrook-primary", "longton-primary"


def digests(root: Path) -> dict[str, str]:
    project = validate_project(root)
    shared = fingerprints.shared_inputs(project.root)
    return {
        org: fingerprints.fingerprint(
            plan_site(project, org, today=SHIPPED_TODAY), project.root, shared=shared, today=SHIPPED_TODAY
        ).digest
        for org in project.organisations
    }


def edit_yaml(path: Path, change: Callable[[dict], None]) -> None:  # type: ignore[type-arg]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def only_in(document: str) -> str:
    """A clause that only ``document`` uses."""
    project = load_project(ROOT)
    used = {doc: set(template.clause_ids()) for doc, template in project.library.documents.items()}
    others = set().union(*(ids for doc, ids in used.items() if doc != document))
    return sorted(used[document] - others)[0]


def reword_clause(root: Path, clause_id: str) -> None:
    for path in (root / "content" / "clauses").glob("*.yml"):
        clauses = yaml.safe_load(path.read_text(encoding="utf-8"))
        for clause in clauses:
            if clause["id"] == clause_id:
                clause["text"] += " Reviewed."
                path.write_text(yaml.safe_dump(clauses, allow_unicode=True, sort_keys=False), encoding="utf-8")
                return
    raise AssertionError(clause_id)


MUTATIONS: dict[str, tuple[Callable[[Path], None], frozenset[str]]] = {
    "the board is renamed": (
        lambda root: edit_yaml(root / "schools" / f"{BOARD}.yml", lambda d: d.update(name="Kestrel Vale Board")),
        frozenset({BOARD, ADOPTER}),  # the adopter's pages name its board; the board's its own name
    ),
    "an adopting school is renamed": (
        lambda root: edit_yaml(root / "schools" / f"{ADOPTER}.yml", lambda d: d.update(name="Willowbrook School")),
        frozenset({ADOPTER, BOARD}),  # the board's Deviations page names its adopters
    ),
    "a school's logo changes": (
        lambda root: append(root / "schools" / "logos" / "model-school.svg", "<!-- redrawn -->\n"),
        frozenset({"model-school"}),
    ),
    "a clause of one school's document is reworded": (
        lambda root: reword_clause(root, only_in("social-networking-policy")),
        frozenset({SCHOOL}),
    ),
    "a released clause's text changes": (
        lambda root: append(root / "releases" / f"{BOARD}.yml", ""),  # replaced below with a real change
        frozenset({ADOPTER}),
    ),
    "a print template changes": (
        lambda root: append(root / "templates" / "print" / "document.typ", "\n// margins\n"),
        EVERYONE,
    ),
    "a site template changes": (
        lambda root: append(root / "templates" / "site" / "home.md.j2", "\n{# a comment #}\n"),
        EVERYONE,
    ),
    "mkdocs.yml changes": (lambda root: append(root / "mkdocs.yml", "\n# a comment\n"), EVERYONE),
    "a requirement for boards changes": (
        lambda root: edit_yaml(
            root / "content" / "requirements.yml",
            lambda d: d["working-together-designated-officer"].update(section="Chapter 2"),
        ),
        frozenset({BOARD, "fenmoor-safeguarding-partnership", "northamptonshire-scb"}),
    ),
    "a requirement for schools changes": (  # in report.json even where the site shows no coverage page
        lambda root: edit_yaml(
            root / "content" / "requirements.yml", lambda d: d["kcsie-low-level-concerns"].update(section="Part four")
        ),
        EVERYONE - {"vision-for-education", "fernlea-teaching-supply"},  # agencies are not judged by KCSIE
    ),
}


def change_release(root: Path) -> None:
    path = root / "releases" / f"{BOARD}.yml"
    text = path.read_text(encoding="utf-8")
    assert "is a broad term for online platforms" in text
    path.write_text(text.replace("is a broad term for online platforms", "is a broad name for online platforms", 1))


MUTATIONS["a released clause's text changes"] = (change_release, frozenset({ADOPTER}))


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("fingerprint") / "project"
    for part in ("content", "schools", "releases", "templates"):
        shutil.copytree(ROOT / part, root / part)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root, digests(root)


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_changing_one_input_rebuilds_exactly_the_organisations_that_show_it(
    mutation: str, original: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    source, _ = original
    root = tmp_path / "project"
    shutil.copytree(source, root)
    before = digests(root)
    change, expected = MUTATIONS[mutation]
    change(root)
    after = digests(root)
    assert {org for org in before if before[org] != after[org]} == expected


def test_a_renamed_board_is_named_on_its_adopters_changes_page(
    original: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root = tmp_path / "project"
    shutil.copytree(original[0], root)
    MUTATIONS["the board is renamed"][0](root)
    assert "Kestrel Vale Board" in plan_site(validate_project(root), ADOPTER).pages["changes.md"]


def test_a_new_version_of_a_package_that_shapes_output_rebuilds_everyone(
    original: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, before = original
    versions = fingerprints.package_versions()
    assert versions["mkdocs-material"], "the theme is installed and its version read"
    monkeypatch.setattr(fingerprints, "package_versions", lambda: {**versions, "mkdocs-material": "99.0"})
    after = digests(root)
    assert {org for org in before if before[org] != after[org]} == EVERYONE


def test_the_same_project_elsewhere_has_the_same_fingerprints(
    original: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root, before = original
    shutil.copytree(root, tmp_path / "elsewhere")
    assert digests(tmp_path / "elsewhere") == before


def test_every_dependency_is_known_to_shape_the_output_or_not() -> None:
    # A dependency added to pyproject.toml must be placed in one list or the other; dropping one from the
    # fingerprint's list (typst, say) leaves it in neither, and fails here.
    import tomllib

    from generator.build.fingerprint import OTHER_PACKAGES, OUTPUT_PACKAGES, package_versions

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {re.split(r"[<>=!~ \[;]", requirement, maxsplit=1)[0].lower() for requirement in declared}
    theme = {"pymdown-extensions", "pygments"}  # come with mkdocs-material, which renders with them
    assert names == (set(OUTPUT_PACKAGES) - theme) | set(OTHER_PACKAGES)
    assert not set(OUTPUT_PACKAGES) & set(OTHER_PACKAGES)
    assert all(package_versions().values())  # each is installed, so its version is really in the fingerprint
