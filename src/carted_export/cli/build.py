"""``carted-export build``: the project's sources into PDF, EPUB and HTML (thin Click layer)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from carted_export.cli.options import (
    build_options,
    config_option,
    flag,
    locale_option,
    locales_dir_option,
    out_option,
    project,
    sources_argument,
)
from carted_export.cli.progress import BarProgress, LineProgress, print_summary
from carted_export.config_build import (
    ALLOW_REMOTE_IMAGES,
    BOOKLET,
    EXECUTOR,
    FORMATS,
    IMAGE_CACHE,
    JOBS,
    MAX_SOURCE_SIZE,
    PAPER,
    REQUIRE_REVIEW,
    SCHEDULER,
    SIZE,
    STRICT,
)
from carted_export.errors import CartedError


@click.command()
@sources_argument
@config_option
@out_option("the outputs: <out>/<locale>/<slug>.pdf|.epub|.html, index.html, manifest.json")
@locale_option("build")
@flag(FORMATS)
@flag(PAPER)
@flag(SIZE)
@flag(BOOKLET)
@flag(JOBS)
@flag(EXECUTOR)
@flag(SCHEDULER)
@flag(STRICT)
@flag(REQUIRE_REVIEW)
@click.option("--fail-fast", is_flag=True, help="Stop at the first failed document.")
@click.option("--force", is_flag=True, help="Rebuild everything, ignoring the incremental cache.")
@flag(ALLOW_REMOTE_IMAGES)
@flag(IMAGE_CACHE)
@flag(MAX_SOURCE_SIZE)
@locales_dir_option
@click.option("--quiet", "-q", is_flag=True, help="Only print the summary.")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
def build(
    config_path: Path | None,
    fail_fast: bool,
    force: bool,
    quiet: bool,
    debug: bool,
    **flags: object,
) -> None:
    """Render the sources as PDF leaflets, EPUB ebooks, web pages, braille.

    The project's sources (or SOURCES: files or folders) become PDF, EPUB and HTML, and
    braille (BRF) when asked for.

    Settings come from carted-export.toml (found in this folder or a parent; see
    docs/configuration.md); every flag overrides its setting.

    \b
    Examples:
      carted-export build                                  # as carted-export.toml says
      carted-export build articles/ --locale es --locale ar
      carted-export build page.md --format pdf --paper letter --size large
      carted-export build --format pdf --booklet           # A5 booklets to fold and staple
      carted-export build --format brf --locale es         # braille for an embosser
      carted-export build --config ../clinic/carted-export.toml --out /tmp/site --jobs 2
      carted-export build --executor dask --scheduler tcp://10.0.0.5:8786

    Exit status: 0 all built, 1 some documents failed (the others were built), 2 usage or
    config error.
    """
    from carted_export.pipeline import build as run_build

    # The flags of declared options (``flags``: SOURCES, --out, --locale, --format...) go
    # over the project's settings in one place, where serve makes its options too.
    options = build_options(project(config_path), fail_fast=fail_fast, force=force, **flags)
    progress = BarProgress() if sys.stderr.isatty() and not quiet else LineProgress(quiet)
    try:
        with progress:
            report = run_build(options, progress, debug=debug)
    except CartedError:
        raise
    except Exception as error:
        if debug:
            raise
        raise CartedError(
            f"internal error: {type(error).__name__}: {error} (--debug shows more)"
        ) from error
    print_summary(report, options)
    if report.failures:
        sys.exit(1)
