"""Jobs on a Dask distributed cluster (``--executor dask``): an existing one, or a LocalCluster.

Imported only when chosen, because ``distributed`` is an optional extra
(``pip install 'carted-export[dask]'``).  Workers need only carted-export installed (the
same version, the same fonts): every item carries its inputs as data and every result
comes back as bytes, so a worker never reads the client's disk and the client alone
writes files, the manifest and the cache.

Order and memory: items arrive longest job first.  They are submitted in that order with
decreasing Dask priorities, and only a window of them at a time (a few per worker), so
the scheduler never holds a whole build's sources and a new item is sent as a result
comes back.  A worker that is lost (its machine or process dies) loses its tasks; the
scheduler re-runs them on the other workers (up to its ``allowed-failures`` setting,
3 by default, before it gives up on a task that keeps killing workers).
"""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from carted_export.errors import CartedError, UsageError

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

In = TypeVar("In")
Out = TypeVar("Out")

#: Seconds to wait for the scheduler before the build stops with exit status 2.
CONNECT_TIMEOUT = 10
#: Items in flight per worker: enough to keep every worker busy between two results.
IN_FLIGHT_PER_WORKER = 4
MIN_IN_FLIGHT = 8

_one_at_a_time = threading.Lock()


def run_alone(fn: Callable[[In], Out], item: In) -> Out:
    """Run ``fn(item)`` on a worker, one job at a time per process.

    A job changes process-wide state (the garbage collector's threshold) and shares the
    process's font configuration, which is not thread-safe; a worker started with more
    than one thread (``--nthreads``) still runs our jobs one after another.
    """
    with _one_at_a_time:
        return fn(item)


class DaskExecutor:
    """Runs items through a Dask ``Client``: ``submit`` with priorities, ``as_completed``."""

    def __init__(self, scheduler: str | None, workers: int) -> None:
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise UsageError(
                "--executor dask needs the distributed package: pip install 'carted-export[dask]'"
            ) from None
        self.scheduler = scheduler
        self.workers = workers
        self._client: Client | None = None
        self._cluster: LocalCluster | None = None
        self._pending: set[Future[Any]] = set()
        self._cancelled = False

    @property
    def where(self) -> str:
        return self.scheduler or "a LocalCluster"

    def __enter__(self) -> DaskExecutor:
        if self.scheduler is not None:  # an unreachable cluster stops the build before it starts
            self._client = self._connect(self.scheduler)
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def _connect(self, address: str) -> Client:
        from distributed import Client

        try:
            client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except Exception as error:  # OSError on a timeout; others for a server that is not Dask
            raise UsageError(
                f"cannot reach the Dask scheduler at {address}: {error}; is `dask scheduler` "
                "running there, and reachable from this machine?"
            ) from None
        self.workers = max(1, len(client.nthreads()))
        return client

    def _local_client(self) -> Client:
        """A LocalCluster of ``workers`` single-threaded processes, started at first use."""
        from distributed import Client, LocalCluster

        self._cluster = LocalCluster(
            n_workers=self.workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # any free port, not 8787: builds may run side by side
        )
        return Client(self._cluster, set_as_default=False)

    def run(self, fn: Callable[[In], Out], items: Sequence[In]) -> Iterator[Out]:
        if not items or self._cancelled:
            return
        from distributed import as_completed

        if self._client is None:
            self._client = self._local_client()
        client = self._client
        batch = uuid.uuid4().hex[:12]
        queue = iter(enumerate(items))

        def submit(index: int, item: In) -> Future[Out]:
            future = client.submit(
                run_alone,
                fn,
                item,
                key=f"{fn.__name__}-{batch}-{index}",
                priority=len(items) - index,  # higher runs first: the longest jobs
                pure=False,
            )
            self._pending.add(future)
            return future

        window = max(MIN_IN_FLIGHT, IN_FLIGHT_PER_WORKER * self.workers)
        first = [submit(*pair) for pair in itertools.islice(queue, window)]
        finished = as_completed(first, loop=client.loop)
        for future in finished:
            self._pending.discard(future)
            result = self._result(future, fn.__name__)
            future.release()  # the cluster may forget it: the client has the bytes
            following = None if self._cancelled else next(queue, None)
            if following is not None:
                finished.add(submit(*following))
            yield result

    def _result(self, future: Future[Out], name: str) -> Out:
        try:
            return future.result()
        except Exception as error:
            raise CartedError(
                f"the Dask cluster ({self.where}) could not run a {name} job: "
                f"{type(error).__name__}: {error}"
            ) from error

    def cancel(self) -> None:
        self._cancelled = True
        if self._client is not None and self._pending:
            self._client.cancel(list(self._pending))
            self._pending.clear()
