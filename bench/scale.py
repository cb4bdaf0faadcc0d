"""How a cold build grows with the corpus: time and peak memory at 60, 240 and 1,200 documents,
and what that predicts for 10,000 articles x 40 locales x 3 formats (docs/scale-out.md).

    python -m bench.scale [--sizes 60,240,1200] [--jobs 2] [--locales-sample 60]
                                  [--executor local|dask] [--scheduler ADDRESS]

Each size is a folder under bench/work/scale/ (git-ignored, never committed): a sample of the
corpus spread over its sizes, or, above its 240 documents, the corpus repeated under new slugs
(``slug: copyK-<name>`` added to the front matter of copy K).  Each is built cold with the
real CLI (``carted-export build --jobs N``, each document in its own language, all three
formats), sampling from /proc the resident memory of the CLI process (the client: plan,
cache, manifest) and of each of its workers; then built again unchanged (the no-op rebuild
reads and hashes everything and loads the cache).  ``--locales-sample N`` also builds N
documents in en, es, ar and zh_Hans, for the cost of an output in another script.

Writes bench/scale.json (git-ignored) and bench/scale.md (the table and the extrapolation).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench.cli import ENV, bench_project, cli_build, described, log, outcome, run_sampled
from bench.report import Json, measure
from bench.run import DEFAULT_CORPUS, REPO, git_commit, select_sources
from bench.scale_report import scale_markdown

WORK = REPO / "bench" / "work" / "scale"
SAMPLE_LOCALES = ("en", "es", "ar", "zh_Hans")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.scale")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="60,240,1200", help="documents per build")
    parser.add_argument("--jobs", type=int, default=2, help="workers (default 2)")
    parser.add_argument("--locales-sample", type=int, default=60, help="0 to skip")
    parser.add_argument("--executor", choices=("local", "dask"), default="local")
    parser.add_argument("--scheduler", help="a Dask scheduler's address (with --executor dask)")
    return parser.parse_args(argv)


def with_slug(text: str, slug: str) -> str:
    """``text`` with ``slug:`` set in its front matter (unchanged if it has none)."""
    if not text.startswith("---\n"):
        return text
    return f"---\nslug: {slug}\n" + text[len("---\n") :]


def make_corpus(corpus: Path, documents: int, target: Path) -> list[Path]:
    """``documents`` sources in ``target``: a spread sample, or the corpus repeated."""
    originals = select_sources(corpus, None)
    chosen = select_sources(corpus, documents) if documents <= len(originals) else originals
    shutil.rmtree(target, ignore_errors=True)
    made: list[Path] = []
    for copy in range(math.ceil(documents / len(chosen))):
        for path in chosen:
            if len(made) == documents:
                return made
            relative = path.relative_to(corpus)
            destination = target / (f"copy{copy}" if copy else "") / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            text = path.read_text("utf-8")
            if copy:
                text = with_slug(text, f"copy{copy}-{path.stem}")
            destination.write_text(text, "utf-8")
            made.append(destination)
    return made


def build_once(
    args: argparse.Namespace, sources: Path, out: Path, locales: Sequence[str] = ()
) -> Json:
    """One CLI build, timed, with the memory of its process tree sampled."""
    arguments = [str(sources), "--out", str(out), "--jobs", str(args.jobs), "-q"]
    arguments += [f"--locale={locale}" for locale in locales]
    if args.executor == "dask":
        arguments += ["--executor", "dask"]
        arguments += ["--scheduler", args.scheduler] if args.scheduler else []
    load, started = os.getloadavg()[0], time.time()
    seconds, done, memory = run_sampled(cli_build(bench_project(WORK), *arguments), ENV)
    summary = described(outcome(out, started, done.returncode))
    if done.returncode != 0:
        log(f"  build exited {done.returncode}: {summary}")
    return {
        "wall": measure(seconds, "s"),
        "summary": summary,
        "exit": done.returncode,
        "client_peak_rss": measure(memory.main / 1024, "MiB"),
        "worker_peak_rss": measure(memory.worker / 1024, "MiB"),
        "tree_peak_rss": measure(memory.total / 1024, "MiB"),
        "memory_samples": memory.samples,
        "load_average_at_start": measure(load, "runnable processes"),
    }


def outputs_of(out: Path) -> tuple[int, int]:
    """(outputs in the manifest, their total bytes)."""
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))["outputs"]
    return len(manifest), sum(int(record["bytes"]) for record in manifest)


def measure_size(args: argparse.Namespace, documents: int, locales: Sequence[str] = ()) -> Json:
    name = f"{documents}" + (f"x{len(locales)}-locales" if locales else "")
    sources = make_corpus(args.corpus, documents, WORK / name / "corpus")
    out = WORK / name / "out"
    log(f"{name}: cold build of {len(sources)} documents...")
    cold = build_once(args, WORK / name / "corpus", out, locales)
    log(f"  {cold['wall']['value']:.1f} s, {cold['summary']}")
    log(f"{name}: no-op rebuild...")
    no_op = build_once(args, WORK / name / "corpus", out, locales)
    outputs, output_bytes = outputs_of(out)
    cache = out / ".carted-export-cache.json"
    return {
        "documents": len(sources),
        "locales": list(locales) or ["each document's own"],
        "outputs": outputs,
        "output_bytes": measure(output_bytes / 2**20, "MiB"),
        "source_bytes": measure(sum(p.stat().st_size for p in sources) / 2**20, "MiB"),
        "cold": cold,
        "no_op": no_op,
        "manifest_bytes": measure((out / "manifest.json").stat().st_size / 1024, "KiB"),
        "cache_bytes": measure(cache.stat().st_size / 1024, "KiB"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.corpus.is_dir():
        print(f"bench.scale: no corpus at {args.corpus}; skipping (pass --corpus DIR)")
        return 0
    WORK.mkdir(parents=True, exist_ok=True)
    sizes = sorted({int(size) for size in args.sizes.split(",")})
    results: Json = {
        "meta": {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "commit": git_commit(),
            "cpus": os.cpu_count(),
            "jobs": args.jobs,
            "executor": args.executor + (f" {args.scheduler}" if args.scheduler else ""),
            "load_average_start": os.getloadavg()[0],
        },
        "sizes": [measure_size(args, size) for size in sizes],
    }
    if args.locales_sample:
        results["locales_sample"] = measure_size(args, args.locales_sample, SAMPLE_LOCALES)
    results["meta"]["load_average_end"] = os.getloadavg()[0]
    bench = REPO / "bench"
    (bench / "scale.json").write_text(json.dumps(results, indent=2) + "\n")
    table = scale_markdown(results)
    (bench / "scale.md").write_text(table + "\n")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
