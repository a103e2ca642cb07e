"""Moved pages -> a small page at each former address that sends readers on to the document's page now.

A document's page is named for its title (generator.model.slugs); it used to be named for its id, and links to that
address may be anywhere (a school's own website, a newsletter, a bookmark). Where the two differ, the site keeps
a page at the old address: a refresh to the new page, its canonical link, and a plain link for anyone whose
browser does not follow the refresh. It runs no script and takes no style; it is no content: search engines are told
not to index it, and it is in neither the navigation, the site's search nor the sitemap (the engine has built the
site when it is added, before the pass that gives every page its Content-Security-Policy and checks every link,
its own included).

Only pages move this way: a static host cannot send a PDF or Word file's old address on, and two names for one
signed file would leave readers unsure which they signed, so the old PDF and Word addresses are not kept.
"""

from __future__ import annotations

from html import escape

from generator.editions.site.engine import favicon
from generator.editions.site.listings import document_files
from generator.model.resolved import ResolvedOrganisation


def redirect_pages(organisation: ResolvedOrganisation) -> dict[str, str]:
    """A redirect page at each document's former address, by file name: the page's HTML, without its policy."""
    pages = {}
    for document in organisation.documents:
        if document.redirected:
            page = document_files(document)["page"]
            canonical = (organisation.site_url or "") + page
            icon = favicon(organisation)
            pages[f"{document.redirected}.html"] = redirect_page(document.label, page, canonical, icon)
    return pages


def redirect_page(title: str, target: str, canonical: str, icon: str) -> str:
    """A page that sends its reader to ``target`` (relative to it) at once, naming the page by ``title``."""
    title, target, canonical, icon = escape(title), escape(target), escape(canonical), escape(icon)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta name="description" content="{title}: this page has moved to {target}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<link rel="canonical" href="{canonical}">\n'
        f'<link rel="icon" href="{icon}">\n'  # the site's icon: a browser would otherwise ask the host's root for one
        f"<title>{title}: this page has moved</title>\n"
        "</head>\n"
        "<body>\n"
        f'<p>This page has moved: <a href="{target}">{title}</a>.</p>\n'
        "</body>\n"
        "</html>\n"
    )
