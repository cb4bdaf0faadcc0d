"""What every command shares: ``--config``, loading the project, the export date, locales.

Commands call :func:`project` once at the edge and pass what they need down; nothing
below the CLI reads the config file or the flags.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import click

from carted_export.config import (
    BuildOptions,
    BuildSettings,
    ExecutorKind,
    Format,
    Paper,
    PrintSize,
    Project,
    default_image_cache,
    is_scheduler_address,
)
from carted_export.errors import UsageError
from carted_export.sources.options import ReadOptions

F = TypeVar("F", bound=Callable[..., object])

config_option: Callable[[F], F] = click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Project file. Default: carted-export.toml in this folder or the nearest parent.",
)


sources_argument: Callable[[F], F] = click.argument(
    "sources", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[SOURCES]..."
)

locales_dir_option: Callable[[F], F] = click.option(
    "--locales-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Translation catalogs.  [config: project.locales_dir; default: locales]",
)


def locale_option(what: str) -> Callable[[F], F]:
    """``--locale`` (repeatable): the languages to ``what``."""
    return click.option(
        "--locale",
        "locales",
        multiple=True,
        metavar="CODE",
        help=f"Language to {what} (repeatable), e.g. es, ar, zh_Hans; 'all' for every locale "
        "in locales/.  [config: build.locales; default: each document's own language]",
    )


def out_option(what: str) -> Callable[[F], F]:
    """``--out DIR``: where ``what`` go."""
    return click.option(
        "--out",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=f"Folder for {what}.  [config: build.out; default: build]",
    )


def project(config_path: Path | None) -> Project:
    """The project the command works on (its config file's folder, or this folder)."""
    from carted_export.config_file import load_project

    return load_project(config_path)


def export_date() -> dt.date:
    """Today, or the date of ``SOURCE_DATE_EPOCH`` for byte-identical rebuilds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return dt.date.today()
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    except (ValueError, OverflowError, OSError) as error:
        raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from error


def resolve_locales(codes: tuple[str, ...], locales_dir: Path) -> tuple[str, ...]:
    """Canonical locale codes; ``all`` is the source language plus every catalog folder."""
    from carted_export.i18n.locales import available_locales, parse_locale

    if "all" in codes:
        return tuple(sorted({"en", *available_locales(locales_dir)}))
    return tuple(dict.fromkeys(parse_locale(code, locales_dir) for code in codes))


def read_options(project: Project, max_source_size: int | None = None) -> ReadOptions:
    """How the project's sources are read: the size limit (flag over setting) and its
    scrape rules, loaded once here so a broken rules file is a usage error naming it."""
    from carted_export.sources.scrape_rules import load_rules

    path = project.build.scrape_rules
    rules = None
    if path is not None:
        try:
            rules = load_rules(path)
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            message = f"cannot use these scrape rules: {reason}"
            raise UsageError(message, project.display(path)) from None
    megabytes = max_source_size or project.build.max_source_size
    return ReadOptions(max_bytes=megabytes * 1024 * 1024, scrape_rules=rules)


def existing_sources(paths: tuple[Path, ...], project: Project) -> tuple[Path, ...]:
    """The sources to read: given ones, else the project's; a missing folder is a usage
    error that says where it was looked for."""
    if paths:
        return paths
    missing = [path for path in project.build.sources if not path.exists()]
    if missing:
        where = project.display(missing[0])
        hint = (
            "set [build] sources in carted-export.toml"
            if project.config_path
            else "no carted-export.toml found; run `carted-export init` or pass files or folders"
        )
        raise UsageError(f"source folder {where} does not exist; {hint}")
    return project.build.sources


def build_options(
    proj: Project,
    *,
    sources: tuple[Path, ...] = (),
    out_dir: Path | None = None,
    locales: tuple[str, ...] = (),
    formats: tuple[str, ...] = (),
    paper: str | None = None,
    size: str | None = None,
    booklet: bool | None = None,
    jobs: int | None = None,
    executor: str | None = None,
    scheduler: str | None = None,
    strict: bool | None = None,
    require_review: bool | None = None,
    fail_fast: bool = False,
    force: bool = False,
    allow_remote: bool | None = None,
    image_cache: Path | None = None,
    max_source_size: int | None = None,
    locales_dir: Path | None = None,
) -> BuildOptions:
    """One build's options: the flags given (not None, not empty) over the project's
    settings; ``build`` and ``serve`` make theirs here."""
    settings = proj.build
    catalogs = locales_dir or proj.locales_dir
    workers = jobs if jobs is not None else settings.jobs
    kind, address = executor_choice(executor, scheduler, settings)
    return BuildOptions(
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
