"""What the benchmark times: our jobs, planned by the pipeline and run in its process pool.

    python -m bench.tasks STAGE JOBS PLAN [--without-optional]   # one stage

Every stage runs in a process of its own (this one for our jobs, ``bench.weasyprint_alone``
for WeasyPrint's, threads starting ``pandoc`` for pandoc's), so no stage inherits another's
heap, imports or patches.  A stage is a pool of JOBS forked worker processes; each worker
first does one untimed job (its imports and first-use costs), then the documents are
submitted biggest first, as the pipeline orders them.

STAGE names what each job makes, joined by ``+``: a format (``html``, ``epub``, ``pdf``,
``brf``, ``audio``) or ``booklet`` (what ``--booklet`` adds: ``small.pdf`` and
``booklet.pdf``).  ``html+epub`` is one job making both from one reading of the source.

Our timed job starts by reading the source file from disk and parsing it (the job is given
no parsed document), then prepares, translates and renders: reading is counted, as it is
for pandoc.  Nothing is written.  A job of a stage that asks for no braille, audio or
booklet fails if the modules making them were loaded in its worker: a build that does not
ask for them must not pay for them.  ``--without-optional`` makes those modules impossible
to import in the stage, so its cost can be compared with the same stage as it runs.  Each
:class:`Timing` carries wall-clock start and end times, so a stage's throughput is measured
from its first job's start to its last job's end, pool start-up and warm-up excluded on
every side alike.
"""

from __future__ import annotations

import datetime as dt
import pickle
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from bench.timing import Timing, timed, timings_to_json
from carted_export.config import Format, Leaflet
from carted_export.config_build import BuildOptions
from carted_export.pipeline import plan_build, print_html
from carted_export.pipeline.jobs import Job
from carted_export.pipeline.outputs import AUDIO_OPUS, BOOKLET_PDF, SMALL_PDF, output_names

#: Our stages in ``make bench``; the last is the build a user gets by default.
STAGES = ("html", "epub", "html+epub", "pdf", "booklet", "brf", "audio", "pdf+epub+html")
#: The modules that make each optional output: none may load in a stage not asking for it.
OPTIONAL_MODULES = {
    "brf": ("carted_export.render.braille",),
    "audio": ("carted_export.render.audio", "carted_export.render.speech"),
    "booklet": ("carted_export.render.booklet",),
}

# Our jobs ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OursItem:
    """One planned job and the file it reads when timed (its ``data`` is left empty);
    ``planned``: every output the planner would make of it (on this machine, in its
    language), so a stage skips the documents it cannot make (no braille table, no voice)."""

    path: Path
    job: Job
    planned: tuple[str, ...] = ()


def stage_outputs(stage: str) -> tuple[str, ...]:
    """The output names one job of ``stage`` makes, in the pipeline's order."""
    parts = stage.split("+")
    formats = tuple(Format(part) for part in parts if part != "booklet")
    names = output_names(formats, bilingual=False)
    return (*names, SMALL_PDF, BOOKLET_PDF) if "booklet" in parts else names


def unloaded_modules(stage: str) -> tuple[str, ...]:
    """The optional modules a job of ``stage`` must not load."""
    parts = stage.split("+")
    return tuple(m for part, ms in OPTIONAL_MODULES.items() if part not in parts for m in ms)


def time_ours(item: OursItem, forbidden: tuple[str, ...] = ()) -> Timing:
    """Read the source, then the pipeline's own ``run_job`` (parse, prepare, translate,
    render); no file is written.  Fails if a module of ``forbidden`` is loaded after it."""
    from carted_export.pipeline.jobs import run_job

    def work() -> str | None:
        job = replace(item.job, data=item.path.read_bytes())
        failure = run_job(job).failure
        loaded = [name for name in forbidden if sys.modules.get(name) is not None]
        return failure or (f"loaded {', '.join(loaded)}, not asked for" if loaded else None)

    return timed(item.job.source, work)


def plan_jobs_for(
    sources: tuple[Path, ...], project_root: Path, export_date: dt.date
) -> list[OursItem]:
    """One job per document in its own language, planned by the pipeline (``plan_build``)
    as ``carted-export build --format pdf --format epub --format html --format brf --format
    audio --booklet`` plans a cold build (biggest source first).  No project catalogs,
    templates or glossary: the corpus is a plain folder."""
    empty = project_root / ".no-project-files"
    everything = tuple(Format)
    options = BuildOptions(
        sources=sources,
        out_dir=empty / "out",  # never built: a cold build
        project_root=project_root,
        locales_dir=empty / "locales",
        templates_dir=empty / "templates",
        export_date=export_date,
        formats=everything,
        leaflet=Leaflet(booklet=True),
    )
    planned = plan_build(options)
    report = planned.report
    if report.failures:
        print("planning:", *report.failures, sep="\n  ", file=sys.stderr)
    paths = {source.display: source.path for source in planned.sources}
    return [
        OursItem(paths[job.source], replace(job, data=b"", document=None), job.outputs)
        for job in planned.plan.jobs
    ]


def page_html(item: OursItem) -> str:
    """Our final print HTML of ``item``, what the WeasyPrint baselines are given."""
    return print_html(replace(item.job, data=item.path.read_bytes()))


def _warm_up_ours(item: OursItem, forbidden: tuple[str, ...]) -> None:
    from carted_export.pipeline.jobs import warm_up_worker

    warm_up_worker()
    time_ours(item, forbidden)


def run_ours(stage: str, workers: int, items: Sequence[OursItem]) -> list[Timing]:
    """Our jobs of ``stage`` in the CLI's process pool (``pipeline.executors``), over the
    documents whose planned outputs include the stage's."""
    from carted_export.pipeline.executors import ProcessPoolExecutor

    outputs = stage_outputs(stage)
    jobs = [
        replace(item, job=replace(item.job, outputs=outputs, read_aloud=AUDIO_OPUS in outputs))
        for item in items
        if set(outputs) <= set(item.planned)
    ]
    if not jobs:
        return []
    forbidden = unloaded_modules(stage)
    smallest = min(jobs, key=lambda item: item.path.stat().st_size)
    with ProcessPoolExecutor(workers, partial(_warm_up_ours, smallest, forbidden)) as pool:
        return list(pool.run(partial(time_ours, forbidden=forbidden), jobs))


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
    """``STAGE JOBS PLAN [--without-optional]``: one stage of our jobs, timings as JSON."""
    args = list(argv or sys.argv[1:])
    stage, workers, plan = args[:3]
    if "--without-optional" in args:
        for name in (m for modules in OPTIONAL_MODULES.values() for m in modules):
            sys.modules[name] = None  # type: ignore[assignment]  # importing it now fails
    with Path(plan).open("rb") as handle:
        items: list[OursItem] = pickle.load(handle)
    print(timings_to_json(run_ours(stage, int(workers), items)))


if __name__ == "__main__":
    main()
