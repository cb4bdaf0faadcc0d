"""``i18n update``: merge the templates into every locale's catalogs with GNU ``msgmerge``.

``msgmerge --previous --no-wrap`` gives the semantics translators expect: unchanged
entries keep their translation; an edited source segment is matched to its old entry,
keeps the old translation marked ``fuzzy`` and shows the previous ``msgid`` (``#|``);
removed segments become obsolete (``#~``) and are never deleted.  Babel's own merge drops
old obsolete entries, which is why GNU gettext is used here.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from carted_export.config import BUILTIN_LOCALES
from carted_export.errors import CatalogError
from carted_export.i18n.content import content_po_path
from carted_export.i18n.extract import po_from_template
from carted_export.i18n.locales import available_locales
from carted_export.i18n.po import load_po, save_po
from carted_export.i18n.ui import ui_po_path, ui_pot_path

MSGMERGE_ARGS = ("--quiet", "--previous", "--no-wrap", "--backup=none", "--update")


@dataclass(frozen=True, slots=True)
class UpdateResult:
    path: Path
    action: str  # "merged" | "created"


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


def merge_catalog(po_path: Path, pot_path: Path) -> None:
    """Merge one template into one catalog in place (``msgmerge -U``)."""
    load_po(po_path)  # a clear file:line error before msgmerge sees a broken file
    msgmerge = shutil.which("msgmerge")
    if msgmerge is None:
        raise CatalogError(
            "GNU msgmerge not found; install gettext (apt-get install gettext)", str(po_path)
        )
    done = subprocess.run(
        [msgmerge, *MSGMERGE_ARGS, str(po_path), str(pot_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[0] if done.stderr.strip() else "failed"
        raise CatalogError(f"msgmerge: {detail}", str(po_path))


def update_locale(locale: str, locales_dir: Path) -> tuple[list[UpdateResult], list[CatalogError]]:
    """Merge every template into ``locale``; a broken catalog is reported, the rest go on."""
    results: list[UpdateResult] = []
    errors: list[CatalogError] = []
    editing_builtin = is_builtin(locales_dir)
    for pot_path, po_path in catalog_pairs(locale, locales_dir):
        if is_builtin(po_path) and not editing_builtin:
            continue  # shipped with carted-export: updated by its maintainers, not here
        try:
            if po_path.exists():
                merge_catalog(po_path, pot_path)
                results.append(UpdateResult(po_path, "merged"))
            else:
                save_po(po_from_template(load_po(pot_path), locale, None), po_path)
                results.append(UpdateResult(po_path, "created"))
        except CatalogError as exc:
            errors.append(exc)
    return results, errors


def update_catalogs(
    locales_dir: Path, locales: tuple[str, ...] = ()
) -> tuple[list[UpdateResult], list[CatalogError]]:
    """Update the given locales (default: every locale with a catalog folder)."""
    results: list[UpdateResult] = []
    errors: list[CatalogError] = []
    for locale in locales or available_locales(locales_dir):
        done, failed = update_locale(locale, locales_dir)
        results.extend(done)
        errors.extend(failed)
    return results, errors
