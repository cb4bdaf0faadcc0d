"""Where a project's catalogs live, and a new catalog made from its template.

``locales/<domain>.pot`` and ``locales/<locale>/LC_MESSAGES/<domain>.po`` hold the interface
strings (a project's own files over the ones shipped in the package);
``locales/content/<slug>.pot`` and ``locales/<locale>/LC_MESSAGES/content/<slug>.po`` one
document's.  Every ``i18n`` command finds catalogs here, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polib

from carted_export.config import BUILTIN_LOCALES, relative_display
from carted_export.i18n.po import new_po, plural_forms
from carted_export.i18n.ui import ui_po_path, ui_pot_path

#: ``Last-Translator`` of a new catalog until a translator puts their name there.
TRANSLATOR_PLACEHOLDER = "FULL NAME <EMAIL@ADDRESS>"


def content_pot_path(slug: str, locales_dir: Path) -> Path:
    return locales_dir / "content" / f"{slug}.pot"


def content_po_path(slug: str, locale: str, locales_dir: Path) -> Path:
    return locales_dir / locale / "LC_MESSAGES" / "content" / f"{slug}.po"


def ui_pair(locale: str, locales_dir: Path) -> tuple[Path, Path]:
    """The UI (template, catalog) a project uses for ``locale``: its own files where it has
    them, else the built-in ones shipped in the package."""
    pot = ui_pot_path(locales_dir)
    po = ui_po_path(locale, locales_dir)
    if not pot.is_file():
        pot = ui_pot_path(BUILTIN_LOCALES)
    if not po.is_file() and ui_po_path(locale, BUILTIN_LOCALES).is_file():
        po = ui_po_path(locale, BUILTIN_LOCALES)
    return pot, po


def is_builtin(path: Path) -> bool:
    return path.resolve().is_relative_to(BUILTIN_LOCALES)


def catalog_pairs(locale: str, locales_dir: Path) -> list[tuple[Path, Path]]:
    """(template, catalog) pairs of a locale: the UI catalog, then each document's."""
    pairs = [ui_pair(locale, locales_dir)]
    for pot in sorted((locales_dir / "content").glob("*.pot")):
        pairs.append((pot, content_po_path(pot.stem, locale, locales_dir)))
    return [(pot, po) for pot, po in pairs if pot.is_file()]


def project_display(locales_dir: Path) -> Callable[[Path], str]:
    """Names relative to the folder that holds ``locales_dir`` (the project, usually)."""
    root = locales_dir.absolute().parent
    return lambda path: relative_display(path, root)


def po_from_template(pot: polib.POFile, locale: str, translator: str | None) -> polib.POFile:
    """A new, empty catalog of ``locale`` from a template: its header and plural forms."""
    po = new_po(dict(pot.metadata))
    po.metadata.update(
        {
            "Language": locale,
            "Last-Translator": translator or TRANSLATOR_PLACEHOLDER,
            "PO-Revision-Date": "",
        }
    )
    count, po.metadata["Plural-Forms"] = plural_forms(locale)
    for entry in pot:
        if entry.msgid_plural:
            entry.msgstr_plural = dict.fromkeys(range(count), "")
        po.append(entry)
    return po
