"""An organisation's inputs -> one hash, so that a rebuild redoes only what its inputs changed.

The hash covers what the organisation's outputs are made from: its resolved documents (the clauses it uses,
its whole config chain, parameters, people, branding), its logo's bytes, its change report, its adopters'
deviations, today's review states, and, shared by everyone, the templates, fonts, mkdocs.yml and the
generator's own code. Nothing is rendered to compute it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import generator
from generator.deviations import deviations
from generator.lifecycle import change_report
from generator.load import Project
from generator.resolve import resolve_organisation
from generator.review import review_state

MANIFEST = "manifest.json"


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
    """Hashes of what every organisation's build reads: templates and fonts, mkdocs.yml, the generator."""
    package = Path(generator.__file__).parent
    return {
        "generator": _tree(package, "*.py") + f"@{generator.__version__}",
        "templates": _tree(project.root / "templates", "*"),
        "mkdocs": _file(project.root / "mkdocs.yml"),
    }


def fingerprint(
    project: Project, org_id: str, *, shared: dict[str, str], today: datetime.date | None, extra: str = ""
) -> Fingerprint:
    """The inputs of ``org_id``'s outputs. ``extra`` names build options that change the output (e.g. PDFs)."""
    resolved = resolve_organisation(project, org_id)
    organisation = project.organisations[org_id]
    changes = change_report(project, org_id) if organisation.changes_page != "off" else None
    states = {d.id: review_state(d, today) if today else "" for d in resolved.documents}
    logo = resolved.branding.logo
    return Fingerprint(
        {
            **shared,
            "organisation": _sha(repr(resolved)),
            "logo": _file(logo) if logo else "",
            "lifecycle": _sha(repr((changes, organisation.changes_page, deviations(project, org_id), states))),
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
