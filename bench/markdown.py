"""bench/results.md: the numbers of results.json as Markdown, the claims in words."""

from __future__ import annotations

import math
from collections.abc import Sequence

from bench.report import Json


def fmt(value: Json | float, digits: int = 3) -> str:
    number = value["value"] if isinstance(value, dict) else value
    if isinstance(number, float) and math.isnan(number):
        return "n/a"
    return f"{number:.{digits}g}" if abs(number) < 1000 else f"{number:.0f}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def run_line(meta: Json, setting: str = "") -> str:
    """When, on what and under which load a run was made."""
    return (
        f"Run {meta['date']} at commit `{meta['commit']}` on {meta['cpus']} CPUs{setting}; "
        f"1-minute load average {meta['load_average_start']:.1f} at start, "
        f"{meta['load_average_end']:.1f} at end."
    )


def markdown(results: Json) -> str:
    """The human summary of results.json, the same numbers rounded to 3 significant digits."""
    meta = results["meta"]
    lines = [
        "# Benchmark results",
        "",
        f"Corpus `{meta['corpus']}`: {meta['documents']} documents ({meta['corpus_kib']:.0f} KiB)"
        f"{' (sample, --limit)' if meta['limited'] else ''}. {run_line(meta)} "
        f"Whole run: {fmt(meta['run_seconds'])} s. Method: [README.md](README.md).",
        "",
        *claims(results),
        "## Throughput per format (one (document, format) job at a time per worker)",
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
                fmt(stage["docs_per_second"]),
                fmt(stage["p50"]),
                fmt(stage["p95"]),
                fmt(stage["max"]),
                fmt(speedup) + "x" if speedup else "",
                str(len(stage["failed"])),
                fmt(stage["load_average_at_start"], 2),
            ]
        )
    header = ["tool", "format", "jobs", "docs/s", "p50 s", "p95 s", "max s", "speedup"]
    lines += table([*header, "failed", "load"], rows)
    lines += ["## Comparisons (same documents, same process count)", ""]
    rows = [
        [c["name"], str(c["jobs"]), fmt(c["ours_mean"]), fmt(c["theirs_mean"]), fmt(c["ratio"])]
        for c in results["comparisons"]
    ]
    lines += table(["comparison", "jobs", "ours s/doc", "theirs s/doc", "ratio"], rows)
    lines += rounds_and_formats(results)
    lines += other_sections(results)
    lines += ["## Targets", ""]
    rows = [
        [t["target"], fmt(t["measured"]) + " " + t["measured"]["unit"], t["goal"], _verdict(t)]
        for t in results["targets"]
    ]
    lines += table(["target", "measured", "goal", "result"], rows)
    return "\n".join(lines)


def _verdict(entry: Json) -> str:
    return "**pass**" if entry["pass"] else "**FAIL**"


def _ratios(results: Json, name: str) -> str:
    """``1.05x (jobs=1), 1.02x (jobs=2)`` for one comparison, or "not measured"."""
    found = [c for c in results["comparisons"] if c["name"] == name]
    spreads = {s["jobs"]: s for s in results.get("rounds") or [] if s["name"] == name}
    parts = []
    for c in found:
        spread = spreads.get(c["jobs"])
        rounds = (
            f"; rounds {fmt(spread['min'])}–{fmt(spread['max'])}, median {fmt(spread['median'])}"
            if spread
            else ""
        )
        parts.append(f"**{fmt(c['ratio'])}x** (jobs={c['jobs']}{rounds})")
    return ", ".join(parts) or "not measured"


def _means(results: Json, name: str) -> str:
    found = [c for c in results["comparisons"] if c["name"] == name][:1]
    return "".join(
        f" (jobs={c['jobs']}: ours {fmt(c['ours_mean'])} s, theirs {fmt(c['theirs_mean'])} s "
        "per document)"
        for c in found
    )


def claims(results: Json) -> list[str]:
    """The three comparisons in words, each on equal terms."""
    threshold = results["meta"].get("gc_threshold", "?")
    command = "ours / the weasyprint command, PDF"
    stock = "ours / stock WeasyPrint, PDF"
    tagged = "ours / stock WeasyPrint tagged, PDF"
    tuned = "ours / WeasyPrint tagged with our settings, PDF"
    pandoc = "pandoc / ours, HTML+EPUB"
    return [
        "## The claims, on equal terms",
        "",
        "Every stage ran in a fresh process with a pool of forked workers; each ratio is the "
        "mean seconds per document of each side over the same documents at the same number "
        "of workers. The compared stages ran in alternating rounds; each ratio is given with "
        "its spread over the rounds.",
        "",
        "1. **PDF against stock WeasyPrint, as a user runs it.** Our PDF job (in the "
        "pool a build runs) takes "
        f"{_ratios(results, command)} the time of the `weasyprint page.html page.pdf` "
        "command on our own print HTML, one fresh process per document as a user runs it "
        f"from a shell or a script{_means(results, command)}. Against WeasyPrint already "
        "imported in a warm pool of workers where none of carted-export's code or patches "
        "is loaded, `weasyprint.HTML(string=html).write_pdf()` with its defaults (untagged, "
        "a new font configuration per document, Python's default garbage collector): "
        f"{_ratios(results, stock)}{_means(results, stock)}; the same call asking for "
        f'PDF/UA (`pdf_variant="pdf/ua-1"`): {_ratios(results, tagged)}.',
        "2. **PDF, our own code's overhead (tagged against tagged).** Given the settings our "
        "workers use (`pdf/ua-1`, one shared `FontConfiguration` per worker, the garbage "
        f"collector's young-generation threshold at {threshold}), WeasyPrint alone against "
        f"our whole PDF job: ours takes {_ratios(results, tuned)} its time"
        f"{_means(results, tuned)}. Our job also reads and parses the source, prepares and "
        "translates it, builds the HTML, and fixes WeasyPrint's tagging and structure.",
        "3. **HTML+EPUB against pandoc, reading counted on both sides.** Ours is "
        f"{_ratios(results, pandoc)} faster than Debian pandoc"
        f"{_means(results, pandoc)}. Our job reads and parses the source file once and makes "
        "both formats, as `carted-export build --format html --format epub` does; pandoc "
        "reads it in each of its two runs (one process per document and format).",
        "",
    ]


def other_sections(results: Json) -> list[str]:
    lines: list[str] = []
    reading = results.get("reading")
    if reading:
        lines += ["## Reading the sources (`pipeline.plan.read_sources`)", ""]
        rows = [
            [
                run["executor"],
                str(run["jobs"]),
                str(run["documents"]),
                fmt(run["start_up"]),
                fmt(run["read"]),
                fmt(run["load_average_at_start"], 2),
            ]
            for run in reading["runs"]
        ]
        header = ["executor", "workers", "documents", "workers start s", "read s", "load"]
        lines += table(header, rows)
    rebuild = results.get("rebuild")
    if rebuild:
        lines += [f"## Rebuild (`carted-export build`, jobs={rebuild['jobs']})", ""]
        rows = [
            [name, fmt(run["wall"]), fmt(run["fraction_of_cold"]), run["summary"]]
            for name, run in rebuild["runs"].items()
        ]
        lines += table(["build", "wall s", "% of cold", "manifest: outputs, exit"], rows)
    lines += _memory_and_startup(results)
    return lines


def _memory_and_startup(results: Json) -> list[str]:
    lines: list[str] = []
    memory = results.get("memory")
    if memory:
        lines += [
            "## Peak RSS, largest pages (`build PAGE --jobs 1`: the process is the worker)",
            "",
        ]
        rows = [
            [f"`{page['source']}`", fmt(page["size"]), fmt(page["peak_rss"]), fmt(page["wall"])]
            for page in memory["pages"]
        ]
        lines += table(["page", "KiB", "peak RSS MiB", "wall s"], rows)
    startup = results.get("startup")
    if startup:
        lines += ["## Start-up (median of runs)", ""]
        rows = [[f"`{name}`", fmt(value)] for name, value in startup["median"].items()]
        lines += table(["command", "median s"], rows)
    return lines


def rounds_and_formats(results: Json) -> list[str]:
    """The ratios per alternating round, and the cost of each format."""
    lines: list[str] = []
    spreads = results.get("rounds") or []
    if spreads:
        count = results["meta"].get("pdf_rounds", "?")
        lines += [
            "## Ratios per round (alternating: ours, then each baseline, on the same "
            "documents; the order reversed every other round)",
            "",
            f"Each round holds every {count}th document (the corpus's mix of sizes).",
            "",
        ]
        rows = [
            [
                s["name"],
                str(s["jobs"]),
                ", ".join(fmt(r) for r in s["ratios"]),
                f"{fmt(s['min'])}–{fmt(s['max'])}",
                fmt(s["median"]),
            ]
            for s in spreads
        ]
        lines += table(["comparison", "jobs", "ratio per round", "min–max", "median"], rows)
    priced = results.get("formats")
    if priced and priced["rows"]:
        lines += [
            f"## Cost per document of each format (jobs={priced['jobs']}, our jobs as above)",
            "",
            f"On the same {priced['documents']} documents (every k-th, all sizes), each stage "
            "a fresh process as the PDF job's. `booklet` is what `--booklet` adds "
            "(`small.pdf` and `booklet.pdf`); `pdf+epub+html` is the default build, also in "
            "a process where the braille, audio and booklet modules cannot be imported (the "
            "two alternate on the sample's two halves). A "
            "stage leaves out the documents it cannot make (no braille table or voice).",
            "",
        ]
        rows = [
            [
                f"`{row['stage']}`",
                str(row["documents"]),
                fmt(row["mean"]),
                fmt(row["p50"]),
                str(row["failed"]),
            ]
            for row in priced["rows"]
        ]
        lines += table(["stage", "documents", "mean s/doc", "p50 s/doc", "failed"], rows)
        optional = priced.get("optional")
        if optional:
            lines += [
                f"Default build with the optional modules installed / absent: "
                f"**{fmt(optional['ratio'])}x** ({optional['documents']} documents: "
                f"{fmt(optional['ours_mean'])} s against {fmt(optional['theirs_mean'])} s).",
                "",
            ]
    return lines
