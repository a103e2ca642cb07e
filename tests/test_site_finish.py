"""generator.editions.site.site_finish and generator.editions.site.site_links: what strict mode and the hooks did, done over any engine's output."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator.editions.site.csp import policy
from generator.editions.site.site_finish import BrokenSiteError, finish_site, search_languages
from generator.editions.site.site_links import broken_links, missing_nav_pages
from tests.conftest import ROOT

HEAD = '<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>'


def write_site(site: Path, pages: dict[str, str]) -> None:
    for name, body in pages.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(HEAD.format(title=name) + f"<body>{body}</body></html>", encoding="utf-8")


def test_every_link_of_every_shipped_site_leads_somewhere(shipped_build: Path) -> None:
    checked = 0
    for config_file in sorted(shipped_build.glob("*/mkdocs.yml")):
        config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
        site = config_file.parent / "site"
        assert broken_links(site, address=config.get("site_url")) == [], config_file.parent.name
        assert missing_nav_pages(site, config["nav"]) == [], config_file.parent.name
        checked += 1
    assert checked == len(list(ROOT.glob("schools/*.yml")))
    policy_page = (
        shipped_build
        / "longton-primary"
        / "site"
        / "policy-on-the-use-of-social-networking-sites-and-other-forms-of-social-media.html"
    ).read_text()
    assert (
        'href="#section-purpose"' in policy_page
        and 'href="pdf/policy-on-the-use-of-social-networking-sites-and-other-forms-of-social-media.pdf"' in policy_page
    )


def test_a_link_to_a_missing_page_file_or_anchor_is_named(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "index.html": '<a href="policy.html#scope">ok</a><a href="#top" id="top">ok</a><a href="gone.html">x</a>'
            '<a href="policy.html#nowhere">x</a><img src="assets/logo.png"><a href="https://example.org/x">ok</a>'
            '<a href="mailto:a@example.org">ok</a><a href="../outside.html">x</a><a href="sub/">ok</a>',
            "policy.html": '<h2 id="scope">Scope</h2><a href="index.html#top">ok</a><a href="/index.html">ok</a>',
            "sub/index.html": '<a href="../policy.html">ok</a><a href="/missing.css">x</a>',
        },
    )
    assert broken_links(tmp_path) == [
        'index.html: href="gone.html": no file gone.html was built',
        "index.html: href=\"policy.html#nowhere\": no element with id 'nowhere' in policy.html",
        'index.html: src="assets/logo.png": no file assets/logo.png was built',
        'index.html: href="../outside.html": outside the site',
        'sub/index.html: href="/missing.css": no file missing.css was built',
    ]


def test_links_to_the_sites_own_address_are_checked_as_links_within_it(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "index.html": '<link rel="canonical" href="https://school.example/policies/index.html">'
            '<a href="/policies/gone.html">x</a><a href="/other/page.html">elsewhere</a>'
            '<a href="https://school.example/policies/">ok</a><a href="https://school.example/policies/no.html">x</a>',
        },
    )
    assert broken_links(tmp_path, address="https://school.example/policies/") == [
        'index.html: href="/policies/gone.html": no file gone.html was built',
        'index.html: href="https://school.example/policies/no.html": no file no.html was built',
    ]


def test_a_page_of_the_navigation_that_was_not_built_is_named(tmp_path: Path) -> None:
    write_site(tmp_path, {"index.html": "", "a.html": "", "b/index.html": ""})
    nav = [{"Home": "index.md"}, {"Part": [{"A": "a.md"}, {"C": "c.md"}]}, {"Out": "https://example.org/"}]
    assert missing_nav_pages(tmp_path, nav) == ["nav: c.md: no page c.html was built"]
    assert missing_nav_pages(tmp_path, ["b.md", "a.md"], directory_urls=True) == [
        "nav: a.md: no page a/index.html was built"
    ]


def test_a_site_built_without_strict_mode_is_refused_for_what_strict_mode_refused(tmp_path: Path) -> None:
    # An engine without strict mode publishes a link to a missing page, an anchor and a navigation entry that
    # lead nowhere; the finishing pass names each, so the build still fails as MkDocs' strict mode made it fail.
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(
        "# Home\n\nSee [the policy](policy.md) and [its scope](index.md#scope).\n", encoding="utf-8"
    )
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(strict=False, nav=[{"Home": "index.md"}, {"Missing": "missing.md"}])
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    mkdocs_build(load_config(config_file=str(tmp_path / "mkdocs.yml"), strict=False))
    with pytest.raises(BrokenSiteError) as refused:
        finish_site(tmp_path / "mkdocs.yml")
    problems = str(refused.value).splitlines()
    assert 'index.html: href="policy.md": no file policy.md was built' in problems
    assert "index.html: href=\"index.html#scope\": no element with id 'scope' in index.html" in problems
    assert "nav: missing.md: no page missing.html was built" in problems
    assert "Content-Security-Policy" not in (tmp_path / "site" / "index.html").read_text(), "left as written"


def test_finishing_gives_every_page_its_policy_once_and_removes_what_no_page_loads(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(site, {"index.html": "<script>go()</script>", "404.html": '<a href="/index.html">Home</a>'})
    (site / "assets" / "javascripts").mkdir(parents=True)
    (site / "assets" / "javascripts" / "bundle.min.js.map").write_text("{}", encoding="utf-8")
    (site / "assets" / "javascripts" / "bundle.min.js").write_text("go()", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump({"site_dir": "site", "nav": ["index.md"]}), encoding="utf-8")
    for _ in range(2):  # finishing a finished site changes nothing
        finish_site(tmp_path / "mkdocs.yml")
        for page in ("index.html", "404.html"):
            text = (site / page).read_text(encoding="utf-8")
            assert text.count("Content-Security-Policy") == 1 and policy(text) in text, page
    assert sorted(path.name for path in site.rglob("*") if path.is_file()) == [
        "404.html",
        "bundle.min.js",
        "index.html",
    ]
    assert not [path for path in site.rglob("*") if ".partial" in path.name]


def test_search_languages_are_read_from_the_search_plugin() -> None:
    assert search_languages({"plugins": [{"search": {"lang": ["en", "fr"]}}, "offline"]}) == {"en", "fr"}
    assert search_languages({"plugins": ["search"]}) == {"en"}
    assert search_languages(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))) == {"en"}
