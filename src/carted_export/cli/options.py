"""What every command shares: ``--config``, loading the project, the export date, and the
flags of declared options (:func:`flag`: ``--locale``, ``--out``, ``--locales-dir``...),
each made from its declaration in :mod:`carted_export.config_build`.

Commands call :func:`project` once at the edge and pass what they need down; nothing
below the CLI reads the config file or the flags.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from carted_export.config import Project
from carted_export.config_build import LOCALES, LOCALES_DIR, OUT, BuildOptions
from carted_export.config_options import (
    Choice,
    Choices,
    Folder,
    Kind,
    Option,
    OptionalPath,
    Switch,
    Whole,
)
from carted_export.errors import UsageError

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


def flag(option: Option[Any], **words: str) -> Callable[[F], F]:
    """The Click option of a declared ``option``: its flag, type and ``--help`` text (with
    the key and default it overrides) from the declaration; its parameter is the option's
    ``dest``, ``None`` (or empty) when not given, so the file's value stands."""
    spelling = option.flag
    assert spelling is not None, f"{option.name} has no flag"
    names = list(spelling.names)
    if spelling.off:
        names[0] = f"{names[0]}/{spelling.off}"
    return click.option(
        *names,
        option.dest,
        type=_click_type(option.kind),
        is_flag=isinstance(option.kind, Switch),
        multiple=option.kind.multiple,
        default=None,
        metavar=spelling.metavar,
        help=option.help_text(**words),
    )


def _click_type(kind: Kind[Any]) -> click.ParamType[Any] | None:
    if isinstance(kind, Choice | Choices):
        return click.Choice([member.value for member in kind.enum])
    if isinstance(kind, Whole):
        return click.IntRange(min=kind.minimum)
    if isinstance(kind, Folder | OptionalPath):
        folder = isinstance(kind, Folder) or kind.folder
        return click.Path(file_okay=not folder, path_type=Path)
    return None


locales_dir_option: Callable[[F], F] = flag(LOCALES_DIR)


def locale_option(what: str) -> Callable[[F], F]:
    """``--locale`` (repeatable): the languages to ``what``."""
    return flag(LOCALES, what=what)


def out_option(what: str) -> Callable[[F], F]:
    """``--out DIR``: where ``what`` go."""
    return flag(OUT, what=what)


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


def build_options(
    proj: Project, *, fail_fast: bool = False, force: bool = False, **flags: object
) -> BuildOptions:
    """One build's options: the flags given (by their parameter names; not None, not
    empty) over the project's settings; ``build`` and ``serve`` make theirs here."""
    return BuildOptions.from_project(
        proj, flags, fail_fast=fail_fast, force=force, export_date=export_date()
    )
