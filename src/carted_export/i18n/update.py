"""``i18n update``: merge the templates into every locale's catalogs with GNU ``msgmerge``.

``msgmerge --previous --no-wrap`` gives the semantics translators expect: unchanged
entries keep their translation; an edited source segment is matched to its old entry,
keeps the old translation marked ``fuzzy`` and shows the previous ``msgid`` (``#|``);
removed segments become obsolete (``#~``) and are never deleted.  Babel's own merge drops
old obsolete entries, which is why GNU gettext is used here.  ``--compendium FILE`` is
handed to ``msgmerge`` (its exact matches are taken as translated, as ``msgmerge
--compendium`` does; review marks it would copy are dropped).  Then every entry still
untranslated is offered the locale's translation memory (:mod:`.memory`: fuzzy).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import polib

from carted_export.errors import CatalogError, UsageError
from carted_export.i18n.catalogs import (
    catalog_pairs,
    is_builtin,
    po_from_template,
    project_display,
)
from carted_export.i18n.locales import available_locales, normalize_locale
from carted_export.i18n.memory import fill_files
from carted_export.i18n.po import load_po, save_po
from carted_export.i18n.review import entry_review, live_entries, strip_review

MSGMERGE_ARGS = ("--quiet", "--previous", "--no-wrap", "--backup=none", "--update")


@dataclass(frozen=True, slots=True)
class UpdateResult:
    path: Path
    action: str  # "merged" | "created"
    filled: int = 0  # untranslated entries given a fuzzy translation from memory


def merge_catalog(po_path: Path, pot_path: Path, compendia: tuple[Path, ...] = ()) -> None:
    """Merge one template into one catalog in place (``msgmerge -U``), with compendia."""
    before = reviewed_keys(load_po(po_path))  # also a clear file:line error for a broken file
    msgmerge = shutil.which("msgmerge")
    if msgmerge is None:
        raise CatalogError(
            "GNU msgmerge not found; install gettext (apt-get install gettext)", str(po_path)
        )
    extra = [f"--compendium={compendium}" for compendium in compendia]
    done = subprocess.run(
        [msgmerge, *MSGMERGE_ARGS, *extra, str(po_path), str(pot_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[0] if done.stderr.strip() else "failed"
        raise CatalogError(f"msgmerge: {detail}", str(po_path))
    if compendia:
        drop_copied_reviews(po_path, before)


def reviewed_keys(po: polib.POFile) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in live_entries(po) if entry_review(e) is not None}


def drop_copied_reviews(po_path: Path, before: set[tuple[str | None, str]]) -> None:
    """Remove review marks ``msgmerge`` copied from a compendium: a review vouches for the
    entry it was made on, not for the same words in another article."""
    po = load_po(po_path)
    copied = [e for e in live_entries(po) if (e.msgctxt, e.msgid) not in before]
    changed = False
    for entry in copied:
        kept = strip_review(entry.tcomment)
        if kept != (entry.tcomment or ""):
            entry.tcomment, changed = kept, True
    if changed:
        save_po(po, po_path)


def update_locale(
    locale: str,
    locales_dir: Path,
    compendia: tuple[Path, ...] = (),
    display: Callable[[Path], str] | None = None,
) -> tuple[list[UpdateResult], list[CatalogError]]:
    """Merge every template into ``locale``, then fill from memory; a broken catalog is
    reported, the rest go on."""
    results: list[UpdateResult] = []
    errors: list[CatalogError] = []
    editing_builtin = is_builtin(locales_dir)
    pairs = catalog_pairs(locale, locales_dir)
    for pot_path, po_path in pairs:
        if is_builtin(po_path) and not editing_builtin:
            continue  # shipped with carted-export: updated by its maintainers, not here
        try:
            if po_path.exists():
                merge_catalog(po_path, pot_path, compendia)
                results.append(UpdateResult(po_path, "merged"))
            else:
                create_catalog(pot_path, po_path, locale, None, compendia)
                results.append(UpdateResult(po_path, "created"))
        except CatalogError as exc:
            errors.append(exc)
    display = display or project_display(locales_dir)
    filled = fill_files([r.path for r in results], [po for _, po in pairs], display, compendia)
    return [replace(r, filled=filled.get(r.path, 0)) for r in results], errors


def create_catalog(
    pot_path: Path, po_path: Path, locale: str, translator: str | None, compendia: tuple[Path, ...]
) -> None:
    """A new catalog of ``locale`` from its template, with what ``compendia`` translate."""
    save_po(po_from_template(load_po(pot_path), locale, translator), po_path)
    if compendia:
        merge_catalog(po_path, pot_path, compendia)


def update_catalogs(
    locales_dir: Path,
    locales: tuple[str, ...] = (),
    compendia: tuple[Path, ...] = (),
    display: Callable[[Path], str] | None = None,
) -> tuple[list[UpdateResult], list[CatalogError]]:
    """Update the given locales (default: every locale with a catalog folder)."""
    results: list[UpdateResult] = []
    errors: list[CatalogError] = []
    for locale in locales or available_locales(locales_dir):
        done, failed = update_locale(locale, locales_dir, compendia, display)
        results.extend(done)
        errors.extend(failed)
    return results, errors


def init_locale(
    locale: str,
    locales_dir: Path,
    *,
    translator: str | None = None,
    compendia: tuple[Path, ...] = (),
    display: Callable[[Path], str] | None = None,
) -> list[tuple[Path, int]]:
    """Create the PO files of a new locale from every template; existing files are kept.
    Each new file is filled from ``compendia`` (``msgmerge --compendium``) and from the
    locale's translation memory (fuzzy).  Returns (path, entries filled from memory).

    The interface catalog is created only for a language carted-export does not ship
    (or when the project keeps its own interface template).
    """
    normalized = normalize_locale(locale)
    if normalized is None:
        raise UsageError(f"unknown locale {locale!r}; use a CLDR code such as es, ar, zh_Hans")
    created: list[Path] = []
    pairs = catalog_pairs(normalized, locales_dir)
    for pot_path, po_path in pairs:
        if is_builtin(po_path) or po_path.exists():
            continue
        create_catalog(pot_path, po_path, normalized, translator, compendia)
        created.append(po_path)
    display = display or project_display(locales_dir)
    filled = fill_files(created, [po for _, po in pairs], display, compendia)
    return [(path, filled.get(path, 0)) for path in created]
