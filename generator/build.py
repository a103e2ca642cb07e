"""Orchestration: validate the project, then for each organisation resolve, render and build its outputs.

Only this module writes files. Each organisation is built in a staging folder beside its output and swapped
into place when everything succeeded, so a failed build leaves the previous output as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path

from generator.check import check_project
from generator.errors import UserError
from generator.load import Project, load_project
from generator.model import ResolvedOrganisation
from generator.render import site_pages
from generator.resolve import resolve_organisation
from generator.site import build_site, site_config, write_docs


@dataclass(frozen=True)
class BuildResult:
    """How one organisation's build went."""

    organisation: str
    documents: int
    seconds: float
    error: str | None = None


def validate_project(root: Path) -> Project:
    """Load and check everything; raise UserError with every problem."""
    project = load_project(root)
    problems = check_project(project)
    if problems:
        raise UserError(problems)
    return project


def select(project: Project, wanted: Iterable[str]) -> list[str]:
    """The organisations to build: those named (each must exist), or all."""
    from generator.errors import Problem, did_you_mean

    names = list(wanted)
    unknown = [name for name in names if name not in project.organisations]
    if unknown:
        raise UserError(
            [
                Problem("schools", 0, 0, name, f"no organisation {name!r}{did_you_mean(name, project.organisations)}")
                for name in unknown
            ]
        )
    return names or sorted(project.organisations)


def build_organisation(project: Project, org_id: str, output: Path) -> BuildResult:
    """Build one organisation's site and report into ``output/<org_id>``, atomically."""
    started = time.perf_counter()
    resolved = resolve_organisation(project, org_id)
    output.mkdir(parents=True, exist_ok=True)
    staging = output / f".{org_id}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        docs_dir, site_dir = staging / "docs", staging / "site"
        pages = site_pages(resolved, templates=project.root / "templates")
        write_docs(project.root, resolved, pages, docs_dir)
        build_site(site_config(project.root, resolved, docs_dir=docs_dir, site_dir=site_dir), staging / "mkdocs.yml")
        (staging / "report.json").write_text(report_json(resolved), encoding="utf-8")
        _swap_into_place(staging, output / org_id)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(org_id, len(resolved.documents), time.perf_counter() - started)


def build_all(
    project: Project,
    org_ids: list[str],
    output: Path,
    *,
    jobs: int = 1,
    progress: Callable[[BuildResult], None] | None = None,
) -> list[BuildResult]:
    """Build each organisation, on ``jobs`` worker processes; one failing does not stop the others.

    Workers are forked from this process, so they start with the project loaded and the imports warm.
    """
    global _PROJECT
    results: list[BuildResult] = []
    if jobs <= 1 or len(org_ids) <= 1:
        for org_id in org_ids:
            results.append(_build_one(project, org_id, output))
            if progress:
                progress(results[-1])
        return results
    _PROJECT = project
    with ProcessPoolExecutor(max_workers=min(jobs, len(org_ids)), mp_context=get_context("fork")) as pool:
        futures = [pool.submit(_build_in_worker, org_id, output) for org_id in org_ids]
        for future in as_completed(futures):
            results.append(future.result())
            if progress:
                progress(results[-1])
    order = {org_id: index for index, org_id in enumerate(org_ids)}
    return sorted(results, key=lambda result: order[result.organisation])


_PROJECT: Project | None = None
"""The project a forked worker builds from (set by build_all before the pool starts)."""


def _build_in_worker(org_id: str, output: Path) -> BuildResult:
    assert _PROJECT is not None
    return _build_one(_PROJECT, org_id, output)


def _build_one(project: Project, org_id: str, output: Path) -> BuildResult:
    from generator.site import SiteBuildError

    started = time.perf_counter()
    try:
        return build_organisation(project, org_id, output)
    except SiteBuildError as error:
        return BuildResult(org_id, 0, time.perf_counter() - started, str(error))


def report_json(organisation: ResolvedOrganisation) -> str:
    """The build report: every clause of every document, and what happened to it."""
    report = {
        "organisation": organisation.id,
        "name": organisation.name,
        "extends": list(organisation.chain[1:]),
        "template": organisation.template,
        "documents": [
            {
                "id": d.id,
                "title": d.title,
                "version": d.version,
                "content_hash": d.content_hash,
                "adopted": d.adopted.isoformat() if d.adopted else None,
                "next_review": d.next_review.isoformat() if d.next_review else None,
            }
            for d in organisation.documents
        ],
        "clauses": [{**asdict(entry), "sources": list(entry.sources)} for entry in organisation.report],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _swap_into_place(staging: Path, final: Path) -> None:
    """Replace ``final`` with ``staging``; the old output stays until the new one is complete."""
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
