"""A project folder -> its YAML files of each kind: organisations, clauses, document templates, releases.

Every command finds files here and nowhere else, so that what ``list`` shows, ``validate`` checks, ``build``
builds and ``serve`` previews are the same files. A YAML file may end in ``.yml`` or ``.yaml``, as editors
save either; its id is its name without the ending, and two files with one id are refused where they are read.
"""

from __future__ import annotations

import hashlib
import os
import stat
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


def tree_digest(folder: Path, pattern: str = "*", *, within: Path | None = None) -> str:
    """A hash of the names and bytes of every file below ``folder`` matching ``pattern`` (none: the empty hash).

    With ``within`` (the project), the folder is untrusted: a link is read only where it leads to a regular file
    inside ``within``, and otherwise hashed by where it points; anything but a regular file (a FIFO, a device) is
    hashed by its name alone, as it is never read.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob(pattern) if "__pycache__" not in p.parts):
        if within is None and not path.is_file():
            continue
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes() if within is None else _untrusted_bytes(path, within))
    return digest.hexdigest()[:16]


def _untrusted_bytes(path: Path, within: Path) -> bytes:
    try:
        target = path.resolve(strict=True)
        if not target.is_relative_to(within.resolve()):
            return b"outside " + (os.readlink(path).encode() if path.is_symlink() else b"")
        return path.read_bytes() if stat.S_ISREG(target.stat().st_mode) else b"not a file"
    except (OSError, RuntimeError):  # a link to nothing, or a loop of links
        return b"unreadable"


def inputs_digest(root: Path) -> str:
    """A hash of every file an organisation's build reads from the project besides templates/ and mkdocs.yml:
    content/, schools/ (the logos too) and releases/."""
    trees = " ".join(tree_digest(root / part, within=root) for part in INPUTS)
    return hashlib.sha256(trees.encode()).hexdigest()[:16]


INPUTS = ("content", "schools", "releases")
"""The project's folders of inputs, read when it is loaded."""
