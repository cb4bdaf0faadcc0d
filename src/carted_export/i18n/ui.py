"""UI strings (template labels, footer, accessibility summary): the ``carted_export`` domain.

The built-in catalogs ship inside the package (``carted_export/locales/<locale>/LC_MESSAGES/
carted_export.po``, template ``carted_export/locales/carted_export.pot``).  A project may add
its own ``locales/<locale>/LC_MESSAGES/carted_export.po``: its translations win, and what it
leaves untranslated comes from the built-in catalog.  Catalogs are compiled in memory, once
per process and catalog version; no ``.mo`` file is committed or written.

A broken catalog raises :class:`CatalogError` (``file:line``): the build fails that locale
and goes on with the others, rather than show English labels on a page that says it is in
another language.  An entry that fails a safety rule of :mod:`.rules` (a misspelled
``%(pages)s``, a changed number) is left out, as if untranslated, and reported: the label
comes from the next catalog or stays English, never broken.  :class:`UiTranslations`
knows which labels have a usable translation, so templates can mark the others
``lang="en"``.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable, Iterable
from pathlib import Path

import polib

from carted_export.config import BUILTIN_LOCALES
from carted_export.errors import CatalogError
from carted_export.i18n.po import (
    CatalogText,
    header_value,
    new_po,
    parse_po,
    plural_forms,
    read_text,
)
from carted_export.i18n.rules import Problem, entry_pairs, msgstr_line, pair_errors

DOMAIN = "carted_export"


def ui_pot_path(locales_dir: Path) -> Path:
    return locales_dir / f"{DOMAIN}.pot"


def ui_po_path(locale: str, locales_dir: Path) -> Path:
    return locales_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


class UiTranslations(gettext.NullTranslations):
    """Compiled UI strings that know which labels have a usable translation.

    ``translated`` holds the msgids (singular) that are translated, not fuzzy and pass
    every rule; ``rejected`` the entries left out because they failed one.
    """

    def __init__(
        self,
        translations: gettext.NullTranslations,
        translated: frozenset[str] = frozenset(),
        rejected: tuple[Problem, ...] = (),
    ) -> None:
        super().__init__()
        self.add_fallback(translations)
        self.translated = translated
        self.rejected = rejected


def _guard(
    po: polib.POFile, text: str, path: str, locale: str
) -> tuple[list[polib.POEntry], frozenset[str], list[Problem]]:
    """The entries gettext gets (translated, not fuzzy, passing every safety rule), their
    msgids and the rejections."""
    lines = text.split("\n")
    usable: list[polib.POEntry] = []
    rejected: list[Problem] = []
    for entry in po.translated_entries():
        errors = pair_errors(entry_pairs(entry), entry.msgctxt, locale)
        if errors:
            line = msgstr_line(lines, int(entry.linenum or 1))
            rejected.extend(Problem(path, line, error) for error in errors)
        else:
            usable.append(entry)
    return usable, frozenset(entry.msgid for entry in usable), rejected


def _compile(
    po: polib.POFile, entries: Iterable[polib.POEntry], path: str
) -> gettext.GNUTranslations:
    """``entries`` compiled in memory under ``po``'s header, as ``msgfmt`` would."""
    # the text was read as UTF-8 whatever the header says
    compiled = new_po({**po.metadata, "Content-Type": "text/plain; charset=UTF-8"})
    compiled.extend(entries)
    try:
        return gettext.GNUTranslations(io.BytesIO(compiled.to_binary()))
    except (ValueError, TypeError, KeyError, IndexError, OSError, SyntaxError) as exc:
        message = f"cannot compile catalog ({exc}); run `msgfmt --check` on it"
        raise CatalogError(message, path) from exc


def _read(
    catalog: CatalogText, locale: str
) -> tuple[polib.POFile, list[polib.POEntry], frozenset[str], list[Problem]]:
    po = parse_po(catalog.text, catalog.name)
    if header_value(po, "Plural-Forms") is None:  # gettext would assume English plurals
        po.metadata["Plural-Forms"] = plural_forms(locale.replace("-", "_"))[1]
    return (po, *_guard(po, catalog.text, catalog.name, locale))


def compile_ui_catalog(
    text: str, locale: str, path: str
) -> tuple[gettext.GNUTranslations, frozenset[str], list[Problem]]:
    """Compile PO text into gettext translations in memory; fuzzy entries and entries that
    fail a safety rule are left out.  Also the usable msgids and the rejections."""
    po, usable, translated, rejected = _read(CatalogText(path, text), locale)
    return _compile(po, usable, path), translated, rejected


_ENGLISH = UiTranslations(gettext.NullTranslations())
_compiled: dict[tuple[str, tuple[CatalogText, ...]], UiTranslations] = {}


def ui_catalog_paths(locale: str, locales_dir: Path) -> list[Path]:
    """The UI catalogs of ``locale`` that exist, the project's first, then the built-in."""
    paths = [ui_po_path(locale, locales_dir), ui_po_path(locale, BUILTIN_LOCALES)]
    found: list[Path] = []
    for path in paths:
        if path.is_file() and all(not path.samefile(other) for other in found):
            found.append(path)
    return found


def read_ui_catalogs(
    locale: str, locales_dir: Path, display: Callable[[Path], str] = str
) -> tuple[CatalogText, ...]:
    """The texts of ``locale``'s UI catalogs, highest priority first, named by ``display``."""
    return tuple(
        CatalogText(display(path), read_text(path, display(path)))
        for path in ui_catalog_paths(locale, locales_dir)
    )


def compile_ui(catalogs: tuple[CatalogText, ...], locale: str) -> UiTranslations:
    """The UI translations from ``catalogs`` (highest priority first): what the first leaves
    untranslated (or fails a rule in) comes from the next; English when there is none.

    Compiled once per process for each set of texts (a worker renders many documents).
    Raises :class:`CatalogError` with ``file:line`` when a catalog is broken.
    """
    if not catalogs:
        return _ENGLISH
    key = (locale, catalogs)
    if key not in _compiled:
        # Each catalog's usable entries override the next one's; the plural rule is the
        # lowest's (the built-in catalog's, usually).
        readings = [_read(catalog, locale) for catalog in catalogs]
        entries = {
            (entry.msgctxt, entry.msgid): entry
            for _, usable, _, _ in reversed(readings)
            for entry in usable
        }
        compiled = _compile(readings[-1][0], entries.values(), catalogs[-1].name)
        translated = frozenset().union(*(msgids for _, _, msgids, _ in readings))
        rejected = tuple(problem for *_, problems in readings for problem in problems)
        _compiled[key] = UiTranslations(compiled, translated, rejected)
    return _compiled[key]


def ui_translations(locale: str, locales_dir: Path) -> UiTranslations:
    """The UI translations a build would use for ``locale`` with these catalogs."""
    return compile_ui(read_ui_catalogs(locale, locales_dir), locale)
