"""The sign-off register: real PDFs from the build of the tiny fixture, filled in and signed with throwaway
certificates made here (scripts/sign_example.py), then read back by `policy-pack signatures`.

The fixture school issues three texts of its staff policy: v1; v2, where a clause staff sign for changed; v3,
where only a clause for parents changed. A form signed on v1 must be signed again, one on v2 need not be.
"""

from __future__ import annotations

import csv
import importlib.util
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader, PdfWriter

from generator.build.write import validate_project
from generator.cli import main
from generator.editions.pdf.pdf_identity import PdfIdentity, identity_entries, read_attachment, read_identity
from generator.model.issued import ATTACHMENT, read_issued
from generator.signoff.signatures import (
    ALTERED,
    CURRENT,
    NO_RE_SIGN,
    NOT_OURS,
    OUTDATED,
    TYPED,
    UNSIGNED,
    Entry,
    printable,
    sign_off_register,
)
from tests.conftest import MINIMAL, ROOT, copy_project

SCRIPT = ROOT / "scripts" / "sign_example.py"
PARENTS_NOTE = """\
      - id: parents-note
        title: Note for parents
        text: Parents may ask the office for a paper copy of this policy.
        audience: [parents]
        after: class-blog
"""


def _load_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("sign_example", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sign_example = _load_script()


@dataclass(frozen=True)
class Issued:
    """The fixture project after three builds, and the staff policy PDF each build issued."""

    project: Path
    texts: dict[str, bytes]
    board: bytes


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(main, ["--project", str(project), *args])
    return result.exit_code, result.stdout, result.stderr


def _build(project: Path) -> bytes:
    code, _, err = run(project, "build")
    assert code == 0, err
    return (project / "build" / "school" / "pdf" / "staff-social-media-policy.pdf").read_bytes()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Issued:
    project = copy_project(MINIMAL, tmp_path_factory.mktemp("signatures") / "project")
    school = project / "schools" / "school.yml"
    school.write_text(school.read_text() + PARENTS_NOTE)
    texts = {"v1": _build(project)}
    board = (project / "build" / "board" / "pdf" / "staff-social-media-policy.pdf").read_bytes()
    _edit(school, "only with the Headteacher's approval.", "only with the approval of the Headteacher.")
    texts["v2"] = _build(project)
    _edit(school, "a paper copy of this policy.", "a printed copy of this policy.")
    texts["v3"] = _build(project)
    return Issued(project, texts, board)


def acknowledged(pdf: bytes, name: str, job_title: str = "Teacher", *, signed: bool = True) -> bytes:
    """The staff acknowledgement filled in (and signed) by ``name`` with a certificate made for them."""
    values = {"ack_print_name": name, "ack_job_title": job_title, "ack_date": "02/09/2026"}
    filled = sign_example.fill_fields(pdf, values)
    return sign_example.sign_field(filled, "ack_signature", sign_example.throwaway_signer(name)) if signed else filled


def countersigned(pdf: bytes) -> bytes:
    """The policy signed by the Headteacher, then the Chair of Governors, each writing the date first."""
    for role, name in (("headteacher", "Mrs Jane Harper"), ("chair_of_governors", "Mr Sam Cole")):
        pdf = sign_example.fill_fields(pdf, {f"date_{role}": "01/09/2026"})
        pdf = sign_example.sign_field(pdf, f"signature_{role}", sign_example.throwaway_signer(name))
    return pdf


def incremental(pdf: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    """``pdf`` with an incremental update that ``change(writer)`` makes."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    change(writer)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def with_reference(reference: str):  # type: ignore[no-untyped-def]
    """A change that makes the document information claim another reference."""

    def change(writer: IncrementalPdfFileWriter) -> None:
        info = writer.trailer["/Info"]
        info[generic.NameObject("/PolicyPackReference")] = generic.TextStringObject(reference)
        writer.update_container(info)

    return change


def new_page_content(writer: IncrementalPdfFileWriter) -> None:
    """Replace the first page's text: a change to the document itself, not to its form."""
    page = writer.root["/Pages"]["/Kids"][0]
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 720 Td (Anything goes) Tj ET")
    page[generic.NameObject("/Contents")] = writer.add_object(stream)
    writer.update_container(page)


def register(issued: Issued, folder: Path, files: dict[str, bytes]) -> dict[str, list[Entry]]:
    """The register of ``files`` returned into ``folder``, its lines by file."""
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    lines: dict[str, list[Entry]] = {}
    result = sign_off_register(validate_project(issued.project), "school", folder)
    assert not result.unreadable
    for entry in result.entries:
        lines.setdefault(entry.file, []).append(entry)
    return lines


def reference(issued: Issued, text: str) -> str:
    identity = read_identity(PdfFileReader(io.BytesIO(issued.texts[text])))
    assert identity is not None
    return identity.reference


def test_every_pdf_says_whose_document_it_is(issued: Issued) -> None:
    import json

    report = json.loads((issued.project / "build" / "school" / "report.json").read_text())
    identity = read_identity(PdfReader(io.BytesIO(issued.texts["v3"])))
    assert identity == PdfIdentity("school", "staff-policy", "", report["documents"][0]["content_hash"])
    assert read_identity(PdfFileReader(io.BytesIO(issued.board))) == PdfIdentity(
        "board", "staff-policy", "", reference_of(issued.board)
    )
    assert identity_entries(identity)["/PolicyPackReference"] == identity.reference
    assert len({reference(issued, text) for text in issued.texts}) == 3


def reference_of(pdf: bytes) -> str:
    subject = PdfReader(io.BytesIO(pdf)).metadata["/Subject"]
    return str(subject).rsplit(" ", 1)[-1]


def test_each_pdf_carries_its_text_and_builds_write_nothing_into_the_project(issued: Issued) -> None:
    text = read_issued(read_attachment(PdfFileReader(io.BytesIO(issued.texts["v1"])), ATTACHMENT))
    assert text is not None and (text.organisation, text.document) == ("school", "staff-policy")
    assert text.reference == reference(issued, "v1")
    assert any("Headteacher's approval" in clause.text for clause in text.text.clauses().values())
    assert text.verified and text.text.reference() == reference(issued, "v1")
    assert not (issued.project / "releases" / "issued").exists()
    code, _, err = run(issued.project, "build", "--force")
    assert code == 0 and "commit" not in err


def test_current_outdated_and_no_re_sign_needed(issued: Issued, tmp_path: Path) -> None:
    lines = register(
        issued,
        tmp_path / "returned",
        {
            "asha.pdf": acknowledged(issued.texts["v3"], "Ms Asha Patel", "Class teacher"),
            "ben.pdf": acknowledged(issued.texts["v1"], "Mr Ben Reed"),
            "chloe.pdf": acknowledged(issued.texts["v2"], "Ms Chloe Okoro"),
        },
    )
    (asha,), (ben,), (chloe,) = lines["asha.pdf"], lines["ben.pdf"], lines["chloe.pdf"]
    assert (asha.status, asha.name, asha.job_title, asha.document) == (
        CURRENT,
        "Ms Asha Patel",
        "Class teacher",
        "staff-policy",
    )
    assert (asha.certificate, asha.trust) == ("Ms Asha Patel", "self-signed, not trusted")
    assert asha.signed.endswith(" UTC (signer's clock)") and asha.reference == reference(issued, "v3")
    assert (ben.status, ben.reference) == (OUTDATED, reference(issued, "v1"))
    assert "must be signed for" in ben.note
    assert (chloe.status, chloe.reference) == (NO_RE_SIGN, reference(issued, "v2"))


def test_an_older_form_is_judged_from_the_file_alone_in_a_fresh_copy(issued: Issued, tmp_path: Path) -> None:
    fresh = copy_project(MINIMAL, tmp_path / "fresh")
    (fresh / "schools" / "school.yml").write_bytes((issued.project / "schools" / "school.yml").read_bytes())
    folder = tmp_path / "returned"
    folder.mkdir()
    (folder / "ben.pdf").write_bytes(acknowledged(issued.texts["v1"], "Mr Ben Reed"))
    (ben,) = sign_off_register(validate_project(fresh), "school", folder).entries
    assert (ben.status, ben.reference) == (OUTDATED, reference(issued, "v1"))
    assert ben.note.endswith("must be signed for: Class blog (reworded)")


def test_a_form_whose_text_was_swapped_after_signing_is_altered(issued: Issued, tmp_path: Path) -> None:
    def swap_text(writer: IncrementalPdfFileWriter) -> None:
        names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
        stream = names[1]["/EF"].raw_get("/F")
        writer.mark_update(stream)
        stream.get_object()._data = b"{}"
        stream.get_object()._encoded_data = None

    lines = register(
        issued,
        tmp_path / "returned",
        {"ben.pdf": incremental(acknowledged(issued.texts["v1"], "Mr Ben Reed"), swap_text)},
    )
    (ben,) = lines["ben.pdf"]
    assert ben.status == ALTERED


def test_unsigned_and_altered(issued: Issued, tmp_path: Path) -> None:
    signed = acknowledged(issued.texts["v3"], "Ms Ella Evans", "Teacher")
    assert signed.count(b"Teacher") >= 1
    lines = register(
        issued,
        tmp_path / "returned",
        {
            "dev.pdf": acknowledged(issued.texts["v3"], "Mr Dev Novak", signed=False),
            "blank.pdf": issued.texts["v3"],
            "ella.pdf": signed.replace(b"Teacher", b"Trainee", 1),
            "femi.pdf": incremental(acknowledged(issued.texts["v3"], "Mr Femi Shah"), new_page_content),
        },
    )
    (dev,), (blank,), (ella,), (femi,) = (lines[name] for name in ("dev.pdf", "blank.pdf", "ella.pdf", "femi.pdf"))
    assert (dev.status, dev.name, dev.signed, dev.certificate, dev.note) == (
        TYPED,
        "Mr Dev Novak",
        "02/09/2026",
        "",
        "name and date typed, no digital signature",
    )
    assert (blank.status, blank.note) == (UNSIGNED, "nothing filled in or signed")
    assert (ella.status, ella.note) == (ALTERED, "the signed content was changed")
    assert (femi.status, femi.name) == (ALTERED, "Mr Femi Shah")
    assert femi.note == "the file was changed after signing, beyond filling in the form"


def test_a_copy_changed_after_signing_is_listed_beside_the_genuine_one(issued: Issued, tmp_path: Path) -> None:
    """The same signature in two files: each file is checked before any line is merged, so the copy changed
    after signing is listed as altered, and the genuine one as current."""
    genuine = acknowledged(issued.texts["v3"], "Ms Ivy Long")
    identical = genuine
    lines = register(
        issued,
        tmp_path / "returned",
        {"a-genuine.pdf": genuine, "b-same.pdf": identical, "c-tampered.pdf": incremental(genuine, new_page_content)},
    )
    assert {name: [(e.name, e.status) for e in entries] for name, entries in lines.items()} == {
        "a-genuine.pdf": [("Ms Ivy Long", CURRENT)],
        "c-tampered.pdf": [("Ms Ivy Long", ALTERED)],
    }


def claiming(identity: PdfIdentity):  # type: ignore[no-untyped-def]
    """A change that gives a PDF another document's four identity entries."""

    def change(writer: IncrementalPdfFileWriter) -> None:
        info = writer.trailer["/Info"]
        for key, value in identity_entries(identity).items():
            info[generic.NameObject(key)] = generic.TextStringObject(value)
        writer.update_container(info)

    return change


def painted_over(writer: IncrementalPdfFileWriter) -> None:
    """Paint a white box over the first page and write other words on it: the old words are still in the file."""
    page = writer.root["/Pages"]["/Kids"][0]
    cover = b"q 1 1 1 rg 0 0 612 792 re f Q BT /F1 12 Tf 72 700 Td (Staff may post what they like) Tj ET"
    contents = page["/Contents"]
    streams = list(contents) if isinstance(contents, generic.ArrayObject) else [page.raw_get("/Contents")]
    page[generic.NameObject("/Contents")] = generic.ArrayObject(
        [*streams, writer.add_object(generic.StreamObject(stream_data=cover))]
    )
    writer.update_container(page)


def test_a_form_whose_signed_pages_are_not_the_text_it_claims_is_altered(issued: Issued, tmp_path: Path) -> None:
    """The register compares what the signed revision's pages say with today's text typeset from the project, for
    a form claiming today's reference: another organisation's PDF given this school's identity, and this school's
    PDF with a page painted over before signing, both read altered."""
    current = read_identity(PdfFileReader(io.BytesIO(issued.texts["v3"])))
    assert current is not None
    lines = register(
        issued,
        tmp_path / "returned",
        {
            "genuine.pdf": acknowledged(issued.texts["v3"], "Ms Asha Patel"),
            "board-as-school.pdf": acknowledged(incremental(issued.board, claiming(current)), "Mr Jo Kay"),
            "painted.pdf": acknowledged(incremental(issued.texts["v3"], painted_over), "Mr Lee Moss"),
        },
    )
    different = (
        f"its pages do not say what school issued as staff-policy {current.reference} "
        "(another text, or a page changed before signing)"
    )
    assert {name: (e[0].status, e[0].note) for name, e in lines.items()} == {
        "genuine.pdf": (CURRENT, ""),
        "board-as-school.pdf": (ALTERED, different),
        "painted.pdf": (ALTERED, different),
    }


def test_not_ours(issued: Issued, tmp_path: Path) -> None:
    stranger = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.write(stranger)
    forged = incremental(issued.texts["v3"], with_reference("deadbeef"))
    lines = register(
        issued,
        tmp_path / "returned",
        {
            "board.pdf": acknowledged(issued.board, "Ms Grace Walsh"),
            "stranger.pdf": stranger.getvalue(),
            "forged.pdf": acknowledged(forged, "Mr Hari Singh"),
        },
    )
    notes = {name: (entries[0].status, entries[0].note) for name, entries in lines.items()}
    assert notes == {
        "board.pdf": (NOT_OURS, "issued by board"),
        "stranger.pdf": (NOT_OURS, "it does not say which organisation's document it is"),
        "forged.pdf": (NOT_OURS, "school never issued staff-policy with reference deadbeef"),
    }


def test_what_was_signed_counts_not_a_later_claim(issued: Issued, tmp_path: Path) -> None:
    """pyHanko lets anyone update the document information after signing: the signed revision is what is read."""
    claimed = incremental(acknowledged(issued.texts["v1"], "Mr Ben Reed"), with_reference(reference(issued, "v3")))
    assert read_identity(PdfFileReader(io.BytesIO(claimed))).reference == reference(issued, "v3")  # type: ignore[union-attr]
    (entry,) = register(issued, tmp_path / "returned", {"ben.pdf": claimed})["ben.pdf"]
    assert (entry.status, entry.reference) == (OUTDATED, reference(issued, "v1"))


def test_signatories_then_staff(issued: Issued, tmp_path: Path) -> None:
    """Both signatories sign, then staff sign copies: each signature is listed once, and none reads as altered."""
    policy = countersigned(issued.texts["v3"])
    lines = register(
        issued,
        tmp_path / "returned",
        {
            "a-policy.pdf": policy,
            "b-iris.pdf": acknowledged(policy, "Ms Iris Brown"),
            "c-jon.pdf": acknowledged(policy, "Mr Jon Hughes"),
        },
    )
    assert [(e.name, e.job_title, e.status) for e in lines["a-policy.pdf"]] == [
        ("Mrs Jane Harper", "Headteacher", CURRENT),
        ("Mr Sam Cole", "Chair of Governors", CURRENT),
    ]
    assert [(e.name, e.status) for e in lines["b-iris.pdf"]] == [("Ms Iris Brown", CURRENT)]
    assert [(e.name, e.status) for e in lines["c-jon.pdf"]] == [("Mr Jon Hughes", CURRENT)]


def test_command_prints_the_register_and_exits_0_when_all_have_signed(issued: Issued, tmp_path: Path) -> None:
    folder = tmp_path / "returned"
    folder.mkdir()
    (folder / "asha.pdf").write_bytes(acknowledged(issued.texts["v3"], "Ms Asha Patel"))
    (folder / "chloe.pdf").write_bytes(acknowledged(issued.texts["v2"], "Ms Chloe Okoro"))
    code, out, err = run(issued.project, "signatures", "school", str(folder))
    assert code == 0, err
    assert "Ms Asha Patel" in out and "Ms Chloe Okoro" in out
    assert out.strip().splitlines()[-1] == (
        "2 signatures and forms (1 current, 1 outdated, no re-sign needed): nobody needs to sign."
    )
    (folder / "chloe.pdf").unlink()
    code, out, err = run(issued.project, "signatures", "school", str(folder))
    assert out.strip().splitlines()[-1] == "1 signature and form (1 current): nobody needs to sign."


def test_command_exits_1_while_anyone_must_still_sign(issued: Issued, tmp_path: Path) -> None:
    for name, data in {
        "outdated.pdf": acknowledged(issued.texts["v1"], "Mr Ben Reed"),
        "unsigned.pdf": sign_example.fill_fields(issued.texts["v3"], {"ack_print_name": "Mr Dev Novak"}),
        "altered.pdf": incremental(acknowledged(issued.texts["v3"], "Mr Femi Shah"), new_page_content),
    }.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / name).write_bytes(data)
        code, out, _ = run(issued.project, "signatures", "school", str(folder))
        assert code == 1, name
        assert out.strip().endswith("someone must still sign.")


def test_unreadable_files_get_a_line_each_and_the_register_goes_on(issued: Issued, tmp_path: Path) -> None:
    folder = tmp_path / "returned"
    (folder / "staff").mkdir(parents=True)
    (folder / "notes.txt").write_text("Asha returned hers on paper.")
    (folder / "broken.pdf").write_bytes(issued.texts["v3"][: len(issued.texts["v3"]) // 2])
    locked = PdfWriter(clone_from=PdfReader(io.BytesIO(issued.texts["v3"])))
    locked.encrypt("secret", algorithm="AES-256")
    with (folder / "locked.pdf").open("wb") as stream:
        locked.write(stream)
    (folder / "staff" / "asha.pdf").write_bytes(acknowledged(issued.texts["v3"], "Ms Asha Patel"))
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    code, out, err = run(issued.project, "signatures", "school", str(folder))
    assert code == 1
    problems = sorted(err.strip().splitlines())
    assert [line.split(":", 1)[0] for line in problems] == ["broken.pdf", "locked.pdf", "notes.txt"]
    assert problems[0].startswith("broken.pdf: damaged PDF (")
    assert problems[1] == "locked.pdf: encrypted: it cannot be checked without its password"
    assert problems[2] == "notes.txt: not a PDF"
    assert "staff/asha.pdf" in out and "3 not readable" in out and "Traceback" not in err


def test_staff_list_names_who_has_not_signed(issued: Issued, tmp_path: Path) -> None:
    folder = tmp_path / "returned"
    folder.mkdir()
    (folder / "asha.pdf").write_bytes(acknowledged(issued.texts["v3"], "  ms  ASHA   patel "))
    (folder / "ben.pdf").write_bytes(acknowledged(issued.texts["v1"], "Mr Ben Reed"))
    (folder / "chloe.pdf").write_bytes(acknowledged(issued.texts["v2"], "Chloe Okoro"))
    staff = tmp_path / "staff.csv"
    staff.write_bytes(
        "\ufeffLegal Forename;Legal Surname;Job Title;Payroll number\n"
        "Asha;Patel;Class teacher;1001\nBen;Reed;Caretaker;1002\nChloe;Okoro;Cook;1003\n;;;\nZoë;Quinn;Teacher;1004\n".encode()
    )
    code, out, _ = run(issued.project, "signatures", "school", str(folder), "--staff", str(staff))
    assert code == 1
    missing = out.split("Not signed the current text of Staff social media policy (2):", 1)[1]
    assert [line.strip() for line in missing.strip().splitlines()[:2]] == [
        "Ben Reed, Caretaker (1002)",
        "Zoë Quinn, Teacher (1004)",
    ]


def test_csv_file_neutralises_formulas(issued: Issued, tmp_path: Path) -> None:
    folder = tmp_path / "returned"
    folder.mkdir()
    (folder / "x.pdf").write_bytes(
        acknowledged(issued.texts["v3"], '=HYPERLINK("http://evil.example","Asha")', "+44 20")
    )
    (folder / "y.pdf").write_bytes(acknowledged(issued.texts["v3"], "@SUM(1)", "-1+2", signed=False))
    target = tmp_path / "register.csv"
    code, _, err = run(issued.project, "signatures", "school", str(folder), "--csv", str(target))
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [(row["name"], row["job_title"], row["status"]) for row in rows] == [
        ('\'=HYPERLINK("http://evil.example","Asha")', "'+44 20", CURRENT),
        ("'@SUM(1)", "'-1+2", TYPED),
    ]


def test_the_register_never_goes_into_build_or_site(issued: Issued, tmp_path: Path) -> None:
    folder = tmp_path / "returned"
    folder.mkdir()
    (folder / "asha.pdf").write_bytes(acknowledged(issued.texts["v3"], "Ms Asha Patel"))
    before = sorted(str(p) for p in issued.project.rglob("*"))
    for place in ("build/register.csv", "build/school/site/register.csv", "site/register.csv"):
        code, out, err = run(issued.project, "signatures", "school", str(folder), "--csv", str(issued.project / place))
        assert code == 2 and "the register names staff" in err and "Asha" not in out
    code, _, _ = run(issued.project, "signatures", "school", str(folder), "--csv", str(tmp_path / "register.csv"))
    assert code == 0
    assert sorted(str(p) for p in issued.project.rglob("*")) == before
    assert "Ms Asha Patel" in (tmp_path / "register.csv").read_text(encoding="utf-8-sig")


def test_a_form_carrying_no_readable_text_of_an_older_reference_is_not_ours(issued: Issued, tmp_path: Path) -> None:
    def damage_text(writer: IncrementalPdfFileWriter) -> None:
        names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
        stream = names[1]["/EF"]["/F"]
        stream._data, stream._encoded_data = b"organisation: [school", None
        writer.mark_update(names[1]["/EF"].raw_get("/F"))

    folder = tmp_path / "returned"
    folder.mkdir()
    (folder / "ben.pdf").write_bytes(acknowledged(incremental(issued.texts["v1"], damage_text), "Mr Ben Reed"))
    code, out, err = run(issued.project, "signatures", "school", str(folder))
    assert code == 0 and "Traceback" not in err and "not ours" in out
    assert "never issued staff-policy with reference " + reference(issued, "v1") in out


def test_names_cannot_drive_the_terminal() -> None:
    assert printable("Asha\x1b[2J\u202eReed\x07") == "Asha?[2J?Reed?"


def test_sign_example_script(issued: Issued, tmp_path: Path) -> None:
    import subprocess
    import sys

    source, returned = tmp_path / "policy.pdf", tmp_path / "returned" / "asha.pdf"
    source.write_bytes(issued.texts["v3"])
    command = [sys.executable, str(SCRIPT), str(source), str(returned), "--name", "Ms Asha Patel", "--job-title", "TA"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    (entry,) = register(issued, tmp_path / "folder", {"asha.pdf": returned.read_bytes()})["asha.pdf"]
    assert (entry.name, entry.job_title, entry.status) == ("Ms Asha Patel", "TA", CURRENT)


def test_the_attached_text_is_every_clause_as_read_and_a_build_leaves_git_status_clean(minimal: Path) -> None:
    import subprocess

    from generator.model.issued import snapshot
    from generator.model.resolve import resolve_organisation

    (minimal / ".gitignore").write_bytes((ROOT / ".gitignore").read_bytes())
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-C", str(minimal)]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "fixture"]):
        subprocess.run([*git, *command], check=True)
    code, _, err = run(minimal, "build", "school")
    assert code == 0 and "commit" not in err
    assert subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True, check=True).stdout == ""
    document = resolve_organisation(validate_project(minimal), "school").documents[0]
    pdf = (minimal / "build" / "school" / "pdf" / f"{document.slug}.pdf").read_bytes()
    attached = read_issued(read_attachment(PdfFileReader(io.BytesIO(pdf)), ATTACHMENT))
    assert attached is not None and attached.reference == document.content_hash
    assert attached.text.clauses() == snapshot(document) and attached.verified
    assert list(attached.text.clauses())[:2] == ["purpose", "advised-as-follows"]


def test_a_signature_in_a_field_the_reader_added_counts_for_the_form(issued: Issued, tmp_path: Path) -> None:
    filled = acknowledged(issued.texts["v3"], "Ms Kate Singh", "Cook", signed=False)
    signed = sign_example.sign_field(filled, "Signature1", sign_example.throwaway_signer("Kate Singh"))
    (entry,) = register(issued, tmp_path / "returned", {"kate.pdf": signed})["kate.pdf"]
    assert (entry.field, entry.name, entry.job_title, entry.status) == ("Signature1", "Ms Kate Singh", "Cook", CURRENT)


def test_signing_and_reading_work_inside_a_running_event_loop(issued: Issued) -> None:
    """pyHanko calls asyncio.run: an application (or Playwright, in a test session) may already run a loop."""
    import asyncio
    import threading

    from generator.signoff.signed_pdf import read_returned

    async def inside() -> str:
        return read_returned(acknowledged(issued.texts["v3"], "Ms Asha Patel")).signings[0].signer

    signers: list[str] = []
    # A thread of its own, where no loop runs yet (in a whole test session, Playwright's may run in this one).
    thread = threading.Thread(target=lambda: signers.append(asyncio.run(inside())))
    thread.start()
    thread.join()
    assert signers == ["Ms Asha Patel"]


def test_reading_on_several_processes_gives_the_same_register(issued: Issued, tmp_path: Path) -> None:
    policy = countersigned(issued.texts["v3"])
    folder = tmp_path / "returned"
    folder.mkdir()
    for index, name in enumerate(("Asha Patel", "Ben Reed", "Chloe Okoro", "Dev Novak", "Ella Evans", "Femi Shah")):
        (folder / f"{index}.pdf").write_bytes(acknowledged(policy, name))
    (folder / "6.pdf").write_bytes(acknowledged(issued.texts["v1"], "Grace Walsh"))
    (folder / "7.pdf").write_bytes(acknowledged(issued.texts["v3"], "Hari Singh", signed=False))
    project = validate_project(issued.project)
    alone = sign_off_register(project, "school", folder, jobs=1)
    shared = sign_off_register(project, "school", folder, jobs=2)
    assert shared == alone
    assert [e.name for e in alone.entries if e.file == "0.pdf"] == ["Mrs Jane Harper", "Mr Sam Cole", "Asha Patel"]
    assert [e.status for e in alone.entries].count(CURRENT) == 8


def test_a_returned_file_name_with_terminal_codes_is_listed_without_them(minimal: Path) -> None:
    folder = minimal / "returned"
    folder.mkdir()
    (folder / "form\x1b[2J\x1b]0;owned\x07.pdf").write_bytes(b"%PDF-1.7 not really")
    register = sign_off_register(validate_project(minimal), "school", folder)
    assert [file for file, _ in register.unreadable] == ["form?[2J?]0;owned?.pdf"]


def test_a_typed_acknowledgement_counts_unless_digital_signatures_are_required(issued: Issued, tmp_path: Path) -> None:
    folder = tmp_path / "returned"
    folder.mkdir()
    (folder / "dev.pdf").write_bytes(acknowledged(issued.texts["v3"], "Mr Dev Novak", signed=False))
    code, out, _ = run(issued.project, "signatures", "school", str(folder))
    assert code == 0 and "acknowledged (typed)" in out
    code, out, _ = run(issued.project, "signatures", "school", str(folder), "--require-digital")
    assert code == 1 and "unsigned" in out and "acknowledged (typed)" not in out
    (folder / "dev.pdf").write_bytes(acknowledged(issued.texts["v1"], "Mr Dev Novak", signed=False))
    (entry,) = sign_off_register(validate_project(issued.project), "school", folder).entries
    assert entry.status == OUTDATED


def test_a_carried_text_that_does_not_hash_to_its_reference_is_not_ours(issued: Issued, tmp_path: Path) -> None:
    def reword_carried_text(writer: IncrementalPdfFileWriter) -> None:
        names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
        stream = names[1]["/EF"]["/F"]
        data = stream.data.replace(b"Headteacher's approval", b"class teacher's approval")
        assert data != stream.data
        stream._data, stream._encoded_data = data, None
        writer.mark_update(names[1]["/EF"].raw_get("/F"))

    folder = tmp_path / "returned"
    folder.mkdir()
    (folder / "ben.pdf").write_bytes(acknowledged(incremental(issued.texts["v1"], reword_carried_text), "Mr Ben Reed"))
    (ben,) = sign_off_register(validate_project(issued.project), "school", folder).entries
    assert (ben.status, ben.note) == (
        NOT_OURS,
        f"the text it carries is not the text of reference {reference(issued, 'v1')}",
    )


def test_a_mistake_of_ours_while_reading_is_a_traceback_not_a_damaged_file(
    issued: Issued, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.signoff import signed_pdf

    def broken(reader: object) -> None:
        signed_pdf.signature_key(None)  # type: ignore[arg-type]  # fails inside the package, as a bug of ours would

    folder = tmp_path / "returned"
    folder.mkdir()
    (folder / "asha.pdf").write_bytes(acknowledged(issued.texts["v3"], "Ms Asha Patel"))
    monkeypatch.setattr(signed_pdf, "read_identity", broken)
    with pytest.raises(AttributeError):
        sign_off_register(validate_project(issued.project), "school", folder)
    (folder / "asha.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj trailer << /Root 1 0 R >>")
    monkeypatch.undo()
    register_of_damaged = sign_off_register(validate_project(issued.project), "school", folder)
    assert [file for file, _ in register_of_damaged.unreadable] == ["asha.pdf"]
