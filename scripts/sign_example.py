"""A PDF made by Policy Pack -> the same PDF filled in and digitally signed, as a member of staff would return it.

For trying `policy-pack signatures` without a signing tool: it makes a throwaway self-signed certificate in the
signer's name (nobody trusts it, which the register reports), fills the form fields and signs, as an incremental
update that keeps every byte of the issued PDF.

    python scripts/sign_example.py build/ORG/pdf/DOC.pdf returned/asha.pdf --name "Ms Asha Patel" --job-title "Class teacher"
    python scripts/sign_example.py IN.pdf OUT.pdf --name "Mrs Ruth Okafor" --role headteacher
    python scripts/sign_example.py IN.pdf OUT.pdf --name "Mr Tom Reed" --no-sign   # filled, never signed
"""

from __future__ import annotations

import argparse
import datetime
import io
import sys
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

from generator.signoff.signed_pdf import IndexedReader, outside_event_loop

FONT = "/PolicyPackFill"
"""The appearance of a filled text field uses Helvetica under this resource name (a viewer may redraw it)."""


def throwaway_signer(name: str, *, days: int = 365) -> signers.SimpleSigner:
    """A signer with a fresh key and a self-signed certificate for ``name``, valid from yesterday for ``days``."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    private = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(private),
        cert_registry=None,
    )


def fill_fields(pdf: bytes, values: dict[str, str]) -> bytes:
    """``pdf`` with its text fields named in ``values`` filled in, each with an appearance, as an incremental update."""
    writer = IncrementalPdfFileWriter.from_reader(IndexedReader(io.BytesIO(pdf)))
    missing = set(values)
    for field in _fields(writer.root["/AcroForm"]["/Fields"]):
        name = str(field.get("/T", ""))
        if name in values and field.get("/FT") == "/Tx":
            field["/V"] = generic.TextStringObject(values[name])
            field["/AP"] = generic.DictionaryObject(
                {generic.NameObject("/N"): _appearance(writer, field, values[name])}
            )
            writer.update_container(field)
            missing.discard(name)
    if missing:
        raise SystemExit(f"this PDF has no text field {', '.join(sorted(missing))}")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _fields(kids: generic.ArrayObject) -> list[generic.DictionaryObject]:
    """Every field dictionary under ``kids``, depth first."""
    found = []
    for kid in kids:
        field = kid.get_object()
        found.append(field)
        if "/Kids" in field:
            found += _fields(field["/Kids"])
    return found


def _appearance(writer: IncrementalPdfFileWriter, field: generic.DictionaryObject, text: str) -> generic.IndirectObject:
    """A form XObject that shows ``text`` in Helvetica 11 pt inside the field's box."""
    left, bottom, right, top = (float(number) for number in field["/Rect"])
    width, height = abs(right - left), abs(top - bottom)
    escaped = text.encode("cp1252", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    content = b"/Tx BMC q BT %s 11 Tf 0.1 g 2 %.2f Td (%s) Tj ET Q EMC" % (FONT.encode(), height / 2 - 4, escaped)
    font = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Font"),
            generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
            generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
            generic.NameObject("/Encoding"): generic.NameObject("/WinAnsiEncoding"),
        }
    )
    stream = generic.StreamObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/XObject"),
            generic.NameObject("/Subtype"): generic.NameObject("/Form"),
            generic.NameObject("/BBox"): generic.ArrayObject(generic.FloatObject(n) for n in (0, 0, width, height)),
            generic.NameObject("/Resources"): generic.DictionaryObject(
                {generic.NameObject("/Font"): generic.DictionaryObject({generic.NameObject(FONT): font})}
            ),
        },
        stream_data=content,
    )
    return writer.add_object(stream)


def sign_field(pdf: bytes, field: str, signer: signers.Signer) -> bytes:
    """``pdf`` with its empty signature field ``field`` signed by ``signer``, as an incremental update."""
    metadata = signers.PdfSignatureMetadata(field_name=field)
    writer = IncrementalPdfFileWriter.from_reader(IndexedReader(io.BytesIO(pdf)))
    return outside_event_loop(lambda: signers.sign_pdf(writer, metadata, signer=signer)).getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path, help="a PDF from build/<org>/pdf/")
    parser.add_argument("output", type=Path, help="where to write the filled (and signed) copy")
    parser.add_argument("--name", required=True, help="the signer's name, printed on the form and in the certificate")
    parser.add_argument("--job-title", default="", help="the member of staff's job title (acknowledgement form)")
    parser.add_argument("--date", default=f"{datetime.date.today():%d/%m/%Y}", help="the date written on the form")
    parser.add_argument("--role", help="sign as this signatory (e.g. headteacher) instead of the staff acknowledgement")
    parser.add_argument("--no-sign", action="store_true", help="fill the form but do not sign it")
    args = parser.parse_args(argv)
    if args.role:
        values, field = {f"date_{args.role}": args.date}, f"signature_{args.role}"
    else:
        values = {"ack_print_name": args.name, "ack_job_title": args.job_title, "ack_date": args.date}
        field = "ack_signature"
    pdf = fill_fields(args.pdf.read_bytes(), values)
    if not args.no_sign:
        pdf = sign_field(pdf, field, throwaway_signer(args.name))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(pdf)
    print(
        f"wrote {args.output}: filled {', '.join(values)}{'' if args.no_sign else f', signed {field}'}", file=sys.stderr
    )


if __name__ == "__main__":
    main()
