"""A document's title -> the name of its files and its address: the site page, the PDF and the Word file.

One rule, here, for every place that names them (the site, its navigation and home page, policies.json, the
sitemap, the build's pdf/ and docx/ folders, the check of locked clauses): the slug of the title readers see (with
the brand of a per-brand edition), made by the same function that makes the site's heading anchors (Python
Markdown's), so that an organisation's addresses say its own title, never the library template's id. The page at
the template's id, where that differs, becomes a redirect to the new one (generator.editions.site.redirects). Also here: the
editions an organisation publishes of each document, their ids and titles, so that validation names every file
as the build will.
"""

from __future__ import annotations

import re

from markdown.extensions.toc import slugify

from generator.inputs.load import Project
from generator.inputs.schema import DocumentTemplate
from generator.model.inherit import DocumentPlan, Settings

MAX_SLUG = 80
"""Characters of a file name: a long title is cut at the last whole word that fits."""

RESERVED = frozenset({"index", "accessibility", "changes", "coverage", "deviations", "differences", "404", "search"})
"""Names the site's own pages (and MkDocs' search folder) use: no document may take one."""


def document_label(title: str, edition: str | None) -> str:
    """The document's name in lists: its title, and the brand of a per-brand edition."""
    return f"{title} ({edition})" if edition else title


def document_slug(label: str, document_id: str) -> str:
    """The name of a document's page and files: its label in lower-case ASCII words joined by hyphens, cut to
    MAX_SLUG characters at a word's end; the document's id where the label has no ASCII letter or digit."""
    slug = slugify(label, "-")
    if len(slug) > MAX_SLUG:
        cut = slug[: MAX_SLUG + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut[:MAX_SLUG]
    return slug or document_id


def edition_brands(settings: Settings) -> list[str | None]:
    """One edition per brand for an agency that asks for it (editions: per-brand); else one edition, None."""
    brands = settings.parameters.get("brand_names")
    if settings.organisation.editions == "per-brand" and isinstance(brands, list) and len(brands) > 1:
        return list(brands)
    return [None]


def edition_id(document_id: str, brand: str | None) -> str:
    """A document's id, or its per-brand edition's: 'candidate-guidance-supply-smart'."""
    if brand is None:
        return document_id
    return f"{document_id}-" + "-".join(re.findall(r"[a-z0-9]+", brand.casefold()))


def document_title(settings: Settings, plan: DocumentPlan, template: DocumentTemplate) -> str:
    """The title the organisation publishes a document under: the nearest organisation's, or the template's."""
    return plan.title or template.title_for(template=settings.template)


def edition_slugs(project: Project, settings: Settings) -> list[tuple[str, str]]:
    """(document template id, slug) of every edition the organisation publishes, in order, named as resolved."""
    return [
        (
            plan.id,
            document_slug(document_label(document_title(settings, plan, template), brand), edition_id(plan.id, brand)),
        )
        for plan in settings.documents.values()
        if (template := project.library.documents.get(plan.id)) is not None
        for brand in edition_brands(settings)
    ]
