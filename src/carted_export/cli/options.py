"""What every command shares: ``--config``, loading the project, the export date, locales.

Commands call :func:`project` once at the edge and pass what they need down; nothing
below the CLI reads the config file or the flags.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from carted_export.config import Project
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
