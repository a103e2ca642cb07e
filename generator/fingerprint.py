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
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path

import generator
from generator.build import plan_site
from generator.load import Project
from generator.review import review_state

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

    @property
    def digest(self) -> str:
        return _sha(json.dumps(self.parts, sort_keys=True))

    def to_json(self) -> str:
        return json.dumps({"digest": self.digest, "inputs": self.parts}, indent=2, sort_keys=True) + "\n"


def shared_inputs(project: Project) -> dict[str, str]:
    """Hashes of what every organisation's build reads: templates and fonts, mkdocs.yml, the generator, packages."""
    package = Path(generator.__file__).parent
    return {
        "generator": _tree(package, "*.py") + f"@{generator.__version__}",
        "templates": _tree(project.root / "templates", "*"),
        "mkdocs": _file(project.root / "mkdocs.yml"),
        "packages": _sha(json.dumps(package_versions(), sort_keys=True)),
    }


def package_versions() -> dict[str, str]:
    """Installed version of each package that shapes the output ('' for one not installed)."""
    versions = {}
    for name in OUTPUT_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = ""
    return versions


def fingerprint(
    project: Project, org_id: str, *, shared: dict[str, str], today: datetime.date | None, extra: str = ""
) -> Fingerprint:
    """The inputs of ``org_id``'s outputs: its build plan. ``extra`` names build options that change the output."""
    plan = plan_site(project, org_id, today=today)
    resolved = plan.organisation
    overdue = {d.id: today is not None and review_state(d, today) == "overdue" for d in resolved.documents}
    logo = resolved.branding.logo
    if logo is not None:  # the same project checked out elsewhere has the same fingerprint
        resolved = replace(resolved, branding=replace(resolved.branding, logo=logo.relative_to(project.root)))
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
    try:
        recorded = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(recorded, dict) and recorded.get("digest") == print_.digest


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _tree(folder: Path, pattern: str) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
