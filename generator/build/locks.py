"""An organisation's built pages, PDFs and Word files -> the locked clauses whose words are not all there.

A lock is a guarantee about what readers get, so it is checked on the output: the site's HTML text, the PDF's
extracted text and the Word file's text must each hold every locked clause word for word. Text is compared on its Latin letters
and digits (accents taken off), which every renderer and text extractor keeps: spacing, line breaks,
hyphenation, ligatures, punctuation and characters a font may lack (in a parameter value) are left aside. In a
PDF a clause may run on past the foot of one page and the head of the next.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.document.clause_tree import tree_text, visible_text
from generator.document.tree import blocks
from generator.editions.pdf.print_data import PAGE_MARGINS_MM
from generator.inputs.load import Project
from generator.inputs.schema import DocumentTemplate
from generator.model.inherit import settings_of
from generator.model.pinning import pinned_settings
from generator.model.placeholders import escape_text, parse
from generator.model.resolved import ResolvedClause, ResolvedDocument, ResolvedOrganisation

PAGE_BREAK = 400
"""Characters (spaces removed) a running footer, page number and header may put inside a clause at a page break."""
_IGNORED = re.compile(r"[^A-Za-z0-9]+")


@dataclass(frozen=True)
class LockCheck:
    """What was checked, and each locked clause missing from an output: (document, clause, where), where is 'site',
    'PDF', 'Word file', 'document' (left out) or 'place' (moved out of its section or list); with who locks it."""

    clauses: tuple[str, ...]
    missing: tuple[tuple[str, str, str], ...]
    owners: tuple[tuple[str, str], ...] = ()
    """(clause, the organisation that locks it), for the message."""

    def message(self) -> str:
        owners = dict(self.owners)
        return "; ".join(
            f"locked clause {clause!r} of {document!r} (locked by {owners.get(clause, 'its publisher')}) "
            + _PROBLEMS.get(where, f"is not shown word for word in the {where}")
            for document, clause, where in self.missing
        )


_PROBLEMS = {
    "document": "is left out of the document",
    "place": "is moved out of the section or list its publisher put it in",
}


@dataclass(frozen=True)
class Locked:
    """A clause locked for an organisation's readers, in one document: who locks it, the words its publisher wrote
    and, for a clause of the document's template, where the template places it (top-level section, lead)."""

    document: str
    clause: str
    owner: str
    text: str
    placed: tuple[str, str | None] | None


def locked_in(project: Project, organisation: ResolvedOrganisation) -> list[Locked]:
    """Every locked clause each document must show, whatever its file excludes or the build report says: the
    template's (but a template-only clause outside a template) and those added by the organisations it extends."""
    # An organisation pinned to a release keeps that release's locks and words, not the publisher's since.
    settings = pinned_settings(project, settings_of(project.organisations, organisation.id))
    locked = {**{c: organisation.id for c in project.organisations[organisation.id].locked}, **settings.locked}
    plans = settings.documents
    found = []
    for document in organisation.documents:
        template = project.library.documents[document.template or document.id]
        plan = plans.get(document.template or document.id)
        for clause, placed in sorted(template.placement().items(), key=_reading_order(template)):
            defined = project.library.clauses.get(clause)
            if clause not in locked or not defined or (defined.template_only and not organisation.template):
                continue
            if plan is not None and clause in plan.exclude:
                continue  # not in the release adopted (an adopter's own exclusion of a lock is refused by validate)
            released = plan.reword.get(clause) if plan is not None else None
            found.append(Locked(document.id, clause, locked[clause], released[0] if released else defined.text, placed))
        if template.acknowledgement in locked and template.acknowledgement in project.library.clauses:
            text = project.library.clauses[template.acknowledgement].text
            found.append(Locked(document.id, template.acknowledgement, locked[template.acknowledgement], text, None))
        adds = plan.add if plan is not None else []
        found += [Locked(document.id, c.id, locked[c.id], c.text, None) for c, _ in adds if c.id in locked]
    return found


def _reading_order(template: DocumentTemplate) -> Callable[[tuple[str, object]], int]:
    order = {clause: index for index, clause in enumerate(template.clause_ids())}
    return lambda item: order.get(item[0], len(order))


def passed(project: Project, organisation: ResolvedOrganisation) -> LockCheck:
    """What the check reports when every locked clause is found: the build report records this."""
    found = locked_in(project, organisation)
    owners = tuple((lock.clause, lock.owner) for lock in found)
    return LockCheck(tuple(f"{lock.document}/{lock.clause}" for lock in found), (), owners)


def check_locks(
    project: Project, organisation: ResolvedOrganisation, site: Path, pdfs: Path, word_files: Path | None = None
) -> LockCheck:
    """Look for every locked clause of every document in its place in the document, then in its page
    (site/<slug>.html), its PDF (pdfs/<slug>.pdf) and its Word file (word_files/<slug>.docx), those that were
    written."""
    missing: list[tuple[str, str, str]] = []
    documents = {document.id: document for document in organisation.documents}
    outputs: dict[str, dict[str, str]] = {}
    for lock in locked_in(project, organisation):
        shown = {clause.id: clause for clause in documents[lock.document].clauses()}
        if lock.clause not in shown:
            missing.append((lock.document, lock.clause, "document"))
            continue
        if lock.placed and placement(documents[lock.document]).get(lock.clause) != lock.placed:
            missing.append((lock.document, lock.clause, "place"))
        if lock.document not in outputs:
            outputs[lock.document] = _outputs(documents[lock.document].slug, site, pdfs, word_files)
        expected = expected_words(lock.text, len(shown[lock.clause].text))
        missing += [
            (lock.document, lock.clause, n) for n, t in outputs[lock.document].items() if not found(t, expected)
        ]
    checked = passed(project, organisation)
    return LockCheck(checked.clauses, tuple(missing), checked.owners)


def _outputs(slug: str, site: Path, pdfs: Path, word_files: Path | None) -> dict[str, str]:
    """The normalised text of each of the document's outputs (named ``slug``) that was written."""
    outputs = {"site": html_text((site / f"{slug}.html").read_text(encoding="utf-8"))}
    pdf = pdfs / f"{slug}.pdf"
    if pdf.exists():
        outputs["PDF"] = pdf_text(pdf)
    word = word_files / f"{slug}.docx" if word_files else None
    if word and word.exists():
        outputs["Word file"] = word_text(word)
    return outputs


def placement(document: ResolvedDocument) -> dict[str, tuple[str, str | None]]:
    """Each clause of a resolved document -> (the top-level section it stands in, the clause it is an item of)."""
    found: dict[str, tuple[str, str | None]] = {}
    for top in document.sections:
        pending: list[tuple[str | None, ResolvedClause]] = []
        sections = [top]
        while sections:
            section = sections.pop()
            pending += [(None, clause) for clause in section.clauses]
            sections += section.sections
        while pending:
            lead, clause = pending.pop()
            found[clause.id] = (top.id, lead)
            pending += [(clause.id, item) for item in clause.items]
    return found


@dataclass(frozen=True)
class Expected:
    """A locked clause as the check looks for it: the normalised words of each stretch of its own text, and the
    most characters a parameter value may fill between one stretch and the next."""

    parts: tuple[str, ...]
    gap: int


def expected_words(library_text: str, filled_length: int) -> Expected:
    """The clause's own words, stretch by stretch between its placeholders, as a reader sees them: read from the
    blocks the document tree makes of each stretch."""
    parts = []
    for part in parse(library_text):
        words = normalise(tree_text(list(blocks(escape_text(part))))) if isinstance(part, str) else ""
        if words:
            parts.append(words)
    return Expected(tuple(parts), 2 * filled_length + PAGE_BREAK)


def normalise(text: str) -> str:
    """The text's Latin letters and digits, accents taken off, lower-case: what the comparison looks at."""
    return _IGNORED.sub("", unicodedata.normalize("NFKD", text)).lower()


def found(text: str, expected: Expected) -> bool:
    """Whether normalised ``text`` holds every stretch of ``expected`` in order, each after the one before within
    the room a parameter value can take, and each whole or split once by a page break."""
    if not expected.parts:
        return True
    first = expected.parts[0]
    for start in _starts(text, first, 0, len(text)):
        position = _match(text, first, start)
        for part in expected.parts[1:]:
            if position is None:
                break
            position = next(
                (
                    end
                    for at in _starts(text, part, position, position + expected.gap)
                    if (end := _match(text, part, at))
                ),
                None,
            )
        if position is not None:
            return True
    return False


def contains(text: str, words: str) -> bool:
    """Whether normalised ``text`` holds ``words``, whole or split once by a page break."""
    return found(text, Expected((words,), 0))


def _starts(text: str, words: str, start: int, stop: int) -> Iterator[int]:
    head = words[:12]
    at = text.find(head, start, stop + len(head))
    while at != -1:
        yield at
        at = text.find(head, at + 1, stop + len(head))


def _match(text: str, words: str, start: int) -> int | None:
    """Where ``words`` ends if it starts at ``start``, whole or with one gap of at most PAGE_BREAK characters."""
    if text.startswith(words, start):
        return start + len(words)
    matched = 0
    while start + matched < len(text) and matched < len(words) and text[start + matched] == words[matched]:
        matched += 1
    end = start + matched
    rest = text.find(words[matched:], end, end + PAGE_BREAK + len(words) - matched)
    return rest + len(words) - matched if matched and rest != -1 else None


def html_text(html: str) -> str:
    """The visible text of an HTML page or fragment, normalised."""
    return normalise(visible_text(html))


def pdf_text(path: Path) -> str:
    """The PDF's own text: what each page shows between its top and bottom margins, so never its running header
    (which names the page's section) or its footer, wherever a page break falls."""
    return normalise(" ".join(_page_texts(path, body_only=True)))


def text_digest(pdf: Path | bytes) -> str:
    """A digest of everything the PDF's pages say, in order (running headers and page numbers included), as the
    check compares text: what the sign-off register compares with the text that was issued."""
    return hashlib.sha256(normalise(" ".join(_page_texts(pdf))).encode()).hexdigest()


POINTS_PER_MM = 72 / 25.4


def _page_texts(path: Path | bytes, *, body_only: bool = False) -> list[str]:
    """Each page's text (with ``body_only``, between the margins of PAGE_MARGINS_MM), read by PDFium: several
    times faster than a pure-Python reader, which made this check cost more than typesetting the PDF."""
    import pypdfium2 as pdfium

    top, bottom = (PAGE_MARGINS_MM[side] * POINTS_PER_MM for side in ("top", "bottom"))
    document = pdfium.PdfDocument(path)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            if body_only:
                width, height = page.get_size()
                texts.append(textpage.get_text_bounded(left=0, bottom=bottom, right=width, top=height - top))
            else:
                texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def word_text(path: Path) -> str:
    """The Word file's text, normalised: its paragraphs' words (links' words too), then its tables' (the footer
    repeats the title and is left aside). Read from the file's XML itself, which the build has just written."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(f"{WORD}body")
    words = [
        t.text or "" for kind in ("p", "tbl") for part in body.iterfind(WORD + kind) for t in part.iter(WORD + "t")
    ]
    return normalise(" ".join(words))
