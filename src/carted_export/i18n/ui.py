"""UI strings (template labels, footer, accessibility summary): the ``carted_export`` domain.

The built-in catalogs ship inside the package (``carted_export/locales/<locale>/LC_MESSAGES/
carted_export.po``, template ``carted_export/locales/carted_export.pot``).  A project may add
its own ``locales/<locale>/LC_MESSAGES/carted_export.po``: its translations win, and what it
leaves untranslated comes from the built-in catalog.  Catalogs are compiled in memory, once
per process and catalog version; no ``.mo`` file is committed or written.

A broken catalog raises :class:`CatalogError` (``file:line``): the build fails that locale
and goes on with the others, rather than show English labels on a page that says it is in
another language.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from pathlib import Path

from babel.core import UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from carted_export.config import BUILTIN_LOCALES
from carted_export.errors import CatalogError
from carted_export.i18n.po import CatalogText, check_syntax, read_text

DOMAIN = "carted_export"


def ui_pot_path(locales_dir: Path) -> Path:
    return locales_dir / f"{DOMAIN}.pot"


def ui_po_path(locale: str, locales_dir: Path) -> Path:
    return locales_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_ui_catalog(text: str, locale: str, path: str) -> Translations:
    """Compile PO text into gettext translations in memory; fuzzy entries are left out."""
    check_syntax(text, path)
    try:
        catalog = read_po(
            io.StringIO(text), locale=locale.replace("-", "_"), domain=DOMAIN, abort_invalid=True
        )
    except PoFileError as exc:
        raise CatalogError(f"invalid PO file: {exc}", path, exc.lineno) from exc
    except (UnknownLocaleError, ValueError) as exc:
        raise CatalogError(f"cannot read catalog: {exc}", path) from exc
    buffer = io.BytesIO()
    try:
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        return Translations(fp=buffer, domain=DOMAIN)
    except (ValueError, TypeError, KeyError, IndexError, OSError) as exc:
        # e.g. a plural entry in the header: Babel reads it, gettext cannot load the result
        message = f"cannot compile catalog ({exc}); run `msgfmt --check` on it"
        raise CatalogError(message, path) from exc


_ENGLISH = gettext.NullTranslations()
_compiled: dict[tuple[str, tuple[CatalogText, ...]], gettext.NullTranslations] = {}


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


def compile_ui(catalogs: tuple[CatalogText, ...], locale: str) -> gettext.NullTranslations:
    """The UI translations from ``catalogs`` (highest priority first): what the first leaves
    untranslated comes from the next; English (``NullTranslations``) when there is none.

    Compiled once per process for each set of texts (a worker renders many documents).
    Raises :class:`CatalogError` with ``file:line`` when a catalog is broken.
    """
    if not catalogs:
        return _ENGLISH
    key = (locale, catalogs)
    if key not in _compiled:
        lowest = catalogs[-1]
        merged = compile_ui_catalog(lowest.text, locale, lowest.name)
        for catalog in reversed(catalogs[:-1]):  # later merges override earlier entries
            merged.merge(compile_ui_catalog(catalog.text, locale, catalog.name))
        _compiled[key] = merged
    return _compiled[key]


def ui_translations(locale: str, locales_dir: Path) -> gettext.NullTranslations:
    """The UI translations a build would use for ``locale`` with these catalogs."""
    return compile_ui(read_ui_catalogs(locale, locales_dir), locale)
