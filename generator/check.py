"""A loaded project -> every cross-reference problem (unknown ids, locks, cycles, missing values, logos)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.errors import Problem, did_you_mean
from generator.inherit import Settings, chain_of, settings_of
from generator.load import Located, Project
from generator.logo import logo_problem
from generator.placeholders import Placeholder, PlaceholderError, parse
from generator.resolve import parameter_values
from generator.schema import ClauseEntry, DocumentTemplate, Organisation, ParameterValue, Section
from generator.values import email_problem, url_problem

LOGO_MAX_BYTES = 2_000_000


def check_project(project: Project) -> list[Problem]:
    """Every problem that the schema alone cannot see, across the library and all organisations."""
    problems = [*project.problems, *_library_problems(project)]
    for org_id in project.organisations:
        if set(chain_of(project.organisations, org_id, include_missing=True)) & project.broken:
            continue  # the file it extends is broken, and that problem is already reported
        problems.extend(_organisation_problems(project, org_id))
    return problems


def template_clause_ids(template: DocumentTemplate) -> list[str]:
    """Every clause id a document template places, in reading order (with its acknowledgement last)."""

    def entries(items: list[ClauseEntry]) -> Iterator[str]:
        for entry in items:
            yield entry.clause
            yield from entries(entry.items)

    def sections(items: list[Section]) -> Iterator[str]:
        for section in items:
            yield from entries(section.clauses)
            yield from sections(section.sections)

    ids = list(sections(template.sections))
    return [*ids, template.acknowledgement] if template.acknowledgement else ids


def section_ids(sections: list[Section]) -> list[str]:
    return [ident for s in sections for ident in (s.id, *section_ids(s.sections))]


def _placeholders(text: str, where: Located, path: tuple[str | int, ...], project: Project) -> Iterator[Problem]:
    try:
        parts = parse(text)
    except PlaceholderError as error:
        yield where.problem(path, f"{error}")
        return
    for part in parts:
        if isinstance(part, Placeholder) and part.name not in project.library.parameters:
            hint = did_you_mean(part.name, project.library.parameters)
            yield where.problem(
                path, f"unknown parameter {{{{ {part.name} }}}}{hint}; declare it in content/parameters.yml"
            )


def placeholder_names(text: str) -> set[str]:
    try:
        return {p.name for p in parse(text) if isinstance(p, Placeholder)}
    except PlaceholderError:
        return set()


def _library_problems(project: Project) -> Iterator[Problem]:
    library = project.library
    for ident, defined in library.clauses.items():
        yield from _placeholders(defined.text, project.where[f"clause:{ident}"], ("text",), project)
        if defined.quotation:
            yield from _placeholders(defined.quotation, project.where[f"clause:{ident}"], ("quotation",), project)
    for ident, template in library.documents.items():
        where = project.where[f"document:{ident}"]
        seen: set[str] = set()
        for clause in template_clause_ids(template):
            if clause not in library.clauses:
                yield where.problem(("sections",), f"unknown clause {clause!r}{did_you_mean(clause, library.clauses)}")
            elif clause in seen:
                yield where.problem(
                    ("sections",), f"clause {clause!r} is placed twice; a clause appears once per document"
                )
            seen.add(clause)
        ids = section_ids(template.sections)
        for duplicate in sorted({s for s in ids if ids.count(s) > 1}):
            yield where.problem(("sections",), f"duplicate section id {duplicate!r}")
        for index, role in enumerate(template.signatories):
            if role not in library.roles:
                yield where.problem(("signatories", index), f"unknown role {role!r}{did_you_mean(role, library.roles)}")
        yield from _signing_problems(template, where)


def _signing_problems(template: DocumentTemplate, where: Located) -> Iterator[Problem]:
    """The signing kind agrees with the signatories; the acknowledgement follows a top-level section."""
    if template.signing == "none" and template.signatories:
        yield where.problem(("signatories",), "a document nobody signs (signing: none) lists no signatories")
    elif template.signing != "none" and not template.signatories:
        yield where.problem(("signatories",), f"signing: {template.signing} needs at least one signatory role")
    top = [section.id for section in template.sections]
    if template.acknowledgement_after and template.acknowledgement_after not in top:
        hint = did_you_mean(template.acknowledgement_after, top)
        yield where.problem(
            ("acknowledgement_after",), f"unknown top-level section {template.acknowledgement_after!r}{hint}"
        )


def _organisation_problems(project: Project, org_id: str) -> Iterator[Problem]:
    org = project.organisations[org_id]
    where = project.where[f"organisation:{org_id}"]
    library = project.library
    if org.extends is not None:
        if org.extends not in project.organisations:
            hint = did_you_mean(org.extends, project.organisations)
            yield where.problem(
                ("extends",), f"unknown organisation {org.extends!r}{hint}; expected a file name in schools/"
            )
            return
        cycle = _cycle(project.organisations, org_id)
        if cycle:
            yield where.problem(("extends",), f"circular extends: {' -> '.join(cycle)}")
            return
    for role in org.people:
        if role not in library.roles:
            yield where.problem(
                ("people", role),
                f"unknown role{did_you_mean(role, library.roles)}; expected one of: {', '.join(library.roles)}",
            )
    lockable = set(library.clauses) | {local.id for wanted in org.documents.values() for local in wanted.add}
    for index, clause in enumerate(org.locked):
        if clause not in lockable:
            yield where.problem(("locked", index), f"unknown clause {clause!r}{did_you_mean(clause, lockable)}")
    yield from _parameter_problems(project, where, ("parameters",), org.parameters)
    yield from _logo_problems(project, org, where)
    settings = settings_of(project.organisations, org_id)
    for doc_id, wanted in org.documents.items():
        path = ("documents", doc_id)
        if doc_id not in library.documents:
            yield where.problem(
                path,
                f"unknown document{did_you_mean(doc_id, library.documents)}; expected one of: {', '.join(library.documents)}",
            )
            continue
        template = library.documents[doc_id]
        plan = settings.documents[doc_id]
        placed = template_clause_ids(template)
        inherited_local = [local.id for local, by in plan.add if by != org_id]
        known = placed + inherited_local
        for index, clause in enumerate(wanted.exclude):
            yield from _clause_ref(where, (*path, "exclude", index), clause, known, settings.locked, "exclude")
        for clause, text in wanted.reword.items():
            yield from _clause_ref(where, (*path, "reword", clause), clause, known, settings.locked, "reword")
            yield from _placeholders(text, where, (*path, "reword", clause), project)
        own_ids = set(known)
        for index, local in enumerate(wanted.add):
            at = (*path, "add", index)
            if local.id in library.clauses or local.id in own_ids:
                yield where.problem((*at, "id"), f"clause id {local.id!r} is already used; choose a new id")
            own_ids.add(local.id)
            yield from _placeholders(local.text, where, (*at, "text"), project)
            if (local.after is None) == (local.section is None):
                yield where.problem(
                    at, "say where the clause goes: exactly one of after (a clause id) or section (a section id)"
                )
            elif local.after is not None and local.after == template.acknowledgement:
                yield where.problem(
                    (*at, "after"),
                    f"clause {local.after!r} is the acknowledgement, which stands alone; "
                    "place the clause after another clause, or at the end of a section",
                )
            elif local.after is not None and local.after not in own_ids:
                yield where.problem(
                    (*at, "after"),
                    f"clause {local.after!r} is not in document {doc_id!r}{did_you_mean(local.after, own_ids)}",
                )
            elif local.section is not None and local.section not in section_ids(template.sections):
                ids = section_ids(template.sections)
                yield where.problem(
                    (*at, "section"),
                    f"no section {local.section!r} in document {doc_id!r}{did_you_mean(local.section, ids)}; expected one of: {', '.join(ids)}",
                )
        yield from _parameter_problems(project, where, (*path, "parameters"), wanted.parameters)
    if not settings.template:
        yield from _missing_parameters(project, settings, where)


def _clause_ref(
    where: Located, path: tuple[str | int, ...], clause: str, known: list[str], locked: dict[str, str], verb: str
) -> Iterator[Problem]:
    if clause not in known:
        yield where.problem(path, f"clause {clause!r} is not in this document{did_you_mean(clause, known)}")
    elif clause in locked:
        yield where.problem(
            path,
            f"clause {clause!r} is locked by {locked[clause]}: it must be kept as written, so it cannot be {verb.removesuffix('e')}ed",
        )


def _cycle(organisations: dict[str, Organisation], org_id: str) -> list[str]:
    seen: list[str] = []
    current: str | None = org_id
    while current is not None and current in organisations:
        if current in seen:
            return [*seen[seen.index(current) :], current] if current == org_id else []
        seen.append(current)
        current = organisations[current].extends
    return []


def _parameter_problems(
    project: Project, where: Located, path: tuple[str | int, ...], values: dict[str, ParameterValue]
) -> Iterator[Problem]:
    declared = project.library.parameters
    for name, value in values.items():
        if name not in declared:
            yield where.problem(
                (*path, name), f"unknown parameter{did_you_mean(name, declared)}; see content/parameters.yml"
            )
            continue
        wrong = parameter_value_problem(declared[name].type, value)
        if wrong:
            yield where.problem((*path, name), f"{wrong}, e.g. {declared[name].example!r}")


def parameter_value_problem(kind: str, value: ParameterValue) -> str | None:
    """Why ``value`` does not fit a parameter of type ``kind``, or None (its text was checked by the schema)."""
    expected, shape = _PARAMETER_SHAPES[kind]
    if not isinstance(value, shape) or isinstance(value, bool):
        return f"expected {expected}"
    if kind == "email":
        return email_problem(str(value))
    if kind == "url":
        return url_problem(str(value))
    return None


_PARAMETER_SHAPES: dict[str, tuple[str, type]] = {
    "list": ("a list of text", list),
    "integer": ("a whole number", int),
    "text": ("text", str),
    "email": ("an e-mail address", str),
    "url": ("a web address starting https://", str),
}


def _missing_parameters(project: Project, settings: Settings, where: Located) -> Iterator[Problem]:
    library = project.library
    for doc_id, plan in settings.documents.items():
        if doc_id not in library.documents:
            continue
        values = parameter_values(project, settings, plan)
        texts = [
            plan.reword[c][0] if c in plan.reword else library.clauses[c].text
            for c in template_clause_ids(library.documents[doc_id])
            if c in library.clauses and c not in plan.exclude
        ] + [local.text for local, _ in plan.add]
        needed = sorted({name for text in texts for name in placeholder_names(text)} - set(values))
        for name in needed:
            parameter = library.parameters.get(name)
            if parameter is None:
                continue
            yield where.problem(
                ("parameters",),
                f"missing parameter {name!r} ({parameter.description.rstrip('.')}), used in document {doc_id!r}; "
                f"set it under parameters, e.g. {name}: {parameter.example!r}",
            )


def _logo_problems(project: Project, org: Organisation, where: Located) -> Iterator[Problem]:
    if org.branding.logo is None:
        return
    path = ("branding", "logo")
    folder = (project.root / "schools").resolve()
    logo = project.root / "schools" / org.branding.logo
    try:
        real = logo.resolve()
    except (OSError, RuntimeError, ValueError):
        yield where.problem(path, "cannot resolve the logo path")
        return
    if not real.is_relative_to(project.root.resolve()):
        yield where.problem(path, f"logo {org.branding.logo!r} is outside the project; put it in {folder.name}/logos/")
        return
    if not real.is_file():
        yield where.problem(
            path,
            f"logo file {org.branding.logo!r} not found; expected a path relative to schools/, e.g. logos/my-school.svg",
        )
        return
    try:
        size = real.stat().st_size
        data = b"" if size > LOGO_MAX_BYTES else real.read_bytes()
    except OSError as error:
        yield where.problem(path, f"cannot read logo: {error.strerror}")
        return
    if size > LOGO_MAX_BYTES:
        yield where.problem(path, f"logo is {size:,} bytes; keep it under {LOGO_MAX_BYTES:,} (it is on every page)")
        return
    problem = logo_problem(logo, data)
    if problem:
        yield where.problem(path, problem)


def palette_warnings_for(project: Project, org_id: str) -> list[Problem]:
    """Colours that fail WCAG AA contrast: a warning (the site stays readable), named and placed in the file."""
    from generator.contrast import palette_warnings

    branding = settings_of(project.organisations, org_id).branding
    where = project.where[f"organisation:{org_id}"]
    return [where.problem(("branding",), message) for message in palette_warnings(branding.primary, branding.accent)]
