"""UI catalogs compile in memory; a broken one is a CatalogError with file:line or a warning."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from carted_export.config import BUILTIN_LOCALES
from carted_export.errors import CatalogError
from carted_export.i18n.locales import available_locales
from carted_export.i18n.po import load_po
from carted_export.i18n.stats import count_entries
from carted_export.i18n.ui import ui_po_path, ui_translations

LOCALES = BUILTIN_LOCALES


def test_spanish_ui_strings() -> None:
    ui = ui_translations("es", LOCALES)
    assert ui.gettext("Source") == "Fuente"
    assert ui.gettext("Page %(page)s of %(pages)s") % {"page": 2, "pages": 5} == "Página 2 de 5"
    assert ui.ngettext("Author", "Authors", 2) == "Autores"


def test_source_locale_needs_no_catalog() -> None:
    ui = ui_translations("en", LOCALES)
    assert ui.gettext("Source") == "Source"


@pytest.mark.parametrize("locale", ["es", "ar", "zh_Hans", "fr"])
def test_shipped_ui_catalogs_are_complete(locale: str) -> None:
    po = load_po(ui_po_path(locale, LOCALES))
    assert po.percent_translated() == 100
    assert count_entries(po)[3] == 0  # drafts: nobody has reviewed them yet
    ui = ui_translations(locale, LOCALES)
    for entry in po:
        if not entry.msgid_plural and not entry.obsolete:
            assert ui.gettext(entry.msgid) == entry.msgstr


def test_broken_catalog_raises_with_line(tmp_path: Path) -> None:
    """A project's own UI catalog overrides the built-in one, and is checked as strictly."""
    path = ui_po_path("es", tmp_path / "locales")
    path.parent.mkdir(parents=True)
    shutil.copy(ui_po_path("es", LOCALES), path)
    lines = path.read_text(encoding="utf-8").splitlines()
    target = next(i for i, line in enumerate(lines) if line.startswith('msgstr "Fuente"'))
    lines[target] = 'msgstr "Fuente'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        ui_translations("es", tmp_path / "locales")
    assert (info.value.path, info.value.line) == (str(path), target + 1)
    # the other locales are untouched: they still come from the built-in catalogs
    assert ui_translations("fr", tmp_path / "locales").gettext("Title") == "Titre"
    assert available_locales(tmp_path / "locales") == ("es",)


def test_project_catalog_overrides_builtin_entries(tmp_path: Path) -> None:
    """A clinic changes one label; every other label still comes from the built-in catalog."""
    path = ui_po_path("es", tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Source"\nmsgstr "Procedencia"\n\nmsgid "Title"\nmsgstr ""\n',
        encoding="utf-8",
    )
    ui = ui_translations("es", tmp_path)
    assert ui.gettext("Source") == "Procedencia"
    assert ui.gettext("Title") == ui_translations("es", LOCALES).gettext("Title") == "Título"


def test_fuzzy_entries_are_not_used(tmp_path: Path) -> None:
    path = tmp_path / "de" / "LC_MESSAGES" / "carted_export.po"
    path.parent.mkdir(parents=True)
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "Source"\nmsgstr "Quelle"\n\nmsgid "Title"\nmsgstr "Titel"\n',
        encoding="utf-8",
    )
    ui = ui_translations("de", tmp_path)
    assert (ui.gettext("Source"), ui.gettext("Title")) == ("Source", "Titel")
