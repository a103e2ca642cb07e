"""Benchmark: build a synthetic estate of organisations, against a naive loop of separate processes.

In one run, on the same generated estate (default 100 schools adopting the board's model, each with its site
and one PDF), it measures:
  1. our full build (`build_all`, one worker per core, --force),
  2. the naive baseline: per organisation, `mkdocs build` and the `weasyprint` command as separate processes,
     on the same Markdown pages and print HTML (prepared beforehand, not timed),
  3. a no-op rebuild (nothing changed),
  4. a one-clause rebuild (one clause reworded: only the organisations that use it are rebuilt),
  5. peak memory of the largest worker process.
It prints the figures and the ratios; it asserts nothing about time.

    python benchmarks/estate_build.py [--schools 100] [--jobs 2] [--baseline-sample 100]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.batch import build_all  # noqa: E402
from generator.build import plan_site, validate_project, write_files  # noqa: E402
from generator.estate import write_estate  # noqa: E402
from generator.print_html import print_html  # noqa: E402
from generator.resolve import resolve_organisation  # noqa: E402
from generator.site import docs_files, site_config  # noqa: E402

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


def prepare_baseline(project, org_ids: list[str], folder: Path) -> list[tuple[Path, Path]]:  # type: ignore[no-untyped-def]
    """Per organisation: a mkdocs.yml with its docs, and its print HTML (what the naive loop renders)."""
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
        document = plan.organisation.documents[0]
        html = print_html(plan.organisation, document, templates=project.root / "templates")
        (org_folder / "print.html").write_text(html, encoding="utf-8")
        jobs.append((org_folder / "mkdocs.yml", org_folder / "print.html"))
    return jobs


def naive_loop(jobs: list[tuple[Path, Path]], templates: Path) -> None:
    css = templates / "print" / "print.css"
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for config, html in jobs:
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config)],
            check=True,
            cwd=config.parent,
            env=environment,
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "weasyprint",
                "--quiet",
                "-s",
                str(css),
                "-u",
                str(html.parent),
                str(html),
                str(html.with_suffix(".pdf")),
            ],
            check=True,
            cwd=html.parent,
            env=environment,
        )


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
        naive, _ = timed(f"naive loop ({len(sample)} organisations)", lambda: naive_loop(jobs, ROOT / "templates"))
        naive_all = naive * len(everyone) / len(sample)

        noop, results = timed(
            "no-op rebuild", lambda: build_all(validate_project(work / "estate"), everyone, output, jobs=arguments.jobs)
        )
        assert all(r.skipped for r in results)

        target, before, after = CHANGED_CLAUSE
        for path in (work / "estate" / "content" / "clauses").glob("*.yml"):
            text = path.read_text(encoding="utf-8")
            if f"- id: {target}\n" in text:
                path.write_text(text.replace(before, after, 1), encoding="utf-8")
        changed_project = validate_project(work / "estate")
        users = [
            org
            for org in everyone
            if any(
                e.clause == target and e.status != "excluded" for e in resolve_organisation(changed_project, org).report
            )
        ]
        one, results = timed(
            "one-clause rebuild", lambda: build_all(changed_project, everyone, output, jobs=arguments.jobs)
        )
        rebuilt = sorted(r.organisation for r in results if not r.skipped)
        print(
            f"  rebuilt {len(rebuilt)} organisations; {len(users)} use the clause; same set: {rebuilt == sorted(users)}"
        )

        print()
        print(f"full build:            {full:7.2f} s  (target <= 75 s)")
        print(f"naive loop:            {naive_all:7.2f} s  (measured on {len(sample)}, scaled to {len(everyone)})")
        print(f"speed-up:              {naive_all / full:7.2f} x (target >= 3 x)")
        print(f"no-op rebuild:         {noop:7.2f} s  (target <= 2 s)")
        print(f"one-clause rebuild:    {one:7.2f} s  ({len(rebuilt)} of {len(everyone)} rebuilt)")
        print(f"peak memory per worker:{worker_peak_mb:7.0f} MB (target <= 250 MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
