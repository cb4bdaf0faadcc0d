"""``carted-export report``: readability of every document in every locale (thin Click layer)."""

from __future__ import annotations

from pathlib import Path

import click

from carted_export.errors import UsageError


@click.command()
@click.argument(
    "sources", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[SOURCES]..."
)
@click.option(
    "--locale",
    "locales",
    multiple=True,
    metavar="CODE",
    help="Language to score (repeatable), e.g. en, es, zh_Hans; 'all' for every locale in "
    "locales/. Default: each document's own language.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Folder for report.json and report.html.",
)
@click.option(
    "--max-grade",
    type=click.FloatRange(min=0),
    default=None,
    metavar="N",
    help="Exit 1 when a document reads above US grade N (patient materials: 6 to 8).",
)
@click.option(
    "--locales-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("locales"),
    show_default="locales/",
    help="Translation catalogs.",
)
def report(
    sources: tuple[Path, ...],
    locales: tuple[str, ...],
    out_dir: Path,
    max_grade: float | None,
    locales_dir: Path,
) -> None:
    """Score how easy SOURCES (default seeds/) are to read, in each locale.

    Writes <out>/report.json and <out>/report.html: a grade per document and language
    (Flesch-Kincaid and SMOG in English, Fernández-Huerta and Szigriszt-Pazos in Spanish,
    Kandel-Moles in French, OSMAN in Arabic, a proxy in Chinese), sentences over 20 words
    and uncommon words with their source lines, unexplained abbreviations, passive voice
    (English) and the CDC Clear Communication Index items a machine can check.

    \b
    Examples:
      carted-export report seeds --locale en --locale es --out build
      carted-export report articles/ --locale all --max-grade 8

    Exit status: 0 done, 1 a document is above --max-grade or a source failed, 2 usage error.
    """
    from carted_export.cli import _resolve_locales
    from carted_export.glossary import glossary_path, load_glossary
    from carted_export.readability.report import build_report, write_report

    if not sources:
        if not Path("seeds").is_dir():
            raise UsageError("no SOURCES given and no seeds/ folder here; pass files or folders")
        sources = (Path("seeds"),)
    glossary = load_glossary(glossary_path(locales_dir))
    result, failures = build_report(
        sources,
        _resolve_locales(locales, locales_dir),
        locales_dir=locales_dir,
        glossary=lambda locale: (entry.term for entry in glossary if entry.definition(locale)),
        max_grade=max_grade,
    )
    json_path, html_path = write_report(result, out_dir)
    for failure in failures:
        click.echo(f"error: {failure}", err=True)
    for entry in result.entries:
        for warning in entry.warnings:
            click.echo(f"warning: {entry.source}: {warning}", err=True)
    above = result.above(max_grade) if max_grade is not None else []
    for entry in above:
        click.echo(
            f"{entry.source} ({entry.locale}): grade {entry.grade:.1f} is above {max_grade:g}",
            err=True,
        )
    click.echo(f"{len(result.entries)} scored -> {json_path}, {html_path}", err=True)
    if above or failures:
        raise SystemExit(1)
