"""Markdown pages + branding -> a MkDocs Material site, built in-process in strict mode, then finished.

MkDocs writes the site; ``site_finish`` then adds what we publish over any engine's output (the policy, the
mended pages) and checks every link, as strict mode does.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

import yaml

from generator.checks.contrast import palette
from generator.compat.mkdocs import list_theme_files_once
from generator.inputs.logo import published_name
from generator.model.placeholders import attribute_safe
from generator.model.resolved import ResolvedOrganisation


class SiteBuildError(Exception):
    """MkDocs refused the site (strict mode turns every warning into this), or a built link leads nowhere."""


DEFAULT_FAVICON = "assets/images/favicon.png"
"""The theme's own icon, where an organisation gives no logo."""


def favicon(organisation: ResolvedOrganisation) -> str:
    """The site's icon, from its root: the organisation's logo, or the theme's icon."""
    if organisation.branding.logo is None:
        return DEFAULT_FAVICON
    return f"assets/{published_name(organisation.branding.logo)}"


def site_config(
    project_root: Path,
    organisation: ResolvedOrganisation,
    *,
    docs_dir: Path,
    site_dir: Path,
    extra_pages: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The organisation's MkDocs configuration: the project's mkdocs.yml with its name, pages and branding.

    ``docs_dir`` and ``site_dir`` sit beside the configuration file ``build_site`` reads.
    """
    base = yaml.safe_load((project_root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    theme = dict(base.get("theme") or {})
    if organisation.branding.logo is not None:
        theme["logo"] = theme["favicon"] = favicon(organisation)
    config = {
        **base,
        "site_name": attribute_safe(organisation.name),
        "docs_dir": docs_dir.name,
        "site_dir": site_dir.name,
        "theme": theme,
        "hooks": [*base.get("hooks", []), str(Path(__file__).with_name("mkdocs_hooks.py"))],
        "copyright": attribute_safe(organisation.name),
        "nav": [{"Home": "index.md"}]
        + [{attribute_safe(document.label): f"{document.slug}.md"} for document in organisation.documents]
        + [{title: page} for title, page in (extra_pages or {}).items()],
        "not_in_nav": "changes.md\ncoverage.md\ndeviations.md",
    }
    if organisation.site_url:
        config["site_url"] = organisation.site_url  # absolute addresses in sitemap.xml and canonical links
    return config


def brand_css(organisation: ResolvedOrganisation) -> str:
    """Material's colour variables set to the organisation's palette, kept readable whatever the colours.

    The colours are ``contrast.palette``'s, the same as the PDF's and those the palette warnings describe.
    """
    colours = palette(organisation.branding.primary, organisation.branding.accent)
    primary, accent = colours.primary, colours.link
    return (
        ":root, [data-md-color-scheme=default] {\n"
        f"  --md-primary-fg-color: {primary};\n"
        f"  --md-primary-fg-color--light: {primary};\n"
        f"  --md-primary-fg-color--dark: {primary};\n"
        f"  --md-primary-bg-color: {colours.header_text};\n"
        f"  --md-accent-fg-color: {accent};\n"
        f"  --md-typeset-a-color: {accent};\n"
        "}\n"
    )


def docs_files(project_root: Path, organisation: ResolvedOrganisation, pages: dict[str, str]) -> dict[str, str | Path]:
    """The docs folder MkDocs reads: pages, the logo, the fonts, the shared and the brand stylesheet, as
    relative path -> text to write, or the file to copy there."""
    files: dict[str, str | Path] = dict(pages)
    if organisation.branding.logo is not None:
        files[f"assets/{published_name(organisation.branding.logo)}"] = organisation.branding.logo
    for font in sorted((project_root / "templates" / "fonts").glob("*")):
        if font.suffix in (".css", ".woff2") or font.name == "OFL.txt":
            files[f"assets/fonts/{font.name}"] = font
    site_templates = project_root / "templates" / "site"
    files["assets/policy-pack.css"] = site_templates / "policy-pack.css"
    for script in ("iframe-worker-shim.js", "iframe-worker-boot.js"):
        files[f"assets/{script}"] = site_templates / "vendor" / script
    files["assets/brand.css"] = brand_css(organisation)
    return files


def config_yaml(config: dict[str, Any]) -> str:
    """The site configuration as the mkdocs.yml that ``build_site`` reads."""
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def build_site(config_file: Path, *, moved: dict[str, str] | None = None) -> None:
    """Run MkDocs on ``config_file`` (see ``config_yaml``), which writes the site, add the pages of ``moved`` (file
    name -> HTML: former addresses, see ``redirects``) where no page of the site has their name, then finish it
    (``site_finish``); strict, quiet unless it fails."""
    from mkdocs.commands.build import build as mkdocs_build  # imported by builds that render, not by every command
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from generator.editions.site.site_finish import BrokenSiteError, finish_site

    list_theme_files_once()
    capture = io.StringIO()
    handler = logging.StreamHandler(capture)
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        loaded = load_config(config_file=str(config_file), strict=True)
        mkdocs_build(loaded)
    except (MkDocsException, SystemExit) as error:
        raise SiteBuildError(f"{error}\n{capture.getvalue()}".strip()) from None
    finally:
        logger.removeHandler(handler)
    for name, page in (moved or {}).items():
        if not (Path(loaded.site_dir) / name).exists():
            (Path(loaded.site_dir) / name).write_text(page, encoding="utf-8")
    try:
        finish_site(config_file)
    except BrokenSiteError as error:
        raise SiteBuildError(f"links that lead nowhere:\n{error}") from None
