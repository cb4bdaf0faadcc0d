"""What the benchmark times: our jobs, planned by the pipeline and run in its process pool.

    python -m scripts.bench_tasks FORMAT[+FORMAT] JOBS PLAN [--default-gc]   # one stage

Every stage runs in a process of its own (this one for our jobs, ``scripts.bench_weasyprint``
for WeasyPrint's, threads starting ``pandoc`` for pandoc's), so no stage inherits another's
heap, imports or patches.  A stage is a pool of JOBS forked worker processes; each worker
first does one untimed job (its imports and first-use costs), then the documents are
submitted biggest first, as the pipeline orders them.

Our timed job starts by reading the source file from disk and parsing it (the job is given
no parsed document), then prepares, translates and renders: reading is counted, as it is
for pandoc.  Nothing is written.  Each :class:`Timing` carries wall-clock start and end
times, so a stage's throughput is measured from its first job's start to its last job's
end, pool start-up and warm-up excluded on every side alike.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import pickle
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from scripts.bench_timing import Timing, timed, timings_to_json

from carted_export.config import Format
from carted_export.config_build import BuildOptions
from carted_export.pipeline.jobs import Job
from carted_export.pipeline.outputs import output_names

# Our jobs ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OursItem:
    """One planned job and the file it reads when timed (its ``data`` is left empty)."""

    path: Path
    job: Job


def time_ours(item: OursItem) -> Timing:
    """Read the source, then the pipeline's own ``run_job`` (parse, prepare, translate,
    render); no file is written."""
    from carted_export.pipeline.jobs import run_job

    def work() -> str | None:
        job = replace(item.job, data=item.path.read_bytes())
        return run_job(job).failure

    return timed(item.job.source, work)


def plan_jobs_for(
    sources: tuple[Path, ...], project_root: Path, export_date: dt.date
) -> list[OursItem]:
    """One job per document in its own language and every format, planned by the pipeline
    as ``carted-export build`` plans a cold build (biggest source first).  No project
    catalogs, templates or glossary: the corpus is a plain folder."""
    from carted_export.pipeline.discovery import discover_sources
    from carted_export.pipeline.executors import SerialExecutor
    from carted_export.pipeline.inputs import BuildInputs
    from carted_export.pipeline.outputs import BuildCache
    from carted_export.pipeline.plan import plan_jobs, read_sources
    from carted_export.pipeline.report import BuildReport

    empty = project_root / ".no-project-files"
    options = BuildOptions(
        sources=sources,
        out_dir=empty / "out",
        project_root=project_root,
        locales_dir=empty / "locales",
        templates_dir=empty / "templates",
        export_date=export_date,
    )
    found, refused = discover_sources(options.sources, options.reading.max_bytes, project_root)
    inputs = BuildInputs.collect(options)
    cache = BuildCache({}, {}, inputs.code)
    report = BuildReport()
    documents = read_sources(found, cache, options, SerialExecutor(), report)
    plan = plan_jobs(found, documents, cache, inputs, report)
    if refused or report.failures:
        print("planning:", *refused, *report.failures, sep="\n  ", file=sys.stderr)
    paths = {source.display: source.path for source in found}
    return [OursItem(paths[job.source], replace(job, data=b"", document=None)) for job in plan.jobs]


def print_html(item: OursItem) -> str:
    """Our final print HTML of ``item`` (the page ``render_pdf`` lays out), made the way
    ``run_job`` makes it: what the WeasyPrint baselines are given, built beforehand."""
    from carted_export.pipeline.jobs import _render_context, _translate
    from carted_export.render.context import page_context
    from carted_export.render.templating import Flavor, render_page
    from carted_export.sources import parse_source
    from carted_export.transforms import prepare

    job = item.job
    document = parse_source(item.path.read_bytes(), job.source, job.settings.reading)
    document = prepare(document, images=job.images, allow_remote=False)
    document = _translate(document, job)
    context = _render_context(job)
    return render_page(page_context(document, context), context, Flavor.PDF)


def _warm_up_ours(item: OursItem) -> None:
    from carted_export.pipeline.jobs import warm_up_worker

    warm_up_worker()
    time_ours(item)


def run_ours(
    formats: tuple[Format, ...],
    workers: int,
    items: Sequence[OursItem],
    default_gc: bool = False,
) -> list[Timing]:
    """Our jobs making ``formats`` in the CLI's process pool (``pipeline.executors``);
    ``default_gc`` runs them without their garbage-collector setting (for the profile)."""
    from carted_export.pipeline import jobs
    from carted_export.pipeline.executors import ProcessPoolExecutor

    if default_gc:
        vars(jobs)["fewer_gc_passes"] = contextlib.nullcontext  # inherited by the workers
    items = [
        replace(item, job=replace(item.job, outputs=output_names(formats, bilingual=False)))
        for item in items
    ]
    smallest = min(items, key=lambda item: item.path.stat().st_size)
    with ProcessPoolExecutor(workers, partial(_warm_up_ours, smallest)) as pool:
        return list(pool.run(time_ours, items))


# pandoc -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PandocItem:
    """One pandoc run as a user would type it; ``fmt`` is "html" or "epub"."""

    key: str
    source: Path
    title: str
    out_file: Path
    fmt: str

    def command(self) -> list[str]:
        standalone = ["-s"] if self.fmt == "html" else []  # EPUB is always standalone
        return [
            "pandoc",
            *standalone,
            str(self.source),
            "-o",
            str(self.out_file),
            "--metadata",
            f"title={self.title}",
        ]


def time_pandoc(item: PandocItem) -> Timing:
    """One pandoc process, from start to exit (it reads the source itself)."""

    def work() -> str | None:
        done = subprocess.run(item.command(), capture_output=True, text=True, check=False)
        return None if done.returncode == 0 else done.stderr.strip()[-300:] or "pandoc failed"

    return timed(item.key, work)


# A stage in a fresh process ---------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    """``FORMAT JOBS PLAN [--default-gc]``: one stage of our jobs, timings as JSON;
    FORMAT may join formats with ``+`` (``html+epub``: one job makes both)."""
    args = list(argv or sys.argv[1:])
    fmt, workers, plan = args[:3]
    with Path(plan).open("rb") as handle:
        items: list[OursItem] = pickle.load(handle)
    formats = tuple(Format(name) for name in fmt.split("+"))
    timings = run_ours(formats, int(workers), items, default_gc="--default-gc" in args)
    print(timings_to_json(timings))


if __name__ == "__main__":
    main()
