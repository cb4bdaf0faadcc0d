"""bench/scale.md: the measured curve, how linear it is, and the extrapolation to the target
of docs/scale-out.md (10,000 articles x 40 locales x 3 formats in an 8-hour window)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from bench.markdown import fmt, run_line, table
from bench.report import Json

ARTICLES, LOCALES, FORMATS = 10_000, 40, 3
TARGET_OUTPUTS = ARTICLES * LOCALES * FORMATS
TARGET_JOBS = ARTICLES * LOCALES  # one job per (article, locale)
WINDOW_SECONDS = 8 * 3600
UTILIZATION = 0.8  # workers busy 80% of the window: stragglers, retries, start-up


def linear_fit(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float, float]:
    """Least squares ``y = a + b x``: (a, b, r squared)."""
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if n < 2 or sxx == 0:
        return math.nan, math.nan, math.nan
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    total = sum((y - mean_y) ** 2 for y in ys)
    residual = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    return intercept, slope, 1 - residual / total if total else math.nan


def _value(entry: Json, *path: str) -> float:
    for key in path:
        entry = entry[key]
    return float(entry["value"])


def curve_rows(sizes: list[Json]) -> list[list[str]]:
    rows = []
    for size in sizes:
        cold, outputs = size["cold"], size["outputs"]
        rows.append(
            [
                str(size["documents"]),
                str(outputs),
                fmt(cold["wall"]),
                fmt(1000 * _value(cold, "wall") / max(1, outputs)),
                fmt(cold["client_peak_rss"]),
                fmt(cold["worker_peak_rss"]),
                fmt(cold["tree_peak_rss"]),
                fmt(size["no_op"]["wall"]),
                fmt(size["manifest_bytes"]),
                fmt(size["cache_bytes"]),
                fmt(cold["load_average_at_start"], 2),
            ]
        )
    return rows


def _locale_factor(results: Json, intercept: float, slope: float) -> tuple[float, str]:
    """The marginal cost of an output in the four-locale sample over the slope of the curve
    (outputs in the sources' own language); 1.0 when not measured."""
    sample = results.get("locales_sample")
    if not sample or not math.isfinite(slope) or slope <= 0:
        return 1.0, "not measured (1.0 assumed)"
    factor = (_value(sample, "cold", "wall") - intercept) / sample["outputs"] / slope
    locales = ", ".join(sample["locales"])
    return factor, f"{fmt(factor)} ({sample['documents']} documents in {locales})"


def extrapolation(results: Json) -> list[str]:
    sizes, jobs = results["sizes"], results["meta"]["jobs"]
    outputs = [float(s["outputs"]) for s in sizes]
    intercept, slope, r2 = linear_fit(outputs, [_value(s, "cold", "wall") for s in sizes])
    factor, factor_text = _locale_factor(results, intercept, slope)
    worker_seconds = slope * jobs * factor  # per output, each worker one process on one core
    workers = TARGET_OUTPUTS * worker_seconds / (WINDOW_SECONDS * UTILIZATION)
    largest = sizes[-1]
    per_output = {
        name: _value(largest, name) * 1024 / largest["outputs"]
        for name in ("manifest_bytes", "cache_bytes")
    }
    client = [_value(s, "cold", "client_peak_rss") for s in sizes]
    _, client_slope, _ = linear_fit([o / FORMATS for o in outputs], client)
    no_op = [_value(s, "no_op", "wall") for s in sizes]
    _, no_op_slope, _ = linear_fit(outputs, no_op)
    rows = [
        ["cold build", f"{fmt(intercept)} s + {fmt(1000 * slope)} ms x outputs", f"R² {r2:.4f}"],
        ["one output, one worker (marginal)", f"{fmt(slope * jobs)} s", f"{jobs} workers"],
        ["output in another locale / own language", factor_text, ""],
        [
            f"workers for {TARGET_OUTPUTS:,} outputs in 8 h",
            f"{math.ceil(workers) if math.isfinite(workers) else 'n/a'}",
            f"busy {UTILIZATION:.0%} of the window",
        ],
        [
            "manifest, one JSON file",
            f"{fmt(per_output['manifest_bytes'] * TARGET_OUTPUTS / 2**30)} GiB",
            f"{fmt(per_output['manifest_bytes'])} bytes/output",
        ],
        [
            "cache, one JSON file",
            f"{fmt(per_output['cache_bytes'] * TARGET_OUTPUTS / 2**30)} GiB",
            f"{fmt(per_output['cache_bytes'])} bytes/output",
        ],
        [
            "client peak memory, if linear in jobs",
            f"{fmt(client_slope * TARGET_JOBS / 1024)} GiB",
            f"{fmt(1024 * client_slope)} KiB/job",
        ],
        [
            "no-op rebuild, if linear",
            f"{fmt(no_op_slope * TARGET_OUTPUTS / 60)} min",
            f"{fmt(1000 * no_op_slope)} ms/output",
        ],
    ]
    return table(["quantity", "extrapolated", "from"], rows)


def scale_markdown(results: Json) -> str:
    meta = results["meta"]
    lines = [
        "# Scale: cold builds at growing sizes",
        "",
        run_line(meta, f", {meta['jobs']} workers, executor {meta['executor']}")
        + " Method: `bench/scale.py`; the plan: [docs/scale-out.md](../docs/scale-out.md).",
        "",
        "## The curve (each document in its own language, all three formats)",
        "",
    ]
    header = ["documents", "outputs", "cold s", "ms/output", "client MiB", "worker MiB"]
    header += ["tree MiB", "no-op s", "manifest KiB", "cache KiB", "load"]
    lines += table(header, curve_rows(results["sizes"]))
    if "locales_sample" in results:
        lines += ["## Other locales", ""]
        lines += table(header, curve_rows([results["locales_sample"]]))
    lines += [
        f"## Extrapolated to {ARTICLES:,} articles x {LOCALES} locales x {FORMATS} formats",
        "",
        *extrapolation(results),
    ]
    return "\n".join(lines)
