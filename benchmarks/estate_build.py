"""Benchmark: build a synthetic estate of organisations, against a naive loop of separate processes.

In one run, on the same generated estate (default 100 schools adopting the board's model, each with its site
and one PDF of about 16 pages), it measures:
  1. our full build (`build_all`, one worker per core, --force),
  2. the naive baseline: per organisation, `mkdocs build` and a Typst process (`python -c` calling the typst
     package's compile, the way its command line would) as separate processes, on the same Markdown pages and
     print data (prepared beforehand, not timed); each `mkdocs build` is also timed alone, as the yardstick
     for one organisation,
  3. a no-op rebuild (nothing changed),
  4. a one-clause rebuild (one clause reworded: only the organisations that use it are rebuilt),
  5. peak memory of the largest worker process,
  6. the two renderers alone, warm, in one process (Typst typesetting, MkDocs building; on --floor-sample
     organisations): the least a build of ours could take with them, whatever else it did faster.
It prints the figures and the ratios; it asserts nothing about time.

    python benchmarks/estate_build.py [--schools 100] [--jobs 2] [--baseline-sample 100] [--floor-sample 10]
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.estate import write_estate  # noqa: E402
from generator.build.pool import build_all  # noqa: E402
from generator.build.validation_cache import cached_validation  # noqa: E402
from generator.build.write import plan_site, validate_project, write_files  # noqa: E402
from generator.editions.pdf.print_data import print_data  # noqa: E402
from generator.editions.pdf.typeset import TEMPLATE, typst_compiler, typst_root  # noqa: E402
from generator.editions.site.engine import docs_files, site_config  # noqa: E402
from generator.model.resolve import resolve_organisation  # noqa: E402

CHANGED_CLAUSE = (
    "pupils-encouraged-to-post-appropriately",
    "are encouraged to comment",
    "are warmly encouraged to comment",
)
"""A clause some schools of the estate exclude: (id, words, new words)."""


def timed(label: str, action):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    print(f"{label:<38} {seconds:8.2f} s", flush=True)
    return seconds, result


NAIVE_TYPST = """
import sys, typst
template, data, output, fonts, root = sys.argv[1:]
typst.compile(template, output=output, root=root, font_paths=[fonts], ignore_system_fonts=True,
              sys_inputs={"data": open(data, encoding="utf-8").read()}, pdf_standards="ua-1")
"""
"""One PDF typeset in a process of its own: what a shell loop over `typst compile` would do."""


def prepare_baseline(project, org_ids: list[str], folder: Path) -> list[tuple[Path, Path, Path]]:  # type: ignore[no-untyped-def]
    """Per organisation: a mkdocs.yml with its docs, and its print data (what the naive loop renders)."""
    import json

    import yaml

    jobs = []
    for org_id in org_ids:
        plan = plan_site(project, org_id)
        org_folder = folder / org_id
        write_files(org_folder / "docs", docs_files(project.root, plan.organisation, plan.pages))
        (org_folder / "docs" / "reviews.ics").write_text("", encoding="utf-8")
        config = site_config(
            project.root,
            plan.organisation,
            docs_dir=org_folder / "docs",
            site_dir=org_folder / "site",
            extra_pages=plan.extra_nav,
        )
        (org_folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        organisation = plan.organisation
        data = print_data(organisation, organisation.documents[0])
        root = typst_root(project.root / "templates", organisation.branding.logo)
        if data["logo"] and organisation.branding.logo:
            data["logo"]["path"] = "/" + organisation.branding.logo.resolve().relative_to(root).as_posix()
        (org_folder / "print.json").write_text(json.dumps(data), encoding="utf-8")
        jobs.append((org_folder / "mkdocs.yml", org_folder / "print.json", root))
    return jobs


def naive_loop(jobs: list[tuple[Path, Path, Path]], templates: Path) -> list[float]:
    """Build every job with separate processes; return the seconds each `mkdocs build` took on its own."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs_seconds = []
    for config, data, root in jobs:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config)],
            check=True,
            cwd=config.parent,
            env=environment,
        )
        mkdocs_seconds.append(time.perf_counter() - started)
        template = templates.resolve() / "print" / "document.typ"
        arguments = [str(template), str(data), str(data.with_suffix(".pdf")), str(templates / "fonts"), str(root)]
        subprocess.run([sys.executable, "-c", NAIVE_TYPST, *arguments], check=True, cwd=data.parent, env=environment)
    return mkdocs_seconds


def renderers_alone(jobs: list[tuple[Path, Path, Path]], templates: Path) -> tuple[float, float]:
    """The processor time (median seconds) of the two renderers alone for one organisation, warm, in this process:
    Typst typesetting its print data, and MkDocs building its site (no Word file, form fields, lock check or
    planning). The first organisation only warms them; each other is typeset after the one before, keeping what
    Typst remembers of it, as no build of ours does. Their sum is less than any build with these renderers takes."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # its links to the PDF and Word file, not made here
    typst_seconds, mkdocs_seconds = [], []
    for index, (config, data, root) in enumerate(jobs):
        compiler = typst_compiler(templates.resolve(), root, TEMPLATE)  # the build's own, kept per process
        inputs = {"data": data.read_text(encoding="utf-8")}
        started = time.process_time()
        compiler.compile(sys_inputs=inputs, format="pdf", pdf_standards="ua-1")
        typeset = time.process_time() - started
        started = time.process_time()
        mkdocs_build(load_config(config_file=str(config), strict=False))
        built = time.process_time() - started
        if index:
            typst_seconds.append(typeset)
            mkdocs_seconds.append(built)
    return statistics.median(typst_seconds), statistics.median(mkdocs_seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--baseline-sample",
        type=int,
        default=None,
        help="Time the naive loop on this many organisations and scale up (default: all).",
    )
    parser.add_argument(
        "--floor-sample", type=int, default=10, help="Organisations the renderers are timed alone on (default: 10)."
    )
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="policy-pack-bench-"))
    try:
        write_estate(ROOT, work / "estate", schools=arguments.schools, seed=1)
        project = validate_project(work / "estate")
        everyone = sorted(project.organisations)
        output = work / "estate" / "build"
        print(f"Estate: {len(everyone)} organisations, {arguments.jobs} workers, {os.cpu_count()} cores")

        full, results = timed(
            "full build", lambda: build_all(project, everyone, output, jobs=arguments.jobs, force=True)
        )
        failed = [r for r in results if r.error]
        assert not failed, failed[0].error
        pages = sum(r.pages for r in results)
        worker_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"  {pages} PDF pages, {pages / max(1, len(results)):.1f} per organisation")

        sample = everyone[: arguments.baseline_sample] if arguments.baseline_sample else everyone
        jobs = prepare_baseline(project, sample, work / "baseline")
        estate_templates = work / "estate" / "templates"
        naive, mkdocs_seconds = timed(
            f"naive loop ({len(sample)} organisations)", lambda: naive_loop(jobs, estate_templates)
        )
        naive_all = naive * len(everyone) / len(sample)
        one_mkdocs = statistics.median(mkdocs_seconds)

        def rebuild():  # type: ignore[no-untyped-def]
            """What `policy-pack build` does: validate (or reuse the validation kept with the build), then build."""
            project = cached_validation(work / "estate", output).valid_project()
            return project, build_all(project, everyone, output, jobs=arguments.jobs)

        cached_validation(work / "estate", output)  # what the full build's command would have kept
        noop, (_, results) = timed("no-op rebuild", rebuild)
        assert all(r.skipped for r in results)

        target, before, after = CHANGED_CLAUSE
        for path in (work / "estate" / "content" / "clauses").glob("*.yml"):
            text = path.read_text(encoding="utf-8")
            if f"- id: {target}\n" in text:
                path.write_text(text.replace(before, after, 1), encoding="utf-8")
        one, (changed_project, results) = timed("one-clause rebuild", rebuild)
        users = [
            org
            for org in everyone
            if any(
                e.clause == target and e.status != "excluded" for e in resolve_organisation(changed_project, org).report
            )
        ]
        rebuilt = sorted(r.organisation for r in results if not r.skipped)
        print(
            f"  rebuilt {len(rebuilt)} organisations; {len(users)} use the clause; same set: {rebuilt == sorted(users)}"
        )

        floor = renderers_alone(jobs[: arguments.floor_sample], estate_templates)  # last: it typesets here

        print()
        per_org = full / len(everyone)
        print(f"full build:            {full:7.2f} s  (target <= 12 s for 101 organisations)")
        print(
            f"per organisation:      {per_org:7.3f} s  = {per_org / one_mkdocs:.2f} x one plain `mkdocs build` "
            f"({one_mkdocs:.2f} s, median) (target <= 0.3 x)"
        )
        print(f"naive loop:            {naive_all:7.2f} s  (measured on {len(sample)}, scaled to {len(everyone)})")
        print(f"speed-up:              {naive_all / full:7.2f} x (target >= 12 x)")
        print(f"no-op rebuild:         {noop:7.2f} s  (target <= 0.6 s)")
        print(f"one-clause rebuild:    {one:7.2f} s  ({len(rebuilt)} of {len(everyone)} rebuilt)")
        print(f"peak memory per worker:{worker_peak_mb:7.0f} MB (target <= 180 MB)")
        typst_s, mkdocs_s = floor
        alone = (typst_s + mkdocs_s) * len(everyone) / arguments.jobs
        print(
            f"renderers alone:       {alone:7.2f} s  for {len(everyone)} on {arguments.jobs} workers: Typst "
            f"{typst_s * 1000:.0f} ms + MkDocs {mkdocs_s * 1000:.0f} ms of processor time an organisation, warm, "
            f"in process (median of {min(len(jobs), arguments.floor_sample) - 1})"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
