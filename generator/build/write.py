"""A project -> each organisation's built output (site, PDFs, reports), written whole or not at all.

Only this module writes a build's files (MkDocs writes each site into the folder this module gives it). Each
organisation is built in a staging folder beside its output and swapped into place when everything succeeded,
so a failed build leaves the previous output as it was.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from generator.build.locks import LockCheck, check_locks
from generator.document.edition import DIFFERENCES_PAGE
from generator.editions.site.engine import build_site, config_yaml, docs_files, site_config
from generator.editions.site.listings import document_files, document_summary, policies_json, sitemap_xml
from generator.editions.site.pages import site_pages
from generator.editions.site.redirects import redirect_pages
from generator.inputs.errors import UserError, output_error
from generator.inputs.load import Project
from generator.inputs.schema import Organisation, Release
from generator.model.coverage import Coverage, coverage_data, coverage_of
from generator.model.deviations import deviations
from generator.model.lifecycle import ChangeReport, change_report
from generator.model.resolve import resolve_organisation
from generator.model.resolved import ResolvedOrganisation
from generator.model.review import review_calendar, review_state


@dataclass(frozen=True)
class Built:
    """What one organisation's build wrote."""

    organisation: str
    documents: int
    pages: int = 0
    """PDF pages."""


def validate_project(root: Path) -> Project:
    """Load and check everything; raise UserError with every problem, wherever it is."""
    from generator.checks.validation import validate_estate

    validation = validate_estate(root)
    if validation.problems:
        raise UserError(validation.problems)
    return validation.project


def select(project: Project, wanted: Iterable[str], *, also: Iterable[str] = ()) -> list[str]:
    """The organisations to build: those named (each must exist, in ``project`` or among ``also``), or all."""
    from generator.inputs.errors import Problem

    names = list(wanted)
    known = {*project.organisations, *also}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UserError([Problem("schools", 0, 0, name, _no_organisation(name, known)) for name in unknown])
    return names or sorted(project.organisations)


def _no_organisation(name: str, known: set[str]) -> str:
    """ "no organisation 'northants' (did you mean 'northamptonshire-scb'?)": close spellings or a shared start."""
    from generator.inputs.errors import did_you_mean

    hint = did_you_mean(name, sorted(known))
    if not hint:
        starts = sorted(k for k in known if k[:4] == name[:4]) if len(name) >= 4 else []
        hint = f" (did you mean {starts[0]!r}?)" if len(starts) == 1 else ""
        if len(starts) > 1:
            hint = f" (did you mean one of: {', '.join(starts[:5])}?)"
    return f"no organisation {name!r}{hint}; the organisations are the file names in schools/"


@dataclass(frozen=True)
class SitePlan:
    """Everything an organisation's site shows, before any file is written."""

    organisation: ResolvedOrganisation
    pages: dict[str, str]
    changes: ChangeReport | None
    extra_nav: dict[str, str]
    """Navigation title -> page, after the documents."""
    coverage: Coverage
    """The requirements that apply to it and the clauses meeting them (in report.json, and on its page)."""


def plan_site(project: Project, org_id: str, *, today: datetime.date | None = None) -> SitePlan:
    """Resolve the organisation and render its pages, with its change report and its adopters' deviations.

    Its coverage report is made whatever its ``coverage_page`` says, for report.json.
    Each document page links to its PDF at pdf/<slug>.pdf and its Word edition at docx/<slug>.docx,
    which ``build_organisation`` writes.
    """
    resolved = resolve_organisation(project, org_id)
    organisation = project.organisations[org_id]
    changes = change_report(project, org_id) if organisation.changes_page != "off" else None
    publisher = changes.publisher if changes else ""
    publisher_name = project.organisations[publisher].name if publisher in project.organisations else "the library"
    adopters = deviations(project, org_id) if organisation.deviations_page != "off" else []
    coverage = coverage_of(project, resolved)
    pages = site_pages(
        resolved,
        templates=project.root / "templates",
        pdfs={document.id: document_files(document)["pdf"] for document in resolved.documents},
        word_files={document.id: document_files(document)["word"] for document in resolved.documents},
        today=today,
        changes=changes,
        publisher_name=publisher_name,
        deviations=adopters,
        coverage=coverage if organisation.coverage_page != "off" else None,
        unsearched={page for page, _, shown in _optional_pages(organisation) if shown == "hidden"},  # by link only
    )
    extra_nav = {
        title: page for page, title, shown in _optional_pages(organisation) if page in pages and shown == "public"
    }
    if DIFFERENCES_PAGE in pages:
        extra_nav["Differences from the source"] = DIFFERENCES_PAGE
    extra_nav["Accessibility"] = "accessibility.md"
    return SitePlan(resolved, pages, changes, extra_nav, coverage)


def _optional_pages(organisation: Organisation) -> list[tuple[str, str, str]]:
    """The pages an organisation's file says are in the navigation ("public"), found by link only ("hidden"), or
    not made ("off"): (page, its title in the navigation, what the file says)."""
    return [
        ("changes.md", "What changed", organisation.changes_page),
        ("coverage.md", "What the guidance expects", organisation.coverage_page),
        ("deviations.md", "Deviations", organisation.deviations_page),
    ]


def build_organisation(
    project: Project,
    org_id: str,
    output: Path,
    *,
    today: datetime.date | None = None,
    manifest: str | None = None,
    downloads: bool = True,
    plan: SitePlan | None = None,
) -> Built:
    """Build one organisation's site and reports into ``output/<org_id>``, atomically.

    ``today`` decides which reviews are overdue (banners on the site); without it no banner is shown.
    ``manifest`` (the fingerprint of the inputs) is written with the output, for the next incremental build.
    ``downloads=False`` leaves out the PDFs and Word files (the live preview writes them when they are asked for).
    ``plan``: plan_site's for ``today``, where the caller has it already.
    """
    plan = plan or plan_site(project, org_id, today=today)
    try:
        return _write_organisation(project, plan, output, today=today, manifest=manifest, downloads=downloads)
    except OSError as error:
        unwritable = output_error(error, output)
        if unwritable is None:
            raise
        raise unwritable from None


def _write_organisation(
    project: Project,
    plan: SitePlan,
    output: Path,
    *,
    today: datetime.date | None,
    manifest: str | None,
    downloads: bool,
) -> Built:
    resolved = plan.organisation
    org_id = resolved.id
    recover_interrupted_builds(output, org_id)
    output.mkdir(parents=True, exist_ok=True)
    staging = output / f".{org_id}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        docs_dir, site_dir = staging / "docs", staging / "site"
        write_files(docs_dir, docs_files(project.root, resolved, plan.pages))
        pages = 0
        if downloads:
            pages = write_pdfs(project, resolved, (staging / "pdf", docs_dir / "pdf"), today=today)
            write_word_files(resolved, (staging / "docx", docs_dir / "docx"))
        else:  # empty files, so that MkDocs finds what the pages link to; the preview fills them when asked
            write_files(
                docs_dir,
                {document_files(d)[kind]: "" for d in resolved.documents for kind in ("pdf", "word")},
            )
        calendar = review_calendar(resolved)
        if calendar is not None:
            (docs_dir / "reviews.ics").write_text(calendar, encoding="utf-8", newline="")
        (docs_dir / "policies.json").write_text(policies_json(resolved), encoding="utf-8")
        config = site_config(project.root, resolved, docs_dir=docs_dir, site_dir=site_dir, extra_pages=plan.extra_nav)
        (staging / "mkdocs.yml").write_text(config_yaml(config), encoding="utf-8")
        build_site(staging / "mkdocs.yml", moved=redirect_pages(resolved))
        write_sitemap(plan, site_dir)
        locks = check_locks(project, resolved, site_dir, staging / "pdf", staging / "docx")
        if locks.missing:
            raise LockCheckError(f"{org_id}: {locks.message()}")
        (staging / "report.json").write_text(report_json(resolved, locks, plan.coverage), encoding="utf-8")
        if plan.changes:
            (staging / "changes.json").write_text(changes_json(plan.changes), encoding="utf-8")
        if manifest is not None:
            (staging / "manifest.json").write_text(manifest, encoding="utf-8")
        _swap_into_place(staging, output / org_id)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Built(org_id, len(resolved.documents), pages)


def write_files(folder: Path, files: dict[str, str | Path]) -> None:
    """Write each relative path's text, or copy the file named, into ``folder``."""
    for relative, content in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, path)
        else:
            path.write_text(content, encoding="utf-8")


def write_pdfs(
    project: Project, organisation: ResolvedOrganisation, folders: tuple[Path, ...], *, today: datetime.date | None
) -> int:
    """Render each document's PDF into every folder (the build's pdf/ and the site's); return the page count."""
    from pypdf import PdfReader

    from generator.editions.pdf.typeset import render_pdf  # only builds that render need Typst, pyHanko and pypdf

    pages = 0
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    for document in organisation.documents:
        overdue = today is not None and review_state(document, today) == "overdue"
        data = render_pdf(organisation, document, templates=project.root / "templates", overdue=overdue)
        pages += len(PdfReader(io.BytesIO(data)).pages)
        for folder in folders:
            (folder / f"{document.slug}.pdf").write_bytes(data)
    return pages


def write_sitemap(plan: SitePlan, site_dir: Path) -> None:
    """Replace MkDocs' sitemap (dated by the build, listing unlisted pages too) with the listed pages' addresses."""
    organisation = plan.organisation
    (site_dir / "sitemap.xml.gz").unlink(missing_ok=True)
    (site_dir / "sitemap.xml").unlink(missing_ok=True)
    if organisation.site_url:
        listed = ["index.html"] + [document_files(d)["page"] for d in organisation.documents]
        listed += [page.removesuffix(".md") + ".html" for page in plan.extra_nav.values()]
        (site_dir / "sitemap.xml").write_text(sitemap_xml(organisation.site_url, listed), encoding="utf-8")


def write_word_files(organisation: ResolvedOrganisation, folders: tuple[Path, ...]) -> None:
    """Write each document's Word edition into every folder (the build's docx/ and the site's)."""
    from generator.editions.word.docx_file import word_document

    for document in organisation.documents:
        data = word_document(organisation, document)
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{document.slug}.docx").write_bytes(data)


def write_release(root: Path, publisher: str, release: Release) -> Path:
    """Append ``release`` to releases/<publisher>.yml (written by `policy-pack release`, never by hand)."""
    from generator.inputs.project_files import release_file
    from generator.inputs.yamlfile import dump_yaml

    path = release_file(root, publisher)
    path.parent.mkdir(exist_ok=True)
    header = (
        ""
        if path.exists()
        else f"# Releases of {publisher}, oldest first. Written by `policy-pack release`; do not edit by hand.\n"
    )
    entry = dump_yaml([release.model_dump(mode="json")])
    with path.open("a", encoding="utf-8") as stream:
        stream.write(header + entry)
    return path


def changes_json(report: ChangeReport) -> str:
    """The change report as data: one entry per changed clause, with its word diff."""
    data = {
        "organisation": report.organisation,
        "publisher": report.publisher,
        "adopted": report.adopted,
        "current": report.current,
        "re_sign": {doc: report.re_sign(doc) for doc in dict.fromkeys(c.document for c in report.changes)},
        "changes": [{**asdict(change), "diff": [list(part) for part in change.diff]} for change in report.changes],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


class LockCheckError(Exception):
    """A locked clause is missing from an organisation's built site, PDF or Word file: its build fails."""


def report_json(organisation: ResolvedOrganisation, locks: LockCheck, coverage: Coverage) -> str:
    """The build report: every clause of every document, what happened to it, the requirements its clauses meet
    and the check of locked clauses."""
    report = {
        "organisation": organisation.id,
        "name": organisation.name,
        "extends": list(organisation.chain[1:]),
        "template": organisation.template,
        "documents": [
            {
                **document_summary(d),
                "signing": d.signing.kind,
                "differences": sum(e.differences for e in organisation.report if e.document == d.id),
            }
            for d in organisation.documents
        ],
        "clauses": [{**asdict(entry), "sources": list(entry.sources)} for entry in organisation.report],
        "coverage": coverage_data(coverage),
        "locks": {
            "checked": list(locks.clauses),
            "found_in": ["site", "pdf", "word"],
            "missing": [list(entry) for entry in locks.missing],
        },
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def remove_stale_outputs(organisations: Collection[str], output: Path) -> list[str]:
    """Remove the output of organisations not among ``organisations`` (those in schools/); return their ids.

    Only folders this tool wrote (those holding a manifest.json) are removed; anything else is left alone.
    """
    if not output.is_dir():
        return []
    removed = []
    for folder in sorted(output.iterdir()):
        if folder.name.startswith(".") or folder.name in organisations or not (folder / "manifest.json").is_file():
            continue
        aside = output / f".{folder.name}.old-{os.getpid()}"
        os.rename(folder, aside)
        shutil.rmtree(aside, ignore_errors=True)
        removed.append(folder.name)
    return removed


def _swap_into_place(staging: Path, final: Path) -> None:
    """Replace ``final`` with ``staging``: at every moment ``final`` is the whole old output or the whole new one.

    Where the OS can exchange two folders in one step (Linux renameat2 with RENAME_EXCHANGE), it does. Otherwise
    the old output is renamed aside, the new one renamed in, and the old one deleted; a build killed between
    those two renames leaves ``.<org>.old-<pid>``, which ``recover_interrupted_builds`` puts back next time.
    """
    import ctypes
    import sys

    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None) if sys.platform == "linux" else None
    at_fdcwd, rename_exchange = -100, 2
    exchanged = (
        final.exists()
        and renameat2 is not None
        and renameat2(at_fdcwd, os.fsencode(staging), at_fdcwd, os.fsencode(final), rename_exchange) == 0
    )
    if exchanged:
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the old output
        return
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        os.rename(final, old)
    try:
        os.rename(staging, final)
    except BaseException:
        if old.exists() and not final.exists():
            os.rename(old, final)
        raise
    shutil.rmtree(old, ignore_errors=True)


def recover_interrupted_builds(output: Path, org_id: str) -> None:
    """Clean up after builds of ``org_id`` whose process died: drop their staging folders, restore lost output.

    Folders of processes still running (another build at the same time) are left alone.
    """
    if not output.is_dir():
        return
    final = output / org_id
    for folder in sorted(output.glob(f".{org_id}.building-*")) + sorted(output.glob(f".{org_id}.old-*")):
        pid = folder.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid():
            try:
                os.kill(int(pid), 0)
                continue  # still running
            except ProcessLookupError:
                pass
            except PermissionError:
                continue  # running, as someone else
        if ".old-" in folder.name and not final.exists():
            os.rename(folder, final)  # killed between the two renames: the previous output comes back
        else:
            shutil.rmtree(folder, ignore_errors=True)
