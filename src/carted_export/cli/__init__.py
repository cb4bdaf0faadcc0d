"""The command line: parse options, build a config, call one function, map errors to exit codes.

Sub-commands are imported only when used, so ``carted-export --help`` starts fast and
never loads WeasyPrint or ebooklib.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from carted_export import __version__
from carted_export.config import (
    BuildOptions,
    Format,
    Paper,
    PrintSize,
    default_image_cache,
)
from carted_export.errors import CartedError, UsageError

if TYPE_CHECKING:
    from carted_export.pipeline import BuildReport

MAX_WARNINGS_SHOWN = 20


class LazyGroup(click.Group):
    """A group whose sub-commands live in other modules and are imported on first use."""

    def __init__(self, *args: object, lazy: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            module_name, attribute = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    lazy={
        "i18n": "carted_export.cli.i18n:i18n",
        "check": "carted_export.cli.check:check",
        "report": "carted_export.cli.report:report",
    },
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="carted-export")
def main() -> None:
    """Turn patient health articles into accessible PDF leaflets, EPUB ebooks and
    plain-language web pages, in the patients' languages.

    \b
    Quick start:
      carted-export build                      # seeds/ -> build/ (PDF, EPUB, HTML)
      carted-export build pages/ --locale es   # a folder, in Spanish
      carted-export check build/               # prove the outputs are accessible
      carted-export i18n stats                 # how much is translated
    """


def _export_date() -> dt.date:
    """Today, or the date of ``SOURCE_DATE_EPOCH`` for byte-identical rebuilds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return dt.date.today()
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    except (ValueError, OverflowError, OSError) as error:
        raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from error


def _resolve_locales(codes: tuple[str, ...], locales_dir: Path) -> tuple[str, ...]:
    from carted_export.i18n.locales import available_locales, parse_locale

    if not codes:
        return ()
    if "all" in codes:
        return tuple(sorted({"en", *available_locales(locales_dir)}))
    resolved: list[str] = []
    for code in codes:
        locale = parse_locale(code, locales_dir)
        if locale not in resolved:
            resolved.append(locale)
    return tuple(resolved)


@main.command()
@click.argument(
    "sources", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[SOURCES]..."
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Output folder: <out>/<locale>/<slug>.pdf|.epub|.html.",
)
@click.option(
    "--locale",
    "locales",
    multiple=True,
    metavar="CODE",
    help="Output language (repeatable), e.g. es, ar, zh_Hans; 'all' for every locale in "
    "locales/. Default: each document's own language.",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice([f.value for f in Format]),
    help="Output format (repeatable). Default: all three.",
)
@click.option(
    "--paper", type=click.Choice([p.value for p in Paper]), default="a4", show_default=True
)
@click.option(
    "--size",
    type=click.Choice([s.value for s in PrintSize]),
    default="standard",
    show_default=True,
    help="Print size: standard (12 pt body) or large (18 pt, APH large print).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes. Default: the number of CPU cores.",
)
@click.option(
    "--strict", is_flag=True, help="Treat warnings (missing image, unknown license...) as failures."
)
@click.option("--fail-fast", is_flag=True, help="Stop at the first failed document.")
@click.option("--force", is_flag=True, help="Rebuild everything, ignoring the incremental cache.")
@click.option(
    "--allow-remote-images",
    "allow_remote",
    is_flag=True,
    help="Download remote images (timeout, size cap, cache). Off by default: no network.",
)
@click.option(
    "--image-cache",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Where downloaded remote images are kept. Default: ~/.cache/carted-export.",
)
@click.option(
    "--max-source-size",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    metavar="MB",
    help="Refuse source files larger than this.",
)
@click.option(
    "--locales-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("locales"),
    show_default="locales/",
    help="Translation catalogs.",
)
@click.option("--quiet", "-q", is_flag=True, help="Only print the summary.")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
def build(
    sources: tuple[Path, ...],
    out_dir: Path,
    locales: tuple[str, ...],
    formats: tuple[str, ...],
    paper: str,
    size: str,
    jobs: int | None,
    strict: bool,
    fail_fast: bool,
    force: bool,
    allow_remote: bool,
    image_cache: Path | None,
    max_source_size: int,
    locales_dir: Path,
    quiet: bool,
    debug: bool,
) -> None:
    """Render SOURCES (files or folders, default seeds/) into PDF, EPUB and HTML.

    \b
    Examples:
      carted-export build                                  # seeds/ into build/
      carted-export build articles/ --locale es --locale ar
      carted-export build page.md --format pdf --paper letter --size large
      carted-export build corpus/ --out /tmp/site --jobs 2 --strict

    Exit status: 0 all built, 1 some documents failed (the others were built), 2 usage error.
    """
    from carted_export.pipeline import build as run_build

    if not sources:
        default = Path("seeds")
        if not default.is_dir():
            raise UsageError("no SOURCES given and no seeds/ folder here; pass files or folders")
        sources = (default,)
    options = BuildOptions(
        sources=sources,
        out_dir=out_dir,
        locales=_resolve_locales(locales, locales_dir),
        formats=tuple(Format(f) for f in formats) or tuple(Format),
        paper=Paper(paper),
        size=PrintSize(size),
        jobs=jobs or os.cpu_count() or 1,
        strict=strict,
        fail_fast=fail_fast,
        force=force,
        allow_remote=allow_remote,
        image_cache=image_cache or default_image_cache(),
        max_source_bytes=max_source_size * 1024 * 1024,
        locales_dir=locales_dir,
        export_date=_export_date(),
    )

    def progress(line: str) -> None:
        if not quiet:
            click.echo(line, err=True)

    try:
        report = run_build(options, progress, debug=debug)
    except CartedError:
        raise
    except Exception as error:
        if debug:
            raise
        raise CartedError(
            f"internal error: {type(error).__name__}: {error} (--debug shows more)"
        ) from error
    _print_summary(report, out_dir)
    if report.failures:
        sys.exit(1)


def _print_summary(report: BuildReport, out_dir: Path) -> None:
    for warning in report.warnings[:MAX_WARNINGS_SHOWN]:
        click.echo(f"warning: {warning}", err=True)
    hidden = len(report.warnings) - MAX_WARNINGS_SHOWN
    if hidden > 0:
        click.echo(f"... and {hidden} more warnings (see {out_dir / 'manifest.json'})", err=True)
    for failure in report.failures:
        click.echo(f"error: {failure}", err=True)
    click.echo(
        f"{len(report.built)} built, {len(report.fresh)} up to date, "
        f"{len(report.warnings)} warnings, {len(report.failures)} failed -> {out_dir}/index.html",
        err=True,
    )
