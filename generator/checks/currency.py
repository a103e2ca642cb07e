"""An organisation x content/citations.yml -> warnings for its maintainer about citations that are out of date.

Its published text may cite an edition that has been superseded, or a body that has been renamed or abolished.

The text itself is never changed (a real body's words stay as its source wrote them) and nothing is shown on its
pages: the warning is printed by `policy-pack validate` and in the build's closing table, for the maintainer.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.inputs.errors import Problem
from generator.inputs.load import Project
from generator.inputs.schema import Citation
from generator.model.resolved import ResolvedOrganisation


def describe(citation: Citation) -> str:
    """'Guidance for Safer Working Practice ... (October 2015)'."""
    return f"{citation.title} ({citation.edition})" if citation.edition else citation.title


def currency(project: Project, citation: Citation) -> str:
    """'superseded by X (May 2019)', 'renamed: now X (2019)', 'abolished on 1 April 2021, ...'."""
    replacement = project.library.citations.get(citation.replaced_by or "")
    by = describe(replacement) if replacement else ""
    since = citation.since or "a date not recorded"
    if citation.status == "superseded" and replacement and replacement.title == citation.title:
        return f"superseded by its {replacement.edition} edition"
    if citation.status == "superseded":
        return f"superseded by {by or 'a later edition'} ({since})"
    if citation.status == "renamed":
        return f"replaced by {by or 'a body of another name'} ({since})"
    return f"abolished ({since})" + (f"; its work passed to {by}" if by else "")


def citation_warnings(project: Project, organisation: ResolvedOrganisation) -> Iterator[Problem]:
    """Every out-of-date citation the organisation's published text makes: through its own ``cites``, or through a
    clause it publishes. Each once, placed in its own file. What an organisation it extends cites (through a
    parameter it inherits) is told to that organisation's maintainer, who can change the value for everyone."""
    library = project.library
    where = project.where.organisations[organisation.id]
    own = project.organisations[organisation.id]
    made: dict[str, tuple[str | int, ...]] = {}
    for index, ident in enumerate(own.cites):
        made.setdefault(ident, ("cites", index))
    for entry in organisation.report:
        clause = library.clauses.get(entry.clause)
        if clause is None or entry.status in ("excluded", "template-only", "reworded"):
            continue
        for ident in clause.cites:
            made.setdefault(ident, ("documents", entry.document) if entry.document in own.documents else ())
    for ident, path in made.items():
        citation = library.citations.get(ident)
        if citation is None or citation.status == "current":
            continue
        note = f" {citation.note}" if citation.note else ""
        yield where.problem(
            path,
            f"its published text cites {describe(citation)}, {currency(project, citation)}.{note} The published "
            "words are left as its source wrote them; its maintainer should review them",
        )
