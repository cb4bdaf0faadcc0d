"""``carted-export report``: readability of every document in every locale (thin Click layer)."""

from __future__ import annotations

from pathlib import Path

import click

from carted_export.cli.options import (
    config_option,
    locale_option,
    locales_dir_option,
    out_option,
    project,
    sources_argument,
)
from carted_export.config_build import existing_sources, read_options


@click.command()
@sources_argument
@config_option
@locale_option("score")
@out_option("report.json and report.html")
@click.option(
    "--max-grade",
    type=click.FloatRange(min=0),
    default=None,
    metavar="N",
    help="Exit 1 when a document reads above US grade N (patient materials: 6 to 8).",
)
@locales_dir_option
def report(
    sources: tuple[Path, ...],
    config_path: Path | None,
    locales: tuple[str, ...],
    out_dir: Path | None,
    max_grade: float | None,
    locales_dir: Path | None,
) -> None:
    """Score how easy each source is to read, in each language.

    The project's sources, or SOURCES, are scored in each locale.

    Writes <out>/report.json and <out>/report.html: a grade per document and language
    (Flesch-Kincaid and SMOG in English, Fernández-Huerta and Szigriszt-Pazos in Spanish,
    Kandel-Moles in French, OSMAN in Arabic, a proxy in Chinese), sentences over 20 words
    and uncommon words with their source lines, unexplained abbreviations, passive voice
    (English) and the CDC Clear Communication Index items a machine can check.

    \b
    Examples:
      carted-export report                               # as carted-export.toml says
      carted-export report articles/ --locale all --max-grade 8

    Exit status: 0 done, 1 a document is above --max-grade or a source failed, 2 usage error.
    """
    from carted_export.glossary import glossary_path, load_glossary
    from carted_export.i18n.locales import resolve_locales
    from carted_export.readability.report import build_report, write_report

    proj = project(config_path)
    catalogs = locales_dir or proj.locales_dir
    glossary = load_glossary(glossary_path(catalogs))
    result, failures = build_report(
        existing_sources(sources, proj),
        resolve_locales(locales or proj.build.locales, catalogs),
        project_root=proj.root,
        locales_dir=catalogs,
        reading=read_options(proj),
        glossary=lambda locale: (entry.term for entry in glossary if entry.definition(locale)),
        max_grade=max_grade,
    )
    json_path, html_path = write_report(result, out_dir or proj.build.out)
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
    shown = f"{proj.display(json_path)}, {proj.display(html_path)}"
    click.echo(f"{len(result.entries)} scored -> {shown}", err=True)
    if above or failures:
        raise SystemExit(1)
