"""Many organisations -> their outputs, on a pool of worker processes, skipping those whose inputs are unchanged.

Unchanged means the same fingerprint as the last build (see fingerprint.py); a build may take one shard of the
estate only.
"""

from __future__ import annotations

import datetime
import hashlib
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from generator.build.fingerprint import (
    fingerprint,
    is_current,
    planned_with,
    project_digest,
    record_planned,
    shared_inputs,
)
from generator.build.write import LockCheckError, build_organisation, plan_site, recover_interrupted_builds
from generator.checks.notices import organisation_warnings
from generator.compat.futures import stop_workers
from generator.compat.memory import give_back_freed_memory, one_arena
from generator.inputs.errors import OutputError
from generator.inputs.load import Project


@dataclass(frozen=True)
class BuildResult:
    """How one organisation's build went."""

    organisation: str
    documents: int = 0
    pages: int = 0
    """PDF pages written."""
    seconds: float = 0.0
    skipped: bool = False
    """Nothing had changed: the previous output was kept."""
    warnings: tuple[str, ...] = field(default=())
    error: str | None = None


def in_shard(org_id: str, shard: int, shards: int) -> bool:
    """Whether ``org_id`` is in the ``shard``-th (1-based) of ``shards`` stable shares of an estate.

    The share depends only on the id, so adding or removing organisations moves no other one between shards.
    """
    return int(hashlib.sha256(org_id.encode()).hexdigest()[:8], 16) % shards == shard - 1


def build_all(
    project: Project,
    org_ids: list[str],
    output: Path,
    *,
    jobs: int = 1,
    today: datetime.date | None = None,
    force: bool = False,
    progress: Callable[[BuildResult], None] | None = None,
) -> list[BuildResult]:
    """Build each organisation whose inputs changed (all with ``force``), on ``jobs`` worker processes.

    One failing does not stop the others. An organisation whose output was planned with the project as it is now
    is current without planning it again (see fingerprint.project_digest); the others are planned in the workers,
    which build those whose plan changed. Workers are forked from this process, so they start with the project
    loaded and the imports warm (unless this process has typeset a PDF itself: see pdf.forking_is_safe).
    """
    global _PROJECT
    one_arena()  # before Typst starts a thread here or in a worker forked from here
    shared = shared_inputs(project.root)
    digest = project_digest(project, shared=shared, today=today)
    todo = [org_id for org_id in org_ids if force or not planned_with(output / org_id, digest)]
    planning = set(todo)
    results = [BuildResult(org_id, skipped=True) for org_id in org_ids if org_id not in planning]
    if progress:
        for result in results:
            progress(result)
    task = Task(output, today, shared, digest, force)
    if jobs <= 1 or len(todo) <= 1:
        for org_id in todo:
            try:
                results.append(_build_one(project, org_id, task))
            except BaseException:
                recover_interrupted_builds(output, org_id)  # stopped between two renames: the old output returns
                raise
            if progress:
                progress(results[-1])
    else:
        _PROJECT = project
        _warm_imports()
        for result in _build_in_pool(todo, task, jobs, project_root=project.root):
            results.append(result)
            if progress:
                progress(result)
    order = {org_id: index for index, org_id in enumerate(org_ids)}
    return sorted(results, key=lambda result: order[result.organisation])


@dataclass(frozen=True)
class Task:
    """What every organisation of one build is built with: where, for which day, and against which inputs."""

    output: Path
    today: datetime.date | None
    shared: dict[str, str]
    """fingerprint.shared_inputs, worked out once."""
    digest: str
    """fingerprint.project_digest, recorded in each manifest."""
    force: bool
    """Build even an organisation whose plan is unchanged."""


def _warm_imports() -> None:
    """Import the renderers before forking, so every worker starts with them loaded."""
    import mkdocs.commands.build  # noqa: F401
    import typst  # noqa: F401

    import generator.editions.pdf.typeset  # noqa: F401


def _build_in_pool(todo: list[str], task: Task, jobs: int, *, project_root: Path) -> Iterator[BuildResult]:
    """Each organisation built in a worker, as it finishes.

    Workers are forked, starting with the project loaded and the imports warm; once this process has typeset a
    PDF, they start afresh instead and load the project at ``project_root`` themselves (see pdf.forking_is_safe).
    Workers ignore Ctrl-C: whatever stops the build (Ctrl-C, a full disk) stops them at once, and their
    staging folders are then removed and any output moved aside is put back, so no half-built output remains.
    """
    from generator.editions.pdf.typeset import forking_is_safe

    fork = forking_is_safe()
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(todo)),
        mp_context=get_context("fork" if fork else "spawn"),
        initializer=_start_worker,
        initargs=(None if fork else project_root,),
    )
    broken: list[str] = []
    try:
        futures = {pool.submit(_build_in_worker, org_id, task): org_id for org_id in todo}
        for future in as_completed(futures):
            try:
                yield future.result()
            except BrokenProcessPool:  # a worker died (killed for its memory, say): which one, the pool cannot say
                broken.append(futures[future])
    except BaseException:
        stop_workers(pool)
        pool.shutdown(wait=False, cancel_futures=True)
        for org_id in todo:
            recover_interrupted_builds(task.output, org_id)
        raise
    pool.shutdown()
    for org_id in broken:
        yield _build_alone(org_id, task, fork=fork, project_root=project_root)


def _build_alone(org_id: str, task: Task, *, fork: bool, project_root: Path) -> BuildResult:
    """Build one organisation in a process of its own, after a worker died: if it dies again, the organisation
    that killed it is known, and reported with how its worker ended."""
    context = get_context("fork") if fork else get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    worker = context.Process(target=_build_and_send, args=(sending, None if fork else project_root, org_id, task))
    started = time.perf_counter()
    worker.start()
    sending.close()
    try:
        result: BuildResult = receiving.recv()
    except EOFError:
        result = BuildResult(org_id, seconds=time.perf_counter() - started, error=_died(org_id, worker))
    finally:
        worker.join()
        recover_interrupted_builds(task.output, org_id)
    return result


def _build_and_send(sending: Connection, root: Path | None, org_id: str, task: Task) -> None:
    _start_worker(root)
    sending.send(_build_in_worker(org_id, task))


def _died(org_id: str, worker: BaseProcess) -> str:
    """'the worker building X was killed (SIGKILL, ...)': what became of a worker that sent no result."""
    worker.join()
    code = worker.exitcode
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        how = f"was killed ({name}{', as the system does when memory runs out' if name == 'SIGKILL' else ''})"
    else:
        how = f"stopped with exit code {code}"
    return f"the worker building {org_id} {how}; no output was written for it, and the others were built"


_PROJECT: Project | None = None
"""The project a forked worker builds from (set by build_all before the pool starts)."""


def _start_worker(root: Path | None) -> None:
    """A worker ignores Ctrl-C; started afresh, it loads the project at ``root`` (already validated).

    A forked worker (``root`` None) has the project already.
    """
    global _PROJECT
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    one_arena()
    if root is not None:
        from generator.inputs.load import load_project

        _PROJECT = load_project(root)


def _build_in_worker(org_id: str, task: Task) -> BuildResult:
    assert _PROJECT is not None
    try:
        return _build_one(_PROJECT, org_id, task)
    finally:
        give_back_freed_memory()  # what this organisation's build freed, before the next one's starts


def _build_one(project: Project, org_id: str, task: Task) -> BuildResult:
    """Plan one organisation and build it if its plan changed (or ``task.force``); whatever goes wrong is reported
    for it, and the others go on."""
    from generator.editions.pdf.typeset import PdfRenderError
    from generator.editions.site.engine import SiteBuildError

    started = time.perf_counter()
    output = task.output / org_id
    try:
        plan = plan_site(project, org_id, today=task.today)
        print_ = replace(fingerprint(plan, project.root, shared=task.shared, today=task.today), project=task.digest)
        if not task.force and is_current(output, print_):
            record_planned(output, print_)
            return BuildResult(org_id, skipped=True)
        built = build_organisation(project, org_id, task.output, today=task.today, manifest=print_.to_json(), plan=plan)
    except OutputError:
        raise  # the disk, not this organisation: the whole build stops
    except (SiteBuildError, PdfRenderError, LockCheckError) as error:
        return BuildResult(org_id, seconds=time.perf_counter() - started, error=str(error))
    except Exception:  # a bug: keep its traceback, and build the others
        return BuildResult(org_id, seconds=time.perf_counter() - started, error=traceback.format_exc())
    warnings = tuple(problem.message for problem in organisation_warnings(project, org_id, plan.organisation))
    return BuildResult(org_id, built.documents, built.pages, time.perf_counter() - started, warnings=warnings)
