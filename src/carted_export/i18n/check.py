"""``i18n check``: catch translations that would change meaning or break rendering.

Each translated (non-fuzzy) entry is checked with the rules a build applies before using
it (:mod:`.rules`): format placeholders, link targets, balanced inline Markdown, numbers
and doses, a blank translation, surrounding whitespace.  Problems print as
``path:line: severity: message``.
"""

from __future__ import annotations

from pathlib import Path

import polib

from carted_export.errors import CatalogError
from carted_export.i18n.locales import available_locales
from carted_export.i18n.po import parse_po, read_text
from carted_export.i18n.rules import Problem, check_entry, check_pair
from carted_export.i18n.update import catalog_pairs

__all__ = ["Problem", "check_catalogs", "check_file", "check_pair", "check_po"]


def check_po(
    po: polib.POFile, path: str, locale: str | None = None, text: str = ""
) -> list[Problem]:
    lines = text.split("\n")  # as polib numbers lines (U+2028 is not a line break)
    problems = [problem for entry in po for problem in check_entry(entry, path, lines)]
    language = str(po.metadata.get("Language", "")).strip()
    if locale and language != locale:
        message = f"Language header is {language!r}, expected {locale!r}; fix the header"
        problems.append(Problem(path, 1, message, "warning"))
    return problems


def check_file(path: Path, locale: str | None = None) -> list[Problem]:
    """Every problem in one catalog; a broken file is one error with its line."""
    try:
        text = read_text(path)
        return check_po(parse_po(text, str(path)), str(path), locale, text)
    except CatalogError as exc:
        return [Problem(exc.path or str(path), exc.line or 1, exc.message)]


def check_catalogs(locales_dir: Path, locales: tuple[str, ...] = ()) -> list[Problem]:
    """Check the catalogs of the given locales (default: every locale)."""
    problems: list[Problem] = []
    for locale in locales or available_locales(locales_dir):
        for _pot, po_path in catalog_pairs(locale, locales_dir):
            if po_path.is_file():
                problems.extend(check_file(po_path, locale))
    return problems
