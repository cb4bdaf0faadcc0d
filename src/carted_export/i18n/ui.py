"""UI strings (template labels, footer, accessibility summary): the ``carted_export`` domain.

Catalogs live in ``locales/<locale>/LC_MESSAGES/carted_export.po`` with the template
``locales/carted_export.pot``.  They are compiled in memory when a build starts; no
``.mo`` file is committed or written.

Two entry points:

- :func:`ui_translations` raises :class:`CatalogError` (``file:line``) for a broken PO;
  ``i18n check`` and tests use it.
- :func:`load_ui_translations` never raises for a broken catalog: it returns English
  (``NullTranslations``) plus a ``catalog-error`` :class:`Diagnostic`, so the pipeline
  can still build that locale and warn.
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from babel.core import UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from carted_export.document import Diagnostic, Origin
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


def ui_translations(locale: str, locales_dir: Path) -> gettext.NullTranslations:
    """The UI translations for ``locale``; English (``NullTranslations``) when no catalog.

    Raises :class:`CatalogError` with ``file:line`` when the catalog is broken.
    """
    path = ui_po_path(locale, locales_dir)
    if not path.is_file():
        return gettext.NullTranslations()
    return compile_ui_catalog(read_text(path), locale, str(path))


def load_ui_translations(
    locale: str, locales_dir: Path, *, source_locales: tuple[str, ...] = ("en",)
) -> tuple[gettext.NullTranslations, tuple[Diagnostic, ...]]:
    """Like :func:`ui_translations` but falls back to English with a diagnostic; never raises
    :class:`CatalogError`.  A missing catalog for a non-source locale is also reported."""
    path = ui_po_path(locale, locales_dir)
    if not path.is_file():
        if locale in source_locales:
            return gettext.NullTranslations(), ()
        origin = Origin(str(path), 1)
        message = f"no UI catalog for {locale}; interface labels are shown in English"
        return gettext.NullTranslations(), (Diagnostic(origin, "translation-partial", message),)
    try:
        return ui_translations(locale, locales_dir), ()
    except CatalogError as exc:
        origin = Origin(exc.path or str(path), exc.line or 1)
        message = f"{exc.message}; interface labels for {locale} are shown in English"
        return gettext.NullTranslations(), (Diagnostic(origin, "catalog-error", message),)
