"""A loaded organisation -> warnings: what does not stop its build, but whoever writes its file should know.

Colours that fail WCAG AA contrast, a logo it only inherits, a signature it leaves blank that a file it extends
fills, placeholders a starter file left to fill in, an agency's brand its name leaves out, publishing no
documents, links or images its site will drop, a requirement its exclusions (or, in a template, its text) leave
without a clause, and citations of superseded editions or of bodies that no longer exist. Each is named and placed
in the file it is about.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.inputs.errors import Problem
from generator.inputs.load import Located, Project
from generator.inputs.markdown_safety import safe_link
from generator.model.inherit import settings_of
from generator.model.placeholders import join_words
from generator.model.resolved import ResolvedOrganisation

_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)")


def _link_problems(text: str, where: Located, path: tuple[str | int, ...]) -> list[Problem]:
    """Links the site shows as plain words, and images it drops: the site stays safe, but the writer should know."""
    return list(_unsafe_links(text, where, path))


def _unsafe_links(text: str, where: Located, path: tuple[str | int, ...]) -> Iterator[Problem]:
    for image, words, url in _LINK.findall(text):
        if safe_link(url, image=bool(image)) is not None:
            continue
        if image:
            yield where.problem(
                path,
                f"image {url!r} will be dropped: images may only come from the site itself (a relative path)",
            )
        else:
            yield where.problem(
                path,
                f"link {words!r} to {url!r} will be shown as plain words: links may only go to the web "
                "(https://), e-mail (mailto:), a telephone (tel:) or a page of the site",
            )


def library_warnings(project: Project) -> list[Problem]:
    """Links and images in the library's clauses that the site would drop."""
    return [
        problem
        for ident, clause in project.library.clauses.items()
        for problem in _link_problems(clause.text, project.where.clauses[ident], ("text",))
    ]


def _brand_warnings(name: str, brands: object, where: Located) -> list[Problem]:
    """An agency's brands that its name leaves out: its text names every brand, its cover and site only the name."""
    if not isinstance(brands, list):
        return []
    missing = [brand for brand in brands if brand.casefold() not in name.casefold()]
    if not missing:
        return []
    data = where.file.data
    own = isinstance(data, dict) and isinstance(data.get("parameters"), dict) and "brand_names" in data["parameters"]
    path = ("parameters", "brand_names") if own else ("name",)
    return [
        where.problem(
            path,
            f"name {name!r} does not name the brand{'s' if len(missing) > 1 else ''} "
            f"{join_words([repr(b) for b in missing])}: the text names every brand of brand_names, the cover, running "
            f"header and site title only the name; write name: {join_words(brands)!r}, or take "
            f"{'them' if len(missing) > 1 else 'it'} out of brand_names",
        )
    ]


def organisation_warnings(project: Project, org_id: str, resolved: ResolvedOrganisation | None = None) -> list[Problem]:
    """What does not stop a build but the organisation should know (see the module's first line), each named and
    placed in its own file. ``resolved``: the organisation resolved, where the caller has it already."""
    from generator.checks.contrast import palette_warnings
    from generator.checks.currency import citation_warnings
    from generator.checks.starter import placeholder_warnings
    from generator.model.adoption import unpinned_warnings
    from generator.model.coverage import coverage_warnings
    from generator.model.kinds import signature_warnings
    from generator.model.resolve import resolve_organisation

    settings = settings_of(project.organisations, org_id)
    org = settings.organisation
    where = project.where.organisations[org_id]
    warnings = [
        where.problem(("branding",), m) for m in palette_warnings(settings.branding.primary, settings.branding.accent)
    ]
    owner = next((ident for ident in settings.chain if project.organisations[ident].branding.logo), None)
    if owner not in (None, org_id):
        warnings.append(
            where.problem(
                ("branding",) if "branding" in org.model_fields_set else (),
                f"no logo of its own, so its site and PDFs show {owner}'s logo; set branding.logo to its own "
                f"(or to {settings.branding.logo!r} to keep {owner}'s)",
            )
        )
    warnings += signature_warnings(project, org_id)
    warnings += placeholder_warnings(project, org_id)
    warnings += _brand_warnings(settings.organisation.name, settings.parameters.get("brand_names"), where)
    warnings += unpinned_warnings(project, org_id)
    resolved = resolved or resolve_organisation(project, org_id)
    warnings += coverage_warnings(project, resolved)
    warnings += citation_warnings(project, resolved)
    for doc_id, wanted in org.documents.items():
        for clause, text in wanted.reword.items():
            warnings += _link_problems(text, where, ("documents", doc_id, "reword", clause))
        for index, local in enumerate(wanted.add):
            warnings += _link_problems(local.text, where, ("documents", doc_id, "add", index, "text"))
    if not settings.documents:
        warnings.append(
            where.problem(
                (),
                "publishes no documents, so its site would be empty; add the documents it publishes, e.g. "
                f"documents: {{{next(iter(project.library.documents), 'policy')}: {{}}}}, or extend an "
                "organisation that publishes them",
            )
        )
    return warnings
