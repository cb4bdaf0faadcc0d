"""``i18n stats``: translated / fuzzy / untranslated counts per locale and catalog.

A catalog missing for a template counts as fully untranslated, so a document added after
a locale was started lowers that locale's percentage until someone translates it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import polib

from carted_export.errors import CatalogError
from carted_export.i18n.locales import available_locales
from carted_export.i18n.po import load_po
from carted_export.i18n.update import catalog_pairs


@dataclass(frozen=True, slots=True)
class CatalogStats:
    locale: str
    catalog: str  # "ui" or the document slug
    path: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def count_entries(po: polib.POFile) -> tuple[int, int, int]:
    """(translated, fuzzy, untranslated) over live entries; a blank msgstr is untranslated."""
    translated = fuzzy = untranslated = 0
    for entry in po:
        if entry.obsolete or entry.msgid == "":
            continue
        strings = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if entry.fuzzy:
            fuzzy += 1
        elif strings and all(text.strip() for text in strings):
            translated += 1
        else:
            untranslated += 1
    return translated, fuzzy, untranslated


def catalog_stats(locale: str, pot_path: Path, po_path: Path) -> CatalogStats:
    name = pot_path.stem if pot_path.parent.name == "content" else "ui"
    if po_path.is_file():
        counts = count_entries(load_po(po_path))
    else:
        translated, fuzzy, untranslated = count_entries(load_po(pot_path))
        counts = (0, 0, translated + fuzzy + untranslated)
    return CatalogStats(locale, name, str(po_path), *counts)


def collect_stats(
    locales_dir: Path, locales: tuple[str, ...] = ()
) -> tuple[list[CatalogStats], list[CatalogError]]:
    """Stats for every catalog of the given locales (default: all); broken files reported."""
    rows: list[CatalogStats] = []
    errors: list[CatalogError] = []
    for locale in locales or available_locales(locales_dir):
        for pot_path, po_path in catalog_pairs(locale, locales_dir):
            try:
                rows.append(catalog_stats(locale, pot_path, po_path))
            except CatalogError as exc:
                errors.append(exc)
    return rows, errors


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
        )
    return totals


def below_minimum(rows: list[CatalogStats], minimum: float) -> list[str]:
    """Locales whose overall percentage is below ``minimum``."""
    return [loc for loc, total in locale_totals(rows).items() if total.percent < minimum]


def format_table(rows: list[CatalogStats]) -> str:
    width = max([len("catalog"), *(len(row.catalog) for row in rows)])
    header = f"{'locale':<8} {'catalog':<{width}} {'done':>5} {'fuzzy':>5} {'todo':>5} {'%':>6}"
    lines = [header, "-" * len(header)]
    totals = locale_totals(rows)
    for locale, total in totals.items():
        for row in (*(r for r in rows if r.locale == locale), total):
            lines.append(
                f"{row.locale:<8} {row.catalog:<{width}} {row.translated:>5} {row.fuzzy:>5} "
                f"{row.untranslated:>5} {row.percent:>5.1f}%"
            )
    return "\n".join(lines)


def format_json(rows: list[CatalogStats]) -> str:
    def record(row: CatalogStats) -> dict[str, object]:
        return {**asdict(row), "total": row.total, "percent": round(row.percent, 1)}

    data = {
        "catalogs": [record(row) for row in rows],
        "locales": {loc: record(total) for loc, total in locale_totals(rows).items()},
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
