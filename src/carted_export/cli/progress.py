"""Progress while building and the summary after it.

On a terminal, a progress bar with an ETA; in a log (CI, a pipe), one plain line per
finished job, because a bar redrawn with carriage returns makes a log unreadable.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from carted_export.config_build import BuildOptions
    from carted_export.pipeline import BuildReport

MAX_WARNINGS_SHOWN = 20


class LineProgress:
    """One line per finished job on stderr (nothing but the summary with ``--quiet``)."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self.total = 0
        self.done = 0

    def __enter__(self) -> LineProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def started(self, jobs: int, workers: int) -> None:
        self.total = jobs
        if jobs and not self.quiet:
            click.echo(
                f"Building {jobs} document-locale jobs with {workers} worker(s)...", err=True
            )

    def finished(self, locale: str, slug: str, failed: bool) -> None:
        self.done += 1
        if not self.quiet:
            status = "FAILED" if failed else "ok"
            click.echo(f"[{self.done}/{self.total}] {locale}/{slug} {status}", err=True)


class BarProgress:
    """A progress bar with an ETA on a terminal; failures are printed above it."""

    def __init__(self) -> None:
        self._bar: Any = None

    def __enter__(self) -> BarProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, error, trace)

    def started(self, jobs: int, workers: int) -> None:
        if not jobs:
            return
        self._bar = click.progressbar(
            length=jobs,
            label=f"Building ({workers} worker{'s' if workers > 1 else ''})",
            show_eta=True,
            show_pos=True,
            file=sys.stderr,
        )
        self._bar.__enter__()

    def finished(self, locale: str, slug: str, failed: bool) -> None:
        if failed:
            click.echo(f"\nFAILED {locale}/{slug}", err=True)
        if self._bar is not None:
            self._bar.update(1)


def print_summary(report: BuildReport, options: BuildOptions) -> None:
    """Warnings and failures, then what happened in each locale, then one total line."""
    for warning in report.warnings[:MAX_WARNINGS_SHOWN]:
        click.echo(f"warning: {warning}", err=True)
    hidden = len(report.warnings) - MAX_WARNINGS_SHOWN
    manifest = options.display(options.out_dir / "manifest.json")
    if hidden > 0:
        click.echo(f"... and {hidden} more warnings (see {manifest})", err=True)
    for failure in report.failures:
        click.echo(f"error: {failure}", err=True)
    rows = report.by_locale()
    if rows:
        click.echo(
            f"\n{'locale':<10} {'built':>6} {'up to date':>11} {'warnings':>9} {'failed':>7}",
            err=True,
        )
        for locale, row in rows.items():
            click.echo(
                f"{locale:<10} {row.built:>6} {row.fresh:>11} {row.warnings:>9} {row.failed:>7}",
                err=True,
            )
    index = options.display(options.out_dir / "index.html")
    click.echo(
        f"{len(report.built)} built, {len(report.fresh)} up to date, "
        f"{len(report.warnings)} warnings, {len(report.failures)} failed -> {index}",
        err=True,
    )
