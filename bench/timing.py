"""A timed call and its JSON form: shared by every benchmark stage, imports nothing of ours.

(``bench.weasyprint_alone`` must run in a process where carted-export was never imported,
so what it shares with the rest of the benchmark lives here.)
"""

from __future__ import annotations

import json
import resource
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Timing:
    key: str  # the source as displayed, so runs of different tools line up
    seconds: float
    max_rss_kb: int  # the peak resident set of the process that ran the job, so far
    start: float  # wall clock (time.time) when the job started, for stage throughput
    end: float
    failure: str | None = None


def timed(key: str, work: Callable[[], str | None]) -> Timing:
    """Run ``work`` (which returns a failure message or None) and time it."""
    start, clock = time.time(), time.perf_counter()
    failure = work()
    seconds = time.perf_counter() - clock
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return Timing(key, seconds, peak, start, start + seconds, failure)


def timings_to_json(timings: Sequence[Timing]) -> str:
    return json.dumps({"timings": [asdict(t) for t in timings]})


def timings_from_json(text: str) -> list[Timing]:
    return [Timing(**t) for t in json.loads(text)["timings"]]
