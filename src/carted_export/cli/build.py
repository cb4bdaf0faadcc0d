"""``carted-export build``: the project's sources into PDF, EPUB and HTML (thin Click layer)."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from carted_export.cli.options import (
    config_option,
    existing_sources,
    export_date,
    locale_option,
    locales_dir_option,
    out_option,
    project,
    read_options,
    resolve_locales,
    sources_argument,
)
from carted_export.cli.progress import BarProgress, LineProgress, print_summary
from carted_export.config import (
    BuildOptions,
    BuildSettings,
    ExecutorKind,
    Format,
    Paper,
    PrintSize,
    default_image_cache,
    is_scheduler_address,
)
from carted_export.errors import CartedError, UsageError


@click.command()
@sources_argument
@config_option
@out_option("the outputs: <out>/<locale>/<slug>.pdf|.epub|.html, index.html, manifest.json")
@locale_option("build")
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice([f.value for f in Format]),
    help=(
        "Output format (repeatable): pdf, epub, html, and on request brf (braille) and "
        "audio (read aloud, .opus).  "
        "[config: build.formats; default: pdf, epub, html]"
    ),
)
@click.option(
    "--paper",
    type=click.Choice([p.value for p in Paper]),
    default=None,
    help="Paper size of the PDF.  [config: build.paper; default: a4]",
)
@click.option(
    "--size",
    type=click.Choice([s.value for s in PrintSize]),
    default=None,
    help="Print size: standard (12 pt body) or large (18 pt, APH large print).  "
    "[config: build.size; default: standard]",
)
@click.option(
    "--booklet/--no-booklet",
    default=None,
    help="Also write <locale>/<slug>.booklet.pdf, the leaflet on A5 (half Letter) pages "
    "imposed two-up on A4 (Letter) sheets to fold and staple (print it double-sided, "
    "flipped on the short edge), and <slug>.small.pdf, the same A5 leaflet tagged for "
    "screen readers.  [config: leaflet.booklet; default: no]",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=None,
    help="Worker processes; 0 = one per CPU core.  [config: build.jobs; default: 0]",
)
@click.option(
    "--executor",
    type=click.Choice([e.value for e in ExecutorKind]),
    default=None,
    help="Where jobs run: a process pool here, or a Dask cluster (pip install "
    "'carted-export[dask]').  [config: build.executor; default: local]",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="With --executor dask: the Dask scheduler, e.g. tcp://10.0.0.5:8786; without it, "
    "a LocalCluster of --jobs workers.  [config: build.scheduler]",
)
@click.option(
    "--strict",
    is_flag=True,
    default=None,
    help="Treat warnings (missing image, unknown license...) as failures.",
)
@click.option(
    "--require-review/--no-require-review",
    default=None,
    help=(
        "A final build: use only translations a qualified person has reviewed "
        "(`i18n review`); the others show the source text and a draft notice.  "
        "[config: build.require_review; default: off]"
    ),
)
@click.option("--fail-fast", is_flag=True, help="Stop at the first failed document.")
@click.option("--force", is_flag=True, help="Rebuild everything, ignoring the incremental cache.")
@click.option(
    "--allow-remote-images",
    "allow_remote",
    is_flag=True,
    default=None,
    help="Download remote images (timeout, size cap, cache). Off by default: no network.",
)
@click.option(
    "--image-cache",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Where downloaded remote images are kept. Default: ~/.cache/carted-export/images.",
)
@click.option(
    "--max-source-size",
    type=click.IntRange(min=1),
    default=None,
    metavar="MB",
    help="Refuse source files larger than this.  [config: build.max_source_size; default: 5]",
)
@locales_dir_option
@click.option("--quiet", "-q", is_flag=True, help="Only print the summary.")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
def build(
    sources: tuple[Path, ...],
    config_path: Path | None,
    out_dir: Path | None,
    locales: tuple[str, ...],
    formats: tuple[str, ...],
    paper: str | None,
    size: str | None,
    booklet: bool | None,
    jobs: int | None,
    executor: str | None,
    scheduler: str | None,
    strict: bool | None,
    require_review: bool | None,
    fail_fast: bool,
    force: bool,
    allow_remote: bool | None,
    image_cache: Path | None,
    max_source_size: int | None,
    locales_dir: Path | None,
    quiet: bool,
    debug: bool,
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

    proj = project(config_path)
    settings = proj.build
    catalogs = locales_dir or proj.locales_dir
    workers = jobs if jobs is not None else settings.jobs
    kind, address = executor_choice(executor, scheduler, settings)
    options = BuildOptions(
        sources=existing_sources(sources, proj),
        out_dir=out_dir or settings.out,
        project_root=proj.root,
        locales=resolve_locales(locales or settings.locales, catalogs),
        formats=tuple(Format(f) for f in formats) or settings.formats,
        paper=Paper(paper) if paper else settings.paper,
        size=PrintSize(size) if size else settings.size,
        jobs=workers or os.cpu_count() or 1,
        executor=kind,
        scheduler=address,
        strict=settings.strict if strict is None else strict,
        require_review=settings.require_review if require_review is None else require_review,
        fail_fast=fail_fast,
        force=force,
        allow_remote=settings.allow_remote_images if allow_remote is None else allow_remote,
        image_cache=image_cache or settings.image_cache or default_image_cache(),
        reading=read_options(proj, max_source_size),
        templates_dir=proj.templates_dir,
        locales_dir=catalogs,
        export_date=export_date(),
        leaflet=proj.leaflet if booklet is None else replace(proj.leaflet, booklet=booklet),
    )
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


def executor_choice(
    executor: str | None, scheduler: str | None, settings: BuildSettings
) -> tuple[ExecutorKind, str | None]:
    """The executor and, for Dask, the scheduler's address (None: a LocalCluster)."""
    kind = ExecutorKind(executor) if executor else settings.executor
    if scheduler is not None:
        if kind is not ExecutorKind.DASK:
            raise UsageError('--scheduler needs --executor dask (or executor = "dask" in [build])')
        if not is_scheduler_address(scheduler):
            raise UsageError(
                f"--scheduler must be an address like tcp://10.0.0.5:8786; got {scheduler!r}"
            )
    if kind is not ExecutorKind.DASK:
        return kind, None
    return kind, scheduler or settings.scheduler
