"""Turning timings into numbers with units, checking targets, and the Markdown table."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scripts.bench_tasks import Timing

Json = dict[str, Any]


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

    tool: str  # "ours", "pandoc", "weasyprint"
    fmt: str
    jobs: int
    wall_seconds: float
    timings: tuple[Timing, ...]
    load_average: float  # 1-minute load when the stage started: others share the machine

    @property
    def ok(self) -> list[Timing]:
        return [t for t in self.timings if t.failure is None]

    @property
    def total_seconds(self) -> float:
        return sum(t.seconds for t in self.ok)

    def summary(self) -> Json:
        seconds = [t.seconds for t in self.ok]
        data: Json = {
            "tool": self.tool,
            "format": self.fmt,
            "jobs": self.jobs,
            "documents": len(self.timings),
            "failed": [{"source": t.key, "error": t.failure} for t in self.timings if t.failure],
            "wall": measure(self.wall_seconds, "s"),
            "docs_per_second": measure(len(self.timings) / self.wall_seconds, "docs/s"),
            "p50": measure(percentile(seconds, 0.50), "s/doc"),
            "p95": measure(percentile(seconds, 0.95), "s/doc"),
            "max": measure(max(seconds, default=math.nan), "s/doc"),
            "mean": measure(self.total_seconds / max(1, len(seconds)), "s/doc"),
            "load_average_at_start": measure(self.load_average, "runnable processes"),
        }
        if self.jobs > 1:  # with one job the "worker" is this script itself
            peak = max(t.max_rss_kb for t in self.timings) / 1024
            data["worker_peak_rss"] = measure(peak, "MiB")
        return data


def target(name: str, measured: float, unit: str, goal: str, passed: bool) -> Json:
    return {"target": name, "measured": measure(measured, unit), "goal": goal, "pass": passed}


def targets(results: Json) -> list[Json]:
    found = []
    for comparison in results["comparisons"]:
        ratio, jobs = comparison["ratio"]["value"], comparison["jobs"]
        if comparison["name"] == "pandoc / ours, HTML+EPUB":
            name = f"HTML+EPUB per document vs pandoc (jobs={jobs})"
            found.append(target(name, ratio, "x faster", ">= 5x faster", ratio >= 5))
        elif comparison["name"] == "ours / bare WeasyPrint, PDF":
            name = f"PDF overhead over bare WeasyPrint (jobs={jobs})"
            found.append(target(name, ratio, "x", "<= 1.10x", ratio <= 1.10))
        elif comparison["name"].startswith("ours / bare tagged"):
            name = f"(for reference) PDF overhead over tagged bare WeasyPrint (jobs={jobs})"
            found.append(target(name, ratio, "x", "<= 1.10x", ratio <= 1.10))
    pdf_speedup = results["speedup"].get("ours/pdf/2")
    if pdf_speedup is not None:
        value = pdf_speedup["value"]
        found.append(target("PDF jobs=2 / jobs=1", value, "x", ">= 1.7x", value >= 1.7))
    no_op = results["rebuild"]["runs"]["no-op"]["fraction_of_cold"]["value"]
    found.append(target("no-op rebuild / cold build", no_op, "%", "<= 5%", no_op <= 5))
    peak = max((page["peak_rss"]["value"] for page in results["memory"]["pages"]), default=0)
    goal = "well under 1.5 GiB (< 768 MiB)"
    found.append(target("peak RSS per worker, largest pages", peak, "MiB", goal, peak < 768))
    medians = results["startup"]["median"]
    ratio = medians["carted-export --help"]["value"] / medians['python -c "import click"']["value"]
    found.append(target("`--help` / `import click`", ratio, "x", "<= 2x", ratio <= 2))
    return found


def _fmt(value: Json | float, digits: int = 3) -> str:
    number = value["value"] if isinstance(value, dict) else value
    if isinstance(number, float) and math.isnan(number):
        return "n/a"
    return f"{number:.{digits}g}" if abs(number) < 1000 else f"{number:.0f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def markdown(results: Json) -> str:
    """The human summary of results.json, the same numbers rounded to 3 significant digits."""
    meta = results["meta"]
    lines = [
        "# Benchmark results",
        "",
        f"Corpus `{meta['corpus']}`: {meta['documents']} documents ({meta['corpus_kib']:.0f} KiB)"
        f"{' (sample, --limit)' if meta['limited'] else ''}. Run {meta['date']} at commit "
        f"`{meta['commit']}` on {meta['cpus']} CPUs; 1-minute load average "
        f"{meta['load_average_start']:.1f} at start, {meta['load_average_end']:.1f} at end "
        f"(other work was sharing the machine). Reading all sources (serial, in the parent): "
        f"{_fmt(results['read'])} s. Whole run: {_fmt(meta['run_seconds'])} s.",
        "",
        "## Throughput per format (per (document, format) job, timed inside the worker)",
        "",
    ]
    rows = []
    for stage in results["stages"]:
        speedup = results["speedup"].get(f"{stage['tool']}/{stage['format']}/{stage['jobs']}")
        rows.append(
            [
                stage["tool"],
                stage["format"],
                str(stage["jobs"]),
                _fmt(stage["docs_per_second"]),
                _fmt(stage["p50"]),
                _fmt(stage["p95"]),
                _fmt(stage["max"]),
                _fmt(speedup) + "x" if speedup else "",
                str(len(stage["failed"])),
                _fmt(stage["load_average_at_start"], 2),
            ]
        )
    lines += _table(
        [
            "tool",
            "format",
            "jobs",
            "docs/s",
            "p50 s",
            "p95 s",
            "max s",
            "speedup",
            "failed",
            "load",
        ],
        rows,
    )
    lines += ["## Comparisons (same documents, same process count)", ""]
    rows = [
        [c["name"], str(c["jobs"]), _fmt(c["ours_mean"]), _fmt(c["theirs_mean"]), _fmt(c["ratio"])]
        for c in results["comparisons"]
    ]
    lines += _table(["comparison", "jobs", "ours s/doc", "theirs s/doc", "ratio"], rows)
    lines += _rebuild_and_memory(results)
    lines += ["## Targets", ""]
    rows = [
        [t["target"], _fmt(t["measured"]) + " " + t["measured"]["unit"], t["goal"], _verdict(t)]
        for t in results["targets"]
    ]
    lines += _table(["target", "measured", "goal", "result"], rows)
    return "\n".join(lines)


def _verdict(entry: Json) -> str:
    return "**pass**" if entry["pass"] else "**FAIL**"


def _rebuild_and_memory(results: Json) -> list[str]:
    lines: list[str] = []
    rebuild = results.get("rebuild")
    if rebuild:
        lines += [f"## Rebuild (`carted-export build`, jobs={rebuild['jobs']})", ""]
        rows = [
            [name, _fmt(run["wall"]), _fmt(run["fraction_of_cold"]), run["summary"]]
            for name, run in rebuild["runs"].items()
        ]
        lines += _table(["build", "wall s", "% of cold", "CLI summary"], rows)
    memory = results.get("memory")
    if memory:
        lines += [
            "## Peak RSS, largest pages (`build PAGE --jobs 1`: the process is the worker)",
            "",
        ]
        rows = [
            [f"`{page['source']}`", _fmt(page["size"]), _fmt(page["peak_rss"]), _fmt(page["wall"])]
            for page in memory["pages"]
        ]
        lines += _table(["page", "KiB", "peak RSS MiB", "wall s"], rows)
        workers = {
            f"{s['tool']} {s['format']}": _fmt(s["worker_peak_rss"])
            for s in results["stages"]
            if "worker_peak_rss" in s
        }
        lines += [
            "Workers of the jobs=2 stages, peak RSS in MiB: "
            + ", ".join(f"{name} {mib}" for name, mib in workers.items())
            + ". These include the pages a worker shares with the benchmark process it was "
            "forked from (a pandoc-stage worker only starts a subprocess), so the rows above "
            "are the per-worker figure.",
            "",
        ]
    startup = results.get("startup")
    if startup:
        lines += ["## Start-up (median of runs)", ""]
        rows = [[f"`{name}`", _fmt(value)] for name, value in startup["median"].items()]
        lines += _table(["command", "median s"], rows)
    return lines
