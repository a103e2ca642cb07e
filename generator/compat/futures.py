"""The process pool's workers, stopped at once: the executor offers no way to stop a worker mid-task.

Override: reads ProcessPoolExecutor._processes.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate every worker process of ``pool`` and wait for each to end."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join()
