"""Where the time goes: our jobs under pyinstrument, the steps of a PDF job, PDF variants.

    .venv/bin/pip install pyinstrument      # a local tool, not a project dependency
    .venv/bin/python -m bench.profiling --format html --limit 20
    .venv/bin/python -m bench.profiling --pdf-split --limit 20
    .venv/bin/python -m bench.profiling --pdf-variants --limit 30

The first runs our jobs (``run_job``, as the benchmark times them) serially in this process
and prints the call tree.  ``--pdf-split`` times each step of a PDF job next to WeasyPrint
given the same settings (tagged, the worker's font configuration, our GC threshold) on the
same HTML; the WeasyPrint pass runs first, before our patches are installed in this
process.  ``--pdf-variants`` runs stock WeasyPrint (untagged, tagged), WeasyPrint with our
settings, and our PDF job, each in a fresh process over the same documents, exactly as
``make bench`` runs its stages.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import replace
from pathlib import Path
from time import perf_counter

from bench.run import DEFAULT_CORPUS, EXPORT_DATE, REPO, select_sources
from bench.stages import PDF_BASELINES, prepare, stage_in_process
from bench.tasks import OursItem, plan_jobs_for, time_ours
from carted_export.config import Format
from carted_export.pipeline.executors import JOB_GC_THRESHOLD, fewer_gc_passes

WORK = REPO / "bench" / "work" / "profile"


def profile(items: list[OursItem], fmt: Format, rounds: int) -> None:
    try:
        from pyinstrument import Profiler  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        sys.exit("pyinstrument is not installed: .venv/bin/pip install pyinstrument")
    items = [replace(item, job=replace(item.job, outputs=(fmt.value,))) for item in items]
    time_ours(items[0])  # first-use costs (fonts, imports) are not per document
    profiler = Profiler(interval=0.001)
    profiler.start()
    for _ in range(rounds):
        for item in items:
            time_ours(item)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False))


def _tuned_weasyprint(html: str) -> float:
    """Seconds for WeasyPrint alone, tagged, with the worker's font configuration and GC."""
    import weasyprint

    from carted_export.render.pdf import worker_font_config

    start = perf_counter()
    with fewer_gc_passes():
        weasyprint.HTML(string=html).write_pdf(
            pdf_variant="pdf/ua-1", font_config=worker_font_config()
        )
    return perf_counter() - start


def pdf_split(items: list[OursItem], pages: list[str]) -> None:
    """Milliseconds per document for each step of a PDF job, next to WeasyPrint alone."""
    from carted_export.pipeline import print_html
    from carted_export.render.pdf import DataOnlyFetcher, write_leaflet_pdf
    from carted_export.sources import parse_source

    _tuned_weasyprint(pages[0])  # fonts and first-use costs
    baseline = sum(_tuned_weasyprint(html) for html in pages)  # before our patches exist
    time_ours(replace(items[0], job=replace(items[0].job, outputs=(Format.PDF.value,))))
    steps = dict.fromkeys(("read + parse", "prepare, translate, HTML", "PDF"), 0.0)
    for item in items:
        job = item.job
        with fewer_gc_passes():
            times = [perf_counter()]
            document = parse_source(item.path.read_bytes(), job.source, job.settings.reading)
            times.append(perf_counter())
            html = print_html(replace(job, document=document))
            times.append(perf_counter())
            write_leaflet_pdf(html, None, DataOnlyFetcher(), job.slug.encode()[:64])
            times.append(perf_counter())
        for name, (begin, end) in zip(steps, itertools.pairwise(times), strict=True):
            steps[name] += end - begin
    count, ours = len(items), sum(steps.values())
    print(f"| step | ms/doc ({count} documents) | share of ours |")
    print("|---|---|---|")
    for name, seconds in steps.items():
        print(f"| {name} | {1000 * seconds / count:.1f} | {100 * seconds / ours:.0f}% |")
    print(f"| **ours, total** | {1000 * ours / count:.1f} | 100% |")
    ratio = ours / baseline
    print(f"| WeasyPrint alone, same settings | {1000 * baseline / count:.1f} | {ratio:.2f}x |")


def pdf_variants(plan: Path, pages: Path) -> None:
    """Each variant in a fresh process, one worker, over the same documents."""
    weasyprint = [
        (variant, ["bench.weasyprint_alone", variant, "1", str(JOB_GC_THRESHOLD), str(pages)])
        for variant in PDF_BASELINES
    ]
    commands = [*weasyprint, ("ours", ["bench.tasks", "pdf", "1", str(plan)])]
    means = {}
    for name, command in commands:
        stage = stage_in_process(name, "pdf", 1, command)
        means[name] = sum(t.seconds for t in stage.ok) / max(1, len(stage.ok))
    print(f"| variant ({len(stage.timings)} documents, one process each) | ms/doc | vs stock |")
    print("|---|---|---|")
    for name, value in means.items():
        print(f"| {name} | {1000 * value:.0f} | {value / means['stock']:.3f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profiling")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--format", choices=[f.value for f in Format], default="html")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the documents")
    parser.add_argument("--pdf-split", action="store_true", help="time the steps of a PDF job")
    parser.add_argument("--pdf-variants", action="store_true", help="stock vs ours, per process")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    chosen = select_sources(args.corpus, args.limit)
    inputs = prepare(plan_jobs_for(tuple(chosen), WORK, EXPORT_DATE), WORK, rounds=1)
    items = inputs.items
    if args.pdf_variants:
        pdf_variants(*inputs.rounds[0])
    elif args.pdf_split:
        listed = json.loads(inputs.rounds[0][1].read_text("utf-8"))
        pages_html = [Path(page["html"]).read_text("utf-8") for page in listed]
        pdf_split(items, pages_html)
    else:
        profile(items, Format(args.format), args.rounds)


if __name__ == "__main__":
    main()
