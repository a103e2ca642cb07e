"""Every shipped document against its source: each statement traced to the source's words, or to a recorded
difference, in the source's order; and the signing words that fit whoever signs."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from generator.build.write import validate_project
from generator.inputs.load import Project
from generator.inputs.schema import Clause
from generator.model.inherit import parameter_values, settings_of
from generator.model.placeholders import AGREE, LIST_FILTERS, Value, agreeing, join_words, parse, possessive
from generator.model.resolve import resolve_organisation
from generator.model.resolved import ResolvedDocument
from tests.conftest import ROOT

SEEDS = Path(__file__).parent / "data" / "sources"
"""The five source policies, byte for byte."""
STATEMENTS = sorted((Path(__file__).parent / "data" / "seed-statements").glob("*.txt"))
REAL = ("longton-primary", "northamptonshire-scb", "vision-for-education")


def words(text: str) -> str:
    return " ".join(text.split())


def publisher_of(statements: Path) -> tuple[str, str]:
    found = re.match(r"# organisation: (\S+), document: (\S+)", statements.read_text(encoding="utf-8"))
    assert found
    return found[1], found[2]


def as_source_would_read(clause: Clause, values: dict[str, Value]) -> list[str]:
    """The clause with every recorded difference undone and its parameters filled: one line per paragraph or item."""
    text = clause.text
    for difference in clause.differences:
        assert difference.ours in text, f"{clause.id}: recorded difference {difference.ours!r} is not in the text"
        text = text.replace(difference.ours, difference.source)
    filled = []
    for part in parse(text):
        if isinstance(part, str):
            filled.append(part)
            continue
        value = values[part.name]
        if part.filter == AGREE:
            filled.append(agreeing(value, part.words))
        elif isinstance(value, list):
            filled.append(join_words(value, LIST_FILTERS.get(part.filter or "", "and")))
        else:
            value = str(value)
            filled.append(value[:1].upper() + value[1:] if part.filter == "capitalised" else value)
        if part.possessive:
            filled[-1] = possessive(filled[-1])
    plain = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", "".join(filled))  # [text](address) -> text
    plain = re.sub(r"<(https?://[^>]+)>", r"\1", plain).replace("\\*", "*")
    lines = [re.sub(r"^- ", "", line.strip()) for line in plain.split("\n")]
    return [words(line) for line in lines if line.strip()]


def published(statements: Path, project: Project) -> tuple[str, dict[str, Value], ResolvedDocument]:
    """A source's words, and the document that reproduces it with the values its organisation fills in."""
    org_id, doc_id = publisher_of(statements)
    settings = settings_of(project.organisations, org_id)
    values = parameter_values(project.library.parameters, settings, settings.documents[doc_id])
    (document,) = [d for d in resolve_organisation(project, org_id).documents if d.id == doc_id]
    return words((SEEDS / statements.name).read_text(encoding="utf-8")), values, document


@pytest.fixture(scope="module")
def project() -> Project:
    return validate_project(ROOT)


@pytest.mark.parametrize("statements", STATEMENTS, ids=lambda p: p.stem[:3])
def test_every_statement_traces_to_its_source_in_order(statements: Path, project: Project) -> None:
    source, values, document = published(statements, project)
    position = 0
    for resolved in document.clauses():
        clause = project.library.clauses[resolved.id]
        for line in as_source_would_read(clause, values):
            found = source.find(line, position)
            assert found >= 0, f"{clause.id}: {line!r} is not in {statements.name} (after position {position})"
            position = found if clause.text.count("\n") else found + len(line)


def test_every_recorded_difference_quotes_its_source(project: Project) -> None:
    sources = {p.name: words(p.read_text(encoding="utf-8")) for p in SEEDS.glob("0*.txt")}
    for clause in project.library.clauses.values():
        for difference in clause.differences:
            assert any(words(difference.source) in sources[s.seed] for s in clause.sources), (clause.id, difference)
            assert difference.reason


def test_seed_statements_are_the_sources_own_words() -> None:
    for statements in STATEMENTS:
        source = words((SEEDS / statements.name).read_text(encoding="utf-8"))
        _, *lines = statements.read_text(encoding="utf-8").splitlines()
        assert [line for line in lines if words(line) not in source] == []


@pytest.mark.parametrize("org_id", REAL)
def test_real_organisations_name_nobody_their_source_does_not(org_id: str, project: Project) -> None:
    organisation = project.organisations[org_id]
    assert organisation.people == {}
    assert organisation.adopted is None  # no source gives an adoption date
    assert organisation.branding.logo is None  # nor shows a logo
    for document in resolve_organisation(project, org_id).documents:
        assert all(signatory.name is None for signatory in document.signing.signatories)


def test_real_board_carries_no_example_text(project: Project) -> None:
    board = project.organisations["northamptonshire-scb"]
    for plan in board.documents.values():  # no rewording, addition or exclusion: only its own signing
        assert plan.model_copy(update={"signing": None}) == type(plan)()
    assert "northamptonshire-scb" not in project.releases
    (document,) = resolve_organisation(project, "northamptonshire-scb").documents
    assert document.title == "Social Media Template Policy"
    text = " ".join(c.text for c in document.clauses())
    assert "Facebook, Instagram, Twitter" in text
    assert "TikTok" not in text and "AI" not in text and "class messaging" not in text


def test_template_only_text_is_left_out_of_adopters_documents(project: Project) -> None:
    template_only = {c.id for c in project.library.clauses.values() if c.template_only}
    assert template_only == {"board-ict-benefits", "board-disclaimer"}
    (board,) = resolve_organisation(project, "northamptonshire-scb").documents
    (school,) = resolve_organisation(project, "willowbrook-primary").documents
    assert template_only <= {c.id for c in board.clauses()}
    assert not template_only & {c.id for c in school.clauses()}


def test_the_note_to_item_iv_is_a_note_not_item_vi(project: Project) -> None:
    (document,) = resolve_organisation(project, "longton-primary").documents
    (guidance,) = [s for s in document.sections if s.id == "guidance"]
    lead, vetting = guidance.clauses
    assert [i.number for i in lead.items] == ["(i)", "(ii)", "(iii)", "(iv)", "(v)", ""]
    assert lead.items[-1].paragraph and lead.items[-1].text.startswith("(\\*In some cases")
    assert vetting.number == "4.2"


def test_repeated_statements_stay_in_both_places(project: Project) -> None:
    (document,) = resolve_organisation(project, "northamptonshire-scb").documents
    by_section = {s.id: s for top in document.sections for s in (top, *top.sections)}
    behaviour = " ".join(c.text for c in by_section["behaviour"].clauses)
    staff = [c.text for c in by_section["personal-use-staff"].clauses]
    assert "access to private social media accounts" in behaviour and "excessive use is suspected" in behaviour
    assert len(staff) == 4
    assert "access to private social media sites" in staff[3] and "excessive personal use" in staff[2]


def test_staff_agreement_stands_where_the_source_puts_it(project: Project) -> None:
    (document,) = resolve_organisation(project, "northamptonshire-scb").documents
    order = [c.id for c in document.clauses()]
    assert order.index("avoid-plagiarism") + 1 == order.index("staff-agreement")
    assert order.index("staff-agreement") + 1 == order.index("check-before-publishing")


def test_the_quotation_covers_what_the_source_quotes_and_adds_no_caption(project: Project) -> None:
    """The guidance's list and its "Communication with Pupils" bullets (which cite its own section 7) are one
    quotation, introduced by the source's own sentence; the school's closing words stand outside it."""
    (document,) = resolve_organisation(project, "longton-primary").documents
    (safeguarding,) = [s for s in document.sections if s.id == "safeguarding"]
    (quoted,) = [s for s in safeguarding.sections if s.quotation]
    assert quoted.title is None
    assert [c.id for c in quoted.clauses] == ["dfe-safer-working-practice-quotation"]
    (communication,) = quoted.sections
    assert communication.title == "Communication with Pupils (including the Use of Technology)"
    assert any("section 7" in c.text for c in communication.clauses)
    assert safeguarding.clauses[-1].text.endswith("states:-")  # the source's introducing sentence
    assert not any(s.quotation for s in document.sections)  # the closing words are the school's


LEFT_OVER = {
    "000": [],
    "001": ["Longton Primary School", "Signed: Date:"],  # the cover's name; the signature block
    "002": ["Northamptonshire Safeguarding Children Board", ")", "Print name: Job title: Signature: Date:"],
    "003": ["Signed: (Headteacher) Signed: (Chair of Governors) Date: Review date: January 2018"],
    "004": [],
}
"""What a source says that no clause or heading holds: covers, brackets and signature blocks, made by the renderers."""


@pytest.mark.parametrize("statements", STATEMENTS, ids=lambda p: p.stem[:3])
def test_every_source_statement_is_published(statements: Path, project: Project) -> None:
    source, values, document = published(statements, project)
    covered = [False] * len(source)

    def cover(text: str, start: int = 0) -> int:
        found = source.lower().find(text.lower(), start)
        while found >= 0 and all(covered[found : found + len(text)]):  # a heading used twice: its next place
            found = source.lower().find(text.lower(), found + 1)
        covered[found : found + len(text)] = [True] * len(text)
        return found

    position = 0
    for resolved in document.clauses():
        for line in as_source_would_read(project.library.clauses[resolved.id], values):
            position = cover(line, position)
    template = project.library.documents[document.id]
    for title in (template.title, template.subtitle, *_titles(document.sections), *_heading_differences(template)):
        if title:
            cover(title)
    left = "".join(c if not done else "\0" for c, done in zip(source, covered, strict=True))
    numbering = r"(\(?[ivx]+\)|\d+(\.\d+)?\.?|[·\-]|\s)+"
    chunks = [re.sub(f"^{numbering}|(\\s\\d\\.|[·\\-\\s])+$", "", chunk) for chunk in left.split("\0")]
    assert [chunk for chunk in chunks if chunk.strip(" :")] == LEFT_OVER[statements.stem[:3]]


def _titles(sections: tuple) -> list[str]:
    return [t for s in sections for t in (s.title, *_titles(s.sections)) if t]


def _heading_differences(template) -> list[str]:
    return [d.source for d in template.differences if d.kind == "punctuation"]


def test_template_only_clauses_are_reported_as_such(project: Project) -> None:
    report = resolve_organisation(project, "willowbrook-primary").report
    statuses = {entry.clause: entry.status for entry in report}
    assert statuses["board-ict-benefits"] == statuses["board-disclaimer"] == "template-only"
    assert statuses["pupils-encouraged-to-post-appropriately"] == "excluded"


def test_report_counts_each_documents_differences(project: Project, shipped_build: Path) -> None:
    import json

    report = json.loads((shipped_build / "longton-primary" / "report.json").read_text(encoding="utf-8"))
    ids = [entry["clause"] for entry in report["clauses"]]
    expected = sum(len(project.library.clauses[i].differences) for i in ids)
    assert expected > 0
    assert report["documents"][0]["differences"] == expected
    assert report["documents"][0]["signing"] == "adoption"


def test_clauses_command_shows_a_clauses_differences() -> None:
    from click.testing import CliRunner

    from generator.cli import main

    result = CliRunner().invoke(main, ["--project", str(ROOT), "clauses", "no-tagging-staff-without-permission"])
    assert result.exit_code == 0, result.output
    assert "Differences from the source: 1" in result.output
    assert "'without there permission' -> 'without their permission'" in result.output
    assert "why: 'there' written for 'their'" in result.output


def test_checklists_link_to_their_pages_and_the_pdf_prints_each_address(shipped_build: Path) -> None:
    from tests.test_signing import pdf_text

    page = (shipped_build / "model-school" / "site" / "social-networking-instant-messaging.html").read_text(
        encoding="utf-8"
    )
    text = pdf_text(shipped_build / "model-school" / "pdf" / "social-networking-instant-messaging.pdf")
    for address in ("https://www.internetmatters.org/", "https://www.digizen.org/", "https://saferinternet.org.uk/"):
        assert f'href="{address}"' in page
        assert f"({address})" in text
    board = pdf_text(shipped_build / "northamptonshire-scb" / "pdf" / "social-media-template-policy.pdf")
    assert "https://www.thinkuknow.co.uk/parents/article-repository/Reporting-to-social-media-sites-/" in board.replace(
        " ", ""
    )


def test_differences_show_the_published_words_and_every_structural_change(project: Project) -> None:
    text = (ROOT / "content" / "DIFFERENCES.md").read_text(encoding="utf-8")
    for seed in ("001", "002", "004"):  # sources whose own organisation is one of ours
        section = text[text.index(f"## {seed}_") :].split("\n## ")[0]
        assert "{{" not in section, seed
    (board,) = resolve_organisation(project, "northamptonshire-scb").documents
    (school,) = resolve_organisation(project, "longton-primary").documents
    board_sources = [d.source for d in board.differences]
    assert any("· Process for creating the account" in s for s in board_sources)  # a bullet made a heading
    assert any("I agree to abide" in s for s in board_sources)  # the Acknowledgement heading
    assert any("(one paragraph)" in s for s in (d.source for d in school.differences))  # Purpose in two
    assert "embed or potentially inappropriate content" in " ".join(c.text for c in board.clauses())
    assert not [d for d in board.differences if "potentially" in d.source]  # the source's words, kept


def test_one_rule_about_capitals_applied_as_written(project: Project) -> None:
    """Every change of capitals is recorded as such, and nothing else is recorded as one."""
    (school,) = resolve_organisation(project, "longton-primary").documents
    (capitals,) = [d for d in school.differences if d.kind == "capitals"]
    for heading in ("1. PURPOSE", "5. SAFEGUARDING ISSUES", "POLICY ON THE USE OF SOCIAL NETWORKING SITES"):
        assert heading in capitals.source
    for org_id in REAL:
        for document in resolve_organisation(project, org_id).documents:
            for difference in document.differences:
                source, ours = words(difference.source), words(difference.ours.replace("\\", ""))
                only_capitals = source != ours and source.lower() == ours.lower()
                assert only_capitals == (difference.kind == "capitals"), (org_id, difference)


# --- what readers read: the site page, the PDF and the Word file of each real body, sentence by sentence ---------

SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+|\n|·")
"""Where a sentence (or a line of a form, or a part of the meta line) ends."""


def comparable(text: str) -> str:
    """Words only, lower case: capitals and punctuation changes are recorded differences, and layout (bullets,
    colons after form captions) is not the words."""
    return " ".join(re.sub(r"[^\w\s]", "", text.replace("\u2019", "'")).lower().split())


def plain_markdown(markdown_text: str) -> str:
    from markdown import Markdown

    html_text = Markdown(extensions=["tables"]).convert(markdown_text)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", html_text)).split())


def unsourced(text: str, source: str, document: ResolvedDocument, notice: str) -> list[str]:
    """Every sentence of six words or more in ``text`` that is neither the source's words nor one of the document's
    recorded differences (undone), once the edition's notice is set aside."""
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    text = "\n".join(text.split(plain_markdown(notice))) if notice else text
    undo = [(comparable(plain_markdown(d.ours)), comparable(d.source)) for d in document.differences]
    found = []
    for sentence in SENTENCE_END.split(text):
        words_of = comparable(sentence)
        readings = [words_of] + [words_of.replace(ours, theirs) for ours, theirs in undo if ours and ours in words_of]
        for ours, theirs in undo:  # and every difference in the sentence undone at once
            words_of = words_of.replace(ours, theirs) if ours else words_of
        readings.append(words_of)
        if len(words_of.split()) >= 6 and not any(reading in source for reading in readings):
            found.append(" ".join(sentence.split()))
    return found


def site_text(page: Path) -> str:
    """The article of a built page, a line per block (paragraph, heading, list item, table cell)."""
    article = page.read_text(encoding="utf-8")
    article = article[article.index("<article") : article.index("</article>")]
    article = re.sub(r"<(?:/(?:p|h\d|li|td|th|div|blockquote)|br\s*/?)>", "\n", article)
    return html.unescape(re.sub(r"<[^>]+>", "", article))


def pdf_text(path: Path, document: ResolvedDocument, organisation_name: str) -> str:
    """The PDF's words (read with pypdf), with the running header and footer, the cover's facts and the contents'
    page numbers, which are the edition's, taken out; page breaks inside a sentence closed up."""
    import io

    from pypdf import PdfReader

    from generator.editions.pdf.print_data import print_data
    from generator.model.resolve import resolve_organisation

    pages = PdfReader(io.BytesIO(path.read_bytes())).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    headings = sorted({*section_titles(document.sections), document.title, "Contents", "Acknowledgement"}, key=len)
    running = "|".join(re.escape(heading) for heading in reversed(headings))
    footer = f"{re.escape(document.title)} (?:Version \\S+ · )?Reference \\S+ Page \\d+ of \\d+"
    text = re.sub(footer, "\n", text)
    text = re.sub("(?:Version \\S+ · )?Reference \\S+", "\n", text)  # above the signing lines and the staff's form
    # A running header too long for its half of the page is cut at a word, with an ellipsis.
    cut = {" ".join(h.split()[:n]) + "…" for h in headings for n in range(1, len(h.split()))}
    shortened = "|".join(re.escape(heading) for heading in sorted(cut, key=len, reverse=True))
    text = re.sub(f"{re.escape(organisation_name)} (?:{shortened}|{running})", "\n", text)
    organisation = resolve_organisation(validate_project(ROOT), REAL_BY_NAME[organisation_name])
    for name, value in print_data(organisation, document)["facts"]:
        text = text.replace(f"{name.upper()} {value}", "\n")
    return re.sub(f"(?:{running}) \\d+", "\n", text)  # the contents' entries and their page numbers


def section_titles(sections: tuple) -> list[str]:
    return [
        t
        for s in sections
        for t in ((f"{s.number}. {s.title}" if s.number else s.title), *section_titles(s.sections))
        if t
    ]


def word_text(path: Path) -> str:
    """The Word file's paragraphs and table cells, a line each."""
    import io

    import docx

    read = docx.Document(io.BytesIO(path.read_bytes()))
    cells = [cell.text for table in read.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in read.paragraphs] + cells)


REAL_BY_NAME = {
    "Longton Primary School": "longton-primary",
    "Northamptonshire Safeguarding Children Board": "northamptonshire-scb",
    "Vision for Education, ABC Teachers and Smart Teachers": "vision-for-education",
}


@pytest.mark.parametrize("statements", [s for s in STATEMENTS if publisher_of(s)[0] in REAL], ids=lambda p: p.stem[:3])
def test_every_sentence_readers_read_is_the_sources_or_a_recorded_difference(
    statements: Path, project: Project, shipped_build: Path
) -> None:
    """Site page, PDF and Word file alike: nothing of six words or more that the source did not write, save the
    edition's notice of what it adds."""
    from generator.document.edition import edition_notice

    org_id, doc_id = publisher_of(statements)
    organisation = resolve_organisation(project, org_id)
    (document,) = [d for d in organisation.documents if d.id == doc_id]
    source = comparable((SEEDS / statements.name).read_text(encoding="utf-8"))
    built = shipped_build / org_id
    editions = {
        "site": site_text(built / "site" / f"{document.slug}.html"),
        "pdf": pdf_text(built / "pdf" / f"{document.slug}.pdf", document, organisation.name),
        "word": word_text(built / "docx" / f"{document.slug}.docx"),
    }
    for edition, text in editions.items():
        notice = edition_notice(organisation, document, edition=edition)  # type: ignore[arg-type]
        assert notice and plain_markdown(notice) in " ".join(text.split()), edition
        assert unsourced(text, source, document, notice) == [], edition


def test_words_the_source_never_wrote_are_found(project: Project) -> None:
    """The check above can fail: the signing words, caption and cover note this edition once added are caught."""
    (document,) = resolve_organisation(project, "longton-primary").documents
    source = comparable((SEEDS / "001_3cd8457f50447380.txt").read_text(encoding="utf-8"))
    invented = [
        "Signed on behalf of Longton Primary School to adopt this policy.",
        "Quoted from Department for Education, Guidance for Safer Working Practices (October 2015)",
        "This is a model policy. Each organisation that adopts it fills in the highlighted blanks.",
    ]
    text = "\n".join(["This Policy applies to all staff employed at Longton Primary School.", *invented])
    assert unsourced(text, source, document, "") == [
        invented[0],
        invented[1],
        "Each organisation that adopts it fills in the highlighted blanks.",
    ]
