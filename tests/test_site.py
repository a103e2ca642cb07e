"""generator.editions.site.engine: the theme's static files are listed once per process, and exactly as MkDocs lists them."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files

from generator.compat import mkdocs as compat_mkdocs
from generator.compat.mkdocs import _theme_files, list_theme_files_once
from generator.editions.site.engine import build_site
from generator.editions.site.pages import with_front_matter
from generator.editions.site.theme_files import unused
from tests.conftest import ROOT


def mkdocs_walk() -> Callable[..., None]:
    """MkDocs's own Files.add_files_from_theme, whether or not list_theme_files_once has replaced it."""
    method = Files.add_files_from_theme
    return getattr(method, "original", method)


def test_the_overridden_mkdocs_method_is_still_there_with_its_signature() -> None:
    # list_theme_files_once replaces Files.add_files_from_theme: a MkDocs release that renames it or changes what
    # it takes would leave the override unused or broken, and this test says so.
    assert list(inspect.signature(mkdocs_walk()).parameters) == ["self", "env", "config"]
    file = File("assets/app.js", "/theme", "/site", use_directory_urls=False)
    assert (file.src_uri, file.src_dir) == ("assets/app.js", "/theme")


def test_theme_files_are_listed_as_mkdocs_lists_them(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    env = config.theme.get_env()
    theirs = Files([])
    mkdocs_walk()(theirs, env, config)
    ours = _theme_files(mkdocs_walk(), env, config)
    assert ours == [(file.src_uri, file.src_dir) for file in theirs]
    assert any(path.endswith(".js") for path, _ in ours) and len(ours) > 10


def test_a_page_of_the_site_overrides_a_theme_file_of_the_same_name(tmp_path: Path) -> None:
    list_theme_files_once()
    (tmp_path / "docs" / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    theme_paths = [path for path, _ in _theme_files(mkdocs_walk(), config.theme.get_env(), config)]
    mine = File(theme_paths[0], str(tmp_path / "docs"), config.site_dir, config.use_directory_urls)
    files = Files([mine])
    files.add_files_from_theme(config.theme.get_env(), config)
    assert [file.src_dir for file in files if file.src_uri == theme_paths[0]] == [str(tmp_path / "docs")]
    assert len(files) == len(theme_paths)


def test_the_theme_is_walked_once_for_every_site_built_in_a_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    list_theme_files_once()
    monkeypatch.setattr(compat_mkdocs, "_theme_file_lists", {})
    walks: list[str] = []
    list_templates = jinja2.Environment.list_templates  # how MkDocs walks the theme's folders

    def walk(env: jinja2.Environment, *args: Any, **kwargs: Any) -> list[str]:
        walks.append("walk")
        return list_templates(env, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "list_templates", walk)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    del config["extra_css"], config["extra"]  # the project's own stylesheets and scripts, not in these sites
    built = []
    for name in ("first", "second"):
        (tmp_path / name / "docs").mkdir(parents=True)
        (tmp_path / name / "docs" / "index.md").write_text(f"# {name}\n", encoding="utf-8")
        (tmp_path / name / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        build_site(tmp_path / name / "mkdocs.yml")
        built.append(sorted(p.relative_to(tmp_path / name).as_posix() for p in (tmp_path / name).rglob("*.js")))
    assert walks == ["walk"], "the second site's build reuses the first's list of theme files"
    assert built[0] == built[1] and any("javascripts/bundle." in path for path in built[1])


def test_a_site_ships_only_the_theme_files_its_pages_load(shipped_build: Path) -> None:
    site = shipped_build / "longton-primary" / "site"
    shipped = [path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()]
    assert not [path for path in shipped if path.endswith(".map")]
    assert not [path for path in shipped if path.startswith("assets/javascripts/lunr/")]  # English needs none
    assert [path for path in shipped if path.startswith("assets/javascripts/workers/search.")]
    theme = sum((site / path).stat().st_size for path in shipped if path.startswith("assets/"))
    assert theme < 800_000  # 3 MB with the source maps and every search language


def test_search_files_are_kept_for_the_languages_a_site_is_searched_in() -> None:
    lunr = "assets/javascripts/lunr/"
    needed = {
        path
        for path in (
            f"{lunr}min/lunr.fr.min.js",
            f"{lunr}min/lunr.ja.min.js",
            f"{lunr}min/lunr.de.min.js",
            f"{lunr}min/lunr.multi.min.js",
            f"{lunr}min/lunr.stemmer.support.min.js",
            f"{lunr}tinyseg.js",
            f"{lunr}wordcut.js",
            "assets/javascripts/bundle.min.js",
            "assets/javascripts/bundle.min.js.map",
        )
        if not unused(path, languages={"en", "fr", "ja"})
    }
    assert needed == {
        f"{lunr}min/lunr.fr.min.js",
        f"{lunr}min/lunr.ja.min.js",
        f"{lunr}min/lunr.multi.min.js",
        f"{lunr}min/lunr.stemmer.support.min.js",
        f"{lunr}tinyseg.js",
        "assets/javascripts/bundle.min.js",
    }
    assert unused(f"{lunr}min/lunr.stemmer.support.min.js", languages={"en"})
    assert not unused(f"{lunr}wordcut.js", languages={"hi"})


def test_every_page_of_every_site_describes_itself(shipped_build: Path) -> None:
    pages = sorted(shipped_build.glob("*/site/*.html"))
    assert len(pages) > 20
    for page in pages:
        if page.name == "404.html":
            continue
        descriptions = re.findall(r'<meta name="description" content="([^"]*)">', page.read_text(encoding="utf-8"))
        assert len(descriptions) == 1 and len(descriptions[0]) > 20, page
    home = (shipped_build / "longton-primary" / "site" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="Longton Primary School: Policy on the use of social networking' in home


def test_a_description_cannot_leave_its_attribute_or_its_front_matter() -> None:
    page = with_front_matter("# Page\n", description='A" onload="x()" <script>\n---\nkey: value')
    front_matter = yaml.safe_load(page.split("---\n")[1])
    assert front_matter == {"description": "A&quot; onload=&quot;x()&quot; &lt;script&gt;\n---\nkey: value"}
    assert page.endswith("\n\n# Page\n")


def test_every_table_is_captioned_by_the_heading_it_stands_under(shipped_build: Path) -> None:
    pages = sorted(shipped_build.glob("*/site/*.html"))
    tables = [(page, table) for page in pages for table in re.findall(r"<table>.*?</table>", page.read_text(), re.S)]
    assert len(tables) > 10
    uncaptioned = [page.name for page, table in tables if '<caption class="visually-hidden">' not in table]
    assert not uncaptioned
    home = (shipped_build / "model-school" / "site" / "index.html").read_text()
    assert re.findall(r'<caption class="visually-hidden">([^<]*)</caption>', home) == [
        "Policies and guidance",
        "Key contacts",
    ]


def test_a_table_under_no_heading_gets_no_caption() -> None:
    import markdown

    converter = markdown.Markdown(extensions=["tables", "generator.editions.site.table_captions"])
    assert "<caption" not in converter.convert("| A | B |\n| --- | --- |\n| 1 | 2 |\n")
    captioned = converter.reset().convert("## Who *to* call\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n")
    assert '<caption class="visually-hidden">Who to call</caption>' in captioned


def test_no_page_labels_a_control_it_lacks(shipped_build: Path) -> None:
    pages = sorted(shipped_build.glob("*/site/*.html"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        controls = set(re.findall(r'<input[^>]* id="([^"]+)"', html))
        assert set(re.findall(r'<label[^>]* for="([^"]+)"', html)) <= controls, page
    assert any(page.name == "changes.html" for page in pages)  # a page outside the navigation is among them


def test_no_script_holds_up_the_drawing_of_a_page(shipped_build: Path) -> None:
    # The offline search's worker shim loads in the head; it and the theme's script run, in order, once the page
    # is read (the search tests show search still works over http and from file://).
    home = (shipped_build / "longton-primary" / "site" / "index.html").read_text(encoding="utf-8")
    external = re.findall(r"<script[^>]* src=[^>]*>", home)
    assert len(external) == 2 and all(" defer " in tag for tag in external), external
    assert home.index("iframe-worker-shim.js") < home.index("javascripts/bundle.")
