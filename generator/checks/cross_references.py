"""A loaded project -> every cross-reference problem (unknown ids, locks, cycles, missing values, logos, releases).

Each organisation's problems are found in its own file only: a mistake in one file is never reported in another.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from functools import lru_cache

from generator.checks.catalogue import catalogue_problems, organisation_catalogue_problems
from generator.checks.lookalikes import name_key
from generator.inputs.errors import Problem, did_you_mean
from generator.inputs.load import Located, Project
from generator.inputs.logo import logo_problem
from generator.inputs.schema import (
    DocumentSettings,
    DocumentTemplate,
    Organisation,
    Parameter,
    ParameterValue,
    Role,
    look_alike,
)
from generator.inputs.validation_messages import number_for_text
from generator.inputs.values import parameter_value_problem, text_lines
from generator.model.inherit import DocumentPlan, Settings, chain_of, parameter_values, settings_of
from generator.model.lifecycle import LIBRARY
from generator.model.placeholders import Placeholder, PlaceholderError, parse
from generator.model.scope import documents_of, parameters_of, person_placeholders, placeholders_of, roles_of
from generator.model.slugs import RESERVED, edition_slugs

LOGO_MAX_BYTES = 2_000_000
MAX_ADDED_CLAUSES = 100
"""Clauses one organisation's file adds to one document: many times what a school adds to a model."""
MAX_PLACEMENT_CHAIN = 20
"""Added clauses each placed after the one before."""
MAX_DOCUMENT_LINES = 1_000
"""Lines of text one file adds or rewords in one document: each line can be a paragraph of its own."""
MAX_EXTENDS = 8
"""Organisations in a chain of extends: a board, a trust, an academy and room to spare."""


def library_problems(project: Project) -> list[Problem]:
    """Problems in content/ that the schema alone cannot see: every organisation depends on them."""
    return list(_library_problems(project))


def organisation_problems(project: Project, org_id: str) -> list[Problem]:
    """Problems in ``org_id``'s own file, judged against the library and the chain it extends.

    Where something it extends did not load, only what its own file can show is checked. A file with schema
    problems is checked without the keys at fault, and for nothing that may only follow from them.
    """
    org = _organisation(project, org_id)
    organisations = {**project.salvaged, **project.organisations, org_id: org}
    where = project.where.organisations[org_id]
    chain = chain_of(organisations, org_id, include_missing=True)
    salvaged = org_id not in project.organisations
    extends_read = not salvaged or _raw(where, "extends") == org.extends
    complete = extends_read and not (set(chain) & (project.broken - {org_id})) and chain[-1] in organisations
    problems = list(_extends_problems(project, organisations, org_id, where))
    if problems:
        return problems
    settings = settings_of(organisations, org_id)
    declared = not set(chain[1:]) & project.broken  # every declaration it may use was read
    problems += _own_problems(project, settings, where, declared=declared)
    problems += organisation_catalogue_problems(project, org, where)
    problems += _name_problems(project, org_id, where)
    problems += _slug_problems(project, settings, where)
    for doc_id, wanted in settings.organisation.documents.items():
        problems += _document_problems(project, settings, where, doc_id, wanted, complete=complete)
    if complete and not salvaged and not settings.template:
        problems += _missing_parameters(project, settings, where)
    if complete and (not salvaged or _raw(where, "adopted_from") == org.adopted_from):
        problems += _adoption_problems(project, settings, where)
    return problems


def _raw(where: Located, key: str) -> object:
    """A top-level value as the file has it, before the schema."""
    data = where.file.data
    return data.get(key) if isinstance(data, dict) else None


def _organisation(project: Project, org_id: str) -> Organisation:
    return project.organisations.get(org_id) or project.salvaged[org_id]


def _extends_problems(
    project: Project, organisations: dict[str, Organisation], org_id: str, where: Located
) -> Iterator[Problem]:
    parent = organisations[org_id].extends
    if parent is None or parent in project.broken:
        return  # a parent that did not load has its own problem, in its own file
    if parent not in organisations:
        hint = did_you_mean(parent, organisations)
        yield where.problem(("extends",), f"unknown organisation {parent!r}{hint}; expected a file name in schools/")
        return
    cycle = _cycle(organisations, org_id)
    if cycle:
        yield where.problem(("extends",), f"circular extends: {' -> '.join(cycle)}")
        return
    chain = chain_of(organisations, org_id)
    if len(chain) > MAX_EXTENDS:
        yield where.problem(
            ("extends",),
            f"{org_id} extends a chain of {len(chain) - 1} organisations ({' -> '.join(chain[1:4])} -> ...); "
            f"the limit is {MAX_EXTENDS - 1}: extend an organisation nearer the board",
        )


def _placeholders(
    text: str, where: Located, path: tuple[str | int, ...], declared: Mapping[str, Parameter]
) -> Iterator[Problem]:
    """Placeholder syntax, and every placeholder names a parameter ``declared`` (the library's, or also the
    organisation's)."""
    try:
        parts = parse(text)
    except PlaceholderError as error:
        yield where.problem(path, f"{error}")
        return
    for part in parts:
        if isinstance(part, Placeholder) and part.name not in declared and "." in part.name:
            role = part.name.split(".")[0]
            roles = sorted({name.split(".")[0] for name in declared if "." in name})
            yield where.problem(
                path,
                f"unknown role {role!r} in {{{{ {part.name} }}}}{did_you_mean(role, roles)}; expected a role of "
                "content/roles.yml, or one declared under declares.roles",
            )
        elif isinstance(part, Placeholder) and part.name not in declared:
            hint = _person_hint(part.name, declared) or did_you_mean(part.name, [n for n in declared if "." not in n])
            yield where.problem(
                path,
                f"unknown parameter {{{{ {part.name} }}}}{hint}; declare it in content/parameters.yml, "
                "or under declares.parameters in the organisation's file",
            )


def _person_hint(name: str, declared: Mapping[str, Parameter]) -> str:
    """' (a person's detail is written {{ dsl.name }})' for {{ dsl_name }} where the role dsl exists, else ''."""
    role, _, field = name.rpartition("_")
    dotted = f"{role}.{field}"
    if dotted in declared:
        return f" (the {declared[dotted].label} is written {{{{ {dotted} }}}})"
    return ""


def placeholder_names(text: str) -> set[str]:
    try:
        return {p.name for p in parse(text) if isinstance(p, Placeholder)}
    except PlaceholderError:
        return set()


def _library_problems(project: Project) -> Iterator[Problem]:
    library = project.library
    yield from _board_folder_problems(project)
    yield from catalogue_problems(project)
    scopes = {owner: _owner_scope(project, owner) for owner in {None, *library.owners.boards()}}
    for ident, defined in library.clauses.items():
        where = project.where.clauses[ident]
        scope = scopes[library.owners.clauses.get(ident)]
        if scope is not None:
            yield from _placeholders(defined.text, where, ("text",), scope[0])
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
        for title in template.section_titles():
            yield from _placeholders(title, where, ("sections",), scope[0]) if scope else ()
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


def _own_problems(project: Project, settings: Settings, where: Located, *, declared: bool) -> Iterator[Problem]:
    """Roles, locks, parameters and the logo: what the organisation's file says about itself. Where a file it
    extends did not load (``declared`` false), a role or parameter that file may declare is not called unknown."""
    org, library = settings.organisation, project.library
    yield from _declaration_problems(project, settings, where)
    roles = roles_of(project, settings)
    for role in org.people:
        if role not in roles and declared:
            yield where.problem(
                ("people", role), f"unknown role{did_you_mean(role, roles)}; expected one of: {', '.join(roles)}"
            )
    lockable = set(library.clauses) | {local.id for wanted in org.documents.values() for local in wanted.add}
    for index, clause in enumerate(org.locked):
        if clause not in lockable:
            yield where.problem(("locked", index), f"unknown clause {clause!r}{did_you_mean(clause, lockable)}")
    parameters = parameters_of(project, settings)
    values = org.parameters if declared else {k: v for k, v in org.parameters.items() if k in parameters}
    yield from _parameter_problems(parameters, where, ("parameters",), values)
    yield from _logo_problems(project, org, where)
    brands = settings.parameters.get("brand_names")
    if org.editions == "per-brand" and (org.kind != "agency" or not isinstance(brands, list) or len(brands) < 2):
        yield where.problem(
            ("editions",),
            f"one edition per brand needs an agency with two or more brand_names; this {org.kind} has "
            f"{len(brands) if isinstance(brands, list) else 'no'} brand_names: take out editions, or list the brands",
        )


def _name_problems(project: Project, org_id: str, where: Located) -> Iterator[Problem]:
    """No two organisations' names may look the same (letters from another alphabet, 'I' for 'l', spacing or case
    aside): pages and registers would show one's changes or forms under the other's name. Each file of such a
    pair is held back, since which one is genuine is for people to decide. A starter's name not yet filled in
    is left aside: it has a warning of its own."""
    from generator.checks.starter import is_placeholder  # the starter checks its files with this module

    loaded = {**project.salvaged, **project.organisations}
    names = {ident: org.name for ident, org in loaded.items() if not is_placeholder(org.name)}
    alike = _alike(tuple(sorted(names.items()))).get(org_id, ())
    for other in alike:
        file = project.where.organisations[other].problem(("name",), "").file
        yield where.problem(
            ("name",),
            f"{names[org_id]!r} cannot be told apart from {names[other]!r}, the name of {other} ({file})"
            f"{look_alike(names[org_id])}; choose a name readers can tell from every other organisation's",
        )


def _slug_problems(project: Project, settings: Settings, where: Located) -> Iterator[Problem]:
    """No two documents of one organisation, nor a document and one of the site's own pages, may have the same
    file name (the slug of its title): one's page, PDF and Word file would overwrite the other's."""
    seen: dict[str, str] = {}
    for doc_id, slug in edition_slugs(project, settings):
        other = f"the site's own {slug} page" if slug in RESERVED else seen.get(slug)
        if other is not None:
            yield where.problem(
                ("documents", doc_id, "title"),
                f"this title gives the document the file name {slug!r} ({slug}.html, {slug}.pdf, {slug}.docx), "
                f"which {other if slug in RESERVED else repr(other)} already has: its page and files would "
                "overwrite the other's; give it a title of its own",
            )
        seen.setdefault(slug, doc_id)


@lru_cache(maxsize=4)
def _alike(names: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, ...]]:
    """Organisation id -> the others whose names look the same as its own."""
    groups: dict[str, list[str]] = {}
    for ident, name in names:
        groups.setdefault(name_key(name), []).append(ident)
    return {
        ident: tuple(i for i in group if i != ident) for group in groups.values() if len(group) > 1 for ident in group
    }


def _declaration_problems(project: Project, settings: Settings, where: Located) -> Iterator[Problem]:
    """An organisation declares only new ids: never one the library or an organisation it extends defines."""
    own = settings.organisation.declares
    loaded = {**project.salvaged, **project.organisations}
    ancestors = [loaded[ident].declares for ident in settings.chain[1:] if ident in loaded]
    declared: tuple[tuple[str, Mapping[str, object], Mapping[str, object], set[str]], ...] = (
        ("parameters", project.library.parameters, own.parameters, {i for a in ancestors for i in a.parameters}),
        ("roles", project.library.roles, own.roles, {i for a in ancestors for i in a.roles}),
    )
    for noun, library, ids, inherited in declared:
        for ident in ids:
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


def _document_problems(
    project: Project,
    settings: Settings,
    where: Located,
    doc_id: str,
    wanted: DocumentSettings,
    *,
    complete: bool,
) -> Iterator[Problem]:
    """What one document's settings exclude, reword and add; ``complete`` when the whole chain loaded."""
    library, path = project.library, ("documents", doc_id)
    documents = documents_of(project, settings)
    if doc_id not in documents:
        owner = library.owners.documents.get(doc_id)
        if owner in project.broken and not complete:
            return  # the board's own file did not load: its problem is reported there
        yield where.problem(
            path,
            f"document {doc_id!r} is {owner}'s own: only organisations extending {owner} publish it"
            if owner
            else f"unknown document{did_you_mean(doc_id, documents)}; expected one of: {', '.join(documents)}",
        )
        return
    template = library.documents[doc_id]
    plan = settings.documents[doc_id]
    declared = placeholders_of(project, settings)
    known = published_clauses(project, settings, doc_id) + [local.id for local, by in plan.add if by != settings.id]
    for index, clause in enumerate(wanted.exclude):
        yield from _clause_ref(project, where, (*path, "exclude", index), clause, known, settings, complete)
        yield from _locked_items(project, where, (*path, "exclude", index), clause, template, settings)
    for clause, text in wanted.reword.items():
        yield from _clause_ref(project, where, (*path, "reword", clause), clause, known, settings, complete)
        yield from _placeholders(text, where, (*path, "reword", clause), declared)
    yield from _added_limits(where, path, wanted, plan, settings.id)
    own_ids = set(known)
    for index, local in enumerate(wanted.add):
        at = (*path, "add", index)
        if local.id in library.clauses or local.id in own_ids:
            yield where.problem((*at, "id"), f"clause id {local.id!r} is already used; choose a new id")
        own_ids.add(local.id)
        yield from _placeholders(local.text, where, (*at, "text"), declared)
        if local.after is not None and local.after not in own_ids and complete:
            undo = "place the clause after a clause this document publishes, or at the end of a section"
            yield where.problem(
                (*at, "after"), _not_published(project, settings, doc_id, local.after, own_ids, undo=undo)
            )
            continue
        yield from _placement_problems(where, at, local.after, local.section, template, own_ids, complete)
    yield from _parameter_problems(declared, where, (*path, "parameters"), wanted.parameters)
    signatory = wanted.signing.signatory if wanted.signing else None
    roles = roles_of(project, settings)
    if signatory is not None and signatory not in roles and complete:
        yield where.problem(
            (*path, "signing", "signatory"),
            f"unknown role {signatory!r}{did_you_mean(signatory, roles)}; expected one of: {', '.join(roles)}",
        )


def _added_limits(
    where: Located, path: tuple[str, str], wanted: DocumentSettings, plan: DocumentPlan, org_id: str
) -> Iterator[Problem]:
    """Few enough added clauses, and placement chains (a clause after an added clause after another...) short
    enough, that one file cannot make a document, or the estate's build, too costly to make."""
    if len(wanted.add) > MAX_ADDED_CLAUSES:
        yield where.problem(
            (*path, "add"),
            f"{len(wanted.add)} clauses added; the limit is {MAX_ADDED_CLAUSES} per document in one file: "
            "ask the publisher to add what many schools need to its own model",
        )
        return
    lines = sum(text_lines(local.text) for local in wanted.add) + sum(map(text_lines, wanted.reword.values()))
    if lines > MAX_DOCUMENT_LINES:
        yield where.problem(
            path,
            f"{lines} lines of text added or reworded; the limit is {MAX_DOCUMENT_LINES} per document in one file "
            "(ten times the longest model's)",
        )
    depth: dict[str, int] = {}
    for local, by in plan.add:
        depth[local.id] = depth.get(local.after or "", 0) + 1
        if depth[local.id] > MAX_PLACEMENT_CHAIN and by == org_id:
            index = next(i for i, own in enumerate(wanted.add) if own is local)
            yield where.problem(
                (*path, "add", index, "after"),
                f"clause {local.id!r} is placed after a chain of {depth[local.id] - 1} added clauses, each after "
                f"the one before; the limit is {MAX_PLACEMENT_CHAIN}: place some after a clause of the document, "
                "or at the end of a section",
            )
            return


def _placement_problems(
    where: Located,
    at: tuple[str | int, ...],
    after: str | None,
    section: str | None,
    template: DocumentTemplate,
    known: set[str],
    complete: bool,
) -> Iterator[Problem]:
    if (after is None) == (section is None):
        yield where.problem(
            at, "say where the clause goes: exactly one of after (a clause id) or section (a section id)"
        )
    elif after is not None and after == template.acknowledgement:
        yield where.problem(
            (*at, "after"),
            f"clause {after!r} is the acknowledgement, which stands alone; "
            "place the clause after another clause, or at the end of a section",
        )
    elif after is not None and after not in known and complete:
        yield where.problem(
            (*at, "after"), f"clause {after!r} is not in document {at[1]!r}{did_you_mean(after, known)}"
        )
    elif section is not None and section not in template.section_ids():
        ids = template.section_ids()
        yield where.problem(
            (*at, "section"),
            f"no section {section!r} in document {at[1]!r}{did_you_mean(section, ids)}; "
            f"expected one of: {', '.join(ids)}",
        )


def _clause_ref(
    project: Project,
    where: Located,
    path: tuple[str | int, ...],
    clause: str,
    known: list[str],
    settings: Settings,
    complete: bool,
) -> Iterator[Problem]:
    verb = "excluded" if "exclude" in path else "reworded"
    if clause not in known:
        if complete:
            undo = f"take it out of {'exclude' if verb == 'excluded' else 'reword'}"
            yield where.problem(path, _not_published(project, settings, str(path[1]), clause, known, undo=undo))
        return
    owner = settings.locked.get(clause)
    if owner is None:
        return
    undo = "take it out of exclude" if verb == "excluded" else "delete this rewording (keep a copy of your text)"
    yield where.problem(
        path,
        f"clause {clause!r} is locked by {owner} ({_lock_line(project, owner, clause)})"
        f"{_locked_since(project, settings, owner, str(path[1]), clause)}: "
        f"every organisation extending it must keep the clause as written, so it cannot be {verb} here; {undo}, "
        f"or ask {owner} to unlock it",
    )


def published_clauses(project: Project, settings: Settings, doc_id: str) -> list[str]:
    """The library clauses of ``doc_id`` that the organisation's copy can hold: a board's template keeps them all;
    an organisation adopting it never publishes the template-only ones (a preface to adopters, a disclaimer)."""
    library = project.library
    ids = library.documents[doc_id].clause_ids()
    if settings.template:
        return ids
    return [c for c in ids if not (c in library.clauses and library.clauses[c].template_only)]


def _not_published(
    project: Project, settings: Settings, doc_id: str, clause: str, known: Collection[str], *, undo: str
) -> str:
    """Why ``clause`` cannot be named in ``doc_id``: where it is, if it is anywhere else, and the nearest id."""
    library = project.library
    start = f"clause {clause!r} is not in document {doc_id!r}"
    if clause in library.documents[doc_id].clause_ids():
        model = next((o for o in settings.chain[1:] if settings_of(project.organisations, o).template), "the model")
        return (
            f"{start} as this organisation publishes it: it is only in {model}'s template (template_only: a note "
            f"to those adopting the model), which no adopting organisation publishes; {undo}"
        )
    elsewhere = [d for d in documents_of(project, settings) if clause in library.documents[d].clause_ids()]
    if elsewhere:
        where = ", ".join(f"{d!r} ({library.documents[d].title})" for d in elsewhere)
        return f"{start}: it is in {where}; move it under documents.{elsewhere[0]}"
    return f"{start}{did_you_mean(clause, known)}"


def _locked_items(
    project: Project,
    where: Located,
    path: tuple[str | int, ...],
    clause: str,
    template: DocumentTemplate,
    settings: Settings,
) -> Iterator[Problem]:
    """Excluding a clause leaves out the clauses listed under it: none of them may be locked, by an organisation
    this one extends or by this one (whose own locks bind every organisation extending it)."""
    own = set(settings.organisation.locked)
    for item in template.led_by(clause) if clause in template.clause_ids() else []:
        owner = settings.locked.get(item) or (settings.id if item in own else None)
        if owner is None:
            continue
        yield where.problem(
            path,
            f"clause {clause!r} leads clause {item!r}, which is locked by {owner} ({_lock_line(project, owner, item)}): "
            f"leaving out {clause!r} would leave out {item!r}, so it cannot be excluded here; take it out of "
            f"exclude and reword it if it must change, or ask {owner} to unlock {item!r}",
        )
        return


def _lock_line(project: Project, owner: str, clause: str) -> str:
    """Where ``owner``'s file locks ``clause``: 'schools/board.yml:3'."""
    organisation = project.organisations.get(owner) or project.salvaged[owner]
    lock = project.where.organisations[owner].problem(("locked", organisation.locked.index(clause)), "")
    return f"{lock.file}:{lock.line}"


def _locked_since(project: Project, settings: Settings, owner: str, doc_id: str, clause: str) -> str:
    """', a lock added after release 1.0, which this organisation adopted' where that is so, else ''."""
    adopted = settings.organisation.adopted_from
    if adopted is None or not adopted.startswith(f"{owner}@"):
        return ""
    version = adopted.split("@", 1)[1]
    release = next((r for r in project.releases.get(owner, []) if r.version == version), None)
    then = release.documents.get(doc_id, {}).get(clause) if release else None
    if then is None or then.locked:
        return ""
    return f", a lock added after release {version}, which this organisation adopted"


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
    declared: Mapping[str, Parameter], where: Located, path: tuple[str | int, ...], values: dict[str, ParameterValue]
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
            typed = number_for_text(where.file, (*where.path, *path, name)) if isinstance(value, int) else None
            yield where.problem((*path, name), typed or f"{wrong}, e.g. {declared[name].example!r}")


def used_parameters(project: Project, plan: DocumentPlan) -> set[str]:
    """The parameters a document's text uses once the chain's exclusions, rewordings and additions apply."""
    library = project.library
    texts = [
        plan.reword[c][0] if c in plan.reword else library.clauses[c].text
        for c in library.documents[plan.id].clause_ids()
        if c in library.clauses and c not in plan.exclude
    ] + [local.text for local, _ in plan.add]
    texts += library.documents[plan.id].section_titles()
    return {name for text in texts for name in placeholder_names(text)}


def _missing_parameters(project: Project, settings: Settings, where: Located) -> Iterator[Problem]:
    parameters = placeholders_of(project, settings)
    for doc_id, plan in settings.documents.items():
        if doc_id not in project.library.documents:
            continue
        values = parameter_values(parameters, settings, plan)
        for name in sorted(used_parameters(project, plan) - set(values)):
            parameter = parameters.get(name)
            if parameter is None:
                continue
            if "." in name:
                role = name.split(".")[0]
                yield _missing_person(where, settings, doc_id, name, roles_of(project, settings)[role].title)
                continue
            yield where.problem(
                ("parameters",),
                f"missing parameter {name!r} ({parameter.description.rstrip('.')}), used in document {doc_id!r}; "
                f"set it under parameters, e.g. {name}: {parameter.example!r}",
            )


def _missing_person(where: Located, settings: Settings, doc_id: str, name: str, title: str) -> Problem:
    """A person's detail the text uses ({{ dsl.email }}) that the organisation's people do not give."""
    role, field = name.split(".")
    used = f"document {doc_id!r} uses {{{{ {name} }}}}"
    if role in settings.people:
        return where.problem(("people", role), f"no {field} for the {title}: {used}; add {field}: to people.{role}")
    return where.problem(("people",), f"no {title} in people: {used}; add people.{role}: {{name: ...}}")


def _owner_scope(project: Project, owner: str | None) -> tuple[dict[str, Parameter], dict[str, Role]] | None:
    """The parameters and roles a board's own content may use: the library's and its chain's declarations;
    None while the board's file is missing, broken or in a cycle (that problem is reported on its own)."""
    if owner is None:
        library = project.library
        return {**library.parameters, **person_placeholders(library.roles)}, library.roles
    if owner not in project.organisations or _cycle(project.organisations, owner):
        return None
    if set(chain_of(project.organisations, owner, include_missing=True)) & project.broken:
        return None
    settings = settings_of(project.organisations, owner)
    return placeholders_of(project, settings), roles_of(project, settings)


def _board_folder_problems(project: Project) -> Iterator[Problem]:
    for board in sorted(project.library.owners.boards()):
        if board in project.organisations or board in project.broken or board in project.salvaged:
            continue
        hint = did_you_mean(board, project.organisations)
        message = f"no organisation {board!r}{hint}: name the folder after the board's file in schools/"
        yield Problem(f"content/boards/{board}", 1, 1, "", message)


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


def _adoption_problems(project: Project, settings: Settings, where: Located) -> Iterator[Problem]:
    """``adopted_from`` must name the library or an organisation this one extends, and a release it made."""
    if settings.organisation.adopted_from is None:
        return
    publisher, version = settings.organisation.adopted_from.split("@", 1)
    ancestors = settings.chain[1:]
    if publisher != LIBRARY and publisher not in ancestors:
        expected = ", ".join([*ancestors, LIBRARY])
        yield where.problem(
            ("adopted_from",),
            f"{publisher!r} is not a publisher this organisation extends; expected one of: {expected}",
        )
        return
    known = [r.version for r in project.releases.get(publisher, [])]
    if version not in known:
        listed = ", ".join(known) or "none yet"
        yield where.problem(
            ("adopted_from",),
            f"{publisher} has no release {version!r}{did_you_mean(version, known)}; its releases: {listed}. "
            f"Name one of them, or record this one with `policy-pack release {publisher} {version} --notes TEXT`",
        )
