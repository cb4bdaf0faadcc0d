"""``carted-export i18n``: catalog commands (thin: parse options, call ``i18n/``, exit codes).

Every sub-command works on the project's catalogs (``[project] locales_dir`` of
carted-export.toml, default ``locales/``).  Imports nothing heavy (no renderers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import click

from carted_export.cli.options import (
    config_option,
    export_date,
    locales_dir_option,
    project,
)
from carted_export.config import PACKAGE_DIR, Project
from carted_export.config_build import existing_sources, read_options
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
    """Translations: extract, init, update, stats, check, review, memory.

    \b
    Translator workflow:
      carted-export i18n extract            # sources changed -> refresh locales/content/*.pot
      carted-export i18n update             # merge the templates into every locale's *.po
      carted-export i18n init --locale fr   # start a new language
      carted-export i18n stats --min 100    # how much is translated
      carted-export i18n check              # links, numbers, placeholders still intact?
      carted-export i18n review --locale es --reviewer "Dr. Ana Pérez"   # after a review
      carted-export i18n memory --locale es -o es.po   # a compendium for Poedit/Weblate
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
    from carted_export.i18n.extract import write_content_templates, write_ui_template
    from carted_export.pipeline.reading import read_documents
    from carted_export.readability.analysis import translator_notes

    proj, catalogs = _catalogs(config_path, locales_dir)
    if ui:
        click.echo(f"wrote {proj.display(write_ui_template(PACKAGE_DIR, catalogs))}")
        return
    sources = existing_sources(sources, proj)
    documents, failures = read_documents(sources, proj.root, read_options(proj))
    for path in write_content_templates(documents, catalogs, translator_notes):
        click.echo(f"wrote {proj.display(path)}")
    _report(failures)
    if failures:
        raise SystemExit(1)


COMPENDIUM = click.option(
    "--compendium",
    "compendia",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A compendium of translations (PO) to merge in as msgmerge --compendium does "
    "(repeatable); e.g. one exported by `i18n memory` or a Weblate/Poedit TM export.",
)


def _filled(count: int) -> str:
    return f" ({count} filled from translation memory, fuzzy)" if count else ""


@i18n.command()
@click.option("--locale", required=True, help="CLDR locale code, e.g. es, ar, zh_Hans.")
@click.option("--translator", default=None, help='Last-Translator, e.g. "Ana <ana@x.org>".')
@COMPENDIUM
@catalog_options
def init(
    locale: str,
    translator: str | None,
    compendia: tuple[Path, ...],
    config_path: Path | None,
    locales_dir: Path | None,
) -> None:
    """Start a new locale: create its PO files from the templates (existing files are kept).

    The interface catalog is created only for a language carted-export does not ship.
    Text the locale's other catalogs already translate is filled in, marked fuzzy.

    Example: carted-export i18n init --locale fr
    """
    from carted_export.i18n.update import init_locale

    proj, catalogs = _catalogs(config_path, locales_dir)
    created = init_locale(
        locale, catalogs, translator=translator, compendia=compendia, display=proj.display
    )
    for path, filled in created:
        click.echo(f"created {proj.display(path)}{_filled(filled)}")
    if not created:
        click.echo(f"nothing to create: every catalog of {locale} exists", err=True)


@i18n.command()
@LOCALE_FILTER
@COMPENDIUM
@catalog_options
def update(
    locales: tuple[str, ...],
    compendia: tuple[Path, ...],
    config_path: Path | None,
    locales_dir: Path | None,
) -> None:
    """Merge the templates into every locale (msgmerge --previous: edits become fuzzy),
    then fill untranslated entries that another catalog of the locale translates (fuzzy).

    Example: carted-export i18n extract && carted-export i18n update
    """
    from carted_export.i18n.update import update_catalogs

    proj, catalogs = _catalogs(config_path, locales_dir)
    codes = _locales(locales, catalogs)
    results, errors = update_catalogs(catalogs, codes, compendia, proj.display)
    for result in results:
        click.echo(f"{result.action} {proj.display(result.path)}{_filled(result.filled)}")
    _report(errors)
    if errors:
        raise SystemExit(1)


@i18n.command()
@click.option("--locale", required=True, help="The locale to export, e.g. es.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The compendium to write (a PO file).",
)
@catalog_options
def memory(locale: str, output: Path, config_path: Path | None, locales_dir: Path | None) -> None:
    """Export a locale's translation memory as a compendium: every safe translation
    (not fuzzy, passing i18n check) of its catalogs, one entry per context and text.

    Poedit and Weblate import it as translation memory; `i18n update --compendium FILE`
    (or `msgmerge --compendium FILE`) fills another project's catalogs from it.

    Example: carted-export i18n memory --locale es -o es-memory.po
    """
    from carted_export.i18n.catalogs import catalog_pairs
    from carted_export.i18n.memory import collect_memory, compendium
    from carted_export.i18n.po import save_po

    proj, catalogs = _catalogs(config_path, locales_dir)
    (code,) = _locales((locale,), catalogs)
    found = collect_memory([po for _, po in catalog_pairs(code, catalogs)], proj.display)
    save_po(compendium(found, code), output)
    click.echo(f"wrote {len(found.by_key)} translations to {proj.display(output)}")


@i18n.command()
@click.argument("catalogs", nargs=-1, metavar="[SLUG|ui]...")
@click.option("--locale", required=True, help="The locale reviewed, e.g. es.")
@click.option(
    "--reviewer", required=True, help='Who reviewed, as patients should read it: "Dr. Ana Pérez".'
)
@click.option(
    "--date",
    "when",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date of the review (YYYY-MM-DD).  Default: today.",
)
@catalog_options
def review(
    catalogs: tuple[str, ...],
    locale: str,
    reviewer: str,
    when: dt.datetime | None,
    config_path: Path | None,
    locales_dir: Path | None,
) -> None:
    """Record a medical review: mark every translated entry of a locale's catalogs (or of
    the named documents; "ui" for the interface labels) as reviewed by REVIEWER.

    Run it after the review, on the catalogs as reviewed.  Fuzzy, untranslated and
    failing entries are not marked.  A leaflet says "Translation reviewed by ..." only
    when every entry of its catalog is reviewed; editing a text later voids its mark.

    Example: carted-export i18n review --locale es --reviewer "Dr. Ana Pérez" car-t-cells
    """
    from carted_export.i18n.review import review_locale

    proj, folder = _catalogs(config_path, locales_dir)
    (code,) = _locales((locale,), folder)
    date = when.date() if when else export_date()  # SOURCE_DATE_EPOCH, as builds do
    results, errors = review_locale(code, folder, reviewer, date, catalogs)
    for result in results:
        click.echo(
            f"{proj.display(result.path)}: {result.marked} reviewed, {result.skipped} not "
            "reviewable yet (untranslated, fuzzy or failing i18n check)"
        )
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
    """Translated (and reviewed) / fuzzy / untranslated entries per locale and catalog, and
    how consistently each locale's termbase is followed.

    Example: carted-export i18n stats --locale es --min 100
    """
    from carted_export.i18n.stats import (
        below_minimum,
        collect_stats,
        format_json,
        format_table,
    )

    _proj, catalogs = _catalogs(config_path, locales_dir)
    codes = _locales(locales, catalogs)
    rows, terms, errors = collect_stats(catalogs, codes)
    formatter = format_json if output_format == "json" else format_table
    click.echo(formatter(rows, terms))
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
