"""A project folder -> its YAML files of each kind: organisations, clauses, document templates, releases.

Every command finds files here and nowhere else, so that what ``list`` shows, ``validate`` checks, ``build``
builds and ``serve`` previews are the same files. A YAML file may end in ``.yml`` or ``.yaml``, as editors
save either; its id is its name without the ending, and two files with one id are refused where they are read.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

ENDINGS = (".yml", ".yaml")
"""The endings of a YAML file, the usual one first: the one the project writes."""


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files directly in ``folder``, by name, a .yml file before a .yaml file with its id (none if there is
    no such folder)."""
    if not folder.is_dir():
        return []
    found = (path for path in folder.iterdir() if path.suffix in ENDINGS)
    return sorted(found, key=lambda path: (file_id(path) + ENDINGS[0], ENDINGS.index(path.suffix)))


def file_id(path: Path) -> str:
    """The id a YAML file gives what it holds: its name without the ending."""
    return path.name.removesuffix(path.suffix)


def organisation_files(root: Path) -> list[Path]:
    """schools/<organisation>.yml: one file per organisation."""
    return yaml_files(root / "schools")


def organisation_ids(root: Path) -> list[str]:
    """The organisations' ids: the names of their files, each once, sorted."""
    return sorted({file_id(path) for path in organisation_files(root)})


def clause_files(content: Path) -> list[Path]:
    """<content>/clauses/*.yml, each a list of clauses (the library's, or under content/boards/<board>/, a
    board's)."""
    return yaml_files(content / "clauses")


def document_files(content: Path) -> list[Path]:
    """<content>/documents/<document>.yml: one document template per file."""
    return yaml_files(content / "documents")


def board_folders(content: Path) -> list[Path]:
    """content/boards/<board>/: each board's own clauses and documents."""
    folder = content / "boards"
    return sorted(path for path in folder.iterdir() if path.is_dir()) if folder.is_dir() else []


def release_files(root: Path) -> list[Path]:
    """releases/<publisher>.yml: each a list of a publisher's releases, oldest first."""
    return yaml_files(root / "releases")


def release_file(root: Path, publisher: str) -> Path:
    """The file that records ``publisher``'s releases: the one there is, or a new releases/<publisher>.yml."""
    found = [path for path in release_files(root) if file_id(path) == publisher]
    return found[0] if found else root / "releases" / f"{publisher}{ENDINGS[0]}"


def tree_digest(folder: Path, pattern: str = "*") -> str:
    """A hash of the names and bytes of every file below ``folder`` matching ``pattern`` (none: the empty hash)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def inputs_digest(root: Path) -> str:
    """A hash of every file an organisation's build reads from the project besides templates/ and mkdocs.yml:
    content/, schools/ (the logos too) and releases/."""
    return hashlib.sha256(" ".join(tree_digest(root / part) for part in INPUTS).encode()).hexdigest()[:16]


INPUTS = ("content", "schools", "releases")
"""The project's folders of inputs, read when it is loaded."""
