"""`make bench`: is carted-export fast at clinic scale?  One run, every number with its unit.

    python -m scripts.bench [--corpus DIR] [--limit N] [--jobs 1,2]

On a copy of the corpus (bench/work/, git-ignored) it measures:

* throughput and p50/p95/max seconds per document for each format at each process count,
  timing the pipeline's own ``run_job`` per (document, format) inside the workers of
  ``carted_export.executors.make_executor`` (the CLI's code path, minus the file write);
* HTML and EPUB against Debian pandoc (one process per document, as a user runs it) and
  PDF against bare ``weasyprint.HTML(string=our_print_html).write_pdf()``, same processes;
* cold, no-op and one-edited-file rebuilds with the real CLI;
* peak RSS of one process building each of the largest pages;
* ``carted-export --help`` against ``python -c "import click"``.

Writes bench/results.json (git-ignored) and bench/results.md, and prints the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from time import perf_counter
from typing import TypeVar

from scripts.bench_report import Json, Stage, markdown, measure, targets
from scripts.bench_tasks import (
    PandocItem,
    Timing,
    time_bare_weasyprint,
    time_ours,
    time_pandoc,
    time_tagged_weasyprint,
)

from carted_export.config import BuildOptions, Format
from carted_export.discovery import SOURCE_SUFFIXES, discover_sources
from carted_export.executors import make_executor
from carted_export.i18n.content import document_slug
from carted_export.pipeline import Job, _warm_up_worker
from carted_export.sources import read_source

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "nci"
BENCH_DIR = REPO / "bench"
WORK = BENCH_DIR / "work"
CLI = Path(sys.executable).parent / "carted-export"
#: A fixed export date, so a rebuild across midnight is still a no-op.
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
EXPORT_DATE = dt.date(2026, 1, 1)

Item = TypeVar("Item")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="source folder")
    parser.add_argument("--limit", type=int, help="only N documents, spread over the sizes")
    parser.add_argument("--jobs", default="1,2", help="process counts to compare (default 1,2)")
    parser.add_argument("--startup-runs", type=int, default=10, help="runs per start-up median")
    return parser.parse_args(argv)


def select_sources(corpus: Path, limit: int | None) -> list[Path]:
    """The corpus's source files, or ``limit`` of them spread evenly over the sizes."""
    files = sorted(
        path
        for path in corpus.rglob("*")
        if path.is_file()
        and path.suffix.lower() in SOURCE_SUFFIXES
        and not path.name.startswith(".")
    )
    if limit and limit < len(files):
        by_size = sorted(files, key=lambda path: path.stat().st_size)
        files = sorted(by_size[int((i + 0.5) * len(files) / limit)] for i in range(limit))
    return files


def copy_corpus(corpus: Path, files: list[Path]) -> list[Path]:
    """Copy ``files`` to bench/work/corpus, where the rebuild test may edit them."""
    copies = []
    for path in files:
        copy = WORK / "corpus" / path.relative_to(corpus)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        copies.append(copy)
    return copies


def read_jobs(sources: tuple[Path, ...]) -> tuple[list[Job], float]:
    """One job per document (formats filled in per stage), read as the pipeline plans them."""
    options = BuildOptions(sources=sources, out_dir=WORK / "unused", export_date=EXPORT_DATE)
    start = perf_counter()
    found, failures = discover_sources(options.sources, options.max_source_bytes)
    jobs = []
    for source in found:
        document = read_source(source.path, root=source.root, max_bytes=options.max_source_bytes)
        language = document.metadata.language
        jobs.append(Job(source, document, document_slug(document), language, (), options))
    if failures:
        log("discovery refused: " + "; ".join(failures))
    return jobs, perf_counter() - start


def run_stage(
    tool: str, fmt: str, jobs: int, task: Callable[[Item], Timing], items: Sequence[Item]
) -> Stage:
    load = os.getloadavg()[0]
    executor = make_executor(min(jobs, len(items)), _warm_up_worker)
    start = perf_counter()
    timings = tuple(executor.run(task, items))
    stage = Stage(tool, fmt, jobs, perf_counter() - start, timings, load)
    summary = stage.summary()
    log(
        f"  {tool:10} {fmt:4} jobs={jobs}: {summary['docs_per_second']['value']:.2f} docs/s, "
        f"p50 {summary['p50']['value']:.3f} s, {len(summary['failed'])} failed"
    )
    return stage


def pandoc_items(jobs: list[Job], fmt: str) -> list[PandocItem]:
    out = WORK / "pandoc"
    out.mkdir(parents=True, exist_ok=True)
    return [
        PandocItem(
            key=job.source.display,
            source=job.source.path,
            title=job.document.metadata.title.markdown,
            out_file=out / f"{number}.{fmt}",
            fmt=fmt,
        )
        for number, job in enumerate(jobs)
    ]


def run_stages(base: list[Job], jobs_counts: list[int], with_pandoc: bool) -> list[Stage]:
    """Each of ours next to its comparison, so both see about the same machine load."""
    stages = []
    for jobs in jobs_counts:
        log(f"jobs={jobs}:")
        for fmt in (Format.HTML, Format.EPUB, Format.PDF):
            items = [replace(job, formats=(fmt,)) for job in base]
            stages.append(run_stage("ours", fmt.value, jobs, time_ours, items))
            if fmt is Format.PDF:
                stages.append(run_stage("weasyprint", "pdf", jobs, time_bare_weasyprint, items))
                tagged = run_stage("weasyprint-ua", "pdf", jobs, time_tagged_weasyprint, items)
                stages.append(tagged)
            elif with_pandoc:
                pandoc = pandoc_items(base, fmt.value)
                stages.append(run_stage("pandoc", fmt.value, jobs, time_pandoc, pandoc))
    return stages


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


def compare(name: str, jobs: int, ours: list[Stage], theirs: list[Stage], invert: bool) -> Json:
    """Mean seconds per document on the documents both sides built; ratio theirs/ours
    (how many times faster we are) or, with ``invert``, ours/theirs (our overhead)."""
    mine, other = _per_document(ours), _per_document(theirs)
    common = sorted(mine.keys() & other.keys())
    ours_mean = sum(mine[key] for key in common) / max(1, len(common))
    theirs_mean = sum(other[key] for key in common) / max(1, len(common))
    ratio = ours_mean / theirs_mean if invert else theirs_mean / ours_mean
    return {
        "name": name,
        "jobs": jobs,
        "documents": len(common),
        "ours_mean": measure(ours_mean, "s/doc"),
        "theirs_mean": measure(theirs_mean, "s/doc"),
        "ratio": measure(ratio, "x"),
    }


def comparisons(stages: list[Stage], jobs_counts: list[int]) -> list[Json]:
    def pick(tool: str, fmts: tuple[str, ...], jobs: int) -> list[Stage]:
        return [s for s in stages if s.tool == tool and s.fmt in fmts and s.jobs == jobs]

    found = []
    for jobs in jobs_counts:
        if pick("pandoc", ("html",), jobs):
            for label, fmts in (("HTML", ("html",)), ("EPUB", ("epub",))):
                ours, theirs = pick("ours", fmts, jobs), pick("pandoc", fmts, jobs)
                found.append(compare(f"pandoc / ours, {label}", jobs, ours, theirs, False))
            both = ("html", "epub")
            ours, theirs = pick("ours", both, jobs), pick("pandoc", both, jobs)
            found.append(compare("pandoc / ours, HTML+EPUB", jobs, ours, theirs, False))
        ours, theirs = pick("ours", ("pdf",), jobs), pick("weasyprint", ("pdf",), jobs)
        found.append(compare("ours / bare WeasyPrint, PDF", jobs, ours, theirs, True))
        tagged = pick("weasyprint-ua", ("pdf",), jobs)
        found.append(
            compare("ours / bare tagged WeasyPrint (pdf/ua-1), PDF", jobs, ours, tagged, True)
        )
    return found


def speedups(stages: list[Stage]) -> dict[str, Json]:
    serial = {(s.tool, s.fmt): len(s.timings) / s.wall_seconds for s in stages if s.jobs == 1}
    return {
        f"{s.tool}/{s.fmt}/{s.jobs}": measure(
            len(s.timings) / s.wall_seconds / serial[(s.tool, s.fmt)], "x"
        )
        for s in stages
        if s.jobs > 1 and (s.tool, s.fmt) in serial
    }


def timed_cli(arguments: list[str]) -> tuple[float, str]:
    """Wall time of one CLI build and its summary line ("N built, M up to date, ...")."""
    start = perf_counter()
    done = subprocess.run(
        [str(CLI), *arguments], capture_output=True, text=True, env=ENV, check=False
    )
    seconds = perf_counter() - start
    summary = [line for line in done.stderr.splitlines() if " built, " in line]
    return seconds, summary[-1].split(" -> ")[0] if summary else f"exit {done.returncode}"


def rebuilds(corpus: Path, sources: list[Path], jobs: int) -> Json:
    """Cold build, the same build unchanged, then with one sentence appended to one page."""
    arguments = ["build", str(corpus), "--out", str(WORK / "cli-out"), "--jobs", str(jobs), "-q"]
    runs: dict[str, Json] = {}
    for name in ("cold", "no-op", "one file edited"):
        if name == "one file edited":
            edited = sorted(sources, key=lambda path: path.stat().st_size)[len(sources) // 2]
            with edited.open("a", encoding="utf-8") as handle:
                handle.write("\nAsk your care team about this sentence, added by the benchmark.\n")
        log(f"CLI build, {name}...")
        seconds, summary = timed_cli(arguments)
        retries = 0
        while name == "no-op" and not summary.startswith("0 built") and retries < 2:
            # Others edit src/ and templates/ in this work tree; any edit rightly
            # invalidates every output.  Measure again with the cache now warm.
            log(f"  not a no-op ({summary}): the code changed meanwhile; measuring again")
            seconds, summary = timed_cli(arguments)
            retries += 1
        runs[name] = {"wall": measure(seconds, "s"), "summary": summary, "retries": retries}
    cold = runs["cold"]["wall"]["value"]
    for run in runs.values():
        run["fraction_of_cold"] = measure(100 * run["wall"]["value"] / cold, "%")
    return {"jobs": jobs, "edited": str(edited.relative_to(WORK / "corpus")), "runs": runs}


#: Runs a command and prints its peak RSS in KiB.  A child's ru_maxrss starts at its
#: parent's at fork time, so the child must be forked from this small launcher, not from
#: the benchmark process that has WeasyPrint loaded.
RSS_LAUNCHER = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def peak_rss(sources: list[Path], count: int = 3) -> Json:
    """One CLI process (--jobs 1: the process is the worker) per largest page, all formats."""
    pages = []
    for path in sorted(sources, key=lambda p: p.stat().st_size, reverse=True)[:count]:
        log(f"peak RSS: {path.name}...")
        build = [str(CLI), "build", str(path), "--out", str(WORK / "rss"), "--jobs", "1"]
        command = [sys.executable, "-c", RSS_LAUNCHER, *build, "--force", "-q"]
        start = perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=ENV, check=True)
        pages.append(
            {
                "source": str(path.relative_to(WORK / "corpus")),
                "size": measure(path.stat().st_size / 1024, "KiB"),
                "peak_rss": measure(int(done.stdout) / 1024, "MiB"),
                "wall": measure(perf_counter() - start, "s"),
            }
        )
    return {"pages": pages}


def startup(runs: int) -> Json:
    commands = {
        "carted-export --help": [str(CLI), "--help"],
        'python -c "import click"': [sys.executable, "-c", "import click"],
    }
    medians = {}
    for name, command in commands.items():
        subprocess.run(command, capture_output=True, check=True)  # warm the file cache
        times = []
        for _ in range(runs):
            start = perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            times.append(perf_counter() - start)
        medians[name] = measure(statistics.median(times), "s")
    return {"runs": runs, "median": medians}


def git_commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO
    )
    return done.stdout.strip() or "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.corpus.is_dir():
        print(f"bench: no corpus at {args.corpus}; skipping (pass --corpus DIR)")
        return 0
    began, load_start, commit = perf_counter(), os.getloadavg()[0], git_commit()
    jobs_counts = sorted({int(n) for n in args.jobs.split(",")})
    with_pandoc = shutil.which("pandoc") is not None
    if not with_pandoc:
        log("pandoc not found: the pandoc comparison is skipped (apt-get install pandoc)")
    shutil.rmtree(WORK, ignore_errors=True)
    sources = copy_corpus(args.corpus, select_sources(args.corpus, args.limit))
    base, read_seconds = read_jobs((WORK / "corpus",))
    log(f"{len(base)} documents read in {read_seconds:.1f} s")
    _warm_up_worker()  # with --jobs 1 this process is the worker
    stages = run_stages(base, jobs_counts, with_pandoc)
    results: Json = {
        "read": measure(read_seconds, "s"),
        "stages": [stage.summary() for stage in stages],
        "speedup": speedups(stages),
        "comparisons": comparisons(stages, jobs_counts),
        "rebuild": rebuilds(WORK / "corpus", sources, max(jobs_counts)),
        "memory": peak_rss(sources),
        "startup": startup(args.startup_runs),
    }
    results["targets"] = targets(results)
    results["meta"] = meta(args, sources, load_start, perf_counter() - began)
    results["meta"]["commit"] = commit  # the code the run imported, not what landed since
    BENCH_DIR.mkdir(exist_ok=True)
    (BENCH_DIR / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    table = markdown(results)
    (BENCH_DIR / "results.md").write_text(table + "\n")
    print(table)
    return 0


def meta(args: argparse.Namespace, sources: list[Path], load: float, seconds: float) -> Json:
    import weasyprint

    pandoc = subprocess.run(["pandoc", "--version"], capture_output=True, text=True, check=False)
    try:
        corpus = str(args.corpus.resolve().relative_to(REPO.parent).as_posix())
        corpus = "../" + corpus
    except ValueError:
        corpus = str(args.corpus)
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "corpus": corpus,
        "documents": len(sources),
        "corpus_kib": sum(path.stat().st_size for path in sources) / 1024,
        "limited": bool(args.limit and args.limit < len(list(args.corpus.rglob("*.md")))),
        "cpus": os.cpu_count(),
        "load_average_start": load,
        "load_average_end": os.getloadavg()[0],
        "run_seconds": seconds,
        "python": sys.version.split()[0],
        "weasyprint": weasyprint.__version__,
        "pandoc": pandoc.stdout.splitlines()[0] if pandoc.stdout else None,
    }


if __name__ == "__main__":
    sys.exit(main())
