"""The targets of `make bench`, each with its goal and pass/fail.

Issue 24 asks for HTML+EPUB at least 10x faster than pandoc and our PDF job at most 0.9x
stock WeasyPrint as a user runs it, both on equal terms.
"""

from __future__ import annotations

from bench.report import Json, measure


def target(name: str, measured: float, unit: str, goal: str, passed: bool) -> Json:
    return {"target": name, "measured": measure(measured, unit), "goal": goal, "pass": passed}


def targets(results: Json) -> list[Json]:
    found = []
    for comparison in results["comparisons"]:
        ratio, jobs, name = comparison["ratio"]["value"], comparison["jobs"], comparison["name"]
        if name == "pandoc / ours, HTML+EPUB":
            label = f"HTML+EPUB vs pandoc, reading counted on both sides (jobs={jobs}; issue 24)"
            found.append(target(label, ratio, "x faster", ">= 10x faster", ratio >= 10))
        elif name == "ours / the weasyprint command, PDF":
            label = f"PDF vs stock WeasyPrint as a user runs it (jobs={jobs}; issue 24)"
            found.append(target(label, ratio, "x", "<= 0.9x", ratio <= 0.9))
        elif name == "ours / WeasyPrint tagged with our settings, PDF":
            label = f"PDF, our own code's overhead, tagged vs tagged (jobs={jobs})"
            found.append(target(label, ratio, "x", "<= 1.10x", ratio <= 1.10))
    found += _optional_targets(results)
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


def _optional_targets(results: Json) -> list[Json]:
    """A build not asking for braille, audio or the booklet neither loads their modules
    nor costs more with them installed."""
    loaded = [
        failure["error"]
        for stage in results["stages"]
        for failure in stage["failed"]
        if "not asked for" in str(failure["error"])
    ]
    label = "jobs not asking for braille, audio or the booklet load none of their modules"
    found = [target(label, len(loaded), "jobs that did", "none", not loaded)]
    optional = results["formats"].get("optional")
    if optional:
        ratio = optional["ratio"]["value"]
        label = "default build (PDF, EPUB, HTML): modules present / absent"
        found.append(target(label, ratio, "x", "<= 1.05x", ratio <= 1.05))
    return found
