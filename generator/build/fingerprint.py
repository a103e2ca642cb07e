"""An organisation's build plan -> one hash, so that a rebuild redoes only what its inputs changed.

The hash is of what the build renders, worked out by the build's own planning step: every page's Markdown and
the navigation (names, clauses, change report, adopters' deviations and review banners included), the resolved
documents the PDFs are printed from with their overdue notices, the logo's bytes, and, shared by everyone, every
file of templates/ (print templates and fonts included), mkdocs.yml, the generator's own code and the versions of
the packages that shape the output. An input that changes what is built changes the plan, and so the hash.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib import metadata
from pathlib import Path

import generator
from generator.build.write import SitePlan
from generator.inputs.load import Project
from generator.inputs.project_files import tree_digest
from generator.model.review import review_state

MANIFEST = "manifest.json"
OUTPUT_PACKAGES = (
    *("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pygments"),
    *("typst", "pyhanko", "pypdf", "python-docx", "pypdfium2", "defusedxml"),
    *("ruamel.yaml", "pyyaml", "pydantic"),
)
"""The packages whose version can change what a build writes (site, PDF, Word file, logo), the values it reads
from YAML, or whether its check of locked clauses passes: a new version of any rebuilds every organisation."""
OTHER_PACKAGES = {
    "click": "reads the command line",
    "rich": "draws tables in the terminal",
    "email-validator": "accepts or refuses an address, which is published as written",
    "phonenumbers": "accepts or refuses a number, which is published as written",
    "confusable-homoglyphs": "accepts or refuses an organisation's name that looks like another's",
    "pillow": "reads a PNG's or JPEG's declared size, to accept or refuse the logo (which is published as it is)",
}
"""The project's other dependencies, and why their version changes no output."""


@dataclass(frozen=True)
class Fingerprint:
    """The hash of each group of inputs, and of them all."""

    parts: dict[str, str]
    project: str = ""
    """The project's digest when it was planned (project_digest): while that is the same, so is this."""

    @property
    def digest(self) -> str:
        return _sha(json.dumps(self.parts, sort_keys=True))

    def to_json(self) -> str:
        recorded = {"digest": self.digest, "inputs": self.parts, "project": self.project}
        return json.dumps(recorded, indent=2, sort_keys=True) + "\n"


def shared_inputs(root: Path) -> dict[str, str]:
    """Hashes of what every organisation's build of the project at ``root`` reads: templates and fonts,
    mkdocs.yml, the generator, packages."""
    package = Path(generator.__file__).parent
    return {
        "generator": tree_digest(package, "*.py") + f"@{generator.__version__}",
        "templates": tree_digest(root / "templates", "*"),
        "mkdocs": _file(root / "mkdocs.yml"),
        "packages": _sha(json.dumps(package_versions(), sort_keys=True)),
    }


def project_digest(project: Project, *, shared: dict[str, str], today: datetime.date | None) -> str:
    """A hash of every file an organisation's build can read (the shared inputs, and all of content/, schools/
    with the logos, and releases/ as they were loaded) and of the date its review notices are worked out for
    ("" where the project's files are not known: then every organisation is planned).

    Why: while it is unchanged, no organisation's plan can have changed, so an output recorded with it is current
    without planning it again; a build with nothing to do then reads every file once instead of planning every
    organisation. Any change, even one that changes nobody's output, falls back to comparing plans.
    """
    if not project.inputs:
        return ""
    return _sha(json.dumps({**shared, "inputs": project.inputs, "today": str(today)}, sort_keys=True))


def package_versions(names: Iterable[str] = OUTPUT_PACKAGES) -> dict[str, str]:
    """Installed version of each package named (by default those that shape the output; '' for one not
    installed)."""
    return {name: _installed_version(name) for name in names}


@cache
def _installed_version(name: str) -> str:
    """Looked up once a process (each look-up reads the installed packages' metadata, about a millisecond): the
    modules this process has imported are the ones it renders with, whatever is installed later."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def fingerprint(
    plan: SitePlan, project_root: Path, *, shared: dict[str, str], today: datetime.date | None, extra: str = ""
) -> Fingerprint:
    """The inputs of an organisation's outputs: its build ``plan`` (plan_site for ``today``). ``extra`` names
    build options that change the output."""
    resolved = plan.organisation
    overdue = {d.id: today is not None and review_state(d, today) == "overdue" for d in resolved.documents}
    logo = resolved.branding.logo
    if logo is not None:  # the same project checked out elsewhere has the same fingerprint
        resolved = replace(resolved, branding=replace(resolved.branding, logo=logo.relative_to(project_root)))
    return Fingerprint(
        {
            **shared,
            "pages": _sha(json.dumps([plan.pages, plan.extra_nav], sort_keys=True)),
            "print": _sha(repr((resolved, overdue))),
            "changes": _sha(repr(plan.changes)),
            "coverage": _sha(repr(plan.coverage)),  # in report.json, whether or not the site shows it
            "logo": _file(logo) if logo else "",
            "options": extra,
        }
    )


def is_current(output: Path, print_: Fingerprint) -> bool:
    """Whether ``output`` (build/<org>/) was built from exactly these inputs."""
    return _recorded(output).get("digest") == print_.digest


def planned_with(output: Path, project: str) -> bool:
    """Whether ``output``'s inputs were last planned when the project's digest was ``project``: then they are
    the same now."""
    return bool(project) and _recorded(output).get("project") == project


def record_planned(output: Path, print_: Fingerprint) -> None:
    """Note in ``output``'s manifest that its inputs, unchanged, were planned again with ``print_.project``; best
    effort, as the note only saves the next build some work."""
    partial = output / f".{MANIFEST}.partial"
    try:
        partial.write_text(print_.to_json(), encoding="utf-8")
        partial.replace(output / MANIFEST)
    except OSError:
        partial.unlink(missing_ok=True)


def _recorded(output: Path) -> dict[str, object]:
    try:
        recorded = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return recorded if isinstance(recorded, dict) else {}


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _file(path: Path) -> str:
    """A hash of the file's bytes ('' where there is no such file: validation says so)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else ""
