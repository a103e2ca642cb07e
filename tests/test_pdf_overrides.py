"""What each override of pyHanko's internals does, so that a pyHanko that stops calling one fails here.

ReproducibleWriter (generator/compat/pyhanko.py) overrides ``_handle_id``, ``_update_meta`` and where new objects
start; IndexedReader (the same module) overrides ``_get_object_from_stream``. Each test checks the effect, not that the name exists.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader

from generator.build.write import validate_project
from generator.compat.pyhanko import IndexedReader
from generator.editions.pdf.pdf_fields import add_form_fields
from generator.editions.pdf.print_data import print_data
from generator.editions.pdf.typeset import FIELD_FONT_FILE, typeset_pdf, typst_root
from generator.inputs.glyphs import drawable_text
from generator.model.resolve import resolve_organisation
from tests.conftest import MINIMAL

TEMPLATES = MINIMAL / "templates"
FONT = TEMPLATES.resolve() / FIELD_FONT_FILE
INFORMATION = {"/Title": "Staff social media policy", "/PolicyPackReference": "0123abcd"}


@dataclass(frozen=True)
class Typeset:
    """Typst's PDF of the board's staff policy, before any field is added, and where its fields go."""

    pdf: bytes
    places: list[dict[str, Any]]


@pytest.fixture(scope="module")
def typeset() -> Typeset:
    organisation = resolve_organisation(validate_project(MINIMAL), "board")
    data = json.dumps(print_data(organisation, organisation.documents[0]), ensure_ascii=False)
    pdf, places = typeset_pdf(
        TEMPLATES.resolve(), typst_root(TEMPLATES, None), drawable_text(data, TEMPLATES / "fonts")
    )
    assert places, "the staff policy has fields to add"
    return Typeset(pdf, places)


def with_fields(typeset: Typeset, places: list[dict[str, Any]] | None = None) -> bytes:
    return add_form_fields(
        typeset.pdf, typeset.places if places is None else places, information=INFORMATION, font=FONT
    )


def raw(string: generic.ByteStringObject | generic.TextStringObject) -> bytes:
    return string.original_bytes if isinstance(string, generic.TextStringObject) else bytes(string)


def test_the_file_identifier_keeps_its_first_half_and_takes_the_second_from_the_content(typeset: Typeset) -> None:
    # pyHanko's own _handle_id draws the second half at random: every build would differ.
    before = PdfFileReader(io.BytesIO(typeset.pdf)).trailer["/ID"]
    after = PdfFileReader(io.BytesIO(with_fields(typeset))).trailer["/ID"]
    assert raw(after[0]) == raw(before[0]), "ISO 32000-1 §14.4: the first half is permanent"
    assert raw(after[1]) == hashlib.md5(typeset.pdf, usedforsecurity=False).digest()
    assert with_fields(typeset) == with_fields(typeset)


def test_the_update_writes_the_identity_and_no_modification_date(typeset: Typeset) -> None:
    # pyHanko's own _update_meta stamps the time into /Info and into the XMP metadata (rewriting it).
    before, after = PdfReader(io.BytesIO(typeset.pdf)), PdfReader(io.BytesIO(with_fields(typeset)))
    info = after.trailer["/Info"].get_object()
    assert {key: str(info[key]) for key in INFORMATION} == INFORMATION
    assert "/ModDate" not in info
    xmp = after.trailer["/Root"].raw_get("/Metadata")
    assert xmp.idnum == before.trailer["/Root"].raw_get("/Metadata").idnum, "the XMP metadata is not rewritten"
    assert b"ModifyDate" not in xmp.get_object().get_data()


def qpdf_check(pdf: bytes, tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / "checked.pdf"
    path.write_bytes(pdf)
    checked = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
    return checked.returncode, checked.stdout + checked.stderr


def test_an_update_numbers_its_objects_from_the_next_free_number(typeset: Typeset, tmp_path: Path) -> None:
    # pyHanko starts new objects one past /Size; an update that adds none would then claim one it lacks.
    size = int(PdfFileReader(io.BytesIO(typeset.pdf)).trailer["/Size"])
    without_fields = with_fields(typeset, [])
    assert int(PdfFileReader(io.BytesIO(without_fields)).trailer["/Size"]) == size
    code, report = qpdf_check(without_fields, tmp_path)
    assert (code, "WARNING" in report) == (0, False), report
    code, report = qpdf_check(with_fields(typeset), tmp_path)
    assert (code, "WARNING" in report) == (0, False), report


def with_object_streams(pdf: bytes, tmp_path: Path) -> bytes:
    """The PDF as another program saves it: qpdf packs every object it can into object streams."""
    (tmp_path / "plain.pdf").write_bytes(pdf)
    command = ["qpdf", "--object-streams=generate", str(tmp_path / "plain.pdf"), str(tmp_path / "packed.pdf")]
    subprocess.run(command, check=True)
    return (tmp_path / "packed.pdf").read_bytes()


def objects_in_streams(pdf: bytes) -> dict[int, int]:
    """Object number -> the object stream holding it, as pypdf (a reader nobody here wrote) reads the xref."""
    return {idnum: stream for idnum, (stream, _) in PdfReader(io.BytesIO(pdf)).xref_objStm.items()}


def test_the_indexed_reader_finds_each_object_in_a_stream_as_pyhanko_does(typeset: Typeset, tmp_path: Path) -> None:
    pdf = with_object_streams(with_fields(typeset), tmp_path)
    in_streams = objects_in_streams(pdf)
    assert len(in_streams) > 50, "the structure tree is packed in object streams"
    plain, indexed = PdfFileReader(io.BytesIO(pdf)), IndexedReader(io.BytesIO(pdf))
    for idnum in in_streams:
        expected = generic.Reference(idnum, 0, plain).get_object()
        found = generic.Reference(idnum, 0, indexed).get_object()
        assert repr(found) == repr(expected), idnum
    assert set(indexed._stream_index) == set(in_streams.values()), "pyHanko looked the objects up through the index"
