"""One organisation's file cannot script a site, hide a locked clause or write into another's pages.

Each test is an attack tried on a built estate (the minimal board and a school adopting it): the attack is
either refused by validation (see tests/data/invalid) or, as here, comes out inert.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import re
import shutil
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from generator.build.locks import check_locks, contains, expected_words, found, normalise
from generator.build.write import build_organisation, validate_project
from generator.editions.site.csp import policy
from generator.inputs.markdown_safety import safe_link
from generator.inputs.values import control_character
from generator.model.deviations import deviations, deviations_csv
from generator.model.resolve import resolve_organisation
from tests.conftest import MINIMAL, copy_project
from tests.test_hostile_content import parse

ENTITY_LINKS = (
    "See [one](&#106;avascript:alert(1)), [two](java&#x73;cript:alert(2)), [three](&#x6A;avascript&#x3A;alert(3)), "
    "[four](java&Tab;script:alert(4)) and [five](%6Aavascript:alert(5)); [mail](mailto:a@b.org), [web](https://example.org/)."
)
FILLERS = "\u115f\u1160\u3164\uffa0"
"""Hangul fillers: letters that show nothing."""
NAME = '=HYPERLINK("https://evil.example") | Case | School **bold** !!! warning'


def urls(page: Path) -> list[str]:
    """Every href and src, as the browser reads it (character references decoded)."""
    return [
        value for _, attributes in parse(page).tags for name, value in attributes.items() if name in ("href", "src")
    ]


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(MINIMAL, tmp_path_factory.mktemp("integrity") / "project")
    school_file = project / "schools" / "school.yml"
    school = yaml.safe_load(school_file.read_text(encoding="utf-8"))
    school["name"] = NAME
    school["documents"]["staff-policy"]["add"][0]["text"] = ENTITY_LINKS
    school["documents"]["staff-policy"]["reword"]["purpose"] = ENTITY_LINKS
    school_file.write_text(yaml.safe_dump(school, allow_unicode=True), encoding="utf-8")
    loaded = validate_project(project)
    for org_id in ("school", "board"):
        build_organisation(loaded, org_id, project / "build")
    return project


def test_entity_encoded_scripts_are_no_links_on_the_site(estate: Path) -> None:
    page = estate / "build" / "school" / "site" / "staff-social-media-policy.html"
    schemes = {url.split(":", 1)[0].strip().lower() for url in urls(page) if ":" in url}
    assert schemes <= {"http", "https", "mailto"}, schemes
    assert "mailto:a@b.org" in urls(page)
    assert "four" in " ".join(parse(page).text)


def test_entity_encoded_scripts_are_no_links_in_the_pdf(estate: Path) -> None:
    reader = PdfReader(estate / "build" / "school" / "pdf" / "staff-social-media-policy.pdf")
    actions = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None:
                actions.append(action.get_object())
    assert actions, "the PDF keeps its safe links"
    for action in actions:
        assert action.get("/S") in ("/URI", "/GoTo"), action
        uri = str(action.get("/URI", ""))
        assert safe_link(uri) == uri, uri
    assert "/JavaScript" not in str(reader.trailer["/Root"].get_object())


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "java&#x73;cript:alert(1)",
        "&#x6A;avascript&#x3A;alert(1)",
        "java&Tab;script:alert(1)",
        " JaVaScRiPt:alert(1)",
        "%6Aavascript:alert(1)",
        "&amp;#106;avascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
        "file:///etc/passwd",
    ],
)
def test_safe_link_refuses_every_spelling_of_another_scheme(url: str) -> None:
    assert safe_link(url) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1&amp;c=2", "https://example.org/a?b=1&c=2"),
        ("mailto:head@example.org", "mailto:head@example.org"),
        ("tel:+441604000000", "tel:+441604000000"),
        ("pdf/staff-social-media-policy.pdf", "pdf/staff-social-media-policy.pdf"),
        ("#section", "#section"),
    ],
)
def test_safe_link_keeps_web_mail_telephone_and_own_pages(url: str, expected: str) -> None:
    assert safe_link(url) == expected


def test_a_school_name_stays_one_literal_cell_on_the_board_deviations_page(estate: Path) -> None:
    page = (estate / "build" / "board" / "site" / "deviations.html").read_text(encoding="utf-8")
    assert "admonition" not in page
    assert NAME in " ".join(parse(estate / "build" / "board" / "site" / "deviations.html").text)
    assert "<strong>bold</strong>" not in page
    assert "<td><code>school</code></td>" in page, "each organisation is named by its id too"


def test_deviations_csv_writes_no_formula(estate: Path) -> None:
    rows = list(csv.reader(io.StringIO(deviations_csv(deviations(validate_project(estate), "board")))))
    names = {row[1] for row in rows[1:]}
    assert names == {"'" + NAME}


def test_every_locked_clause_is_checked_on_the_output_and_recorded(estate: Path) -> None:
    report = json.loads((estate / "build" / "school" / "report.json").read_text(encoding="utf-8"))
    assert report["locks"]["checked"] == ["staff-policy/privacy-settings"]
    assert report["locks"]["missing"] == []


def test_a_locked_clause_hidden_from_the_site_the_pdf_or_the_word_file_is_found(estate: Path, tmp_path: Path) -> None:
    project = validate_project(estate)
    resolved = resolve_organisation(project, "school")
    built = estate / "build" / "school"
    site, pdfs, words = tmp_path / "site", tmp_path / "pdf", tmp_path / "docx"
    shutil.copytree(built / "site", site)
    shutil.copytree(built / "pdf", pdfs)
    shutil.copytree(built / "docx", words)
    assert check_locks(project, resolved, site, pdfs, words).missing == ()
    page = site / "staff-social-media-policy.html"
    text = page.read_text(encoding="utf-8")
    assert text.count("That they check the") == 1
    page.write_text(text.replace("That they check the", "That they may skip the"), encoding="utf-8")
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(pdfs / "staff-social-media-policy.pdf")
    word = docx.Document(str(words / "staff-social-media-policy.docx"))
    hidden = [p for p in word.paragraphs if "That they check the" in p.text]
    assert len(hidden) == 1
    hidden[0]._p.getparent().remove(hidden[0]._p)
    word.save(str(words / "staff-social-media-policy.docx"))
    assert check_locks(project, resolved, site, pdfs, words).missing == (
        ("staff-policy", "privacy-settings", "site"),
        ("staff-policy", "privacy-settings", "PDF"),
        ("staff-policy", "privacy-settings", "Word file"),
    )


def test_a_locked_item_left_out_with_its_lead_is_found_whatever_the_report_says(estate: Path) -> None:
    """Validation refuses the exclusion (tests/data/invalid/locked-item-excluded-with-its-lead.yml); were it let
    through, the build's lock check still finds the locked item gone, from the document tree, not the report."""
    project = validate_project(estate)
    school = project.organisations["school"]
    policy = school.documents["staff-policy"]
    excluding = policy.model_copy(update={"exclude": [*policy.exclude, "advised-as-follows"]})
    project.organisations["school"] = school.model_copy(update={"documents": {"staff-policy": excluding}})
    resolved = resolve_organisation(project, "school")
    built = estate / "build" / "school"
    check = check_locks(project, resolved, built / "site", built / "pdf", built / "docx")
    assert check.missing == (("staff-policy", "privacy-settings", "document"),)
    assert check.message() == (
        "locked clause 'privacy-settings' of 'staff-policy' (locked by board) is left out of the document"
    )
    report = {(e.clause, e.status) for e in resolved.report if e.clause == "privacy-settings"}
    assert report == {("privacy-settings", "excluded")}


def test_a_locked_item_moved_out_of_its_list_is_found(estate: Path) -> None:
    project = validate_project(estate)
    resolved = resolve_organisation(project, "school")
    [guidance] = [s for s in resolved.documents[0].sections if s.id == "guidance"]
    lead = guidance.clauses[0]
    [locked] = [item for item in lead.items if item.id == "privacy-settings"]
    moved = replace(guidance, clauses=(replace(lead, items=()), locked, *guidance.clauses[1:]))
    document = replace(
        resolved.documents[0],
        sections=tuple(moved if s.id == "guidance" else s for s in resolved.documents[0].sections),
    )
    built = estate / "build" / "school"
    check = check_locks(project, replace(resolved, documents=(document,)), built / "site", built / "pdf")
    assert ("staff-policy", "privacy-settings", "place") in check.missing


def test_a_clause_may_run_across_a_page_break_but_not_lose_words() -> None:
    words = normalise("Staff must keep their privacy settings at the highest level.")
    page_break = normalise("Staff must keep their privacy Page 3 of 9 Example School settings at the highest level.")
    assert contains(page_break, words)
    assert not contains(normalise("Staff must keep their settings at the highest level."), words)
    assert not contains(normalise("Staff must keep their privacy settings at the level."), words)


def test_every_page_carries_the_policy_first_and_allows_only_its_own_inline_scripts(estate: Path) -> None:
    pages = sorted((estate / "build").glob("*/site/*.html"))
    assert len(pages) >= 4, "a home page and a document page for each organisation, at least"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        head = text.index("<head>") + len("<head>")
        meta = '<meta http-equiv="Content-Security-Policy" content="'
        assert text[head:].lstrip().startswith(meta), page
        content = text[head:].split(meta, 1)[1].split('"', 1)[0]
        assert content == policy(text), page
        assert "default-src 'self'" in content and "style-src 'self';" in content and "unsafe" not in content
        assert " style=" not in text.split("</head>", 1)[1], page


def test_the_policy_hashes_inline_scripts_and_not_data() -> None:
    page = '<head></head><script>go()</script><script id="c" type="application/json">{}</script><script src="a.js">'
    assert "'sha256-" + base64.b64encode(hashlib.sha256(b"go()").digest()).decode() + "'" in policy(page)
    assert policy(page).count("'sha256-") == 1


def test_a_parameter_value_may_read_back_garbled_but_the_clause_words_may_not() -> None:
    expected = expected_words("That they check the *privacy settings* of every {{ setting }} account.", 70)
    assert found(normalise("(ii) That they check the privacy settings of every \r1|FI`\\ account. (iii)"), expected)
    assert not found(normalise("That they check the settings of every school account."), expected)
    assert not found(normalise("That they check the privacy settings of every school."), expected)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "javascript",
                "java",
                "script",
                ":",
                "&#106;",
                "&#x3A;",
                "&colon;",
                "&Tab;",
                "%6A",
                "%3A",
                "\t",
                " ",
                "\\",
                "/",
                "//",
                "http",
                "data",
                "mailto",
                "tel",
                "&amp;",
                "#",
                "x",
                "\x00",
                "\u200b",
                "&#0000106",
                ";",
            ]
        ),
        max_size=8,
    ).map("".join)
)
def test_whatever_safe_link_lets_through_a_browser_reads_as_a_safe_address(url: str) -> None:
    result = safe_link(url)
    if result is None:
        return
    read = "".join(html.unescape(result).split()).replace("\x00", "").replace("\u200b", "").lower()
    scheme = read.split(":", 1)[0] if re.match(r"[a-z][a-z0-9+.-]*:", read) else ""
    assert scheme in ("", "http", "https", "mailto", "tel"), (url, result)
    assert not read.startswith("//") and not read.startswith("\\\\"), (url, result)


def test_the_control_characters_refused_are_unicodes_control_surrogate_private_use_and_format_ones() -> None:
    wrong = [
        code
        for code in range(sys.maxunicode + 1)
        if (control_character(chr(code), multiline=False) is not None)
        != (unicodedata.category(chr(code)) in ("Cc", "Cs", "Co", "Cf") or chr(code) in "\u2028\u2029" + FILLERS)
    ]
    assert wrong == []
    assert control_character("one\ntwo", multiline=True) is None
    assert (
        control_character("one\ntwo", multiline=False)
        == "a line break is not allowed here: write one line of plain text"
    )
    assert control_character("bell\a", multiline=True) == "control character U+0007 is not allowed: write plain text"


@pytest.mark.parametrize(
    ("text", "joiners", "refused"),
    [
        ("Staff must\u202e never post", True, "U+202E RIGHT-TO-LEFT OVERRIDE is a bidi control"),
        ("an \u2067isolate\u2069", True, "U+2067 RIGHT-TO-LEFT ISOLATE is a bidi control"),
        ("Will\u200bowbrook", True, "U+200B ZERO WIDTH SPACE is invisible"),
        ("Will\u200dowbrook", True, "U+200D ZERO WIDTH JOINER is invisible, and is not allowed; a joiner may only"),
        ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", False, "U+200C ZERO WIDTH NON-JOINER is invisible"),
        ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", True, None),
        ("\u0915\u094d\u200d\u0937", True, None),
        ("Hangul\u3164filler", True, "U+3164 HANGUL FILLER is invisible"),
    ],
)
def test_invisible_format_characters_are_refused_but_the_joiners_a_script_needs(
    text: str, joiners: bool, refused: str | None
) -> None:
    """A name allows no format character; clause text and values allow ZWJ and ZWNJ inside Persian or Devanagari."""
    problem = control_character(text, multiline=False, joiners=joiners)
    assert (problem is None) if refused is None else (problem or "").startswith(refused), problem


def test_the_lock_check_reads_a_page_between_its_margins_whatever_its_running_header_says(shipped_build: Path) -> None:
    """The running header names the section of each page's first line, so it changes from page to page; read with
    the page, it would stand in the middle of a clause that a page break splits, and the clause would read as
    missing. Only the text between the margins is read: no header, no footer."""
    from generator.build.locks import _page_texts, pdf_text

    pdf = shipped_build / "willowbrook-primary" / "pdf" / "social-media-policy.pdf"
    whole = normalise(" ".join(_page_texts(pdf)))
    body = pdf_text(pdf)
    assert "page2of" in whole and "page2of" not in body
    assert body.count("willowbrookprimaryschool") < whole.count("willowbrookprimaryschool")
