"""``i18n check``: catch translations that would change meaning or break rendering.

Each translated (non-fuzzy) entry is checked with the rules a build applies before using
it (:mod:`.rules`), in the catalog's language; and, as warnings, with the locale's
termbase (:mod:`.termbase`).  Duplicate entries and a broken ``Plural-Forms`` header are
refused when the file is read (:mod:`.po`).  Problems print as ``path:line: severity: message``.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import polib

from carted_export.errors import CatalogError
from carted_export.i18n.catalogs import catalog_pairs
from carted_export.i18n.locales import available_locales
from carted_export.i18n.po import header_value, parse_po, read_text
from carted_export.i18n.review import catalog_review
from carted_export.i18n.rules import Problem, check_entry, check_pair
from carted_export.i18n.termbase import Term, check_terms, load_termbase, termbase_path

__all__ = ["Problem", "check_catalogs", "check_file", "check_pair", "check_po"]


class Terms(NamedTuple):
    """A locale's termbase and the name its warnings give it."""

    terms: tuple[Term, ...] = ()
    name: str = ""


NO_TERMS = Terms()


def check_po(
    po: polib.POFile,
    path: str,
    locale: str | None = None,
    text: str = "",
    terms: Terms = NO_TERMS,
) -> list[Problem]:
    lines = text.split("\n")  # as polib numbers lines (U+2028 is not a line break)
    language = str(po.metadata.get("Language", "")).strip()
    problems = [
        problem for entry in po for problem in check_entry(entry, path, lines, language or locale)
    ]
    if locale and language != locale:
        message = f"Language header is {language!r}, expected {locale!r}; fix the header"
        problems.append(Problem(path, 1, message, "warning"))
    if header_value(po, "X-Reviewed-By") and catalog_review(po) is None:
        message = (
            "X-Reviewed-By is set, but a leaflet says it is reviewed only when every entry "
            "carries a review mark: run `carted-export i18n review` after the review"
        )
        problems.append(Problem(path, 1, message, "warning"))
    problems.extend(check_terms(po, path, lines, terms.terms, terms.name)[0])
    return problems


def check_file(path: Path, locale: str | None = None, terms: Terms = NO_TERMS) -> list[Problem]:
    """Every problem in one catalog; a broken file is one error with its line."""
    try:
        text = read_text(path)
        return check_po(parse_po(text, str(path)), str(path), locale, text, terms)
    except CatalogError as exc:
        return [Problem(exc.path or str(path), exc.line or 1, exc.message)]


def check_catalogs(locales_dir: Path, locales: tuple[str, ...] = ()) -> list[Problem]:
    """Check the catalogs of the given locales (default: every locale), with their
    termbases."""
    problems: list[Problem] = []
    for locale in locales or available_locales(locales_dir):
        path = termbase_path(locale, locales_dir)
        try:
            terms = Terms(load_termbase(path), str(path))
        except CatalogError as exc:
            problems.append(Problem(exc.path or str(path), exc.line or 1, exc.message))
            terms = NO_TERMS
        for _pot, po_path in catalog_pairs(locale, locales_dir):
            if po_path.is_file():
                problems.extend(check_file(po_path, locale, terms))
    return problems
