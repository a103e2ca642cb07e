"""A returned PDF's bytes -> what it says it is, what its form says, and who signed it, checked with pyHanko.

Each signature is validated for integrity: the signed bytes are unchanged, the signature covers the whole file or
everything after it is form filling (another signature, a filled field). Whether its certificate is trusted is
reported, not judged: schools sign with certificates they made themselves.
"""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import io
import logging
import ssl
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic, misc
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

import generator
from generator.compat.pyhanko import IndexedReader
from generator.editions.pdf.pdf_identity import PdfIdentity, read_attachment, read_identity
from generator.model.issued import ATTACHMENT

T = TypeVar("T")
DAMAGED = (misc.PdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, zlib.error, RecursionError)
"""What pyHanko and asn1crypto raise on a damaged file: a wrong type or a missing key deep in its structure."""


Trust = Literal["trusted", "not trusted", "self-signed, not trusted"]
"""Whether a signer's certificate is trusted: reported, never required."""


class UnreadablePdf(Exception):
    """The file is not a PDF, is damaged, or is encrypted: nothing in it can be checked."""


@dataclass(frozen=True)
class ReturnedSignature:
    """One signature in a returned PDF, with the revision of the file it signed."""

    field: str
    """The signature field: signature_<role> or ack_signature."""
    identity: PdfIdentity | None
    """What the signed revision says it is (a later update could say otherwise, and is not signed)."""
    values: dict[str, str]
    """The text fields as they were signed."""
    signer: str
    """The name in the signer's certificate."""
    signed_at: datetime.datetime | None
    """The signing time the signature carries."""
    trust: Trust
    altered: str | None
    """Why the file is not what was signed, or None when it is."""
    key: str
    """A digest of the signature itself, the same in every copy of the file that carries it."""
    text_digest: str | None = None
    """A digest of what the signed revision's pages say (locks.text_digest); None if they cannot be read."""
    timestamped: bool = False
    """Whether ``signed_at`` comes from an RFC 3161 timestamp in the signature, not the signer's own clock."""
    issued: bytes | None = None
    """The text the signed revision was printed from, as attached to it (issued.py), if it carries one."""


@dataclass(frozen=True)
class ReturnedPdf:
    """Everything the register needs from one returned PDF."""

    identity: PdfIdentity | None
    values: dict[str, str]
    """The text fields as they are now: name, job title, date."""
    signature_fields: tuple[str, ...]
    """Every signature field, signed or not."""
    signed: tuple[str, ...]
    """The signature fields that carry a signature."""
    signings: tuple[ReturnedSignature, ...]
    issued: bytes | None = None
    """The text the file was printed from, as attached to it now (issued.py), if it carries one."""


def read_returned(data: bytes) -> ReturnedPdf:
    """Read and check one returned PDF, every signature in it: whether a signature vouches for a file depends on
    what that file changed after it, so a signature met in another file is checked again here.

    Raises UnreadablePdf for anything that is not a readable, unencrypted PDF.
    """
    if b"%PDF-" not in data[:1024]:
        raise UnreadablePdf("not a PDF")
    try:
        with pyhanko_quiet():
            reader = IndexedReader(io.BytesIO(data), strict=False)
            if reader.encrypted:
                raise UnreadablePdf("encrypted: it cannot be checked without its password")
            signatures = reader.embedded_regular_signatures
            return ReturnedPdf(
                identity=read_identity(reader),
                values=text_fields(reader),
                signature_fields=tuple(_name(f) for f in _fields(reader) if _get(f, "/FT") == "/Sig" and _name(f)),
                signed=tuple(str(signature.field_name) for signature in signatures),
                signings=tuple(_signing(reader, s, data) for s in signatures),
                issued=read_attachment(reader, ATTACHMENT),
            )
    except DAMAGED as error:
        if isinstance(error, TypeError | AttributeError) and _raised_here(error):
            raise  # a mistake in this package, not a damaged file: a traceback, never a file called damaged
        raise UnreadablePdf(f"damaged PDF ({error.__class__.__name__}: {error})") from error


def _raised_here(error: BaseException) -> bool:
    """Whether the innermost frame of ``error``'s traceback is in this package (rather than in a PDF reader)."""
    traceback = error.__traceback__
    while traceback is not None and traceback.tb_next is not None:
        traceback = traceback.tb_next
    package = Path(generator.__file__).resolve().parent
    return traceback is not None and Path(traceback.tb_frame.f_code.co_filename).resolve().is_relative_to(package)


def signature_key(signature: EmbeddedPdfSignature) -> str:
    """The digest of a signature's bytes: it names the same signature in every copy of a file."""
    return hashlib.sha256(signature.pkcs7_content).hexdigest()


def _signing(reader: PdfFileReader, signature: EmbeddedPdfSignature, data: bytes) -> ReturnedSignature:
    status = outside_event_loop(lambda: validate_pdf_signature(signature, validation_context()))
    certificate = status.signing_cert
    signed = reader.get_historical_resolver(signature.signed_revision)
    self_signed = certificate.self_signed != "no"
    trust: Trust = "trusted" if status.trusted else ("self-signed, not trusted" if self_signed else "not trusted")
    return ReturnedSignature(
        field=str(signature.field_name),
        identity=read_identity(signed),
        values=text_fields(signed),
        signer=_common_name(certificate),
        signed_at=status.timestamp_validity.timestamp if status.timestamp_validity else status.signer_reported_dt,
        timestamped=status.timestamp_validity is not None,
        trust=trust,
        altered=alteration(status.intact, status.valid, status.coverage, status.modification_level),
        key=signature_key(signature),
        text_digest=signed_text_digest(signature, data),
        issued=read_attachment(signed, ATTACHMENT),
    )


def signed_text_digest(signature: EmbeddedPdfSignature, data: bytes) -> str | None:
    """The digest of the page text of the revision a signature covers: the file up to the end of its byte range."""
    from generator.build.locks import text_digest

    byte_range = [int(number) for number in signature.byte_range]
    try:
        return text_digest(data[: byte_range[2] + byte_range[3]])
    except Exception:  # PDFium refuses a revision it cannot read: then there is no text to compare
        return None


def alteration(
    intact: bool, valid: bool, coverage: SignatureCoverageLevel | None, modified: ModificationLevel | None
) -> str | None:
    """Why a signature does not vouch for the file as it is, or None when it does."""
    if not intact:
        return "the signed content was changed"
    if not valid:
        return "the signature does not match its certificate"
    if coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return None
    if coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return "the signature does not cover the whole file"
    if modified is None or modified > ModificationLevel.FORM_FILLING:  # timestamps and metadata rank below
        return "the file was changed after signing, beyond filling in the form"
    return None


def text_fields(handler: Any) -> dict[str, str]:
    """Name -> value of every filled text field of a PDF (or of one revision of it)."""
    values: dict[str, str] = {}
    for field in _fields(handler):
        value = _get(field, "/V")
        if _get(field, "/FT") == "/Tx" and _name(field) and isinstance(value, str) and value.strip():
            values[_name(field)] = " ".join(value.split())
    return values


def _fields(handler: Any) -> Iterator[generic.DictionaryObject]:
    """Every field dictionary of the PDF's form, depth first."""
    form = _get(handler.root, "/AcroForm")
    kids = _get(form, "/Fields") if isinstance(form, generic.DictionaryObject) else None
    yield from _kids(kids if isinstance(kids, generic.ArrayObject) else generic.ArrayObject())


def _kids(kids: generic.ArrayObject) -> Iterator[generic.DictionaryObject]:
    for kid in kids:
        field = kid.get_object()
        if isinstance(field, generic.DictionaryObject):
            yield field
            grandchildren = _get(field, "/Kids")
            if isinstance(grandchildren, generic.ArrayObject):
                yield from _kids(grandchildren)


def _name(field: generic.DictionaryObject) -> str:
    name = _get(field, "/T")
    return str(name) if isinstance(name, str) else ""


def _get(dictionary: generic.DictionaryObject, key: str) -> Any:
    """The value under ``key``, the object it refers to looked up, or None."""
    try:
        return dictionary[key]
    except KeyError:
        return None


def _common_name(certificate: Any) -> str:
    subject = certificate.subject.native
    return str(subject.get("common_name") or certificate.subject.human_friendly)


def outside_event_loop(call: Callable[[], T]) -> T:
    """``call()`` here, or on a thread of its own where this thread runs an event loop.

    pyHanko's signing and validation call asyncio.run, which refuses to start inside a running loop (an
    application's that calls this, or the one Playwright keeps running during a test session).
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


@cache
def validation_context() -> ValidationContext:
    """Trust what the system trusts, fetch nothing: a register is read offline, and trust is only reported."""
    return ValidationContext(trust_roots=system_trust_roots(), allow_fetching=False)


def system_trust_roots() -> list[asn1_x509.Certificate]:
    """The certificate authorities of the system's trust store (OpenSSL's bundle), or none where there is none."""
    paths = ssl.get_default_verify_paths()
    bundle = Path(paths.cafile or paths.openssl_cafile)
    try:
        armoured = bundle.read_bytes()
    except OSError:
        return []
    return [asn1_x509.Certificate.load(der) for _, _, der in pem.unarmor(armoured, multiple=True)]


@contextmanager
def pyhanko_quiet() -> Iterator[None]:
    """pyHanko logs every untrusted certificate with a traceback: the register says it in one word instead."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
