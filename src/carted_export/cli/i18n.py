"""``carted-export i18n``: catalog commands (thin: parse options, call ``i18n/``, exit codes).

Every sub-command works on the project's catalogs (``[project] locales_dir`` of
carted-export.toml, default ``locales/``).  Imports nothing heavy (no renderers).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import click

from carted_export.cli.options import (
    config_option,
    existing_sources,
    locales_dir_option,
    project,
    read_options,
)
from carted_export.config import PACKAGE_DIR, Project
from carted_export.errors import CartedError

F = TypeVar("F", bound=Callable[..., object])

LOCALE_FILTER = click.option(
    "--locale", "locales", multiple=True, help="Only this locale (repeatable). Default: all."
)


def catalog_options(command: F) -> F:
    """``--config`` and ``--locales-dir``, shared by every sub-command."""
    return config_option(locales_dir_option(command))


def _catalogs(config_path: Path | None, locales_dir: Path | None) -> tuple[Project, Path]:
    proj = project(config_path)
    return proj, locales_dir or proj.locales_dir


@click.group()
def i18n() -> None:
    """Translation catalogs: extract, init, update, stats, check.

    \b
    Translator workflow:
      carted-export i18n extract            # sources changed -> refresh locales/content/*.pot
      carted-export i18n update             # merge the templates into every locale's *.po
      carted-export i18n init --locale fr   # start a new language
      carted-export i18n stats --min 100    # how much is translated
      carted-export i18n check              # links, numbers, placeholders still intact?
    """


def _report(errors: Sequence[CartedError | str]) -> None:
    for error in errors:
        message = error.format_message() if isinstance(error, CartedError) else error
        click.echo(f"error: {message}", err=True)


def _locales(codes: tuple[str, ...], locales_dir: Path) -> tuple[str, ...]:
    from carted_export.i18n.locales import parse_locale

    return tuple(parse_locale(code, locales_dir, also_allowed=()) for code in codes)


@i18n.command()
@click.argument(
    "sources", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[SOURCES]..."
)
@click.option(
    "--ui",
    is_flag=True,
    help="Extract carted-export's own interface strings instead (for its maintainers: "
    "make ui-catalogs).",
)
@catalog_options
def extract(
    sources: tuple[Path, ...], ui: bool, config_path: Path | None, locales_dir: Path | None
) -> None:
    """Write one content template (locales/content/<slug>.pot) per source document.

    SOURCES default to the project's sources ([build] sources in carted-export.toml).

    Example: carted-export i18n extract
    """
    from carted_export.i18n.extract import (
        read_documents,
        write_content_templates,
        write_ui_template,
    )

    proj, catalogs = _catalogs(config_path, locales_dir)
    if ui:
        click.echo(f"wrote {proj.display(write_ui_template(PACKAGE_DIR, catalogs))}")
        return
    sources = existing_sources(sources, proj)
    documents, failures = read_documents(sources, proj.root, read_options(proj))
    for path in write_content_templates(documents, catalogs, proj.root):
        click.echo(f"wrote {proj.display(path)}")
    _report(failures)
    if failures:
        raise SystemExit(1)


@i18n.command()
@click.option("--locale", required=True, help="CLDR locale code, e.g. es, ar, zh_Hans.")
@click.option("--translator", default=None, help='Last-Translator, e.g. "Ana <ana@x.org>".')
@catalog_options
def init(
    locale: str, translator: str | None, config_path: Path | None, locales_dir: Path | None
) -> None:
    """Start a new locale: create its PO files from the templates (existing files are kept).

    The interface catalog is created only for a language carted-export does not ship.

    Example: carted-export i18n init --locale fr
    """
    from carted_export.i18n.extract import init_locale

    proj, catalogs = _catalogs(config_path, locales_dir)
    created = init_locale(locale, catalogs, translator=translator)
    for path in created:
        click.echo(f"created {proj.display(path)}")
    if not created:
        click.echo(f"nothing to create: every catalog of {locale} exists", err=True)


@i18n.command()
@LOCALE_FILTER
@catalog_options
def update(locales: tuple[str, ...], config_path: Path | None, locales_dir: Path | None) -> None:
    """Merge the templates into every locale (msgmerge --previous: edits become fuzzy).

    Example: carted-export i18n extract && carted-export i18n update
    """
    from carted_export.i18n.update import update_catalogs

    proj, catalogs = _catalogs(config_path, locales_dir)
    results, errors = update_catalogs(catalogs, _locales(locales, catalogs))
    for result in results:
        click.echo(f"{result.action} {proj.display(result.path)}")
    _report(errors)
    if errors:
        raise SystemExit(1)


@i18n.command()
@LOCALE_FILTER
@click.option(
    "--min",
    "minimum",
    type=click.FloatRange(0, 100),
    default=None,
    help="Exit 1 if any selected locale is below PERCENT translated.",
    metavar="PERCENT",
)
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table")
@catalog_options
def stats(
    locales: tuple[str, ...],
    minimum: float | None,
    output_format: str,
    config_path: Path | None,
    locales_dir: Path | None,
) -> None:
    """Translated / fuzzy / untranslated entries per locale and catalog.

    Example: carted-export i18n stats --locale es --min 100
    """
    from carted_export.i18n.stats import below_minimum, collect_stats, format_json, format_table

    _proj, catalogs = _catalogs(config_path, locales_dir)
    rows, errors = collect_stats(catalogs, _locales(locales, catalogs))
    click.echo(format_json(rows) if output_format == "json" else format_table(rows))
    _report(errors)
    low = below_minimum(rows, minimum) if minimum is not None else []
    for locale in low:
        click.echo(f"{locale} is below {minimum:g}% translated", err=True)
    if errors or low:
        raise SystemExit(1)


@i18n.command()
@LOCALE_FILTER
@catalog_options
def check(locales: tuple[str, ...], config_path: Path | None, locales_dir: Path | None) -> None:
    """Check translations keep placeholders, links, Markdown, numbers and doses intact.

    Prints path:line: severity: message; exits 1 when there is any error.
    Example: carted-export i18n check --locale ar
    """
    from carted_export.i18n.check import check_catalogs

    _proj, catalogs = _catalogs(config_path, locales_dir)
    problems = check_catalogs(catalogs, _locales(locales, catalogs))
    for problem in problems:
        click.echo(str(problem), err=problem.severity == "error")
    errors = sum(problem.severity == "error" for problem in problems)
    click.echo(f"{errors} error(s), {len(problems) - errors} warning(s)")
    if errors:
        raise SystemExit(1)
