"""What the benchmark times inside a worker: one (document, format) job per call.

Each function is pure in the executor's sense (item in, :class:`Timing` out), so it runs
through ``carted_export.executors.make_executor`` exactly like the pipeline's own jobs.
The clock starts after the inputs exist and stops when the bytes do: nothing is written.
"""

from __future__ import annotations

import resource
import subprocess
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

from carted_export.pipeline import Job, _render_context, _translate, run_job


@dataclass(frozen=True, slots=True)
class Timing:
    key: str  # the source as displayed, so runs of different tools line up
    seconds: float
    max_rss_kb: int  # the peak resident set of the process that ran the job, so far
    failure: str | None = None


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


def _max_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def time_ours(job: Job) -> Timing:
    """Our whole job as the pipeline runs it: prepare, translate, render (no write)."""
    start = perf_counter()
    result = run_job(job)
    seconds = perf_counter() - start
    return Timing(job.source.display, seconds, _max_rss_kb(), result.failure)


def print_html(job: Job) -> tuple[str, str]:
    """Our final print HTML for the PDF and its base URL, built as ``render_pdf`` builds it."""
    from carted_export.render.templating import Flavor, render_page
    from carted_export.transforms import prepare

    document = prepare(
        job.document, source_root=job.source.root, allow_remote=job.options.allow_remote
    )
    document = _translate(document, job)
    context = _render_context(document, job)
    html = render_page(document, context, Flavor.PDF)
    return html, context.source_root.resolve().as_uri() + "/"


def time_bare_weasyprint(job: Job) -> Timing:
    """Plain ``weasyprint.HTML(...).write_pdf()`` on our own print HTML: the floor for PDF."""
    return _time_weasyprint(job, {})


def time_tagged_weasyprint(job: Job) -> Timing:
    """The same, tagged (``pdf_variant="pdf/ua-1"``): WeasyPrint's own cost of PDF/UA."""
    return _time_weasyprint(job, {"pdf_variant": "pdf/ua-1"})


def _time_weasyprint(job: Job, options: dict[str, str]) -> Timing:
    import weasyprint

    try:
        html, base_url = print_html(job)
    except Exception as error:  # the same document fails in our run too; count it once
        return Timing(job.source.display, 0.0, _max_rss_kb(), f"{type(error).__name__}: {error}")
    start = perf_counter()
    weasyprint.HTML(string=html, base_url=base_url).write_pdf(**options)
    seconds = perf_counter() - start
    return Timing(job.source.display, seconds, _max_rss_kb())


def time_pandoc(item: PandocItem) -> Timing:
    """One pandoc process, from start to exit."""
    start = perf_counter()
    done = subprocess.run(item.command(), capture_output=True, text=True, check=False)
    seconds = perf_counter() - start
    failure = None if done.returncode == 0 else done.stderr.strip()[-300:] or "pandoc failed"
    return Timing(item.key, seconds, _max_rss_kb(), failure)
