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
from collections.abc import Callable
from pathlib import Path

from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from carted_export.config import BUILTIN_LOCALES
from carted_export.errors import CatalogError
from carted_export.i18n.po import CatalogText, check_syntax, read_text
from carted_export.i18n.rules import Problem, form_pairs, msgstr_line, pair_errors

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


def _pairs(message: Message) -> list[tuple[str, str]]:
    """(source, translation) of each form of a Babel message."""
    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id, None)
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return form_pairs(str(ids[0]), ids[1] and str(ids[1]), [str(s or "") for s in strings])


def _guard(
    catalog: Catalog, text: str, path: str, locale: str
) -> tuple[frozenset[str], list[Problem]]:
    """Drop the entries that fail a safety rule; the usable msgids and the rejections."""
    lines = text.split("\n")
    translated: set[str] = set()
    rejected: list[Problem] = []
    for message in list(catalog):
        if not message.id or message.fuzzy:
            continue
        pairs = _pairs(message)
        errors = pair_errors(pairs, message.context, locale)
        if errors:
            line = msgstr_line(lines, message.lineno or 1)
            rejected.extend(Problem(path, line, error) for error in errors)
            catalog.delete(message.id, message.context)
        elif all(target for _, target in pairs):
            translated.add(pairs[0][0])
    return frozenset(translated), rejected


def compile_ui_catalog(
    text: str, locale: str, path: str
) -> tuple[Translations, frozenset[str], list[Problem]]:
    """Compile PO text into gettext translations in memory; fuzzy entries and entries that
    fail a safety rule are left out.  Also the usable msgids and the rejections."""
    check_syntax(text, path)
    try:
        catalog = read_po(
            io.StringIO(text), locale=locale.replace("-", "_"), domain=DOMAIN, abort_invalid=True
        )
    except PoFileError as exc:
        raise CatalogError(f"invalid PO file: {exc}", path, exc.lineno) from exc
    except (UnknownLocaleError, ValueError) as exc:
        raise CatalogError(f"cannot read catalog: {exc}", path) from exc
    translated, rejected = _guard(catalog, text, path, locale)
    buffer = io.BytesIO()
    try:
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        compiled = Translations(fp=buffer, domain=DOMAIN)
    except (ValueError, TypeError, KeyError, IndexError, OSError) as exc:
        # e.g. a plural entry in the header: Babel reads it, gettext cannot load the result
        message = f"cannot compile catalog ({exc}); run `msgfmt --check` on it"
        raise CatalogError(message, path) from exc
    return compiled, translated, rejected


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
        lowest = catalogs[-1]
        merged, translated, rejected = compile_ui_catalog(lowest.text, locale, lowest.name)
        for catalog in reversed(catalogs[:-1]):  # later merges override earlier entries
            compiled, usable, problems = compile_ui_catalog(catalog.text, locale, catalog.name)
            merged.merge(compiled)
            translated |= usable
            rejected[:0] = problems  # highest priority first, as the catalogs are given
        _compiled[key] = UiTranslations(merged, translated, tuple(rejected))
    return _compiled[key]


def ui_translations(locale: str, locales_dir: Path) -> UiTranslations:
    """The UI translations a build would use for ``locale`` with these catalogs."""
    return compile_ui(read_ui_catalogs(locale, locales_dir), locale)
