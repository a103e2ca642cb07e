"""Property-based tests: every valid organisation builds; every broken one is a UserError, never a crash.

Organisations are generated to extend the minimal fixture's board. Settings are derandomized so that CI runs
the same examples every time.
"""

from __future__ import annotations

import datetime
import io
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.build.write import build_organisation, validate_project
from generator.editions.site.pages import site_pages
from generator.inputs.errors import UserError
from generator.model.resolve import resolve_organisation
from tests.conftest import MINIMAL, copy_project

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
CLAUSES = ["purpose", "advised-as-follows", "no-personal-use", "privacy-settings", "training", "agreement"]
LOCKED = {"privacy-settings"}
LEADS_LOCKED = {"advised-as-follows"}
"""Excluding it would leave out the locked clause listed under it: refused."""
SECTIONS = ["purpose", "guidance"]
ROLES = ["headteacher", "chair_of_governors", "dsl"]
MARKUP = "<>&*_`[]()#|!\\\"'{}%:-=~^$@;/"

GENERATE_ONLY = [Phase.explicit, Phase.generate]
"""No shrinking: a failure is reported as found (derandomized, so it reproduces), and CI stays within budget."""
TOO_SLOW = [HealthCheck.too_slow]
FAST = settings(max_examples=100, deadline=None, derandomize=True, phases=GENERATE_ONLY, suppress_health_check=TOO_SLOW)
SLOW = settings(max_examples=5, deadline=None, derandomize=True, phases=GENERATE_ONLY, suppress_health_check=TOO_SLOW)

# --- valid organisations -----------------------------------------------------------------------------------------

letters = st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn", "Cf", "Zl", "Zp")).filter(
    lambda character: character not in "\u115f\u1160\u3164\uffa0"  # Hangul fillers: blank, refused as format characters
)
words = st.text(st.one_of(letters, st.sampled_from(MARKUP)), min_size=1, max_size=60).filter(str.strip)
clause_text = (
    st.lists(
        st.one_of(
            st.text(
                st.one_of(letters, st.sampled_from(MARKUP.replace("{", "").replace("}", "").replace("%", "")))
            ).filter(lambda text: "#}" not in text),
            st.sampled_from(["{{ setting }}", "{{ organisation_name }}", "{{ training_email }}"]),
        ),
        min_size=1,
        max_size=4,
    )
    .map("".join)
    .filter(str.strip)
)
colours = st.text("0123456789abcdefABCDEF", min_size=6, max_size=6).map(lambda digits: f"#{digits}")
emails = st.from_regex(r"[a-z0-9]{1,8}([._+-][a-z0-9]{1,4})?@[a-z0-9]{1,12}\.(org|uk|example)", fullmatch=True)
phones = st.from_regex(r"0[1-9][0-9]{3} [0-9]{6}|\+44 [1-9][0-9]{3} [0-9]{6}", fullmatch=True)
kebab = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)


@st.composite
def people(draw: st.DrawFn) -> dict[str, Any]:
    chosen = draw(st.lists(st.sampled_from(ROLES), unique=True, max_size=3))
    found: dict[str, Any] = {}
    for role in chosen:
        person: dict[str, Any] = {"name": draw(words)}
        if draw(st.booleans()):
            person["email"] = draw(emails)
        if draw(st.booleans()):
            person["phone"] = draw(phones)
        found[role] = person
    return found


@st.composite
def document_settings(draw: st.DrawFn) -> dict[str, Any]:
    changeable = [clause for clause in CLAUSES if clause not in LOCKED]
    excludable = [clause for clause in changeable if clause not in LEADS_LOCKED]
    excluded = draw(st.lists(st.sampled_from(excludable), unique=True, max_size=3))
    reworded = draw(st.lists(st.sampled_from(changeable), unique=True, max_size=3))
    wanted: dict[str, Any] = {}
    if excluded:
        wanted["exclude"] = excluded
    if reworded:
        wanted["reword"] = {clause: draw(clause_text) for clause in reworded}
    added = []
    for ident in draw(st.lists(kebab.filter(lambda i: i not in CLAUSES), unique=True, max_size=3)):
        local: dict[str, Any] = {"id": ident, "title": draw(words), "text": draw(clause_text)}
        if draw(st.booleans()):
            local["after"] = draw(st.sampled_from([*CLAUSES[:-1], *(a["id"] for a in added)]))
        else:
            local["section"] = draw(st.sampled_from(SECTIONS))
        added.append(local)
    if added:
        wanted["add"] = added
    return wanted


@st.composite
def organisations(draw: st.DrawFn) -> dict[str, Any]:
    """A valid organisation file extending the board, as plain data."""
    organisation: dict[str, Any] = {
        "name": draw(words),
        "kind": draw(st.sampled_from(["school", "academy", "trust", "agency"])),
        "extends": "board",
        "branding": {"primary": draw(colours), "accent": draw(colours)},
        "people": draw(people()),
        "parameters": {"setting": draw(words)},
    }
    if draw(st.booleans()):
        organisation["parameters"]["training_email"] = draw(emails)
    if draw(st.booleans()):
        organisation["adopted"] = draw(st.dates(datetime.date(1990, 1, 1), datetime.date(2200, 12, 31)))
        organisation["review_months"] = draw(st.integers(1, 60))
    if draw(st.booleans()):
        organisation["documents"] = {"staff-policy": draw(document_settings())}
    return organisation


def dump(data: Any) -> bytes:
    stream = io.BytesIO()
    writer = YAML(typ="safe", pure=True)
    writer.allow_unicode = True
    writer.default_flow_style = False  # in a flow mapping, ruamel writes "?x" unquoted, which no parser reads back
    writer.dump(data, stream)
    return stream.getvalue()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the minimal fixture; each example rewrites schools/case.yml in it."""
    return copy_project(MINIMAL, tmp_path_factory.mktemp("properties") / "project")


def with_case(project: Path, content: bytes) -> Path:
    (project / "schools" / "case.yml").write_bytes(content)
    return project


def placed_ids(organisation: dict[str, Any]) -> set[str]:
    """The clauses the school's policy page must show: the library's, less exclusions, plus its own."""
    wanted = organisation.get("documents", {}).get("staff-policy", {})
    excluded = set(wanted.get("exclude", []))
    return (set(CLAUSES) - excluded) | {local["id"] for local in wanted.get("add", [])}


@FAST
@given(organisation=organisations())
def test_every_valid_organisation_validates_resolves_and_renders(project: Path, organisation: dict[str, Any]) -> None:
    resolved = resolve_organisation(validate_project(with_case(project, dump(organisation))), "case")
    pages = site_pages(resolved, templates=TEMPLATES)
    shown = {clause.id for document in resolved.documents for clause in document.clauses()}
    assert shown == placed_ids(organisation)
    assert {"index.md", "staff-social-media-policy.md"} <= set(pages)
    assert "<script" not in "".join(pages.values())


@SLOW
@given(organisation=organisations())
def test_valid_organisations_build_a_site(project: Path, organisation: dict[str, Any]) -> None:
    build_organisation(validate_project(with_case(project, dump(organisation))), "case", project / "build")
    site = project / "build" / "case" / "site"
    assert (site / "index.html").is_file() and (site / "staff-social-media-policy.html").is_file()


# --- broken organisations -----------------------------------------------------------------------------------------

unknown_keys = st.from_regex(r"[a-z_]{3,12}", fullmatch=True).filter(
    lambda key: (
        key not in {"name", "kind", "extends", "template", "branding", "people", "parameters", "adopted"}
        and key not in {"review_months", "locked", "documents", "logo", "primary", "accent"}
    )
)
wrong_values = st.one_of(st.integers(), st.lists(st.integers(), min_size=1, max_size=3), st.booleans())


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A valid organisation with one thing broken, as file content."""
    organisation = draw(organisations())
    mutation = draw(
        st.sampled_from(
            [
                "delete-required",
                "wrong-type",
                "unknown-key",
                "unknown-nested-key",
                "bad-colour",
                "unknown-clause",
                "locked-excluded",
                "locked-lead-excluded",
                "garbage",
            ]
        )
    )
    if mutation == "garbage":
        return draw(st.binary(max_size=300))
    if mutation == "delete-required":
        del organisation[draw(st.sampled_from(["name", "kind"]))]
    elif mutation == "wrong-type":
        key = draw(st.sampled_from(["name", "kind", "branding", "people", "parameters", "documents", "adopted"]))
        organisation[key] = draw(wrong_values.filter(lambda v: not (key == "adopted" and isinstance(v, int))))
    elif mutation == "unknown-key":
        organisation[draw(unknown_keys)] = draw(words)
    elif mutation == "unknown-nested-key":
        organisation["branding"][draw(unknown_keys)] = draw(colours)
    elif mutation == "bad-colour":
        bad = st.one_of(words, st.text("0123456789abcdefg", max_size=8).map(lambda d: f"#{d}"))
        organisation["branding"][draw(st.sampled_from(["primary", "accent"]))] = draw(
            bad.filter(lambda v: not (len(v) == 7 and all(c in string.hexdigits for c in v[1:])))
        )
    elif mutation == "unknown-clause":
        verb = draw(st.sampled_from(["exclude", "reword"]))
        clause = draw(kebab.filter(lambda c: c not in CLAUSES))
        organisation["documents"] = {
            "staff-policy": {"exclude": [clause]} if verb == "exclude" else {"reword": {clause: "New words."}}
        }
    elif mutation == "locked-excluded":
        organisation["documents"] = {"staff-policy": {"exclude": sorted(LOCKED)}}
    elif mutation == "locked-lead-excluded":
        organisation["documents"] = {"staff-policy": {"exclude": sorted(LEADS_LOCKED)}}
    return dump(organisation)


@FAST
@given(content=mutated())
def test_every_broken_organisation_is_a_user_error(project: Path, content: bytes) -> None:
    try:
        validate_project(with_case(project, content))
    except UserError as error:
        assert error.problems
        assert all(problem.file.startswith("schools/") and problem.line >= 1 for problem in error.problems)
    else:
        raise AssertionError(f"no problem found in {content!r}")
