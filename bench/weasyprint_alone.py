"""WeasyPrint alone on our print HTML, in a fresh process that never imports carted-export.

    python -m bench.weasyprint_alone VARIANT JOBS GC_THRESHOLD PAGES_JSON

VARIANT is one of:

- ``stock``: ``weasyprint.HTML(string=html).write_pdf()``, what a user who calls WeasyPrint
  gets: untagged, a new font configuration per document, Python's default garbage collector.
- ``stock-tagged``: the same with ``pdf_variant="pdf/ua-1"`` (a user who asks for PDF/UA).
- ``command``: the ``weasyprint PAGE.html PAGE.pdf`` command, a fresh process per document,
  as a user runs it from a shell or a script (the pool's workers only wait for it).
- ``tuned-tagged``: ``pdf/ua-1`` with the settings our workers use: one ``FontConfiguration``
  per worker process, and the young-generation GC threshold raised to GC_THRESHOLD while a
  page is laid out.  Against this, our job's extra time is our own code's.

PAGES_JSON lists ``{"key": ..., "html": PATH}``, biggest source first.  The stage runs in a
pool of JOBS forked worker processes; each worker lays out the first (smallest) page once,
untimed.  A timed job reads its HTML file and returns the PDF bytes.  Prints the timings
as JSON.  A job run in a process where ``carted_export`` is imported reports a failure:
none of our code, and none of our patches to WeasyPrint, may be loaded here.
"""

from __future__ import annotations

import concurrent.futures
import gc
import json
import multiprocessing
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from bench.timing import Timing, timed, timings_to_json

VARIANTS = ("stock", "stock-tagged", "command", "tuned-tagged")


@cache
def _shared_font_config() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def write_pdf(variant: str, threshold: int, html: str) -> bytes:
    import weasyprint

    document = weasyprint.HTML(string=html)
    if variant == "stock":
        pdf: bytes = document.write_pdf()
    elif variant == "stock-tagged":
        pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    else:
        old = gc.get_threshold()
        gc.set_threshold(threshold, *old[1:])
        try:
            pdf = document.write_pdf(pdf_variant="pdf/ua-1", font_config=_shared_font_config())
        finally:
            gc.set_threshold(*old)
    return pdf


def run_command(html: str) -> str | None:
    """``weasyprint PAGE.html PAGE.pdf`` in a process of its own; its error, if it failed."""
    command = Path(sys.executable).with_name("weasyprint")
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [str(command), html, str(Path(folder) / "out.pdf")], capture_output=True, text=True
        )
    return None if done.returncode == 0 else f"weasyprint exited {done.returncode}: {done.stderr}"


def time_page(variant: str, threshold: int, page: dict[str, str]) -> Timing:
    if variant == "command":
        return timed(page["key"], lambda: run_command(page["html"]))

    def work() -> str | None:
        write_pdf(variant, threshold, Path(page["html"]).read_text("utf-8"))
        if "carted_export" in sys.modules:
            return "carted_export was imported in this baseline's process"
        return None

    return timed(page["key"], work)


def _warm_up(variant: str, threshold: int, page: dict[str, str]) -> None:
    time_page(variant, threshold, page)


def run(variant: str, workers: int, threshold: int, pages: list[dict[str, str]]) -> list[Timing]:
    smallest = min(pages, key=lambda page: Path(page["html"]).stat().st_size)
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_warm_up,
        initargs=(variant, threshold, smallest),
    ) as pool:
        futures = [pool.submit(time_page, variant, threshold, page) for page in pages]
        return [future.result() for future in concurrent.futures.as_completed(futures)]


def main() -> None:
    variant, workers, threshold, pages = sys.argv[1:5]
    if variant not in VARIANTS:
        sys.exit(f"variant must be one of {', '.join(VARIANTS)}")
    listed = json.loads(Path(pages).read_text("utf-8"))
    print(timings_to_json(run(variant, int(workers), int(threshold), listed)))


if __name__ == "__main__":
    main()
