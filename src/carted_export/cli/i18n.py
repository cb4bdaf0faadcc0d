"""``carted-export i18n``: catalog commands (thin: parse options, call ``i18n/``, exit codes).

Registered lazily by the main CLI; imports nothing heavy (no renderers), so it starts fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from carted_export.config import PACKAGE_DIR
from carted_export.errors import CartedError

LOCALES_DIR = click.option(
    "--locales-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("locales"),
    show_default=True,
    help="Folder holding <locale>/LC_MESSAGES/*.po and the *.pot templates.",
)
LOCALE_FILTER = click.option(
    "--locale", "locales", multiple=True, help="Only this locale (repeatable). Default: all."
)


@click.group()
def i18n() -> None:
    """Translation catalogs: extract, init, update, stats, check.

    \b
    Translator workflow:
      carted-export i18n extract            # sources and code changed -> refresh *.pot
      carted-export i18n update             # merge *.pot into every locale's *.po
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
@LOCALES_DIR
def extract(sources: tuple[Path, ...], ui: bool, locales_dir: Path) -> None:
    """Write one content template per document (default SOURCES: seeds/).

    Example: carted-export i18n extract seeds/ --locales-dir locales
    """
    from carted_export.i18n.extract import (
        read_documents,
        write_content_templates,
        write_ui_template,
    )

    if ui:
        click.echo(f"wrote {write_ui_template(PACKAGE_DIR, locales_dir)}")
        return
    documents, failures = read_documents(sources or (Path("seeds"),))
    for path in write_content_templates(documents, locales_dir, Path.cwd()):
        click.echo(f"wrote {path}")
    _report(failures)
    if failures:
        raise SystemExit(1)


@i18n.command()
@click.option("--locale", required=True, help="CLDR locale code, e.g. es, ar, zh_Hans.")
@click.option("--translator", default=None, help='Last-Translator, e.g. "Ana <ana@x.org>".')
@LOCALES_DIR
def init(locale: str, translator: str | None, locales_dir: Path) -> None:
    """Start a new locale: create its PO files from the templates (existing files are kept).

    Example: carted-export i18n init --locale fr
    """
    from carted_export.i18n.extract import init_locale

    for path in init_locale(locale, locales_dir, translator=translator):
        click.echo(f"created {path}")


@i18n.command()
@LOCALE_FILTER
@LOCALES_DIR
def update(locales: tuple[str, ...], locales_dir: Path) -> None:
    """Merge the templates into every locale (msgmerge --previous: edits become fuzzy).

    Example: carted-export i18n extract && carted-export i18n update
    """
    from carted_export.i18n.update import update_catalogs

    results, errors = update_catalogs(locales_dir, _locales(locales, locales_dir))
    for result in results:
        click.echo(f"{result.action} {result.path}")
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
@LOCALES_DIR
def stats(
    locales: tuple[str, ...], minimum: float | None, output_format: str, locales_dir: Path
) -> None:
    """Translated / fuzzy / untranslated entries per locale and catalog.

    Example: carted-export i18n stats --locale es --min 100
    """
    from carted_export.i18n.stats import below_minimum, collect_stats, format_json, format_table

    rows, errors = collect_stats(locales_dir, _locales(locales, locales_dir))
    click.echo(format_json(rows) if output_format == "json" else format_table(rows))
    _report(errors)
    low = below_minimum(rows, minimum) if minimum is not None else []
    for locale in low:
        click.echo(f"{locale} is below {minimum:g}% translated", err=True)
    if errors or low:
        raise SystemExit(1)


@i18n.command()
@LOCALE_FILTER
@LOCALES_DIR
def check(locales: tuple[str, ...], locales_dir: Path) -> None:
    """Check translations keep placeholders, links, Markdown, numbers and doses intact.

    Prints path:line: severity: message; exits 1 when there is any error.
    Example: carted-export i18n check --locale ar
    """
    from carted_export.i18n.check import check_catalogs

    problems = check_catalogs(locales_dir, _locales(locales, locales_dir))
    for problem in problems:
        click.echo(str(problem), err=problem.severity == "error")
    errors = sum(problem.severity == "error" for problem in problems)
    click.echo(f"{errors} error(s), {len(problems) - errors} warning(s)")
    if errors:
        raise SystemExit(1)
