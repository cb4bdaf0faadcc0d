"""UI strings (template labels, footer, accessibility summary): the ``carted_export`` domain.

Catalogs live in ``locales/<locale>/LC_MESSAGES/carted_export.po`` with the template
``locales/carted_export.pot``.  They are compiled in memory, once per
process and catalog version; no ``.mo`` file is committed or written.

A broken catalog raises :class:`CatalogError` (``file:line``): the build fails that locale
and goes on with the others, rather than show English labels on a page that says it is in
another language.
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from babel.core import UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from carted_export.errors import CatalogError
from carted_export.i18n.po import check_syntax, read_text

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
_compiled: dict[tuple[str, int, int], Translations] = {}


def ui_translations(locale: str, locales_dir: Path) -> gettext.NullTranslations:
    """The UI translations for ``locale``; English (``NullTranslations``) when no catalog.

    Compiled once per process for each version of the file (workers render many documents).
    Raises :class:`CatalogError` with ``file:line`` when the catalog is broken.
    """
    path = ui_po_path(locale, locales_dir)
    try:
        stat = path.stat()
    except OSError:
        return _ENGLISH
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _compiled:
        _compiled[key] = compile_ui_catalog(read_text(path), locale, str(path))
    return _compiled[key]
