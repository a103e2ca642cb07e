"""Resolved organisation -> what other systems read from its site: policies.json and sitemap.xml.

policies.json lists the documents, versions, references, review dates and links, for a school's website or MIS.
Its links are absolute where the organisation gives its site's address (site_url), and otherwise relative to
policies.json, which sits at the site's root. The sitemap needs absolute addresses: there is one only with site_url.
"""

from __future__ import annotations

import json

from generator.model.resolved import ResolvedDocument, ResolvedOrganisation


def document_files(document: ResolvedDocument) -> dict[str, str]:
    """Where a document's page, PDF and Word edition are in the site, relative to its root: named by its slug."""
    slug = document.slug
    return {"page": f"{slug}.html", "pdf": f"pdf/{slug}.pdf", "word": f"docx/{slug}.docx"}


def policies_json(organisation: ResolvedOrganisation) -> str:
    """The listing, one entry per document, in the site's order."""
    data = {
        "organisation": {
            "id": organisation.id,
            "name": organisation.name,
            "kind": organisation.kind,
            "site_url": organisation.site_url,
        },
        "documents": [_entry(organisation.site_url or "", document) for document in organisation.documents],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def document_summary(document: ResolvedDocument) -> dict[str, str | None]:
    """A document's identity and dates, as policies.json and the build report give them."""
    return {
        "id": document.id,
        "title": document.title,
        "slug": document.slug,
        "version": document.version,
        "content_hash": document.content_hash,
        "adopted": document.adopted.isoformat() if document.adopted else None,
        "next_review": document.next_review.isoformat() if document.next_review else None,
    }


def _entry(base: str, document: ResolvedDocument) -> dict[str, object]:
    links = {name: base + path for name, path in document_files(document).items()}
    return {**document_summary(document), "kind": document.kind, "links": links}


def sitemap_xml(site_url: str, pages: list[str]) -> str:
    """A sitemap of the listed pages (paths relative to the site's root). No dates: the same input, the same file."""
    from xml.sax.saxutils import escape  # it imports urllib and ssl: only a build that writes a site needs it

    urls = "".join(f"  <url><loc>{escape(site_url + page)}</loc></url>\n" for page in pages)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}</urlset>\n"
    )
