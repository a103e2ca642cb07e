"""A project's validation, kept beside its build between runs: a build with nothing changed validates nothing.

Validation reads every YAML file of the project and checks every organisation, which takes most of a build that
finds nothing to do. Its result is kept in <build>/.validation.pickle, under a key of everything it depends on:
the project's files (content/, schools/ with the logos, releases/), templates/ and mkdocs.yml, the generator's
code, the versions of the packages that read or check them, the Python that pickled it and where the project is.
Any change to one of them validates afresh. The file is the build's own, like the outputs beside it: whoever can
write it can write the project's code too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import sys
from pathlib import Path

from generator.build.fingerprint import OTHER_PACKAGES, OUTPUT_PACKAGES, package_versions, shared_inputs
from generator.checks.validation import Validation, validate_estate
from generator.inputs.project_files import inputs_digest

CACHE = ".validation.pickle"


def validation_key(root: Path) -> str:
    """A hash of everything the validation of the project at ``root`` depends on."""
    key = {
        "root": str(root.resolve()),
        "inputs": inputs_digest(root),
        "shared": shared_inputs(root),
        "packages": package_versions([*OUTPUT_PACKAGES, *OTHER_PACKAGES]),
        "python": sys.version,
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


def cached_validation(root: Path, folder: Path) -> Validation:
    """The validation of the project at ``root``: the one kept in ``folder`` if nothing it depends on changed
    since, else made afresh and kept there (best effort: a folder that cannot be written keeps nothing)."""
    key = validation_key(root)
    kept = _kept(folder / CACHE, key)
    if kept is not None:
        return kept
    validation = validate_estate(root)
    _keep(folder / CACHE, key, validation)
    return validation


def _kept(path: Path, key: str) -> Validation | None:
    try:
        with path.open("rb") as file:
            if file.readline().rstrip(b"\n") != key.encode():
                return None
            kept = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None  # none kept, or kept by another version of the generator: validate afresh
    return kept if isinstance(kept, Validation) else None


def _keep(path: Path, key: str, validation: Validation) -> None:
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as file:
            file.write(key.encode() + b"\n")
            pickle.dump(validation, file, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
    except OSError:
        with contextlib.suppress(OSError):  # a folder that is not there, or is a file
            partial.unlink(missing_ok=True)
