"""Job runners behind one small interface, so a distributed executor can be added later.

An executor takes a pure function and its inputs and yields results as they finish.
Readers and renderers never see which executor runs them.
"""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol, TypeVar

#: Allocations between two young-generation collections while a job runs (Python's
#: default is 700).  See :func:`fewer_gc_passes`.
JOB_GC_THRESHOLD = 10_000

In = TypeVar("In")
Out = TypeVar("Out")


class Executor(Protocol):
    """Runs ``fn`` over ``items``; yields results in completion order."""

    def run(self, fn: Callable[[In], Out], items: Sequence[In]) -> Iterator[Out]: ...

    def cancel(self) -> None:
        """Stop starting new work (``--fail-fast``); work already running may finish."""


class SerialExecutor:
    """Runs jobs one after another in this process (``--jobs 1``, easiest to debug)."""

    def __init__(self) -> None:
        self._cancelled = False

    def run(self, fn: Callable[[In], Out], items: Sequence[In]) -> Iterator[Out]:
        for item in items:
            if self._cancelled:
                return
            yield fn(item)

    def cancel(self) -> None:
        self._cancelled = True


class ProcessPoolExecutor:
    """Runs jobs in ``workers`` processes; ``initializer`` runs once per worker.

    The initializer is where heavy imports and font set-up happen, once per worker
    rather than once per document.
    """

    def __init__(self, workers: int, initializer: Callable[[], None] | None = None) -> None:
        self.workers = workers
        self.initializer = initializer
        self._pending: list[concurrent.futures.Future[object]] = []

    def run(self, fn: Callable[[In], Out], items: Sequence[In]) -> Iterator[Out]:
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(
            max_workers=self.workers, mp_context=context, initializer=self.initializer
        ) as pool:
            futures = [pool.submit(fn, item) for item in items]
            self._pending = list(futures)  # type: ignore[arg-type]
            for future in concurrent.futures.as_completed(futures):
                if future.cancelled():
                    continue
                yield future.result()

    def cancel(self) -> None:
        for future in self._pending:
            future.cancel()


def make_executor(jobs: int, initializer: Callable[[], None] | None = None) -> Executor:
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
