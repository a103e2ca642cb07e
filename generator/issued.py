"""Each text an organisation's builds issued <-> releases/issued/<org>/<document>-<reference>.yml.

A signed form names the reference hash of the text it was printed from. Today's build knows only today's
reference; this record keeps every earlier one with the clauses it stood for, so that the sign-off register
recognises a form signed on an earlier text and can tell, from what changed since, whether it must be signed again.
`policy-pack build` adds a file the first time it issues a text and never changes one. Commit the folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from generator.errors import Problem, UserError, display_path
from generator.load import Project
from generator.locks import text_digest
from generator.model import ResolvedDocument, ResolvedOrganisation
from generator.resolve import resolve_organisation
from generator.schema import ReleasedClause, ShortText, Strict
from generator.yamlfile import dump_yaml, read_yaml

ISSUED = Path("releases") / "issued"
"""The record's folder, in the project."""


class IssuedText(Strict):
    """One text of one document, as an organisation issued it."""

    organisation: ShortText
    document: ShortText
    title: ShortText
    version: ShortText
    reference: ShortText
    clauses: dict[str, ReleasedClause]
    """Clause id -> its title, version, text (parameters filled) and audience, in reading order."""
    text_digest: ShortText | None = None
    """A digest of the issued PDF's text (locks.text_digest): a signed form's pages must say the same. Records
    written before digests were kept have none."""


@dataclass(frozen=True)
class IssuedRecord:
    """Where an organisation's issued texts are kept, by document and reference; each is read when asked for."""

    root: Path
    files: dict[tuple[str, str], Path]

    def text(self, document: str, reference: str) -> IssuedText | None:
        """The issued text of ``document`` with ``reference``, or None if it was never recorded."""
        path = self.files.get((document, reference))
        return None if path is None else _read(self.root, path)


def snapshot(document: ResolvedDocument) -> dict[str, ReleasedClause]:
    """Every clause of a resolved document, in reading order, as the change report compares them."""
    return {
        clause.id: ReleasedClause.model_construct(
            title=clause.title.strip(),
            version=clause.version,
            text=clause.text.strip(),
            locked=False,
            audience=list(clause.audience),  # type: ignore[arg-type]  # resolved from checked clauses
        )
        for clause in document.clauses()
    }


def issued_text(
    organisation: ResolvedOrganisation, document: ResolvedDocument, *, text_digest: str | None = None
) -> IssuedText:
    """What ``organisation`` issues as ``document`` today."""
    return IssuedText.model_construct(
        organisation=organisation.id,
        document=document.id,
        title=document.title,
        version=document.version,
        reference=document.content_hash,
        clauses=snapshot(document),
        text_digest=text_digest,
    )


def record_issued(project: Project, org_ids: Iterable[str], output: Path | None = None) -> list[Path]:
    """Add to the record each text the organisations issue today that it does not hold yet, with the digest of
    its PDF's text where ``output`` holds the PDF built; return the new files."""
    written = []
    for org_id in org_ids:
        organisation = resolve_organisation(project, org_id)
        for document in organisation.documents:
            path = project.root / ISSUED / org_id / f"{document.id}-{document.content_hash}.yml"
            pdf = output / org_id / "pdf" / f"{document.id}.pdf" if output else None
            if not path.exists():
                digest = text_digest(pdf) if pdf and pdf.is_file() else None
                _write(path, issued_text(organisation, document, text_digest=digest))
                written.append(path)
    return written


def issued_record(root: Path, org_id: str) -> IssuedRecord:
    """The texts recorded for ``org_id``, found by their file names."""
    folder = root / ISSUED / org_id
    files = {}
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        document, _, reference = path.stem.rpartition("-")
        files[(document, reference)] = path
    return IssuedRecord(root, files)


def _write(path: Path, text: IssuedText) -> None:
    """Write the file whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        f"# What {text.organisation} issued as {text.document}, reference {text.reference}. Written by "
        "`policy-pack build` for the sign-off register; do not edit by hand.\n"
    )
    data = {
        **{key: getattr(text, key) for key in ("organisation", "document", "title", "version", "reference")},
        "clauses": {ident: clause.model_dump(mode="json") for ident, clause in text.clauses.items()},
        **({"text_digest": text.text_digest} if text.text_digest else {}),
    }
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(header + dump_yaml(data), encoding="utf-8")
    partial.replace(path)


def _read(root: Path, path: Path) -> IssuedText:
    """An issued text, checked; UserError (file:line:col: key: message) if the file was damaged."""
    document = read_yaml(path, display_path(path, root))
    if isinstance(document, Problem):
        raise UserError([document])
    try:
        text = IssuedText.model_validate(document.data)
    except ValidationError as error:
        first = error.errors()[0]
        raise UserError([document.problem(tuple(first["loc"]), first["msg"])]) from None
    if path.stem != f"{text.document}-{text.reference}":
        raise UserError([document.problem(("reference",), f"does not match the file name {path.name}")])
    return text
