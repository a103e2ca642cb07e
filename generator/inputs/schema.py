"""The schema of the clause library and of organisation files: types, defaults and a line of help per field.

The configuration reference in the README and the JSON Schema for editors are generated from these models.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from generator.inputs.values import (
    control_character,
    email_problem,
    markdown_problem,
    parameter_value_problem,
    phone_problem,
    site_url_problem,
    url_problem,
)


def _matches(pattern: str, expected: str) -> AfterValidator:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise ValueError(f"{value!r} is not {expected}{look_alike(value)}")
        return value

    return AfterValidator(check)


def look_alike(text: str) -> str:
    """'; it contains ... (U+0430 CYRILLIC SMALL LETTER A) ...' for the first non-ASCII character, else ''.

    Ids are ASCII; a letter from another alphabet that looks Latin is otherwise invisible in the message.
    """
    for character in text:
        if not character.isascii():
            name = unicodedata.name(character, "unnamed character")
            return f"; it contains {character!r} (U+{ord(character):04X} {name}), which is not an ASCII character"
    return ""


def _checked(problem_of: Callable[[str], str | None]) -> AfterValidator:
    """A pydantic validator from a check that returns what is wrong with a value, or None."""

    def check(value: str) -> str:
        problem = problem_of(value)
        if problem:
            raise ValueError(problem)
        return value

    return AfterValidator(check)


ClauseId = Annotated[str, _matches(r"[a-z0-9]+(-[a-z0-9]+)*", "a clause id: lower-case letters, digits and hyphens")]
SectionId = Annotated[str, _matches(r"[a-z0-9]+(-[a-z0-9]+)*", "a section id: lower-case letters, digits and hyphens")]
OrganisationId = Annotated[
    str, _matches(r"[a-z0-9]+(-[a-z0-9]+)*", "an organisation id: lower-case letters, digits and hyphens")
]
ParameterId = Annotated[str, _matches(r"[a-z][a-z0-9_]*", "a parameter id: lower-case letters, digits and _")]
RequirementId = Annotated[
    str, _matches(r"[a-z0-9]+(-[a-z0-9]+)*", "a requirement id: lower-case letters, digits and hyphens")
]
CitationId = Annotated[
    str, _matches(r"[a-z0-9]+(-[a-z0-9]+)*", "a citation id: lower-case letters, digits and hyphens")
]
RoleId = Annotated[str, _matches(r"[a-z][a-z0-9_]*", "a role id: lower-case letters, digits and _")]
Colour = Annotated[str, _matches(r"#[0-9a-fA-F]{6}", "a colour: write it as # and six hex digits, like '#1d4f91'")]
Text = Annotated[str, Field(min_length=1, max_length=20_000), _checked(markdown_problem)]
"""Markdown: several lines."""
ShortText = Annotated[
    str, Field(min_length=1, max_length=300), _checked(lambda value: control_character(value, multiline=False))
]
"""One line of plain text."""
Email = Annotated[ShortText, _checked(email_problem)]
Phone = Annotated[ShortText, _checked(phone_problem)]
ParameterText = Annotated[
    str,
    Field(min_length=1, max_length=1_000),
    _checked(lambda value: control_character(value, multiline=False, joiners=True)),
]
ParameterValue = (
    ParameterText
    | Annotated[int, Field(ge=-1_000_000_000, le=1_000_000_000)]
    | Annotated[list[ParameterText], Field(max_length=100)]
)
WebAddress = Annotated[ShortText, _checked(url_problem)]
"""A web address (http or https)."""
SiteUrl = Annotated[ShortText, _checked(site_url_problem), AfterValidator(lambda url: url.rstrip("/") + "/")]
"""The address of a site's home page; it always ends in /, so that page paths can follow it."""
PolicyDate = Annotated[datetime.date, Field(ge=datetime.date(1990, 1, 1), le=datetime.date(2200, 12, 31))]
"""A date a policy was adopted or released: far-off years are mistakes (and would overflow review dates)."""
AdoptedFrom = Annotated[
    str, _matches(r"[a-z0-9]+(-[a-z0-9]+)*@\d+(\.\d+)*", "publisher@version, e.g. kestrel-vale-partnership@2025.1")
]

Audience = Literal["staff", "pupils", "parents", "candidates", "account-managers", "leaders", "all"]
Strength = Literal["must", "should", "may"]
Numbering = Literal["decimal", "roman", "alpha", "bullets", "none"]
OrganisationKind = Literal["school", "academy", "trust", "agency", "board", "local-authority"]
DocumentKind = Literal["policy", "advice-sheet", "guidance", "form"]
SigningKind = Literal["adoption", "agreement", "acknowledgement", "none"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- the clause library (content/) -----------------------------------------------------------------------------


class ChangeLogEntry(Strict):
    """What one release changed."""

    version: ShortText = Field(description="The release.")
    date: PolicyDate = Field(description="When it was released.")
    notes: Text = Field(description="What changed and why.")


class LibraryInfo(Strict):
    """The library as a whole (content/library.yml)."""

    title: ShortText = Field(description="The library's name, e.g. the model policy it holds.")
    version: Annotated[str, _matches(r"\d+(\.\d+)*", "a version: numbers separated by dots, like 2025.1")] = Field(
        description="Release version; raised whenever any clause changes."
    )
    changes: list[ChangeLogEntry] = Field(default_factory=list, description="One entry per release, newest first.")


class Parameter(Strict):
    """An organisation-specific word or phrase that clause text refers to as {{ id }}."""

    type: Literal["text", "email", "phone", "url", "list", "integer"] = Field(description="Kind of value expected.")
    label: ShortText = Field(description="Short name, shown in a fill-in blank: [label].")
    description: ShortText = Field(description="What the value is, for the person filling it in.")
    example: ParameterValue = Field(description="A realistic value.")
    default: ParameterValue | None = Field(None, description="Value used when an organisation sets none.")

    @field_validator("example", "default")
    @classmethod
    def _fits_type(cls, value: ParameterValue | None, info: ValidationInfo) -> ParameterValue | None:
        """An example or default that its own type refuses would teach the mistake it should prevent."""
        if value is None or "type" not in info.data:
            return value  # no type: that problem is reported on its own
        problem = parameter_value_problem(info.data["type"], value)
        if problem:
            raise ValueError(problem)
        return value


class Role(Strict):
    """A role a person holds in an organisation: a contact, or someone who signs a document."""

    title: ShortText = Field(description="The role as written in documents, e.g. Headteacher.")


class Source(Strict):
    """Where a clause came from."""

    seed: ShortText = Field(description="Source document file name.")
    section: ShortText = Field(description="Heading or number of the statement in the source.")


DifferenceKind = Literal["spelling", "grammar", "punctuation", "capitals", "parameter", "link", "structure", "wording"]


class Difference(Strict):
    """One place where a clause's words differ from its source's, and why."""

    kind: DifferenceKind = Field(
        description="spelling, grammar or punctuation (a slip fixed), capitals (a title or heading in capitals set "
        "in sentence case, or a proper name given its capitals), parameter (a word each organisation sets), link "
        "(an address added), structure (a line break, list mark, heading or paragraph), wording (any other change)."
    )
    source: Text = Field(description="The source's words, exactly as written there.")
    ours: Text = Field(description="The clause's words in their place (placeholders unfilled).")
    reason: ShortText = Field(description="Why the words differ.")


class Clause(Strict):
    """One policy statement."""

    id: ClauseId = Field(description="Stable id, never reused.")
    title: ShortText = Field(description="Short title, sentence case.")
    text: Text = Field(description="Markdown with {{ parameter }} placeholders.")
    audience: list[Audience] = Field(min_length=1, description="Who the statement is addressed to.")
    strength: Strength = Field(description="must (law or rule), should (guidance) or may (permission, context).")
    topics: list[ClauseId] = Field(default_factory=list, description="Themes, for search.")
    version: int = Field(1, ge=1, description="Raised whenever the text changes.")
    sources: list[Source] = Field(default_factory=list, description="Provenance.")
    differences: list[Difference] = Field(
        default_factory=list,
        description="Every place where the text, as its source's organisation publishes it, differs from the source.",
    )
    template_only: bool = Field(
        False,
        description="Only makes sense in a board's template (a preface to adopters, a disclaimer): "
        "left out of the documents of organisations that adopt it.",
    )
    satisfies: list[RequirementId] = Field(
        default_factory=list, description="Requirements (content/requirements.yml) its text meets."
    )
    cites: list[CitationId] = Field(
        default_factory=list, description="Documents and bodies (content/citations.yml) its own words name."
    )


def _entry(value: object) -> object:
    return {"clause": value} if isinstance(value, str) else value


class ClauseEntry(Strict):
    """A clause placed in a section, optionally leading a list of further clauses."""

    clause: ClauseId = Field(description="The clause id.")
    numbering: Numbering = Field("bullets", description="How the items are numbered.")
    paragraph: bool = Field(
        False, description="Printed as a paragraph of its own, unnumbered, after the list (a note, closing words)."
    )
    items: list[Annotated[ClauseEntry, BeforeValidator(_entry)]] = Field(
        default_factory=list, description="Clauses listed under this one."
    )


Entry = Annotated[ClauseEntry, BeforeValidator(_entry)]


class Section(Strict):
    """A titled part of a document."""

    id: SectionId = Field(description="Unique within the document; local clauses can be added to it.")
    title: ShortText | None = Field(
        None,
        description="Heading, with {{ placeholders }} if need be; none where the source has none (then unnumbered).",
    )
    numbering: Numbering = Field("none", description="How its clauses are numbered.")
    clauses: list[Entry] = Field(default_factory=list, description="Clause ids, in order.")
    sections: list[Section] = Field(default_factory=list, description="Sub-sections.")
    quotation: bool = Field(
        False,
        description="Quoted word for word from another document, its headings and sub-sections included: shown "
        "as one block quote, introduced, as in the source, by the text before it (no caption is added).",
    )


class DocumentTemplate(Strict):
    """A document assembled from clauses; its file name is its id."""

    title: ShortText = Field(description="Document title.")
    adopter_title: ShortText | None = Field(
        None, description="Title in the documents of organisations that adopt a template (default: the title)."
    )
    subtitle: ShortText | None = Field(None, description="Line under the title.")
    kind: DocumentKind = Field(description="What sort of document.")
    source: ShortText | None = Field(None, description="Source document it reproduces.")
    numbering: Literal["decimal", "none"] = Field("none", description="Number the top-level sections.")
    signing: SigningKind = Field(
        description="Who signs and why: adoption (the organisation's leaders adopt it), agreement (each member of "
        "staff agrees to follow it), acknowledgement (each reader, e.g. a candidate, confirms they have read it and "
        "will follow it) or none (guidance nobody signs)."
    )
    signatories: list[RoleId] = Field(default_factory=list, description="Roles that sign the document.")
    acknowledgement: ClauseId | None = Field(None, description="Clause each reader signs to acknowledge.")
    acknowledgement_after: SectionId | None = Field(
        None, description="The section the acknowledgement follows, where the source puts it (default: the end)."
    )
    differences: list[Difference] = Field(
        default_factory=list, description="Where the document's title, headings or layout differ from the source."
    )
    sections: list[Section] = Field(min_length=1, description="The document's sections.")

    def clause_ids(self) -> list[str]:
        """Every clause id the template places, in reading order (with its acknowledgement last)."""

        def entries(items: list[ClauseEntry]) -> Iterator[str]:
            for entry in items:
                yield entry.clause
                yield from entries(entry.items)

        def sections(items: list[Section]) -> Iterator[str]:
            for section in items:
                yield from entries(section.clauses)
                yield from sections(section.sections)

        ids = list(sections(self.sections))
        return [*ids, self.acknowledgement] if self.acknowledgement else ids

    def title_for(self, *, template: bool) -> str:
        """The title of an organisation's copy: a template's own, or the one it gives adopters' copies."""
        return self.adopter_title if self.adopter_title and not template else self.title

    def section_titles(self) -> list[str]:
        """Every section's heading, sub-sections after their parent (headings may hold {{ placeholders }})."""

        def titles(items: list[Section]) -> Iterator[str]:
            for section in items:
                yield from [section.title] if section.title else []
                yield from titles(section.sections)

        return list(titles(self.sections))

    def placement(self) -> dict[str, tuple[str, str | None]]:
        """Each clause the template places -> (the top-level section it stands in, the clause it is an item of)."""
        found: dict[str, tuple[str, str | None]] = {}
        pending: list[tuple[str, str | None, ClauseEntry]] = []
        for top in self.sections:
            stack = [top]
            while stack:
                section = stack.pop()
                pending += [(top.id, None, entry) for entry in section.clauses]
                stack += section.sections
        while pending:
            section_id, lead, entry = pending.pop()
            found[entry.clause] = (section_id, lead)
            pending += [(section_id, entry.clause, item) for item in entry.items]
        return found

    def led_by(self, clause: str) -> list[str]:
        """The clauses listed under ``clause``, at any depth."""
        leads = {ident: lead for ident, (_, lead) in self.placement().items()}
        found = []
        for ident in leads:
            lead = leads[ident]
            while lead is not None and lead != clause:
                lead = leads.get(lead)
            if lead == clause:
                found.append(ident)
        return found

    def section_ids(self) -> list[str]:
        """Every section id, sub-sections after their parent."""

        def ids(items: list[Section]) -> Iterator[str]:
            for section in items:
                yield section.id
                yield from ids(section.sections)

        return list(ids(self.sections))


# --- what clauses answer to (content/citations.yml, content/requirements.yml) -----------------------------------


CitationStatus = Literal["current", "superseded", "renamed", "abolished"]


class Citation(Strict):
    """A document or body that clauses or organisations cite, recorded once with its currency."""

    title: ShortText = Field(description="The document's or body's name, as it calls itself.")
    short: ShortText | None = Field(None, description="A short name for tables, e.g. KCSIE 2025 (default: the title).")
    kind: Literal["document", "body"] = Field(description="A published document, or an organisation.")
    publisher: ShortText | None = Field(None, description="Who publishes the document.")
    edition: ShortText | None = Field(None, description="The edition, e.g. October 2015, or 2025.")
    url: WebAddress | None = Field(None, description="Where it is published.")
    status: CitationStatus = Field(
        description="current, superseded (a later edition replaces it), renamed (the body goes on under another "
        "name or form) or abolished (the body no longer exists)."
    )
    replaced_by: CitationId | None = Field(None, description="The citation that replaces it.")
    since: ShortText | None = Field(None, description="When it was superseded, renamed or abolished.")
    note: ShortText | None = Field(None, description="What a maintainer should know, in one sentence.")
    unverified: ShortText | None = Field(
        None, description="What could not be confirmed against the published text, and why."
    )


class Requirement(Strict):
    """One thing an organisation's staff online-conduct policy is expected to cover, and where that is said."""

    title: ShortText = Field(description="Short title, sentence case.")
    source: CitationId = Field(description="The document that sets the expectation (content/citations.yml).")
    edition: ShortText = Field(description="The edition read, e.g. 2025.")
    date: ShortText = Field(description="When that edition was published or came into force.")
    section: ShortText = Field(description="Part, section or heading of the source.")
    paragraph: ShortText | None = Field(None, description="Paragraph number, only where confirmed in the text.")
    summary: ShortText = Field(description="What is expected, in one sentence of our own words (no quotation).")
    url: WebAddress = Field(description="The address of the source.")
    applies_to: list[OrganisationKind] = Field(min_length=1, description="The kinds of organisation it applies to.")
    verified: ShortText | None = Field(None, description="What was confirmed against the published text.")
    unverified: ShortText | None = Field(
        None, description="What could not be confirmed against the published text, and why."
    )


# --- releases (releases/<publisher>.yml, written by `policy-pack release`) ---------------------------------------


class ReleasedClause(Strict):
    """A clause as a release published it."""

    title: ShortText = Field(description="Title at the time.")
    version: int = Field(ge=1, description="Clause version at the time.")
    text: Text = Field(description="Text at the time, placeholders unfilled.")
    locked: bool = Field(False, description="Locked by the publisher at the time.")
    audience: list[Audience] = Field(description="Who it was addressed to.")
    reworded_by: OrganisationId | None = Field(
        None, description="The organisation whose rewording this is; none for the library's own text."
    )


class Release(Strict):
    """One release of a publisher's documents."""

    version: ShortText = Field(description="Release version, e.g. 2026.1.")
    date: PolicyDate = Field(description="Release date.")
    notes: ShortText = Field(description="The change log entry: what changed and why.")
    documents: dict[str, dict[str, ReleasedClause]] = Field(description="Document id -> clause id -> clause.")


# --- organisations (schools/) -------------------------------------------------------------------------------------


class Person(Strict):
    """Someone holding a role."""

    name: ShortText = Field(description="Name as printed, e.g. Mrs Jane Harper.")
    email: Email | None = Field(None, description="Contact e-mail address.")
    phone: Phone | None = Field(None, description="Contact telephone number.")


class Branding(Strict):
    """How the organisation's site and PDFs look."""

    logo: ShortText | None = Field(None, description="Logo image (SVG, PNG or JPEG), relative to schools/.")
    primary: Colour = Field(
        "#1f4e79", description="Header and cover colour; the text on it is white or black, whichever reads better."
    )
    accent: Colour = Field(
        "#0b6e4f", description="Rules, links and buttons; links are darkened where too light to read on white."
    )


class LocalClause(Strict):
    """A clause an organisation adds to a document."""

    id: ClauseId = Field(description="Unique id; must not clash with a library clause.")
    title: ShortText = Field(description="Short title.")
    text: Text = Field(description="Markdown with {{ parameter }} placeholders.")
    after: ClauseId | None = Field(None, description="Place it after this clause ...")
    section: SectionId | None = Field(None, description="... or at the end of this section.")
    audience: list[Audience] = Field(["staff"], min_length=1, description="Who it is addressed to.")
    strength: Strength = Field("should", description="must, should or may.")
    topics: list[ClauseId] = Field(default_factory=list, description="Themes, for search.")
    satisfies: list[RequirementId] = Field(
        default_factory=list, description="Requirements (content/requirements.yml) its text meets."
    )


class SigningLine(Strict):
    """One line of a signing block, captioned in its source's words."""

    caption: ShortText = Field(description="The words printed at the line, as the source has them, e.g. Signed.")
    kind: Literal["signature", "text", "name"] = Field(
        description="signature (a digital-signature field), text (a fillable field, e.g. a date or a printed "
        "name) or name (the signatory's name where the organisation names one, else a line to write it on)."
    )


class SigningBlock(Strict):
    """How a document is signed, stated in the words of the organisation's own source: who signs, which lines,
    what words. It replaces the library's signing for this organisation only (not for those extending it)."""

    heading: ShortText | None = Field(None, description="The heading above the block; none where the source has none.")
    statement: ShortText | None = Field(
        None, description="The words signed, above the lines; none where the source has none."
    )
    signatory: RoleId | None = Field(
        None, description="The role that signs, printed above its lines; none where the source names nobody."
    )
    lines: list[SigningLine] = Field(
        default_factory=list,
        description="The lines to fill in, in the source's order; none where the source has no signature.",
    )


class DocumentSettings(Strict):
    """What an organisation changes in one document it publishes."""

    title: ShortText | None = Field(
        None, description="The document's title, if not the library's (kept by those extending this organisation)."
    )
    subtitle: ShortText | None = Field(None, description="The line under the title, if not the library's.")
    exclude: list[ClauseId] = Field(default_factory=list, description="Clauses to leave out.")
    reword: dict[ClauseId, Text] = Field(default_factory=dict, description="Clause id -> replacement text.")
    add: list[LocalClause] = Field(default_factory=list, description="Local clauses to add.")
    parameters: dict[ParameterId, ParameterValue] = Field(
        default_factory=dict, description="Parameter values for this document only."
    )
    adopted: PolicyDate | None = Field(None, description="Adoption date, if not the organisation's.")
    review_months: int | None = Field(None, ge=1, le=60, description="Review cycle, if not the organisation's.")
    signing: SigningBlock | None = Field(
        None, description="The document's signing as its source has it, if not the library's (this file only)."
    )


class Declarations(Strict):
    """Parameters and roles an organisation adds for its own documents and those of organisations extending it."""

    parameters: dict[ParameterId, Parameter] = Field(
        default_factory=dict, description="Parameter id -> its definition, as in content/parameters.yml."
    )
    roles: dict[RoleId, Role] = Field(
        default_factory=dict, description="Role id -> its title, as in content/roles.yml."
    )


class Organisation(Strict):
    """A school, trust, agency, board or local authority: one file in schools/, its file name is its id."""

    name: ShortText = Field(description="Full name, as printed.")
    kind: OrganisationKind = Field(description="What sort of organisation.")
    extends: OrganisationId | None = Field(None, description="Inherit everything from this organisation.")
    template: bool | None = Field(
        None, description="Missing parameters render as fill-in blanks (default: true for a board)."
    )
    branding: Branding = Field(default_factory=Branding, description="Logo and colours.")
    people: dict[RoleId, Person] = Field(default_factory=dict, description="Role id -> person.")
    declares: Declarations = Field(
        default_factory=Declarations,
        description="Its own parameters (e.g. a LADO telephone number) and roles, beside the library's, for the text "
        "it and those extending it write.",
    )
    parameters: dict[ParameterId, ParameterValue] = Field(default_factory=dict, description="Parameter values.")
    adopted: PolicyDate | None = Field(None, description="Date the documents were adopted.")
    review_months: int | None = Field(None, ge=1, le=60, description="Months between reviews (default 12).")
    locked: list[ClauseId] = Field(
        default_factory=list, description="Clauses extending organisations may not exclude or reword."
    )
    adopted_from: AdoptedFrom | None = Field(
        None,
        description=(
            "The release adopted, as publisher@version (the organisation it extends, or library): the organisation "
            "publishes that release's text, with its own changes, until it adopts another (policy-pack adopt)."
        ),
    )
    site_url: SiteUrl | None = Field(
        None, description="The site's public address: its sitemap, canonical links and policies.json use it."
    )
    edition: Literal["own", "reproduction", "fictional"] = Field(
        "own",
        description="What its editions say about their text: own (its own policies: nothing), reproduction (a real "
        "organisation's source, reproduced word for word: each edition says so, with the number of recorded "
        "differences, and names what the edition adds) or fictional (an example: each edition says so).",
    )
    changes_page: Literal["public", "hidden", "off"] = Field(
        "hidden",
        description="The 'what changed since we adopted' page, for governors and staff: in the navigation and "
        "search, only by its link (default), or none.",
    )
    coverage_page: Literal["public", "hidden", "off"] = Field(
        "hidden",
        description="The governors' page of requirements and the clauses meeting them: in the navigation and "
        "search, only by its link (default), or none.",
    )
    cites: list[CitationId] = Field(
        default_factory=list,
        description="Documents and bodies (content/citations.yml) its published words name, e.g. through its "
        "parameters: validate warns when one is superseded or no longer exists.",
    )
    editions: Literal["joint", "per-brand"] = Field(
        "joint",
        description="For an agency with several brand_names: one edition of each document naming every brand "
        "(default), or one edition per brand, each naming only that brand.",
    )
    deviations_page: Literal["public", "hidden", "off"] = Field(
        "hidden",
        description="For a board or trust: the page of each change the organisations extending it made, naming "
        "them: in the navigation and search, only by its link (default), or none.",
    )
    documents: dict[OrganisationId, DocumentSettings] = Field(
        default_factory=dict, description="Document id -> what this organisation changes in it."
    )
