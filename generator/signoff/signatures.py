"""A folder of returned PDFs x the project -> the sign-off register: who signed which text, and who must still sign.

Each signature is judged on what its signed revision says it is (organisation, document, reference) against what
the organisation issues today; a form signed on an earlier text is judged on the text the file itself carries
(issued.py), against what changed since. The register names members of staff, so it
is only ever printed or written to the file asked for: never into build/ or a site.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from multiprocessing import get_context
from pathlib import Path

from generator.editions.pdf.pdf_identity import PdfIdentity
from generator.inputs.load import Project
from generator.model.issued import read_issued, snapshot
from generator.model.lifecycle import signed_text_changes
from generator.model.resolve import resolve_organisation
from generator.model.resolved import ResolvedDocument
from generator.signoff.signed_pdf import ReturnedPdf, ReturnedSignature, UnreadablePdf, read_returned
from generator.signoff.staff import StaffMember, job_key, name_key
from generator.text.terminal_text import printable

CURRENT = "current"
OUTDATED = "outdated"
NO_RE_SIGN = "outdated, no re-sign needed"
UNSIGNED = "unsigned"
TYPED = "acknowledged (typed)"
"""Name and date typed into the form, no digital signature: an electronic signature in English law."""
ALTERED = "altered"
NOT_OURS = "not ours"
MUST_SIGN = frozenset({OUTDATED, UNSIGNED, ALTERED})
"""Someone must still sign: the command exits 1."""
SIGNED_OFF = frozenset({CURRENT, NO_RE_SIGN, TYPED})
ACKNOWLEDGEMENT = "ack_signature"
COMPANIONS = {ACKNOWLEDGEMENT: ("ack_print_name", "ack_job_title", "ack_date")}
"""Signature field -> the text fields filled in with it; a signatory's is date_<role>."""


@dataclass(frozen=True)
class Entry:
    """One line of the register: one signature, or one form filled in but not signed."""

    file: str
    field: str
    name: str
    job_title: str
    signed: str
    """When: the signing time the signature carries, or the date written on an unsigned form."""
    certificate: str
    """The name in the signer's certificate; empty when unsigned."""
    trust: str
    """Whether that certificate is trusted: 'trusted', 'not trusted' or 'self-signed, not trusted'."""
    document: str
    version: str
    reference: str
    status: str
    note: str = ""


@dataclass(frozen=True)
class Missing:
    """A member of staff who has not signed the current text of a document."""

    name: str
    job_title: str
    document: str
    staff_id: str = ""
    """From the staff list's id column, where it has one."""


@dataclass(frozen=True)
class Register:
    """The sign-off register of one organisation, from one folder of returned PDFs."""

    organisation: str
    entries: tuple[Entry, ...]
    unreadable: tuple[tuple[str, str], ...] = ()
    """File -> why nothing in it could be checked: the command exits 1."""
    missing: tuple[Missing, ...] | None = None
    """With a staff list: who has not signed the current text of each document staff acknowledge."""
    current: dict[str, str] = field(default_factory=dict)
    """Document id -> what the organisation issues today: 'Title, version V, reference R'."""

    @property
    def must_sign(self) -> bool:
        """Whether anyone must still sign (again)."""
        return bool(self.missing) or any(entry.status in MUST_SIGN for entry in self.entries)

    @property
    def complete(self) -> bool:
        """Whether nobody must still sign and every file could be read."""
        return not self.must_sign and not self.unreadable


def sign_off_register(
    project: Project,
    org_id: str,
    folder: Path,
    *,
    staff: list[StaffMember] | None = None,
    jobs: int = 1,
    require_digital: bool = False,
) -> Register:
    """Read every file in ``folder`` (and below it) and judge each signature and each unsigned form; a typed
    acknowledgement counts unless ``require_digital``."""
    judge = Judge(project, org_id, require_digital=require_digital)
    if staff is not None and not judge.acknowledged():
        raise ValueError(f"no document of {org_id} has a staff acknowledgement form: a staff list has nothing to check")
    paths = returned_files(folder)
    entries: list[Entry] = []
    unreadable: list[tuple[str, str]] = []
    seen: set[tuple[str, str | None, str]] = set()
    for path, result in zip(paths, read_files(paths, jobs), strict=True):
        shown = printable(path.relative_to(folder).as_posix())
        if isinstance(result, str):
            unreadable.append((shown, printable(result)))  # a damaged file's error may quote its bytes
            continue
        # Every file was checked: a signature copied into several files (the Headteacher's, on every copy staff
        # return) is listed once where every copy vouches for it, and once more for each copy that does not.
        signings = [s for s in result.signings if (s.key, s.altered, shown if s.altered else "") not in seen]
        seen.update((s.key, s.altered, shown if s.altered else "") for s in signings)
        entries += judge.file_entries(shown, result, signings)
    missing = None if staff is None else who_is_missing(staff, entries, judge.acknowledged())
    current = {d.id: f"{d.title}, {d.identification(', ', capital=False)}" for d in judge.documents.values()}
    return Register(org_id, tuple(entries), tuple(unreadable), missing, current)


def returned_files(folder: Path) -> list[Path]:
    """Every file in ``folder`` and its subfolders, in name order, except hidden ones (.DS_Store and the like)."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def read_files(paths: list[Path], jobs: int) -> list[ReturnedPdf | str]:
    """Each file read and checked (or why it could not be), on ``jobs`` processes each taking a run of files."""
    if jobs <= 1 or len(paths) < 4 * jobs:
        return _read_run(paths)
    runs = [paths[len(paths) * i // jobs : len(paths) * (i + 1) // jobs] for i in range(jobs)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
        return [result for run in pool.map(_read_run, runs) for result in run]


def _read_run(paths: list[Path]) -> list[ReturnedPdf | str]:
    """A run of files in order, each checked; a file identical to one before in the run, byte for byte, is not
    checked again (it cannot differ in anything a signature vouches for)."""
    checked: dict[str, ReturnedPdf | str] = {}
    results: list[ReturnedPdf | str] = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as error:
            results.append(f"cannot be read: {error.strerror or error}")
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest not in checked:
            try:
                checked[digest] = read_returned(data)
            except UnreadablePdf as error:
                checked[digest] = str(error)
        results.append(checked[digest])
    return results


class Judge:
    """What one organisation issued and issues: the status of each identity found in a returned PDF."""

    def __init__(self, project: Project, org_id: str, *, require_digital: bool = False) -> None:
        self.project = project
        self.require_digital = require_digital
        self.org_id = org_id
        self.organisation = resolve_organisation(project, org_id)
        self.documents = {document.id: document for document in self.organisation.documents}
        self.version_status = cache(self._version_status)
        self.issued_digest = cache(self._issued_digest)

    def file_entries(self, shown: str, pdf: ReturnedPdf, signings: Iterable[ReturnedSignature]) -> list[Entry]:
        """The register's lines for one file: a line per signature, and one per form filled in but not signed."""
        entries = [self._signed(shown, signing) for signing in signings]
        # A member of staff may sign in a field their PDF reader added (Signature1) rather than in ack_signature.
        staff_signed = any(not field.startswith("signature_") for field in pdf.signed)
        for name in pdf.signature_fields:
            signed = name in pdf.signed or (name == ACKNOWLEDGEMENT and staff_signed)
            if not signed and any(pdf.values.get(companion) for companion in _companions(name)):
                entries.append(self._unsigned(shown, pdf, name))
        if not pdf.signed and not entries:
            entries.append(self._unsigned(shown, pdf, "", note="nothing filled in or signed"))
        return entries

    def _signed(self, shown: str, signing: ReturnedSignature) -> Entry:
        status, note = self.version_status(signing.identity, signing.issued)
        if status != NOT_OURS and signing.altered:
            status, note = ALTERED, signing.altered
        elif status != NOT_OURS and signing.identity is not None:
            different = self.text_evidence(signing.identity, signing.text_digest)
            status, note = (ALTERED, different) if different else (status, note)
        name, job_title = self._who(signing.field, signing.values, signer=signing.signer)
        clock = "timestamp" if signing.timestamped else "signer's clock"
        when = f"{signing.signed_at.astimezone(datetime.UTC):%Y-%m-%d %H:%M} UTC ({clock})" if signing.signed_at else ""
        certificate = (signing.signer, signing.trust)
        return self._entry(shown, signing.field, name, job_title, when, certificate, signing.identity, status, note)

    def _unsigned(self, shown: str, pdf: ReturnedPdf, field: str, *, note: str = "filled in, not signed") -> Entry:
        status, why = self.version_status(pdf.identity, pdf.issued)
        typed = field == ACKNOWLEDGEMENT and all(pdf.values.get(c) for c in ("ack_print_name", "ack_date"))
        if typed and not self.require_digital and status in SIGNED_OFF:
            status, why = TYPED, "name and date typed, no digital signature"
        elif status != NOT_OURS and not (typed and not self.require_digital and status == OUTDATED):
            status, why = UNSIGNED, note
        name, job_title = self._who(field, pdf.values, signer="")
        when = next((pdf.values[c] for c in _companions(field) if c.endswith("date") and c in pdf.values), "")
        return self._entry(shown, field, name, job_title, when, ("", ""), pdf.identity, status, why)

    def _who(self, field: str, values: dict[str, str], *, signer: str) -> tuple[str, str]:
        """Name and job title: from the acknowledgement form, or the certificate and the signatory's role."""
        if not field.startswith("signature_"):
            return values.get("ack_print_name") or signer, values.get("ack_job_title", "")
        role = field.removeprefix("signature_")
        known = self.project.library.roles.get(role)
        return signer, known.title if known else role.replace("_", " ")

    def _entry(
        self,
        shown: str,
        field: str,
        name: str,
        job_title: str,
        when: str,
        certificate: tuple[str, str],
        identity: PdfIdentity | None,
        status: str,
        note: str,
    ) -> Entry:
        parts = (identity.document, identity.version, identity.reference) if identity else ("", "", "")
        cells = (shown, field, name, job_title, when, *certificate, *parts, status, note)
        return Entry(*(printable(cell) for cell in cells))

    def text_evidence(self, identity: PdfIdentity, signed_text: str | None) -> str | None:
        """Why the pages a form was signed on do not say what this organisation issues under the reference the
        form claims, or None. The file's own attached text proves which text was signed; its pages are compared
        too where the text is today's, typeset again from the project (a page painted over and rewritten before
        signing reads altered). An earlier text is judged by its attachment alone."""
        issued = self.issued_digest(identity.document, identity.reference)
        if not issued or signed_text in issued:
            return None
        return (
            f"its pages do not say what {self.org_id} issued as {identity.document} {identity.reference} "
            "(another text, or a page changed before signing)"
        )

    def _issued_digest(self, document: str, reference: str) -> frozenset[str]:
        """The digests of the pages of today's text of ``document``, with and without an overdue notice on the
        cover (either may have been printed), where ``reference`` is today's; else none."""
        from generator.build.locks import text_digest
        from generator.editions.pdf.typeset import render_pdf

        current = self.documents.get(document)
        if current is None or current.content_hash != reference:
            return frozenset()
        templates = self.project.root / "templates"
        return frozenset(
            text_digest(render_pdf(self.organisation, current, templates=templates, overdue=overdue))
            for overdue in (False, True)
        )

    def _version_status(self, identity: PdfIdentity | None, attached: bytes | None) -> tuple[str, str]:
        """current, outdated, outdated with no re-sign needed, or not ours; and why. An earlier text is the one
        ``attached`` to the file."""
        if identity is None:
            return NOT_OURS, "it does not say which organisation's document it is"
        if identity.organisation != self.org_id:
            return NOT_OURS, f"issued by {identity.organisation}"
        now = self.documents.get(identity.document)
        if now is not None and identity.reference == now.content_hash:
            return CURRENT, ""
        issued = read_issued(attached)
        claimed = (identity.organisation, identity.document, identity.reference)
        if issued is None or (issued.organisation, issued.document, issued.reference) != claimed:
            return NOT_OURS, f"{self.org_id} never issued {identity.document} with reference {identity.reference}"
        if not issued.verified:
            return NOT_OURS, f"the text it carries is not the text of reference {identity.reference}"
        if now is None:
            return NO_RE_SIGN, f"{identity.document} is no longer published"
        changed = [c for c in signed_text_changes(now.id, issued.text.clauses(), snapshot(now)) if c.re_sign]
        if changed:
            clauses = "; ".join(f"{change.title} ({change.kind})" for change in changed)
            return (
                OUTDATED,
                f"now {now.version}, reference {now.content_hash}: its changes must be signed for: {clauses}",
            )
        return NO_RE_SIGN, f"now {now.version}, reference {now.content_hash}: nothing staff sign for has changed"

    def acknowledged(self) -> list[ResolvedDocument]:
        """The documents staff sign for: those with an acknowledgement form."""
        return [document for document in self.documents.values() if document.acknowledgement]


def _companions(field: str) -> tuple[str, ...]:
    if field.startswith("signature_"):
        return (f"date_{field.removeprefix('signature_')}",)
    return COMPANIONS.get(field, ())


def who_is_missing(
    staff: list[StaffMember], entries: list[Entry], documents: list[ResolvedDocument]
) -> tuple[Missing, ...]:
    """Each member of staff without a good signature on the current text (or one needing no re-sign) of each.

    A name two members of staff share is told apart by job title: a signature counts for the one whose job title
    the form gives, and for neither when it gives another."""
    shared = {key for key, count in Counter(name_key(m.name) for m in staff).items() if count > 1}
    missing = []
    for document in documents:
        good = [e for e in entries if e.document == document.id and e.status in SIGNED_OFF]
        names = {name_key(e.name) for e in good}
        names_and_jobs = {(name_key(e.name), job_key(e.job_title)) for e in good}
        missing += [
            Missing(m.name, m.job_title, document.title, m.staff_id)
            for m in staff
            if not (
                (name_key(m.name), job_key(m.job_title)) in names_and_jobs
                if name_key(m.name) in shared
                else name_key(m.name) in names
            )
        ]
    return tuple(missing)
