"""policies.json, sitemap.xml and canonical links: what a school's website, an MIS and search engines read."""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from pathlib import Path

from generator.build.write import build_organisation, validate_project
from generator.model.resolve import resolve_organisation
from tests.conftest import ROOT, copy_project

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap(site: Path) -> list[str]:
    return [loc.text or "" for loc in etree.parse(site / "sitemap.xml").iter(f"{SITEMAP}loc")]


def test_policies_json_lists_every_document_with_links_that_exist(shipped_build: Path) -> None:
    project = validate_project(ROOT)
    for org_id in ("longton-primary", "northamptonshire-scb", "vision-for-education"):
        site = shipped_build / org_id / "site"
        listing = json.loads((site / "policies.json").read_text(encoding="utf-8"))
        resolved = resolve_organisation(project, org_id)
        assert listing["organisation"] == {"id": org_id, "name": resolved.name, "kind": resolved.kind, "site_url": None}
        assert [(d["id"], d["version"], d["content_hash"]) for d in listing["documents"]] == [
            (d.id, d.version, d.content_hash) for d in resolved.documents
        ]
        for entry, document in zip(listing["documents"], resolved.documents, strict=True):
            assert entry["next_review"] == (document.next_review.isoformat() if document.next_review else None)
            assert set(entry["links"]) == {"page", "pdf", "word"}
            for link in entry["links"].values():
                assert (site / link).is_file(), link
        assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()


def test_site_url_gives_absolute_links_a_sitemap_and_canonical_links(shipped_build: Path) -> None:
    site = shipped_build / "willowbrook-primary" / "site"
    base = "https://policies.willowbrook-primary.example.org/"
    listing = json.loads((site / "policies.json").read_text(encoding="utf-8"))
    assert listing["organisation"]["site_url"] == base
    links = listing["documents"][0]["links"]
    assert links["pdf"] == f"{base}pdf/social-media-policy.pdf"
    assert (site / links["word"].removeprefix(base)).is_file()
    assert sitemap(site) == [  # the "what changed" page is by link only (the default), so not listed
        f"{base}index.html",
        f"{base}social-media-policy.html",
        f"{base}accessibility.html",
    ]
    page = (site / "social-media-policy.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}social-media-policy.html">' in page


def test_an_unlisted_page_stays_out_of_the_sitemap(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    school = project / "schools" / "willowbrook-primary.yml"
    school.write_text(school.read_text(encoding="utf-8") + "changes_page: hidden\n", encoding="utf-8")
    build_organisation(validate_project(project), "willowbrook-primary", tmp_path / "build")
    site = tmp_path / "build" / "willowbrook-primary" / "site"
    assert (site / "changes.html").is_file()
    assert [url.rsplit("/", 1)[1] for url in sitemap(site)] == [
        "index.html",
        "social-media-policy.html",
        "accessibility.html",
    ]
