"""``carted-export report``: score every document in every locale, write JSON and HTML.

Documents are read, prepared and translated exactly as a build does
(:func:`~carted_export.pipeline.reading.read_documents`, then the translate pass with the
project's content catalogs), so the report scores the text patients get.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from carted_export.document import Document
from carted_export.errors import CartedError
from carted_export.readability.analysis import analyse
from carted_export.readability.model import Entry, Report
from carted_export.sources.options import DEFAULT_READING, ReadOptions

#: A translation that reads this many grades harder than its source gets a warning.
TRANSLATION_GRADE_SLACK = 1.0

GlossaryTerms = Callable[[str], Iterable[str]]  # locale -> terms the glossary explains


def build_report(
    sources: tuple[Path, ...],
    locales: tuple[str, ...],
    *,
    project_root: Path,
    locales_dir: Path,
    glossary: GlossaryTerms = lambda locale: (),
    max_grade: float | None = None,
    reading: ReadOptions = DEFAULT_READING,
) -> tuple[Report, list[str]]:
    """Score each source in each locale (default: its own language); also the failures."""
    from carted_export.pipeline.reading import read_documents

    documents, failures = read_documents(sources, project_root, reading)
    entries: list[Entry] = []
    for slug, document in documents:
        source = document.source_path  # relative to the project, as the build names it
        scored: list[Entry] = []
        for locale in locales or (document.metadata.language,):
            try:
                translated = _translated(document, slug, locale, locales_dir, project_root)
            except CartedError as error:
                failures.append(error.format_message())
                continue
            terms = glossary(locale)
            scored.append(
                analyse(translated, source=source, slug=slug, locale=locale, glossary=terms)
            )
        entries.extend(compare_with_source(scored, document.metadata.language))
    return Report(tuple(entries), max_grade), failures


def _translated(
    document: Document, slug: str, locale: str, locales_dir: Path, project_root: Path
) -> Document:
    """``document`` in ``locale`` through the project's content catalog, as a build shows it."""
    from carted_export.config import relative_display
    from carted_export.i18n.catalogs import content_po_path
    from carted_export.i18n.content import load_content_catalog
    from carted_export.transforms.translate import translate_document

    path = content_po_path(slug, locale, locales_dir)
    shown = relative_display(path, project_root)
    catalog = load_content_catalog(path, shown) if path.is_file() else None
    return translate_document(document, catalog, locale)


def compare_with_source(entries: list[Entry], source_language: str) -> list[Entry]:
    """Warn on translations that read more than :data:`TRANSLATION_GRADE_SLACK` grades
    harder than the source text.  Only complete translations are compared: a partial one is
    scored on its translated segments alone, which are not the text the source is scored on."""
    source = next((e for e in entries if e.language == source_language), None)
    if source is None or source.grade is None:
        return entries
    compared = []
    for entry in entries:
        if entry is not source and entry.grade is not None and not entry.untranslated_segments:
            harder = entry.grade - source.grade
            if harder > TRANSLATION_GRADE_SLACK:
                warning = (
                    f"the {entry.locale} translation reads {harder:.1f} grades harder than its "
                    f"source ({entry.grade:.1f} against {source.grade:.1f}): simplify it"
                )
                entry = replace(entry, warnings=(*entry.warnings, warning))
        compared.append(entry)
    return compared


def write_report(report: Report, out_dir: Path) -> tuple[Path, Path]:
    """Write ``report.json`` and ``report.html`` into ``out_dir`` (atomically)."""
    from carted_export.files import atomic_write
    from carted_export.readability.report_html import render_report_html

    json_path, html_path = out_dir / "report.json", out_dir / "report.html"
    data = json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
    atomic_write(json_path, data.encode("utf-8"))
    atomic_write(html_path, render_report_html(report).encode("utf-8"))
    return json_path, html_path
