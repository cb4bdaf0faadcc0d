"""Turning timings into numbers with units: stages, comparisons, rounds, formats.

(The targets are in :mod:`bench.targets`, results.md in :mod:`bench.markdown`.)
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bench.timing import Timing

Json = dict[str, Any]

#: name -> (our tool, our formats, their tool, their formats, "faster": theirs/ours, else
#: ours/theirs).  "html+epub" is one job making both formats from one reading of the source,
#: as ``carted-export build --format html --format epub`` does; pandoc runs once per format.
COMPARISONS: dict[str, tuple[str, tuple[str, ...], str, tuple[str, ...], bool]] = {
    "pandoc / ours, HTML": ("ours", ("html",), "pandoc", ("html",), True),
    "pandoc / ours, EPUB": ("ours", ("epub",), "pandoc", ("epub",), True),
    "pandoc / ours, HTML+EPUB": ("ours", ("html+epub",), "pandoc", ("html", "epub"), True),
    "ours / the weasyprint command, PDF": (
        "ours",
        ("pdf",),
        "weasyprint-command",
        ("pdf",),
        False,
    ),
    "ours / stock WeasyPrint, PDF": ("ours", ("pdf",), "weasyprint-stock", ("pdf",), False),
    "ours / stock WeasyPrint tagged, PDF": (
        "ours",
        ("pdf",),
        "weasyprint-stock-tagged",
        ("pdf",),
        False,
    ),
    "ours / WeasyPrint tagged with our settings, PDF": (
        "ours",
        ("pdf",),
        "weasyprint-tuned-tagged",
        ("pdf",),
        False,
    ),
}


def measure(value: float, unit: str) -> Json:
    """Every number in results.json carries its unit."""
    return {"value": round(value, 4), "unit": unit}


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p50 of [1, 2, 3, 4] is 2): no interpolation to explain."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass(frozen=True, slots=True)
class Stage:
    """One tool, one format, one process count, over every document."""

    tool: str  # "ours", "pandoc", "weasyprint-stock", ...
    fmt: str
    jobs: int
    wall_seconds: float  # first job's start to last job's end
    timings: tuple[Timing, ...]
    load_average: float  # 1-minute load when the stage started: others share the machine
    round: int | None = None  # the PDF stages' alternating round (bench.stages)

    @property
    def ok(self) -> list[Timing]:
        return [t for t in self.timings if t.failure is None]

    @property
    def docs_per_second(self) -> float:
        return len(self.timings) / self.wall_seconds if self.wall_seconds else math.nan

    def summary(self) -> Json:
        seconds = [t.seconds for t in self.ok]
        return {
            "tool": self.tool,
            "format": self.fmt,
            "jobs": self.jobs,
            "documents": len(self.timings),
            "failed": [{"source": t.key, "error": t.failure} for t in self.timings if t.failure],
            "wall": measure(self.wall_seconds, "s"),
            "docs_per_second": measure(self.docs_per_second, "docs/s"),
            "p50": measure(percentile(seconds, 0.50), "s/doc"),
            "p95": measure(percentile(seconds, 0.95), "s/doc"),
            "max": measure(max(seconds, default=math.nan), "s/doc"),
            "mean": measure(sum(seconds) / max(1, len(seconds)), "s/doc"),
            "load_average_at_start": measure(self.load_average, "runnable processes"),
            "worker_peak_rss": measure(
                max((t.max_rss_kb for t in self.timings), default=0) / 1024, "MiB"
            ),
            **({"round": self.round} if self.round is not None else {}),
        }


def _per_document(stages: list[Stage]) -> dict[str, float]:
    """Seconds per document summed over ``stages``; documents failing in any are left out."""
    totals: dict[str, float] = {}
    failed: set[str] = set()
    for stage in stages:
        for timing in stage.timings:
            if timing.failure:
                failed.add(timing.key)
            totals[timing.key] = totals.get(timing.key, 0.0) + timing.seconds
    return {key: seconds for key, seconds in totals.items() if key not in failed}


def compare(name: str, jobs: int, ours: list[Stage], theirs: list[Stage], faster: bool) -> Json:
    """Mean seconds per document of each side on the documents both built; the ratio is
    theirs/ours (how many times faster we are) when ``faster``, else ours/theirs."""
    mine, other = _per_document(ours), _per_document(theirs)
    common = sorted(mine.keys() & other.keys())
    ours_mean = sum(mine[key] for key in common) / max(1, len(common))
    theirs_mean = sum(other[key] for key in common) / max(1, len(common))
    top, bottom = (theirs_mean, ours_mean) if faster else (ours_mean, theirs_mean)
    ratio = top / bottom if bottom else math.nan
    return {
        "name": name,
        "jobs": jobs,
        "documents": len(common),
        "ours_mean": measure(ours_mean, "s/doc"),
        "theirs_mean": measure(theirs_mean, "s/doc"),
        "ratio": measure(ratio, "x"),
    }


def comparisons(stages: list[Stage], jobs_counts: list[int]) -> list[Json]:
    found = []
    for jobs in jobs_counts:
        for name, (mine, my_fmts, theirs, their_fmts, faster) in COMPARISONS.items():
            ours = [s for s in stages if (s.tool, s.jobs) == (mine, jobs) and s.fmt in my_fmts]
            other = [
                s for s in stages if (s.tool, s.jobs) == (theirs, jobs) and s.fmt in their_fmts
            ]
            if len(ours) == len(my_fmts) and len(other) == len(their_fmts):
                found.append(compare(name, jobs, ours, other, faster))
    return found


def round_spreads(rounds: list[Stage], jobs_counts: list[int]) -> list[Json]:
    """Each comparison's ratio in each alternating round, and their spread."""
    found = []
    for jobs in jobs_counts:
        for name, (mine, my_fmts, theirs, their_fmts, faster) in COMPARISONS.items():
            numbers = sorted({s.round for s in rounds if s.jobs == jobs and s.round is not None})
            ratios = []
            for number in numbers:
                here = [s for s in rounds if (s.jobs, s.round) == (jobs, number)]
                ours = [s for s in here if s.tool == mine and s.fmt in my_fmts]
                other = [s for s in here if s.tool == theirs and s.fmt in their_fmts]
                if len(ours) == len(my_fmts) and len(other) == len(their_fmts):
                    ratios.append(compare(name, jobs, ours, other, faster)["ratio"]["value"])
            if ratios:
                found.append(
                    {
                        "name": name,
                        "jobs": jobs,
                        "ratios": [measure(r, "x") for r in ratios],
                        "min": measure(min(ratios), "x"),
                        "median": measure(statistics.median(ratios), "x"),
                        "max": measure(max(ratios), "x"),
                    }
                )
    return found


def formats(stages: list[Stage], jobs: int, keys: frozenset[str]) -> Json:
    """The cost per document of each of our stages at ``jobs`` workers, over the sample's
    documents (``keys``) only, and the default build's cost as it runs over its cost
    without the optional modules."""
    ours = [s for s in stages if s.jobs == jobs and s.tool.startswith("ours")]
    rows = []
    for stage in ours:
        timings = [t for t in stage.timings if t.key in keys]
        ok = [t.seconds for t in timings if t.failure is None]
        absent = " (braille, audio, booklet modules absent)" if stage.tool != "ours" else ""
        rows.append(
            {
                "stage": stage.fmt + absent,
                "documents": len(ok),
                "failed": len(timings) - len(ok),
                "mean": measure(sum(ok) / max(1, len(ok)), "s/doc"),
                "p50": measure(percentile(ok, 0.5), "s/doc"),
            }
        )
    default = [s for s in ours if s.fmt == "pdf+epub+html"]
    optional = None
    if len(default) == 2:
        with_them, without = sorted(default, key=lambda s: s.tool != "ours")
        name = "default build as it runs / without the optional modules"
        optional = compare(name, jobs, [with_them], [without], False)
    return {"jobs": jobs, "documents": len(keys), "rows": rows, "optional": optional}
