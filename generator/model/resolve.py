"""An organisation (and the chain it extends) x the clause library -> its resolved documents. Pure."""

from __future__ import annotations

import calendar
import datetime
import html
from dataclasses import replace

from generator.inputs.load import Project
from generator.inputs.schema import Clause, ClauseEntry, DocumentTemplate, LocalClause, Numbering, Section
from generator.model.inherit import DocumentPlan, Settings, parameter_values, settings_of
from generator.model.issued import read_text
from generator.model.kinds import signing_people, signing_roles
from generator.model.lifecycle import document_version
from generator.model.pinning import pinned_settings
from generator.model.placeholders import escape_value, fill, fill_words
from generator.model.resolved import (
    ClauseOrigin,
    ClauseStatus,
    Contact,
    RecordedDifference,
    ReportEntry,
    ResolvedBranding,
    ResolvedClause,
    ResolvedDocument,
    ResolvedOrganisation,
    ResolvedSection,
    Signatory,
    Signing,
)
from generator.model.scope import placeholders_of, roles_of
from generator.model.signing import signing_for, stated_signing
from generator.model.slugs import document_title, edition_brands, edition_id

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]


def resolve_organisation(project: Project, org_id: str) -> ResolvedOrganisation:
    """Everything ``org_id`` publishes, with parameters filled and clauses numbered."""
    settings = pinned_settings(project, settings_of(project.organisations, org_id))
    library = project.library
    report: list[ReportEntry] = []
    documents = tuple(
        _DocumentResolver(project, settings, plan, report, brand=brand).resolve(library.documents[plan.id])
        for plan in settings.documents.values()
        for brand in edition_brands(settings)
    )
    logo = project.root / "schools" / settings.branding.logo if settings.branding.logo else None
    roles = list(roles_of(project, settings))
    contacts = tuple(
        Contact(role, _role_title(project, settings, role), person.name, person.email, person.phone)
        for role, person in sorted(settings.people.items(), key=lambda item: _order(roles, item[0]))
    )
    return ResolvedOrganisation(
        id=org_id,
        name=settings.organisation.name,
        kind=settings.organisation.kind,
        template=settings.template,
        chain=settings.chain,
        branding=ResolvedBranding(logo, settings.branding.primary, settings.branding.accent),
        contacts=contacts,
        documents=documents,
        report=tuple(report),
        site_url=settings.organisation.site_url,
        edition=settings.organisation.edition,
    )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day where it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _role_title(project: Project, settings: Settings, role: str) -> str:
    known = roles_of(project, settings).get(role)
    return known.title if known else role.replace("_", " ").capitalize()


def _order(order: list[str], item: str) -> tuple[int, str]:
    return (order.index(item) if item in order else len(order), item)


class _DocumentResolver:
    """Walks one document template for one organisation, recording what happened to every clause."""

    def __init__(
        self,
        project: Project,
        settings: Settings,
        plan: DocumentPlan,
        report: list[ReportEntry],
        *,
        brand: str | None = None,
    ) -> None:
        self.project = project
        self.settings = settings
        self.plan = plan
        self.report = report
        self.id = edition_id(plan.id, brand)
        self.brand = brand
        self.issuer = brand or settings.organisation.name
        self.parameters = placeholders_of(project, settings)
        self.values = parameter_values(self.parameters, settings, plan)
        if brand is not None:  # the edition speaks for one brand: its text names it alone
            self.values.update(brand_names=[brand], organisation_name=brand)
        self.types = {ident: p.type for ident, p in self.parameters.items()}
        self.version = document_version(project, settings)

    def resolve(self, template: DocumentTemplate) -> ResolvedDocument:
        titled, numbered = [s for s in template.sections if s.title], template.numbering == "decimal"
        sections = tuple(
            self._section(section, str(titled.index(section) + 1) if numbered and section.title else "")
            for section in template.sections
        )
        acknowledgement = None
        if template.acknowledgement in self.plan.exclude:
            self._excluded(ClauseEntry(clause=template.acknowledgement), self.plan.exclude[template.acknowledgement])
        elif template.acknowledgement:
            acknowledgement = self._clause(self.project.library.clauses[template.acknowledgement], "", (), "bullets")
        adopted = self.plan.adopted or self.settings.adopted
        months = self.plan.review_months or self.settings.review_months
        signing = self._signing(template)
        document = ResolvedDocument(
            id=self.id,
            title=document_title(self.settings, self.plan, template),
            subtitle=self.plan.subtitle or template.subtitle,
            kind=template.kind,
            issuer=self.issuer,
            version=self.version,
            content_hash="",
            adopted=adopted,
            next_review=add_months(adopted, months) if adopted else None,
            sections=sections,
            signatories=signing.signatories,
            acknowledgement=acknowledgement,
            signing=signing,
            acknowledgement_after=template.acknowledgement_after,
            edition=self.brand,
            template=self.plan.id,
            source_title=template.title if template.source else None,
        )
        return replace(
            document, content_hash=read_text(document).reference(), differences=self._differences(template, document)
        )

    def _differences(self, template: DocumentTemplate, document: ResolvedDocument) -> tuple[RecordedDifference, ...]:
        """The template's differences, then those of every library clause published as the library words it."""
        own = [("", difference) for difference in template.differences]
        library = self.project.library.clauses
        published = [c.id for c in document.clauses() if c.origin == "library"]
        clauses = [(ident, difference) for ident in published for difference in library[ident].differences]
        return tuple(
            RecordedDifference(
                where, d.kind, d.source, fill(d.ours, self.values, types=self.types, blank=self._blank), d.reason
            )
            for where, d in own + clauses
        )

    def _signing(self, template: DocumentTemplate) -> Signing:
        """Who signs: an adopting organisation's own named leaders, by its kind, or blanks (in a template, or
        for each reader)."""
        adoption = template.signing == "adoption"
        own = self.settings.organisation
        stated = own.documents[self.plan.id].signing if self.plan.id in own.documents else None
        if stated is not None:
            role = stated.signatory
            statement = escape_value(stated.statement) if stated.statement else None
            return stated_signing(
                stated.model_copy(update={"statement": statement}),
                kind=template.signing,
                title=_role_title(self.project, self.settings, role) if role else None,
            )
        people = signing_people(own) if adoption and not self.settings.template else {}
        signatories = tuple(
            Signatory(role, _role_title(self.project, self.settings, role), people.get(role))
            for role in signing_roles(own.kind, template.signing, template.signatories, list(own.people))
        )
        adopter = self.issuer
        return signing_for(
            template.signing,
            document_kind=template.kind,
            organisation=self._blank("organisation_name") if self.settings.template else escape_value(adopter),
            signatories=signatories if template.signing != "none" else (),
        )

    def _section(self, section: Section, number: str) -> ResolvedSection:
        local = [clause for clause, _ in self.plan.add if clause.section == section.id]
        return ResolvedSection(
            id=section.id,
            number=number,
            title=fill_words(section.title, self.values, blank=lambda name: f"[{self._label(name)}]")
            if section.title
            else None,
            numbering=section.numbering,
            clauses=self._entries(list(section.clauses) + local, section.numbering, number),
            sections=tuple(self._section(sub, "") for sub in section.sections),
            quotation=section.quotation,
        )

    def _entries(
        self, entries: list[ClauseEntry | LocalClause], numbering: Numbering, prefix: str
    ) -> tuple[ResolvedClause, ...]:
        placed: list[ClauseEntry | LocalClause] = []
        for entry in entries:
            if isinstance(entry, ClauseEntry) and entry.clause in self.plan.exclude:
                gone = self._excluded(entry, self.plan.exclude[entry.clause])
            elif isinstance(entry, ClauseEntry) and self._template_only(entry.clause):
                gone = self._excluded(entry, "library", status="template-only")
            else:
                placed.append(entry)
                gone = []
            ident = entry.clause if isinstance(entry, ClauseEntry) else entry.id
            for after in (ident, *gone):
                placed.extend(self._added_after(after))
        resolved = []
        index = 0
        for entry in placed:
            is_paragraph = isinstance(entry, ClauseEntry) and entry.paragraph
            index += 0 if is_paragraph else 1
            number = "" if is_paragraph else _number(numbering, index, prefix)
            if isinstance(entry, LocalClause):
                resolved.append(self._clause(entry, number, (), "bullets"))
                continue
            child_prefix = number if numbering == "decimal" else prefix
            items = self._entries(list(entry.items), entry.numbering, child_prefix)
            clause = self.project.library.clauses[entry.clause]
            resolved.append(replace(self._clause(clause, number, items, entry.numbering), paragraph=is_paragraph))
        return tuple(resolved)

    def _template_only(self, clause_id: str) -> bool:
        """A clause that speaks only to adopters of a template, in a document that is not a template."""
        return self.project.library.clauses[clause_id].template_only and not self.settings.template

    def _excluded(self, entry: ClauseEntry, by: str, *, status: ClauseStatus = "excluded") -> list[str]:
        """Record ``entry`` and the items it leads as left out; their ids, items after their lead."""
        clause = self.project.library.clauses[entry.clause]
        self._record(clause, status, self.plan.exclude.get(entry.clause, by))
        gone = []
        for item in entry.items:
            gone += [item.clause, *self._excluded(item, self.plan.exclude.get(entry.clause, by), status=status)]
        return gone

    def _added_after(self, ident: str) -> list[LocalClause]:
        """The local clauses placed after ``ident``, each followed by those placed after it (without recursion: a
        file decides how long a chain of placements is)."""
        placed_after: dict[str, list[LocalClause]] = {}
        for local, _ in self.plan.add:
            if local.after is not None:
                placed_after.setdefault(local.after, []).append(local)
        found: list[LocalClause] = []
        seen: set[str] = set()  # two clauses of one id (refused by validation) could otherwise loop
        pending = list(reversed(placed_after.get(ident, [])))
        while pending:
            local = pending.pop()
            if local.id not in seen:
                seen.add(local.id)
                found.append(local)
                pending += reversed(placed_after.get(local.id, []))
        return found

    def _clause(
        self, clause: Clause | LocalClause, number: str, items: tuple[ResolvedClause, ...], numbering: Numbering
    ) -> ResolvedClause:
        pinned = self.plan.pinned.get(clause.id) if isinstance(clause, Clause) else None
        text, by = pinned.text if pinned else clause.text, "library"
        origin: ClauseOrigin = "library"
        if isinstance(clause, LocalClause):
            origin, by = "added", next(org for local, org in self.plan.add if local is clause)
        elif clause.id in self.plan.reword:
            (text, by), origin = self.plan.reword[clause.id], "reworded"
        self._record(clause, origin, by)
        return ResolvedClause(
            id=clause.id,
            title=pinned.title if pinned else clause.title,
            number=number,
            text=fill(text, self.values, types=self.types, blank=self._blank),
            audience=tuple(clause.audience),
            strength=clause.strength,
            version=pinned.version if pinned else clause.version if isinstance(clause, Clause) else 1,
            origin=origin,
            items=items,
            items_numbering=numbering,
            locked=clause.id in self.settings.organisation.locked,
        )

    def _record(self, clause: Clause | LocalClause, status: ClauseStatus, by: str) -> None:
        if status not in ("excluded", "template-only") and len(self.settings.chain) > 1 and by != self.settings.id:
            status = "inherited"
        sources = tuple(f"{s.seed} {s.section}" for s in clause.sources) if isinstance(clause, Clause) else ()
        version = clause.version if isinstance(clause, Clause) else 1
        locked_by = self.settings.locked.get(clause.id) or (
            self.settings.id if clause.id in self.settings.organisation.locked else None
        )
        differences = (
            len(clause.differences) if isinstance(clause, Clause) and status in ("library", "inherited") else 0
        )
        self.report.append(
            ReportEntry(self.id, clause.id, version, sources, status, by, locked_by, differences=differences)
        )

    def _label(self, name: str) -> str:
        parameter = self.parameters.get(name)
        return parameter.label if parameter else name.replace("_", " ")

    def _blank(self, name: str) -> str:
        return f'<mark class="fill-in">[{html.escape(self._label(name))}]</mark>'


def _number(numbering: str, index: int, prefix: str) -> str:
    if numbering == "decimal":
        return f"{prefix}.{index}" if prefix else str(index)
    if numbering == "roman":
        return f"({ROMAN[index - 1]})" if index <= len(ROMAN) else f"({index})"
    if numbering == "alpha":
        return f"({chr(ord('a') + index - 1)})" if index <= 26 else f"({index})"
    return ""
