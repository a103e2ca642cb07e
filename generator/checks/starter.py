"""A kind, an id and a publisher -> a commented starter file (and a board's own document) that validates as written.

Every person and parameter the organisation's documents need is listed, each parameter with its label,
description, example and inherited value; a commented example shows exclude, reword and add with real clause ids.
Values to replace say FILL IN; `policy-pack validate` warns while any is left.
"""

from __future__ import annotations

import datetime
import json
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import yaml
from pydantic import TypeAdapter, ValidationError

from generator.checks.cross_references import published_clauses, used_parameters
from generator.inputs.errors import Problem, did_you_mean, display_path
from generator.inputs.load import Owners, Project
from generator.inputs.project_files import file_id, organisation_files
from generator.inputs.schema import (
    Clause,
    DocumentSettings,
    DocumentTemplate,
    Organisation,
    OrganisationId,
    OrganisationKind,
    Parameter,
)
from generator.model.inherit import DocumentPlan, Settings, parameter_values, settings_of
from generator.model.kinds import ADOPTING_ROLES, signing_roles
from generator.model.scope import documents_of, parameters_of, roles_of

FILL_IN = "FILL IN"
DEFAULT_DOCUMENTS = {"agency": "candidate-guidance"}
"""Kind -> the library document an organisation that extends nobody starts with (else the personal-use policy)."""
SHARED_DEFAULT = "social-media-personal-use-policy"
CONTACT_ROLES = {"school": ["dsl"], "academy": ["dsl"], "trust": ["dsl"], "agency": ["consultant"]}
KINDS: tuple[str, ...] = OrganisationKind.__args__  # type: ignore[attr-defined]


PLACEHOLDERS = {
    "text": lambda label: f"{FILL_IN}: {label}",
    "list": lambda label: [f"{FILL_IN}: {label}"],
    "email": lambda label: "fill-in@example.org",
    "phone": lambda label: "01632 960000",
    "url": lambda label: "https://fill-in.example.org/",
}
"""Parameter type -> the value a starter writes: valid as written, and warned about until replaced."""


def is_placeholder(value: object) -> bool:
    """Whether a value (or any item of a list) is still one the starter wrote."""
    if isinstance(value, list):
        return any(is_placeholder(item) for item in value)
    return isinstance(value, str) and (
        value.startswith(FILL_IN) or value in {PLACEHOLDERS[kind]("") for kind in ("email", "phone", "url")}
    )


class StarterError(ValueError):
    """The starter cannot be written: the message says why."""


@dataclass(frozen=True)
class Starter:
    """The files to write, relative to the project: the organisation's file first."""

    files: dict[str, str]


def starter(project: Project, kind: str, org_id: str, extends: str | None, today: datetime.date) -> Starter:
    """The starter files of a new organisation ``org_id`` of ``kind``, extending ``extends`` if given."""
    _check_request(project, kind, org_id, extends)
    files: dict[str, str] = {}
    own_document = None
    if kind == "board":
        own_document = f"{org_id}-policy"
        files.update(_board_content(org_id, own_document))
        project = _with_board_document(project, org_id, own_document, files)
    publisher = project.organisations.get(extends) if extends else None
    documents = _documents(project, kind, extends, own_document)
    draft = Organisation.model_validate(
        {"name": FILL_IN, "kind": kind, "extends": extends, "documents": {d: DocumentSettings() for d in documents}}
    )
    settings = settings_of({**project.organisations, org_id: draft}, org_id)
    header = [
        "# yaml-language-server: $schema=../schema/organisation.schema.json",
        f"# Starter file for {_a(kind)}" + (f" extending {extends} ({publisher.name})." if publisher else "."),
        f"# Replace every {FILL_IN} value, then run `policy-pack validate`.",
        "# Lines starting with # are comments: uncomment what you need.",
        f'name: "{FILL_IN}: full name of the {_a(kind).split(" ", 1)[1]}"',
        f"kind: {kind}",
        *([f"extends: {extends}"] if extends else []),
        *(["template: true  # a model: missing values show as fill-in blanks"] if kind == "board" else []),
    ]
    lines = [
        *header,
        *_people(project, settings, kind),
        *_parameters(project, settings),
        f"adopted: {today.isoformat()}  # the date your governing body (or board) adopted these documents",
        *_pin(project, extends),
        f"# review_months: {settings.review_months}  # inherited from {extends}; uncomment to change"
        if publisher
        else f"review_months: {settings.review_months}  # months between reviews",
        *_documents_section(project, settings, org_id),
    ]
    files[f"schools/{org_id}.yml"] = "\n".join(_one_line(line) for line in lines) + "\n"
    return Starter(dict(sorted(files.items(), key=lambda item: not item[0].startswith("schools/"))))


def _pin(project: Project, extends: str | None) -> list[str]:
    """The release adopted: the latest of the publisher extended, where it issues releases."""
    releases = project.releases.get(extends or "", [])
    if not releases:
        return []
    return [f"adopted_from: {extends}@{releases[-1].version}  # the release adopted: `policy-pack adopt` moves it"]


def write_starter(project: Project, result: Starter) -> list[Path]:
    """Write the starter's files; none is written if any already exists."""
    paths = [project.root / name for name in result.files]
    existing = [name for name, path in zip(result.files, paths, strict=True) if path.exists()]
    if existing:
        raise StarterError(f"{existing[0]} already exists: choose another id, or edit that file")
    for path, text in zip(paths, result.files.values(), strict=True):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return paths


def placeholder_warnings(project: Project, org_id: str) -> list[Problem]:
    """A warning for each value in the organisation's own file that still says FILL IN."""
    org = project.organisations[org_id]
    where = project.where.organisations[org_id]
    found: list[tuple[tuple[str | int, ...], object]] = [(("name",), org.name)]
    found += [(("people", role, "name"), person.name) for role, person in org.people.items()]
    found += [(("parameters", name), value) for name, value in org.parameters.items()]
    return [
        where.problem(path, f"still the starter's placeholder {value!r}: write the real value")
        for path, value in found
        if is_placeholder(value)
    ]


def _check_request(project: Project, kind: str, org_id: str, extends: str | None) -> None:
    if kind not in KINDS:
        raise StarterError(f"unknown kind {kind!r}; expected one of: {', '.join(KINDS)}")
    try:
        TypeAdapter(OrganisationId).validate_python(org_id)
    except ValidationError:
        raise StarterError(
            f"{org_id!r} is not an organisation id: use lower-case letters, digits and hyphens"
        ) from None
    existing = [path for path in organisation_files(project.root) if file_id(path) == org_id]
    if existing:
        name = display_path(existing[0], project.root)
        raise StarterError(f"{name} already exists: choose another id, or edit that file")
    if extends is not None and extends not in project.organisations:
        hint = did_you_mean(extends, project.organisations)
        raise StarterError(f"no organisation {extends!r} to extend{hint}; expected a file name in schools/")


def _documents(project: Project, kind: str, extends: str | None, own: str | None) -> list[str]:
    if own:
        return [own]
    if extends:
        return []  # everything the publisher publishes is inherited
    return [DEFAULT_DOCUMENTS.get(kind, SHARED_DEFAULT)]


def _people(project: Project, settings: Settings, kind: str) -> Iterator[str]:
    lines = list(_people_lines(project, settings, kind))
    yield from _mapping("people", "role id -> the person; only people named here sign for this organisation", lines)


def _people_lines(project: Project, settings: Settings, kind: str) -> Iterator[str]:
    roles = roles_of(project, settings)
    signing: list[str] = []
    for doc_id in settings.documents:
        template = project.library.documents[doc_id]
        for role in signing_roles(kind, template.signing, template.signatories, []):
            signing += [] if role in signing or kind not in ADOPTING_ROLES else [role]
    if kind == "board":
        yield "  # A model is signed by each organisation adopting it: its signature lines stay blank."
    for role in signing:
        note = " (or principal: if your academy has a Principal)" if role == "headteacher" and kind == "academy" else ""
        yield f"  # {roles[role].title}: signs the policies{note}."
        yield f"  {role}: {{name: {_value(f'{FILL_IN}: name of the {roles[role].title}')}}}"
    for role in CONTACT_ROLES.get(kind, []):
        if role not in signing:
            yield f"  # {roles[role].title}: a key contact on the site."
            yield f"  {role}: {{name: {_value(f'{FILL_IN}: name of the {roles[role].title}')}}}"
    for role in settings.declared_roles:
        yield f"  # {roles[role].title} (a role {settings.chain[1] if len(settings.chain) > 1 else 'it'} declares):"
        yield f'  # {role}: {{name: "Name"}}'


def _parameters(project: Project, settings: Settings) -> Iterator[str]:
    declared = parameters_of(project, settings)
    needed: set[str] = set()
    inherited: dict[str, object] = {}
    for plan in settings.documents.values():
        needed |= used_parameters(project, plan)
        inherited.update(parameter_values(declared, settings, plan))
    needed.discard("organisation_name")  # filled from name
    lines = [
        line
        for name in sorted(needed, key=lambda n: (n in inherited, n))
        if name in declared
        for line in _parameter(name, declared[name], inherited.get(name), settings.template)
    ]
    yield from _mapping("parameters", "words and numbers the documents' text uses", lines)


def _mapping(key: str, note: str, lines: list[str]) -> Iterator[str]:
    """``key:`` and its lines; ``key: {}`` when every line is a comment (an empty key would read as nothing)."""
    if any(not line.lstrip().startswith("#") for line in lines):
        yield f"{key}:  # {note}"
    else:
        yield f"{key}: {{}}  # {note}: to set one, delete {{}} and uncomment it"
    yield from lines


def _parameter(name: str, parameter: Parameter, inherited: object, template: bool) -> Iterator[str]:
    yield f"  # {parameter.label}: {parameter.description} Example: {_value(parameter.example)}."
    if inherited is not None:
        yield f"  # Inherited: {_value(inherited)}. Uncomment to change it."
        yield f"  # {name}: {_value(inherited)}"
    elif template:
        yield f"  # Left out, it shows as a blank [{parameter.label}]."
        yield f"  # {name}: {_value(parameter.example)}"
    elif parameter.type in PLACEHOLDERS:
        yield f"  {name}: {_value(PLACEHOLDERS[parameter.type](parameter.label))}"
    else:
        yield f"  {name}: {_value(parameter.example)}  # {FILL_IN}: this is the example value"


def _documents_section(project: Project, settings: Settings, org_id: str) -> Iterator[str]:
    own = settings.organisation.documents
    yield (
        "documents:  # document id -> what this organisation changes in it"
        if own
        else ("# documents:  # document id -> what this organisation changes in it (everything above is inherited)")
    )
    for doc_id in own:
        yield f"  {doc_id}: {{}}"
    for index, plan in enumerate(settings.documents.values()):
        local_id = f"{org_id}-local-clause" + (f"-{index + 1}" if index else "")
        yield from _change_example(project, settings, plan, local_id)
    others = [d for d in documents_of(project, settings) if d not in settings.documents]
    if others:
        yield "  # Other documents it may publish (policy-pack documents lists them): add one as"
        yield from textwrap.wrap(
            ", ".join(f"{d}: {{}}" for d in others), 100, initial_indent="  #   ", subsequent_indent="  #   "
        )


def _change_example(project: Project, settings: Settings, plan: DocumentPlan, local_id: str) -> Iterator[str]:
    template = project.library.documents[plan.id]
    published = published_clauses(project, settings, plan.id)
    ids = [c for c in published if c not in plan.exclude and c != template.acknowledgement]
    locked = [c for c in ids if c in settings.locked]
    free = [c for c in ids if c not in settings.locked]
    if locked or len(free) >= 2:
        yield f"  # How to change {plan.id} ({template.title_for(template=settings.template)}): uncomment and edit."
    if locked:
        by = sorted({settings.locked[c] for c in locked})
        yield f"  # Locked by {', '.join(by)}, so kept as written (no exclude or reword):"
        yield from textwrap.wrap(
            ", ".join(locked), 100, initial_indent="  #   ", subsequent_indent="  #   ", break_on_hyphens=False
        )
    if len(free) < 2:
        return
    text = plan.reword[free[1]][0] if free[1] in plan.reword else project.library.clauses[free[1]].text
    yield f"  # {plan.id}:"
    yield f"  #   exclude: [{free[0]}]"
    yield "  #   reword:"
    yield f"  #     {free[1]}: >-"
    words = re.sub(r"\{\{\s*(\w+)\s*\}\}", "{{\u00a0\\1\u00a0}}", " ".join(text.split()))  # keep {{ x }} whole
    wrapped = textwrap.wrap(words, 96, initial_indent="  #       ", subsequent_indent="  #       ")
    yield from (line.replace("\u00a0", " ") for line in wrapped)
    yield "  #   add:"
    yield f"  #     - id: {local_id}"
    yield "  #       title: A clause of our own"
    yield "  #       text: What this organisation adds, in its own words."
    yield f"  #       after: {free[1]}"


def _a(kind: str) -> str:
    """'a school', 'an academy', 'a local authority'."""
    words = kind.replace("-", " ")
    return f"an {words}" if words[0] in "aeiou" else f"a {words}"


def _value(value: object) -> str:
    """A YAML flow value (JSON is YAML), on one line whatever line-breaking characters the value holds."""
    text = json.dumps(value, ensure_ascii=False)
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def _one_line(line: str) -> str:
    """A line whose text, from an ancestor's file, cannot start another line of YAML."""
    return " ".join(line.splitlines())


def _board_content(org_id: str, document: str) -> dict[str, str]:
    clause = f"{org_id}-scope"
    clauses = f"""# {org_id}'s own clauses: only its own documents place them. Ids are unique across the library.

- id: {clause}
  title: Who this policy is for
  text: >-
    This policy applies to everyone who works or volunteers in the {{{{ setting }}}}.
  audience: [staff]
  strength: must
  topics: [scope]
  # satisfies: []  # the requirements in content/requirements.yml this clause's text meets: see
  #                # `policy-pack coverage {org_id}` for those its template does not meet yet
"""
    template = f"""# {org_id}'s own document: its sections place its own clauses and the library's (content/clauses/).
title: Model policy  # the board's file can retitle it: documents.{document}.title
kind: policy
numbering: decimal
signing: adoption  # each organisation adopting it signs with the roles of its kind
signatories: [headteacher, chair_of_governors]
sections:
  - id: scope
    title: Scope
    numbering: decimal
    clauses:
      - {clause}
"""
    base = f"content/boards/{org_id}"
    return {f"{base}/clauses/{org_id}.yml": clauses, f"{base}/documents/{document}.yml": template}


def _with_board_document(project: Project, org_id: str, document: str, files: dict[str, str]) -> Project:
    """The project as it will be once the board's own content is written, so the starter can list it."""
    if document in project.library.documents:
        raise StarterError(f"a document {document!r} already exists; choose another board id")
    base = f"content/boards/{org_id}"
    clauses = [Clause.model_validate(item) for item in yaml.safe_load(files[f"{base}/clauses/{org_id}.yml"])]
    taken = [c.id for c in clauses if c.id in project.library.clauses]
    if taken:
        raise StarterError(f"clause id {taken[0]!r} is already used; choose another board id")
    template = DocumentTemplate.model_validate(yaml.safe_load(files[f"{base}/documents/{document}.yml"]))
    library = project.library
    merged = replace(
        library,
        clauses={**library.clauses, **{c.id: c for c in clauses}},
        documents={**library.documents, document: template},
        owners=Owners(
            clauses={**library.owners.clauses, **{c.id: org_id for c in clauses}},
            documents={**library.owners.documents, document: org_id},
        ),
    )
    return replace(project, library=merged)
