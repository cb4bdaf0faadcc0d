"""``i18n stats``: translated (of which reviewed) / fuzzy / untranslated counts per locale
and catalog.

A catalog missing for a template counts as fully untranslated, so a document added after
a locale was started lowers that locale's percentage until someone translates it.  An
entry is reviewed when its review mark matches its text (:mod:`.review`).  A locale with
a termbase also gets how many translated entries use its terms and keep the approved
translations (:mod:`.termbase`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import polib

from carted_export.errors import CatalogError
from carted_export.i18n.catalogs import catalog_pairs
from carted_export.i18n.locales import available_locales
from carted_export.i18n.po import load_po
from carted_export.i18n.review import entry_review, is_translated, live_entries
from carted_export.i18n.termbase import TermStats, check_terms, load_termbase, termbase_path


@dataclass(frozen=True, slots=True)
class CatalogStats:
    locale: str
    catalog: str  # "ui" or the document slug
    path: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    reviewed: int = 0  # of the translated entries

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def count_entries(po: polib.POFile) -> tuple[int, int, int, int]:
    """(translated, fuzzy, untranslated, reviewed) over live entries; a blank msgstr is
    untranslated; reviewed entries are also counted as translated."""
    translated = fuzzy = untranslated = reviewed = 0
    for entry in live_entries(po):
        if entry.fuzzy:
            fuzzy += 1
        elif is_translated(entry):
            translated += 1
            reviewed += entry_review(entry) is not None
        else:
            untranslated += 1
    return translated, fuzzy, untranslated, reviewed


def catalog_stats(
    locale: str, pot_path: Path, po_path: Path, po: polib.POFile | None
) -> CatalogStats:
    """The counts of ``po`` (the catalog at ``po_path``; None when there is none yet)."""
    name = pot_path.stem if pot_path.parent.name == "content" else "ui"
    if po is not None:
        counts = count_entries(po)
    else:
        translated, fuzzy, untranslated, _ = count_entries(load_po(pot_path))
        counts = (0, 0, translated + fuzzy + untranslated, 0)
    return CatalogStats(locale, name, str(po_path), *counts)


def collect_stats(
    locales_dir: Path, locales: tuple[str, ...] = ()
) -> tuple[list[CatalogStats], dict[str, TermStats], list[CatalogError]]:
    """Stats for every catalog of the given locales (default: all), termbase use per locale
    that has a termbase, and the broken files (each catalog is read once)."""
    rows: list[CatalogStats] = []
    found: dict[str, TermStats] = {}
    errors: list[CatalogError] = []
    termbase_errors: list[CatalogError] = []
    for locale in locales or available_locales(locales_dir):
        try:
            terms = load_termbase(termbase_path(locale, locales_dir))
        except CatalogError as exc:
            termbase_errors.append(exc)
            terms = ()
        uses = approved = 0
        for pot_path, po_path in catalog_pairs(locale, locales_dir):
            try:
                po = load_po(po_path) if po_path.is_file() else None
                rows.append(catalog_stats(locale, pot_path, po_path, po))
            except CatalogError as exc:
                errors.append(exc)
                continue
            if po is not None and terms:
                _, counted = check_terms(po, str(po_path), [], terms, "")
                uses, approved = uses + counted.uses, approved + counted.approved
        if terms:
            found[locale] = TermStats(len(terms), uses, approved)
    return rows, found, errors + termbase_errors


def locale_totals(rows: list[CatalogStats]) -> dict[str, CatalogStats]:
    """One summed row per locale (``catalog`` = ``"all"``)."""
    totals: dict[str, CatalogStats] = {}
    for row in rows:
        old = totals.get(row.locale, CatalogStats(row.locale, "all", ""))
        totals[row.locale] = CatalogStats(
            row.locale,
            "all",
            "",
            old.translated + row.translated,
            old.fuzzy + row.fuzzy,
            old.untranslated + row.untranslated,
            old.reviewed + row.reviewed,
        )
    return totals


def below_minimum(rows: list[CatalogStats], minimum: float) -> list[str]:
    """Locales whose overall percentage is below ``minimum``."""
    return [loc for loc, total in locale_totals(rows).items() if total.percent < minimum]


def format_table(rows: list[CatalogStats], terms: dict[str, TermStats] | None = None) -> str:
    width = max([len("catalog"), *(len(row.catalog) for row in rows)])
    header = (
        f"{'locale':<8} {'catalog':<{width}} {'done':>5} {'reviewed':>8} {'fuzzy':>5} "
        f"{'todo':>5} {'%':>6}"
    )
    lines = [header, "-" * len(header)]
    totals = locale_totals(rows)
    for locale, total in totals.items():
        for row in (*(r for r in rows if r.locale == locale), total):
            lines.append(
                f"{row.locale:<8} {row.catalog:<{width}} {row.translated:>5} {row.reviewed:>8} "
                f"{row.fuzzy:>5} {row.untranslated:>5} {row.percent:>5.1f}%"
            )
    for locale, found in (terms or {}).items():
        lines.append(
            f"termbase {locale}: {found.terms} terms; {found.uses} translated entries use them, "
            f"{found.approved} ({found.percent:.1f}%) with the approved translations"
        )
    return "\n".join(lines)


def format_json(rows: list[CatalogStats], terms: dict[str, TermStats] | None = None) -> str:
    def record(row: CatalogStats) -> dict[str, object]:
        return {**asdict(row), "total": row.total, "percent": round(row.percent, 1)}

    data = {
        "catalogs": [record(row) for row in rows],
        "locales": {loc: record(total) for loc, total in locale_totals(rows).items()},
        "termbase": {
            loc: {**asdict(found), "percent": round(found.percent, 1)}
            for loc, found in (terms or {}).items()
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
