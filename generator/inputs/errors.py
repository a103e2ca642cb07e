"""User errors: problems in a project's files, each tied to a file position and a key path."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, in the words a user can act on."""

    file: str
    line: int
    column: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class UserError(Exception):
    """A mistake in the project's files: shown as one line per problem, never as a traceback."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class OutputError(Exception):
    """The build folder cannot be written (read-only, full, or not ours): the whole build stops, output untouched."""


UNWRITABLE = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT, errno.EFBIG}
"""What an OSError while writing says when the disk, not the project, is the problem."""


def output_error(error: OSError, output: Path) -> OutputError | None:
    """The one-line OutputError for ``error`` if the build folder cannot be written, else None."""
    if error.errno not in UNWRITABLE:
        return None
    return OutputError(f"cannot write to {output}: {error.strerror or error}")


def display_path(path: Path, root: Path) -> str:
    """The path as a user would type it from the project folder."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):  # outside the project, or a loop of links
        return path.as_posix()


def did_you_mean(word: object, choices: object) -> str:
    """' (did you mean 'x'?)' for the closest choice, or nothing when none is close."""
    import difflib

    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)  # type: ignore[attr-defined]
    return f" (did you mean {close[0]!r}?)" if close else ""
