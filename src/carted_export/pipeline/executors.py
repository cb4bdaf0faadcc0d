"""Job runners behind one small interface: in this process, in a local process pool, or
on a Dask distributed cluster (:mod:`.dask_executor`, imported only when chosen).

An executor takes a pure function and its inputs and yields results as they finish.
Readers and renderers never see which executor runs them.  Items are given longest job
first, and every executor starts them in that order.
"""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol, TypeVar

from carted_export.config import ExecutorKind

#: Allocations between two young-generation collections while a job runs (Python's
#: default is 700).  See :func:`fewer_gc_passes`.
JOB_GC_THRESHOLD = 10_000

In = TypeVar("In")
Out = TypeVar("Out")


class Executor(Protocol):
    """Runs ``fn`` over ``items``, yielding results in completion order.

    Used as a context manager: workers (if any) live from the first :meth:`run` to the end
    of the ``with`` block, so reading sources and rendering share them.
    """

    workers: int

    def __enter__(self) -> Executor: ...

    def __exit__(self, *exc: object) -> None: ...

    def run(self, fn: Callable[[In], Out], items: Sequence[In]) -> Iterator[Out]: ...

    def cancel(self) -> None:
        """Stop starting new work (``--fail-fast``); work already running may finish."""


class SerialExecutor:
    """Runs jobs one after another in this process (``--jobs 1``, easiest to debug)."""

    workers = 1

    def __init__(self) -> None:
        self._cancelled = False

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def run(self, fn: Callable[[In], Out], items: Sequence[In]) -> Iterator[Out]:
        for item in items:
            if self._cancelled:
                return
            yield fn(item)

    def cancel(self) -> None:
        self._cancelled = True


class ProcessPoolExecutor:
    """Runs jobs in ``workers`` forked processes; ``initializer`` runs once per worker.

    The initializer is where heavy imports and font set-up happen, once per worker rather
    than once per document.  The pool starts at the first non-empty :meth:`run`, so a
    build with nothing to do (a no-op rebuild) starts no process.
    """

    def __init__(self, workers: int, initializer: Callable[[], None] | None = None) -> None:
        self.workers = workers
        self.initializer = initializer
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._pending: list[concurrent.futures.Future[object]] = []

    def __enter__(self) -> ProcessPoolExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def run(self, fn: Callable[[In], Out], items: Sequence[In]) -> Iterator[Out]:
        if not items:
            return
        if self._pool is None:
            self._pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=self.initializer,
            )
        futures = [self._pool.submit(fn, item) for item in items]
        self._pending = list(futures)  # type: ignore[arg-type]
        for future in concurrent.futures.as_completed(futures):
            if not future.cancelled():
                yield future.result()

    def cancel(self) -> None:
        for future in self._pending:
            future.cancel()


def make_executor(
    jobs: int,
    initializer: Callable[[], None] | None = None,
    kind: ExecutorKind = ExecutorKind.LOCAL,
    scheduler: str | None = None,
) -> Executor:
    """``jobs`` local workers, or a Dask cluster: the one at ``scheduler``, else a
    LocalCluster of ``jobs`` worker processes."""
    if kind is ExecutorKind.DASK:  # its workers import the renderers at their first job
        from carted_export.pipeline.dask_executor import DaskExecutor

        return DaskExecutor(scheduler, jobs)
    if jobs <= 1:
        return SerialExecutor()
    return ProcessPoolExecutor(jobs, initializer)


@contextmanager
def fewer_gc_passes(threshold: int = JOB_GC_THRESHOLD) -> Iterator[None]:
    """Run the cyclic garbage collector less often inside this block.

    Laying out a PDF allocates hundreds of thousands of long-enough-lived objects (boxes,
    structure elements), so at the default threshold the collector scans them thousands
    of times per document: about a tenth of a PDF job (docs/performance.md).  Only young
    collections become rarer; the cost is about 20 MiB more peak memory per worker.
    """
    old = gc.get_threshold()
    gc.set_threshold(threshold, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
