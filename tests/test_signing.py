"""Signing: each kind of document says who signs it and why, in its own words, on the site and in the PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.build.write import build_organisation, validate_project
from generator.model.resolve import resolve_organisation
from generator.model.resolved import ResolvedDocument
from generator.model.signing import signing_for
from tests.conftest import ROOT
from tests.test_shipped import page_text


def document(org_id: str, doc_id: str, root: Path = ROOT) -> ResolvedDocument:
    (found,) = [d for d in resolve_organisation(validate_project(root), org_id).documents if d.id == doc_id]
    return found


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages).split())


def test_a_school_adopts_its_policy_through_its_leaders() -> None:
    signing = document("willowbrook-primary", "social-media-template-policy").signing
    assert signing.kind == "adoption"
    assert signing.statement == "Signed on behalf of Willowbrook Primary School to adopt this policy."
    assert [(s.title, s.name) for s in signing.signatories] == [
        ("Headteacher", "Mr Andrew Collins"),
        ("Chair of Governors", "Mrs Fiona Grant"),
    ]


def test_a_boards_template_leaves_the_adopting_schools_block_blank() -> None:
    signing = document("kestrel-vale-partnership", "social-media-template-policy").signing
    assert signing.kind == "adoption"
    blank = '<mark class="fill-in">[name of school]</mark>'  # highlighted, as every blank is
    assert signing.statement == f"Signed on behalf of {blank} to adopt this policy."
    assert "Kestrel" not in signing.statement
    assert [(s.title, s.name) for s in signing.signatories] == [("Headteacher", None), ("Chair of Governors", None)]


def test_longton_signs_as_its_source_ends_signed_and_date() -> None:
    signing = document("longton-primary", "social-networking-policy").signing
    assert (signing.heading, signing.statement) == (None, None)
    (signatory,) = signing.signatories
    assert (signatory.title, signatory.name) == (None, None)  # the source names no role and nobody
    assert [(line.caption, line.kind) for line in signatory.lines] == [("Signed", "signature"), ("Date", "text")]


def test_the_real_board_signs_nothing_but_its_staff_agreement() -> None:
    found = document("northamptonshire-scb", "social-media-template-policy")
    assert (found.signing.kind, found.signing.heading, found.signing.statement) == ("none", None, None)
    assert found.signing.signatories == ()
    assert found.acknowledgement is not None and found.acknowledgement.id == "staff-agreement"


def test_the_real_agency_is_signed_by_nobody() -> None:
    signing = document("vision-for-education", "candidate-guidance").signing
    assert (signing.kind, signing.heading, signing.statement, signing.signatories) == ("none", None, None, ())


def test_a_candidate_acknowledges_the_guidance_with_a_fillable_name() -> None:
    signing = document("fernlea-teaching-supply", "candidate-guidance").signing
    assert (signing.kind, signing.heading) == ("acknowledgement", "Candidate's acknowledgement")
    assert signing.statement == "I confirm that I have read this policy and that I will follow it."
    (signatory,) = signing.signatories
    assert (signatory.title, signatory.name) == ("Candidate", None)
    assert [(line.caption, line.kind) for line in signatory.lines] == [
        ("Name", "text"),
        ("Signature", "signature"),
        ("Date", "text"),
    ]


def test_an_advice_sheet_is_signed_by_nobody() -> None:
    signing = document("model-school", "staff-advice-sheet").signing
    assert (signing.kind, signing.signatories) == ("none", ())
    assert (signing.heading, signing.statement) == (None, None)  # no words of ours to say so


def test_a_staff_agreement_is_signed_by_each_member_of_staff(minimal: Path) -> None:
    template = minimal / "content" / "documents" / "staff-policy.yml"
    template.write_text(
        template.read_text()
        .replace("signing: adoption", "signing: agreement")
        .replace("signatories: [headteacher, chair_of_governors]", "signatories: [dsl]")
    )
    signing = document("school", "staff-policy", minimal).signing
    assert (signing.kind, signing.heading) == ("agreement", "Staff agreement")
    assert signing.statement == "I have read this policy and I agree to follow it."
    assert [s.name for s in signing.signatories] == [None]  # each reader signs their own copy, unnamed
    build_organisation(validate_project(minimal), "school", minimal / "build")
    built = minimal / "build" / "school"
    assert "I have read this policy and I agree to follow it." in page_text(
        built / "site" / "staff-social-media-policy.html"
    )
    assert "I have read this policy and I agree to follow it." in pdf_text(
        built / "pdf" / "staff-social-media-policy.pdf"
    )


def test_a_stated_signing_block_is_printed_as_text_everywhere(minimal: Path) -> None:
    """Words an organisation states for its signing are its own, shown as written: never markup, on the site, in
    the PDF (its fields named after the role and captions) and in the Word file."""
    import io

    import docx

    school = minimal / "schools" / "school.yml"
    school.write_text(
        school.read_text().replace(
            "    exclude: [training]",
            "    signing:\n"
            "      heading: Signed <b>here</b>\n"
            '      statement: "I agree | *truly* [x](javascript:alert(1))"\n'
            "      signatory: dsl\n"
            "      lines:\n"
            "        - {caption: Print name, kind: text}\n"
            "        - {caption: Signed, kind: signature}\n"
            "    exclude: [training]",
        )
    )
    build_organisation(validate_project(minimal), "school", minimal / "build")
    built = minimal / "build" / "school"
    words = "I agree | *truly* [x](javascript:alert(1))"
    page = page_text(built / "site" / "staff-social-media-policy.html")
    assert "Signed <b>here</b>" in page and words in page
    assert 'href="javascript' not in (built / "site" / "staff-social-media-policy.html").read_text(encoding="utf-8")
    assert words in pdf_text(built / "pdf" / "staff-social-media-policy.pdf")
    fields = PdfReader(io.BytesIO((built / "pdf" / "staff-social-media-policy.pdf").read_bytes())).get_fields() or {}
    assert {"print_name_dsl", "signature_dsl"} <= set(fields)
    word = docx.Document(io.BytesIO((built / "docx" / "staff-social-media-policy.docx").read_bytes()))
    assert words in [p.text for p in word.paragraphs]
    assert ["Role", "Print name", "Signed"] in [[c.text for c in t.rows[0].cells] for t in word.tables]


@pytest.mark.parametrize(
    ("org_id", "slug", "words"),
    [
        ("kestrel-vale-partnership", "social-media-template-policy", "Signed on behalf of [name of school] to adopt"),
        ("fernlea-teaching-supply", "social-networking-policy", "I confirm that I have read this policy"),
        (
            "brackenmoor-learning-trust",
            "social-media-policy-for-all-brackenmoor-staff",
            "Signed on behalf of Brackenmoor Learning",
        ),
        (
            "brackenmoor-primary-academy",
            "social-media-policy-for-all-brackenmoor-staff",
            "Signed on behalf of Brackenmoor Primary",
        ),
        (
            "saltmarsh-primary",
            "allegations-about-adults-online-conduct",
            "Signed on behalf of Saltmarsh Primary School",
        ),
    ],
)
def test_signing_words_on_the_site_and_in_the_pdf(org_id: str, slug: str, words: str, shipped_build: Path) -> None:
    assert words in page_text(shipped_build / org_id / "site" / f"{slug}.html")
    assert words in pdf_text(shipped_build / org_id / "pdf" / f"{slug}.pdf")
    assert "on behalf of Fernlea" not in pdf_text(
        shipped_build / "fernlea-teaching-supply" / "pdf" / "social-networking-policy.pdf"
    )


def test_a_trust_and_its_academy_sign_their_pdfs_with_their_own_roles(shipped_build: Path) -> None:
    trust, academy = (
        pdf_text(shipped_build / org / "pdf" / "social-media-policy-for-all-brackenmoor-staff.pdf")
        for org in ("brackenmoor-learning-trust", "brackenmoor-primary-academy")
    )
    assert "Chief Executive Officer Name Dr Imogen Hale" in trust
    assert "Chair of Trustees Name Mr Victor Adebayo" in trust
    assert "Principal Name Mrs Alice Moreton" in academy
    assert "Chair of the Local Governing Body Name Mr Samuel Price" in academy
    assert "Imogen Hale" not in academy and "Victor Adebayo" not in academy  # the trust's people never sign it


def test_every_kind_has_its_own_words() -> None:
    kinds = ["adoption", "agreement", "acknowledgement"]
    statements = {signing_for(k, document_kind="policy", organisation="X", signatories=()).statement for k in kinds}
    assert len(statements) == 3
    assert signing_for("none", document_kind="policy", organisation="X", signatories=()).statement is None


def test_the_reference_covers_the_signing_lines_readers_read(minimal: Path) -> None:
    """A changed caption is a changed text: its reference changes; a name written in later is not."""
    before = document("school", "staff-policy", minimal).content_hash
    school = minimal / "schools" / "school.yml"
    stated = "    signing:\n      lines:\n        - {caption: Signed, kind: signature}\n    exclude: [training]"
    school.write_text(school.read_text().replace("    exclude: [training]", stated))
    signed = document("school", "staff-policy", minimal).content_hash
    school.write_text(school.read_text().replace("caption: Signed", "caption: Signature"))
    assert len({before, signed, document("school", "staff-policy", minimal).content_hash}) == 3
