"""Where the time goes: our jobs for one format under pyinstrument, and the PDF split.

    .venv/bin/pip install pyinstrument      # a local tool, not a project dependency
    .venv/bin/python -m scripts.bench_profile --format html --limit 20
    .venv/bin/python -m scripts.bench_profile --pdf-split --limit 20
    .venv/bin/python -m scripts.bench_profile --pdf-variants --limit 30

The first runs the benchmark's own ``run_job`` calls serially in this process and prints
the call tree.  ``--pdf-split`` times each step of a PDF job next to bare WeasyPrint on the
same HTML, which is what the overhead ratio in bench/results.md is made of.
``--pdf-variants`` runs stock WeasyPrint (untagged, tagged) and our PDF job with and
without its garbage-collector setting, each in a fresh process over the same documents, so
one variant's heap and collector state cannot slow down the next.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from time import perf_counter

from scripts.bench import DEFAULT_CORPUS, read_jobs, select_sources
from scripts.bench_tasks import time_ours

from carted_export.config import Format
from carted_export.pipeline import Job, _render_context, _translate, _warm_up_worker


def profile(jobs: list[Job], fmt: Format, rounds: int) -> None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        sys.exit("pyinstrument is not installed: .venv/bin/pip install pyinstrument")
    items = [replace(job, formats=(fmt,)) for job in jobs]
    time_ours(items[0])  # first-use costs (fonts, imports) are not per document
    profiler = Profiler(interval=0.001)
    profiler.start()
    for _ in range(rounds):
        for item in items:
            time_ours(item)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False))


def pdf_split(jobs: list[Job]) -> None:
    """Milliseconds per document for each step of a PDF job, next to bare WeasyPrint."""
    import weasyprint

    from carted_export.executors import fewer_gc_passes
    from carted_export.render.pdf import LocalOnlyFetcher, write_leaflet_pdf
    from carted_export.render.templating import Flavor, render_page
    from carted_export.transforms import prepare

    time_ours(replace(jobs[0], formats=(Format.PDF,)))  # fonts and first-use costs
    steps = dict.fromkeys(("prepare", "render_page", "write_leaflet_pdf"), 0.0)
    bare = 0.0
    for job in jobs:
        with fewer_gc_passes():
            start = perf_counter()
            document = prepare(job.document, source_root=job.source.root, allow_remote=False)
            document = _translate(document, job)
            ctx = _render_context(document, job)
            prepared = perf_counter()
            html = render_page(document, ctx, Flavor.PDF)
            rendered = perf_counter()
            base_url = ctx.source_root.resolve().as_uri() + "/"
            fetcher = LocalOnlyFetcher((ctx.source_root, ctx.templates_dir))
            write_leaflet_pdf(html, base_url, fetcher, ctx.slug.encode()[:64])
            done = perf_counter()
        weasyprint.HTML(string=html, base_url=base_url).write_pdf()
        bare += perf_counter() - done
        times = (prepared - start, rendered - prepared, done - rendered)
        for name, seconds in zip(steps, times, strict=True):
            steps[name] += seconds
    print(f"| step | ms/doc ({len(jobs)} documents) | share of ours |")
    print("|---|---|---|")
    ours = sum(steps.values())
    for name, seconds in steps.items():
        print(f"| {name} | {1000 * seconds / len(jobs):.1f} | {100 * seconds / ours:.0f}% |")
    print(f"| **ours, total** | {1000 * ours / len(jobs):.1f} | 100% |")
    print(
        f"| bare WeasyPrint (untagged) | {1000 * bare / len(jobs):.1f} | ratio {ours / bare:.2f}x |"
    )


VARIANTS = ("bare", "tagged", "ours-default-gc", "ours")


def pdf_variant(jobs: list[Job], variant: str) -> None:
    """Print the mean seconds per document of one variant (two passes, after a warm-up)."""
    import contextlib

    import weasyprint
    from scripts.bench_tasks import print_html

    from carted_export import pipeline

    pages = [print_html(job) for job in jobs]
    items = [replace(job, formats=(Format.PDF,)) for job in jobs]
    if variant == "ours-default-gc":
        vars(pipeline)["fewer_gc_passes"] = contextlib.nullcontext  # Python's default GC

    def run(index: int) -> None:
        html, base_url = pages[index]
        if variant == "bare":
            weasyprint.HTML(string=html, base_url=base_url).write_pdf()
        elif variant == "tagged":
            weasyprint.HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")
        else:
            time_ours(items[index])

    run(0)
    start = perf_counter()
    for _ in range(2):
        for index in range(len(jobs)):
            run(index)
    print(f"{(perf_counter() - start) / (2 * len(jobs)):.4f}")


def pdf_variants(args: argparse.Namespace) -> None:
    import subprocess

    seconds: dict[str, float] = {}
    for variant in VARIANTS:
        command = [sys.executable, "-m", "scripts.bench_profile", "--pdf-variant", variant]
        command += ["--corpus", str(args.corpus), "--limit", str(args.limit)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        seconds[variant] = float(done.stdout.split()[-1])
    print(f"| variant ({args.limit} documents, one process each) | ms/doc | vs bare |")
    print("|---|---|---|")
    for variant, value in seconds.items():
        print(f"| {variant} | {1000 * value:.0f} | {value / seconds['bare']:.3f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench_profile")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--format", choices=[f.value for f in Format], default="html")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the documents")
    parser.add_argument("--pdf-split", action="store_true", help="time the steps of a PDF job")
    parser.add_argument("--pdf-variants", action="store_true", help="stock vs ours, per process")
    parser.add_argument("--pdf-variant", choices=VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pdf_variants:
        pdf_variants(args)
        return
    jobs, _ = read_jobs(tuple(select_sources(args.corpus, args.limit)))
    _warm_up_worker()
    if args.pdf_variant:
        pdf_variant(jobs, args.pdf_variant)
    elif args.pdf_split:
        pdf_split(jobs)
    else:
        profile(jobs, Format(args.format), args.rounds)


if __name__ == "__main__":
    main()
