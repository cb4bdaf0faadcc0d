"""`make bench`: how fast carted-export is, against the tools a clinic would otherwise use,
measured on equal terms.  One run, every number with its unit.

    python -m bench [--corpus DIR] [--limit N] [--jobs 1,2] [--no-dask]

On a copy of the corpus (bench/work/, git-ignored) it measures:

* per format and process count, seconds per document (p50/p95/max) and docs/s.  Every
  stage runs in a fresh process with a pool of forked workers: our jobs (reading and parsing
  the source included, ``bench.tasks``), pandoc (one process per document, as a
  user runs it), and WeasyPrint three ways on our own print HTML, in processes where none of
  our code is loaded (``bench.weasyprint_alone``: stock, stock tagged, tagged with our GC
  threshold and shared font configuration);
* three comparisons: PDF against stock WeasyPrint as a user runs it; PDF against WeasyPrint
  given our settings (tagged against tagged: our own code's overhead); HTML+EPUB against
  pandoc, each side reading its source;
* reading the sources: serially, in the local pool and in a Dask LocalCluster;
* cold (local pool and Dask LocalCluster), no-op and one-edited-file builds with the CLI;
* peak RSS of one process building each of the largest pages; start-up time.

Writes bench/results.json (git-ignored) and bench/results.md, and prints the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from time import perf_counter

from bench.cli import log, peak_rss, rebuilds, startup
from bench.markdown import markdown
from bench.report import Json, Stage, comparisons, formats, measure, round_spreads
from bench.stages import prepare, run_stages
from bench.targets import targets
from bench.tasks import plan_jobs_for
from carted_export.pipeline.discovery import SOURCE_SUFFIXES
from carted_export.pipeline.executors import JOB_GC_THRESHOLD

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "nci"
BENCH_DIR = REPO / "bench"
WORK = BENCH_DIR / "work"
#: A fixed export date (and SOURCE_DATE_EPOCH for the CLI), so runs compare.
EXPORT_DATE = dt.date(2026, 1, 1)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="source folder")
    parser.add_argument("--limit", type=int, help="only N documents, spread over the sizes")
    parser.add_argument("--jobs", default="1,2", help="process counts to compare (default 1,2)")
    parser.add_argument("--startup-runs", type=int, default=10, help="runs per start-up median")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask measurements")
    parser.add_argument(
        "--format-sample",
        type=int,
        default=24,
        help="documents every format is priced on (default 24)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=4,
        help="alternating rounds of the compared stages (default 4)",
    )
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


def copy_corpus(corpus: Path, files: list[Path], target: Path) -> list[Path]:
    """Copy ``files`` to ``target``, where the rebuild test may edit them."""
    copies = []
    for path in files:
        copy = target / path.relative_to(corpus)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        copies.append(copy)
    return copies


def speedups(stages: list[Stage]) -> dict[str, Json]:
    serial = {(s.tool, s.fmt): s.docs_per_second for s in stages if s.jobs == 1}
    return {
        f"{s.tool}/{s.fmt}/{s.jobs}": measure(s.docs_per_second / serial[(s.tool, s.fmt)], "x")
        for s in stages
        if s.jobs > 1 and serial.get((s.tool, s.fmt))
    }


def reading(corpus: Path, jobs_counts: list[int], with_dask: bool) -> Json:
    """``pipeline.plan.read_sources`` (read, send, parse, return the documents) over the
    whole corpus in each executor, after the executor's workers are up."""
    from carted_export.config_build import BuildOptions
    from carted_export.pipeline.discovery import discover_sources
    from carted_export.pipeline.executors import Executor, ProcessPoolExecutor, SerialExecutor
    from carted_export.pipeline.jobs import warm_up_worker
    from carted_export.pipeline.outputs import BuildCache
    from carted_export.pipeline.plan import read_sources
    from carted_export.pipeline.report import BuildReport

    options = BuildOptions(sources=(corpus,), out_dir=WORK / "unused", project_root=WORK)
    found, _ = discover_sources(options.sources, options.reading.max_bytes, WORK)
    executors: list[tuple[str, int, Executor]] = [("serial", 1, SerialExecutor())]
    for jobs in (n for n in jobs_counts if n > 1):
        executors.append(("local pool", jobs, ProcessPoolExecutor(jobs, warm_up_worker)))
        if with_dask:
            from carted_export.pipeline.dask_executor import DaskExecutor

            executors.append(("Dask LocalCluster", jobs, DaskExecutor(None, jobs)))
    runs = []
    for name, jobs, executor in executors:
        log(f"reading {len(found)} sources: {name}, {jobs} worker(s)...")
        load = os.getloadavg()[0]
        with executor:
            start = perf_counter()
            list(executor.run(len, [b"start the workers"]))
            started = perf_counter()
            report = BuildReport()
            documents = read_sources(found, BuildCache({}, {}, ""), options, executor, report)
            done = perf_counter()
        runs.append(
            {
                "executor": name,
                "jobs": jobs,
                "documents": len(documents),
                "failed": len(report.failures),
                "start_up": measure(started - start, "s"),
                "read": measure(done - started, "s"),
                "load_average_at_start": measure(load, "runnable processes"),
            }
        )
    return {"runs": runs}


def git_commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO
    )
    return done.stdout.strip() or "unknown"


def dask_available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


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
    with_dask = not args.no_dask and dask_available()
    shutil.rmtree(WORK, ignore_errors=True)
    corpus = WORK / "corpus"
    sources = copy_corpus(args.corpus, select_sources(args.corpus, args.limit), corpus)
    items = plan_jobs_for((corpus,), WORK, EXPORT_DATE)
    inputs = prepare(items, WORK, args.rounds, args.format_sample)
    log(f"{len(inputs.items)} documents planned, compared stages in {len(inputs.rounds)} rounds")
    stages, rounds = run_stages(inputs, jobs_counts, with_pandoc, WORK)
    results: Json = {
        "stages": [stage.summary() for stage in stages],
        "speedup": speedups(stages),
        "comparisons": comparisons(stages, jobs_counts),
        "rounds": round_spreads(rounds, jobs_counts),
        "formats": formats(stages, max(jobs_counts), inputs.sample_keys),
        "reading": reading(corpus, jobs_counts, with_dask),
        "rebuild": rebuilds(corpus, sources, WORK, max(jobs_counts), with_dask),
        "memory": peak_rss(sources, WORK),
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
    from importlib.metadata import version

    pandoc = None
    if shutil.which("pandoc"):
        done = subprocess.run(["pandoc", "--version"], capture_output=True, text=True, check=False)
        pandoc = done.stdout.splitlines()[0] if done.stdout else None
    try:
        corpus = "../" + str(args.corpus.resolve().relative_to(REPO.parent).as_posix())
    except ValueError:
        corpus = str(args.corpus)
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "corpus": corpus,
        "documents": len(sources),
        "corpus_kib": sum(path.stat().st_size for path in sources) / 1024,
        "limited": bool(args.limit and args.limit < len(select_sources(args.corpus, None))),
        "cpus": os.cpu_count(),
        "load_average_start": load,
        "load_average_end": os.getloadavg()[0],
        "run_seconds": seconds,
        "python": sys.version.split()[0],
        "weasyprint": version("weasyprint"),
        "pandoc": pandoc,
        "gc_threshold": JOB_GC_THRESHOLD,
        "pdf_rounds": args.rounds,
    }


if __name__ == "__main__":
    sys.exit(main())
