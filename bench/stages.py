"""Running the stages: each one tool, one format, one process count, in a fresh process.

The compared stages run in alternating rounds: the documents are dealt into R rounds (every
R-th document, so each round has the corpus's mix of sizes), and each round runs our jobs
and their baselines on its documents, one after the other, the order reversed in every
other round: our HTML, EPUB and HTML+EPUB jobs next to pandoc's two runs, then our PDF job
next to each WeasyPrint baseline.  A ratio per round compares two sides that ran within a minute of
each other on the same documents, so a change in the machine's load shows as spread
between rounds instead of shifting one side's whole mean.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bench.cli import log
from bench.report import Stage
from bench.tasks import OursItem, PandocItem, page_html, time_pandoc
from bench.timing import Timing, timings_from_json
from carted_export.pipeline.executors import JOB_GC_THRESHOLD

REPO = Path(__file__).resolve().parents[1]
PDF_BASELINES = ("command", "stock", "stock-tagged", "tuned-tagged")
#: Priced at the largest process count only, on a sample (audio takes some 30 times as long
#: as the PDF of a document, the booklet some 10 times on this machine).
OTHER_FORMATS = ("booklet", "brf", "audio")
#: The build a user gets by default, priced with and without the optional modules.
DEFAULT_BUILD = "pdf+epub+html"


@dataclass(frozen=True, slots=True)
class Inputs:
    """What the stage processes read: the plan of every document and of each round, and
    our print HTML of each round's documents for the WeasyPrint baselines."""

    items: list[OursItem]
    plan: Path
    rounds: list[tuple[Path, Path]]  # (plan, pages listing) per round
    sample: Path  # the plan of the documents every format is priced on
    sample_keys: frozenset[str]
    sample_halves: tuple[Path, Path]  # the sample dealt in two, for the default build's pair


def prepare(items: list[OursItem], work: Path, rounds: int, sample: int = 24) -> Inputs:
    """Pickle the plans and write the print HTML into ``work``; none of it is timed.
    ``sample``: how many documents (every k-th, so all sizes) price the other formats."""
    plan = work / "plan.pickle"
    plan.write_bytes(pickle.dumps(items))
    sampled = items[:: max(1, len(items) // max(1, sample))][:sample]
    sample_plan = work / "plan-sample.pickle"
    sample_plan.write_bytes(pickle.dumps(sampled))
    halves = (work / "plan-sample-0.pickle", work / "plan-sample-1.pickle")
    for number, half in enumerate(halves):
        half.write_bytes(pickle.dumps(sampled[number::2]))
    pages_dir = work / "pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    made = []
    count = max(1, min(rounds, len(items)))
    for number in range(count):
        chosen = items[number::count]
        round_plan = work / f"plan-{number}.pickle"
        round_plan.write_bytes(pickle.dumps(chosen))
        pages: list[dict[str, str]] = []
        for item in chosen:
            page = pages_dir / f"{number}-{len(pages):04}.html"
            page.write_text(page_html(item), "utf-8")
            pages.append({"key": item.job.source, "html": str(page)})
        listing = work / f"pages-{number}.json"
        listing.write_text(json.dumps(pages), "utf-8")
        made.append((round_plan, listing))
    keys = frozenset(item.job.source for item in sampled)
    return Inputs(items, plan, made, sample_plan, keys, halves)


def stage_in_process(
    tool: str, fmt: str, jobs: int, command: list[str], round_: int | None = None
) -> Stage:
    """Run one stage in a fresh Python process and read its timings."""
    load = os.getloadavg()[0]
    done = subprocess.run(
        [sys.executable, "-m", *command], capture_output=True, text=True, cwd=REPO, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{tool} {fmt} jobs={jobs} failed:\n{done.stderr[-3000:]}")
    return make_stage(
        tool, fmt, jobs, timings_from_json(done.stdout.splitlines()[-1]), load, round_
    )


def make_stage(
    tool: str,
    fmt: str,
    jobs: int,
    timings: list[Timing],
    load: float,
    round_: int | None = None,
) -> Stage:
    """A stage's wall time runs from its first job's start to its last job's end."""
    wall = max(t.end for t in timings) - min(t.start for t in timings) if timings else 0.0
    stage = Stage(tool, fmt, jobs, wall, tuple(timings), load, round_)
    summary = stage.summary()
    where = f" round {round_}" if round_ is not None else ""
    log(
        f"  {tool:24} {fmt:13} jobs={jobs}{where}: {len(timings)} docs, "
        f"{summary['docs_per_second']['value']:.2f} docs/s, "
        f"mean {summary['mean']['value']:.3f} s, {len(summary['failed'])} failed"
    )
    return stage


def pandoc_stage(
    items: list[OursItem], fmt: str, jobs: int, out: Path, round_: int | None = None
) -> Stage:
    out.mkdir(parents=True, exist_ok=True)
    runs = [
        PandocItem(item.job.source, item.path, item.job.title, out / f"{n}.{fmt}", fmt)
        for n, item in enumerate(items)
    ]
    load = os.getloadavg()[0]
    with ThreadPoolExecutor(jobs) as pool:  # each thread waits on its own pandoc process
        timings = list(pool.map(time_pandoc, runs))
    return make_stage("pandoc", fmt, jobs, timings, load, round_)


def ours(
    stage: str, jobs: int, plan: Path, round_: int | None = None, without_optional: bool = False
) -> Stage:
    command = ["bench.tasks", stage, str(jobs), str(plan)]
    if without_optional:
        command.append("--without-optional")
    tool = "ours-without-optional" if without_optional else "ours"
    return stage_in_process(tool, stage, jobs, command, round_)


#: Our HTML and EPUB stages and pandoc's, in the order of a round (reversed every other one).
TEXT_SIDES = (
    ("ours", "html"),
    ("pandoc", "html"),
    ("ours", "epub"),
    ("pandoc", "epub"),
    ("ours", "html+epub"),
)


def text_rounds(inputs: Inputs, jobs: int, with_pandoc: bool, work: Path) -> list[Stage]:
    """Our HTML, EPUB and HTML+EPUB jobs and pandoc's runs, round after round, alternating
    (the rounds deal the documents as the PDF rounds do)."""
    stages = []
    count = len(inputs.rounds)
    for number, (plan, _) in enumerate(inputs.rounds):
        chosen = inputs.items[number::count]
        for tool, fmt in TEXT_SIDES if number % 2 == 0 else TEXT_SIDES[::-1]:
            if tool == "ours":
                stages.append(ours(fmt, jobs, plan, number))
            elif with_pandoc:
                stages.append(pandoc_stage(chosen, fmt, jobs, work / "pandoc", number))
    return stages


def pdf_rounds(inputs: Inputs, jobs: int) -> list[Stage]:
    """Our PDF job and each WeasyPrint baseline, round after round, alternating."""
    stages = []
    for number, (plan, pages) in enumerate(inputs.rounds):
        sides = ["ours", *PDF_BASELINES]
        for side in sides if number % 2 == 0 else sides[::-1]:
            if side == "ours":
                stages.append(ours("pdf", jobs, plan, number))
                continue
            command = ["bench.weasyprint_alone", side, str(jobs), str(JOB_GC_THRESHOLD)]
            tool = f"weasyprint-{side}"
            stages.append(stage_in_process(tool, "pdf", jobs, [*command, str(pages)], number))
    return stages


def merged(rounds: Sequence[Stage]) -> list[Stage]:
    """One stage per (tool, format, jobs) of its rounds: their timings together, their
    walls summed (docs/s over the time the tool was running)."""
    found: dict[tuple[str, str, int], list[Stage]] = {}
    for stage in rounds:
        found.setdefault((stage.tool, stage.fmt, stage.jobs), []).append(stage)
    return [
        Stage(
            tool,
            fmt,
            jobs,
            sum(s.wall_seconds for s in parts),
            tuple(t for s in parts for t in s.timings),
            parts[0].load_average,
        )
        for (tool, fmt, jobs), parts in found.items()
    ]


def run_stages(
    inputs: Inputs, jobs_counts: list[int], with_pandoc: bool, work: Path
) -> tuple[list[Stage], list[Stage]]:
    """Each of ours next to its comparisons, so they see about the same machine load; then,
    at the largest process count, the other formats and the default build without the
    optional modules.  Returns (stages, the round stages)."""
    stages, rounds = [], []
    for jobs in jobs_counts:
        log(f"jobs={jobs}:")
        text = text_rounds(inputs, jobs, with_pandoc, work)  # html+epub: pandoc's two runs
        pdf = pdf_rounds(inputs, jobs)
        rounds += text + pdf
        stages += merged(text) + merged(pdf)
    jobs = max(jobs_counts)
    log(f"other formats, jobs={jobs}:")
    stages += [ours(fmt, jobs, inputs.sample) for fmt in OTHER_FORMATS]
    stages += merged(default_build_pair(inputs, jobs))
    return stages, rounds


def default_build_pair(inputs: Inputs, jobs: int) -> list[Stage]:
    """The default build as it runs and without the optional modules, alternating on the
    two halves of the sample (as it runs, without; then without, as it runs)."""
    stages = []
    for number, half in enumerate(inputs.sample_halves):
        for without in (False, True) if number == 0 else (True, False):
            stages.append(ours(DEFAULT_BUILD, jobs, half, number, without_optional=without))
    return stages
