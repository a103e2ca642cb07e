"""A loaded project -> every cross-reference problem (unknown ids, locks, cycles, missing values, logos)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from generator.errors import Problem, did_you_mean
from generator.inherit import DocumentPlan, Settings, chain_of, parameter_values, settings_of
from generator.load import Located, Project
from generator.logo import logo_problem
from generator.placeholders import Placeholder, PlaceholderError, parse
from generator.schema import DocumentTemplate, LocalClause, Organisation, Parameter, ParameterValue, Role
from generator.scope import documents_of, parameters_of, roles_of
from generator.values import parameter_value_problem

LOGO_MAX_BYTES = 2_000_000


def check_project(project: Project) -> list[Problem]:
    """Every problem that the schema alone cannot see, across the library and all organisations."""
    problems = [*project.problems, *_library_problems(project)]
    for org_id in project.organisations:
        if set(chain_of(project.organisations, org_id, include_missing=True)) & project.broken:
            continue  # the file it extends is broken, and that problem is already reported
        problems.extend(_organisation_problems(project, org_id))
    return problems


def _placeholders(
    text: str, where: Located, path: tuple[str | int, ...], parameters: dict[str, Parameter]
) -> Iterator[Problem]:
    try:
        parts = parse(text)
    except PlaceholderError as error:
        yield where.problem(path, f"{error}")
        return
    for part in parts:
        if isinstance(part, Placeholder) and part.name not in parameters:
            hint = did_you_mean(part.name, parameters)
            yield where.problem(
                path,
                f"unknown parameter {{{{ {part.name} }}}}{hint}; declare it in content/parameters.yml, "
                "or under declares.parameters in the organisation's file",
            )


def placeholder_names(text: str) -> set[str]:
    try:
        return {p.name for p in parse(text) if isinstance(p, Placeholder)}
    except PlaceholderError:
        return set()


def _library_problems(project: Project) -> Iterator[Problem]:
    library = project.library
    yield from _board_folder_problems(project)
    scopes = {owner: _owner_scope(project, owner) for owner in {None, *library.owners.boards()}}
    for ident, defined in library.clauses.items():
        scope = scopes[library.owners.clauses.get(ident)]
        if scope is not None:
            yield from _placeholders(defined.text, project.where.clauses[ident], ("text",), scope[0])
            if defined.quotation:
                yield from _placeholders(defined.quotation, project.where.clauses[ident], ("quotation",), scope[0])
    for ident, template in library.documents.items():
        where = project.where.documents[ident]
        owner = library.owners.documents.get(ident)
        scope = scopes[owner]
        seen: set[str] = set()
        for clause in template.clause_ids():
            if clause not in library.clauses:
                yield where.problem(("sections",), f"unknown clause {clause!r}{did_you_mean(clause, library.clauses)}")
            elif library.owners.clauses.get(clause, owner) != owner:
                yield where.problem(
                    ("sections",),
                    f"clause {clause!r} is {library.owners.clauses[clause]}'s own: only its documents place it",
                )
            elif clause in seen:
                yield where.problem(
                    ("sections",), f"clause {clause!r} is placed twice; a clause appears once per document"
                )
            seen.add(clause)
        ids = template.section_ids()
        for duplicate in sorted({s for s in ids if ids.count(s) > 1}):
            yield where.problem(("sections",), f"duplicate section id {duplicate!r}")
        for index, role in enumerate(template.signatories if scope else []):
            if scope and role not in scope[1]:
                yield where.problem(("signatories", index), f"unknown role {role!r}{did_you_mean(role, scope[1])}")
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
    where = project.where.organisations[org_id]
    library = project.library
    broken_chain = list(_extends_problems(project, org_id, where))
    if broken_chain:
        yield from broken_chain
        return
    settings = settings_of(project.organisations, org_id)
    yield from _declaration_problems(project, org_id, where)
    roles, parameters = roles_of(project, settings), parameters_of(project, settings)
    for role in org.people:
        if role not in roles:
            yield where.problem(
                ("people", role), f"unknown role{did_you_mean(role, roles)}; expected one of: {', '.join(roles)}"
            )
    lockable = set(library.clauses) | {local.id for wanted in org.documents.values() for local in wanted.add}
    for index, clause in enumerate(org.locked):
        if clause not in lockable:
            yield where.problem(("locked", index), f"unknown clause {clause!r}{did_you_mean(clause, lockable)}")
    yield from _parameter_problems(parameters, where, ("parameters",), org.parameters)
    yield from _logo_problems(project, org, where)
    for doc_id in org.documents:
        yield from _document_problems(project, settings, where, doc_id)
    if not settings.template:
        yield from _missing_parameters(project, settings, where, parameters)


def _owner_scope(project: Project, owner: str | None) -> tuple[dict[str, Parameter], dict[str, Role]] | None:
    """The parameters and roles a board's own content may use: the library's and its chain's declarations;
    None while the board's file is missing, broken or in a cycle (that problem is reported on its own)."""
    if owner is None:
        return project.library.parameters, project.library.roles
    if owner not in project.organisations or _cycle(project.organisations, owner):
        return None
    if set(chain_of(project.organisations, owner, include_missing=True)) & project.broken:
        return None
    settings = settings_of(project.organisations, owner)
    return parameters_of(project, settings), roles_of(project, settings)


def _board_folder_problems(project: Project) -> Iterator[Problem]:
    for board in sorted(project.library.owners.boards()):
        if board in project.organisations or board in project.broken:
            continue
        hint = did_you_mean(board, project.organisations)
        message = f"no organisation {board!r}{hint}: name the folder after the board's file in schools/"
        yield Problem(f"content/boards/{board}", 1, 1, "", message)


def _declaration_problems(project: Project, org_id: str, where: Located) -> Iterator[Problem]:
    """An organisation declares only new ids: never one the library or an organisation it extends defines."""
    org = project.organisations[org_id]
    ancestors = settings_of(project.organisations, org.extends) if org.extends in project.organisations else None
    declared: tuple[tuple[str, Mapping[str, object], Mapping[str, object], Mapping[str, object]], ...] = (
        (
            "parameters",
            project.library.parameters,
            org.declares.parameters,
            ancestors.declared_parameters if ancestors else {},
        ),
        ("roles", project.library.roles, org.declares.roles, ancestors.declared_roles if ancestors else {}),
    )
    for noun, library, own, inherited in declared:
        for ident in own:
            if ident in library:
                yield where.problem(
                    ("declares", noun, ident),
                    f"{ident!r} is already defined in content/{noun}.yml; use it, or choose a new id",
                )
            elif ident in inherited:
                yield where.problem(
                    ("declares", noun, ident),
                    f"{ident!r} is already declared by an organisation this one extends; choose a new id",
                )


def _extends_problems(project: Project, org_id: str, where: Located) -> Iterator[Problem]:
    """An unknown organisation to extend, or a circle of them."""
    extends = project.organisations[org_id].extends
    if extends is None:
        return
    if extends not in project.organisations:
        hint = did_you_mean(extends, project.organisations)
        yield where.problem(("extends",), f"unknown organisation {extends!r}{hint}; expected a file name in schools/")
    elif cycle := _cycle(project.organisations, org_id):
        yield where.problem(("extends",), f"circular extends: {' -> '.join(cycle)}")


def _document_problems(project: Project, settings: Settings, where: Located, doc_id: str) -> Iterator[Problem]:
    """What is wrong in one document's settings: unknown or locked clauses, misplaced additions, parameters."""
    library = project.library
    wanted = settings.organisation.documents[doc_id]
    path = ("documents", doc_id)
    documents, parameters = documents_of(project, settings), parameters_of(project, settings)
    if doc_id not in documents:
        owner = library.owners.documents.get(doc_id)
        yield where.problem(
            path,
            f"document {doc_id!r} is {owner}'s own: only organisations extending {owner} publish it"
            if owner
            else f"unknown document{did_you_mean(doc_id, documents)}; expected one of: {', '.join(documents)}",
        )
        return
    template = library.documents[doc_id]
    inherited_local = [local.id for local, by in settings.documents[doc_id].add if by != settings.id]
    known = template.clause_ids() + inherited_local
    for index, clause in enumerate(wanted.exclude):
        yield from _clause_ref(where, (*path, "exclude", index), clause, known, settings.locked, "exclude")
    for clause, text in wanted.reword.items():
        yield from _clause_ref(where, (*path, "reword", clause), clause, known, settings.locked, "reword")
        yield from _placeholders(text, where, (*path, "reword", clause), parameters)
    own_ids = set(known)
    for index, local in enumerate(wanted.add):
        at = (*path, "add", index)
        if local.id in library.clauses or local.id in own_ids:
            yield where.problem((*at, "id"), f"clause id {local.id!r} is already used; choose a new id")
        own_ids.add(local.id)
        yield from _placeholders(local.text, where, (*at, "text"), parameters)
        yield from _placement_problems(where, at, local, template, own_ids, doc_id)
    yield from _parameter_problems(parameters, where, (*path, "parameters"), wanted.parameters)


def _placement_problems(
    where: Located, at: tuple[str | int, ...], local: LocalClause, template: DocumentTemplate, ids: set[str], doc: str
) -> Iterator[Problem]:
    """An added clause must go after a clause of the document (not the acknowledgement) or end a section of it."""
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
    elif local.after is not None and local.after not in ids:
        yield where.problem(
            (*at, "after"), f"clause {local.after!r} is not in document {doc!r}{did_you_mean(local.after, ids)}"
        )
    elif local.section is not None and local.section not in template.section_ids():
        sections = template.section_ids()
        yield where.problem(
            (*at, "section"),
            f"no section {local.section!r} in document {doc!r}{did_you_mean(local.section, sections)}; expected one of: {', '.join(sections)}",
        )


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
    declared: dict[str, Parameter], where: Located, path: tuple[str | int, ...], values: dict[str, ParameterValue]
) -> Iterator[Problem]:
    for name, value in values.items():
        if name not in declared:
            yield where.problem(
                (*path, name),
                f"unknown parameter{did_you_mean(name, declared)}; see content/parameters.yml, "
                "or declare it under declares.parameters",
            )
            continue
        wrong = parameter_value_problem(declared[name].type, value)
        if wrong:
            yield where.problem((*path, name), f"{wrong}, e.g. {declared[name].example!r}")


def used_parameters(project: Project, plan: DocumentPlan) -> set[str]:
    """The parameters a document's text uses once the chain's exclusions, rewordings and additions apply."""
    library = project.library
    texts = [
        plan.reword[c][0] if c in plan.reword else library.clauses[c].text
        for c in library.documents[plan.id].clause_ids()
        if c in library.clauses and c not in plan.exclude
    ] + [local.text for local, _ in plan.add]
    return {name for text in texts for name in placeholder_names(text)}


def _missing_parameters(
    project: Project, settings: Settings, where: Located, parameters: dict[str, Parameter]
) -> Iterator[Problem]:
    library = project.library
    for doc_id, plan in settings.documents.items():
        if doc_id not in library.documents:
            continue
        values = parameter_values(parameters, settings, plan)
        needed = sorted(used_parameters(project, plan) - set(values))
        for name in needed:
            parameter = parameters.get(name)
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
    where = project.where.organisations[org_id]
    return [where.problem(("branding",), message) for message in palette_warnings(branding.primary, branding.accent)]


def warnings_for(project: Project, org_id: str) -> list[Problem]:
    """What the organisation should know but that does not stop its build: colours, signatures, placeholders."""
    from generator.kinds import signature_warnings
    from generator.starter import placeholder_warnings

    return [
        *palette_warnings_for(project, org_id),
        *signature_warnings(project, org_id),
        *placeholder_warnings(project, org_id),
    ]
