"""Translation memory: what a locale's catalogs already translate, offered where the same
text comes back.

NCI pages share a great deal of text.  After ``i18n update`` and ``i18n init``, an
untranslated entry whose ``msgid`` some other entry of the same locale translates (exact
text, any ``msgctxt``, any catalog of the locale or an imported compendium) gets that
translation, marked ``fuzzy`` (never used by a build until a translator confirms it) with
a translator comment naming where it came from.  Only safe translations are offered: not
fuzzy, passing every rule of :mod:`.rules`; reviewed ones first, then live ones, then
obsolete ones.  Review marks are never copied: a review vouches for one entry only.

``i18n memory`` exports the memory as a compendium (a PO file Poedit, Weblate and
``msgmerge --compendium`` read).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from carted_export.errors import CatalogError
from carted_export.i18n.po import (
    CatalogText,
    header_value,
    load_po,
    new_po,
    parse_po,
    read_text,
    save_po,
)
from carted_export.i18n.review import entry_review, is_translated, live_entries, strip_review
from carted_export.i18n.rules import entry_pairs, msgstr_line, pair_errors

#: The translator comment on a filled entry starts with this.
MEMORY_NOTE = "translation memory:"


@dataclass(frozen=True, slots=True)
class Suggestion:
    msgctxt: str | None
    msgid: str
    msgstr: str
    origin: str  # "locales/es/LC_MESSAGES/content/other.po:57"
    rank: int  # 0 reviewed, 1 translated, 2 obsolete: lower is better


@dataclass(slots=True)
class Memory:
    """The best translation of each msgid, and of each (msgctxt, msgid)."""

    by_msgid: dict[str, Suggestion] = field(default_factory=dict)
    by_key: dict[tuple[str | None, str], Suggestion] = field(default_factory=dict)

    def add(self, suggestion: Suggestion) -> None:
        """Keep ``suggestion`` where it beats what is known (the first of equal rank wins)."""
        known = self.by_msgid.get(suggestion.msgid)
        if known is None or suggestion.rank < known.rank:
            self.by_msgid[suggestion.msgid] = suggestion
        key = (suggestion.msgctxt, suggestion.msgid)
        known = self.by_key.get(key)
        if known is None or suggestion.rank < known.rank:
            self.by_key[key] = suggestion

    def add_catalog(self, catalog: CatalogText) -> None:
        """Every safe translation of one catalog (a parse error propagates)."""
        po = parse_po(catalog.text, catalog.name)
        lines = catalog.text.split("\n")
        locale = header_value(po, "Language")
        for entry in po:
            suggestion = _suggestion(entry, catalog.name, lines, locale)
            if suggestion is not None:
                self.add(suggestion)


def _suggestion(
    entry: polib.POEntry, name: str, lines: list[str], locale: str | None
) -> Suggestion | None:
    if entry.msgid == "" or entry.msgid_plural or not is_translated(entry):
        return None
    if pair_errors(entry_pairs(entry), entry.msgctxt, locale):  # as a build checks it
        return None
    rank = 2 if entry.obsolete else 0 if entry_review(entry) else 1
    line = msgstr_line(lines, int(entry.linenum or 1))
    return Suggestion(entry.msgctxt, entry.msgid, entry.msgstr, f"{name}:{line}", rank)


def collect_memory(
    paths: Iterable[Path], display: Callable[[Path], str], compendia: Iterable[Path] = ()
) -> Memory:
    """The memory of these catalogs and compendia (unreadable files are skipped: the
    commands that read them report them)."""
    memory = Memory()
    for path in [*paths, *compendia]:
        if not path.is_file():
            continue
        try:
            memory.add_catalog(CatalogText(display(path), read_text(path, display(path))))
        except CatalogError:
            continue  # reported by the command that merges or checks it
    return memory


def fill_from_memory(po: polib.POFile, memory: Memory) -> int:
    """Fill untranslated singular entries from ``memory``: fuzzy, with a comment naming
    the source.  Returns how many were filled."""
    filled = 0
    for entry in live_entries(po):
        if entry.msgid_plural or entry.fuzzy or entry.msgstr:
            continue
        found = memory.by_msgid.get(entry.msgid)
        if found is None:
            continue
        entry.msgstr = found.msgstr
        entry.flags.append("fuzzy")
        note = f"{MEMORY_NOTE} {found.origin}"
        entry.tcomment = "\n".join(filter(None, [strip_review(entry.tcomment), note]))
        filled += 1
    return filled


def fill_files(
    targets: Iterable[Path],
    sources: Iterable[Path],
    display: Callable[[Path], str],
    compendia: Iterable[Path] = (),
) -> dict[Path, int]:
    """Fill each catalog in ``targets`` from the memory of ``sources`` and ``compendia``;
    how many entries each got (files are rewritten only when something was filled)."""
    targets = list(targets)
    if not targets:
        return {}
    memory = collect_memory(sources, display, compendia)
    filled: dict[Path, int] = {}
    for path in targets:
        try:
            po = load_po(path)
        except CatalogError:
            continue  # already reported by the merge
        count = fill_from_memory(po, memory)
        if count:
            save_po(po, path)
            filled[path] = count
    return filled


def compendium(memory: Memory, locale: str) -> polib.POFile:
    """One entry per (msgctxt, msgid), its best safe translation, no review marks."""
    po = new_po(
        {
            "Project-Id-Version": f"carted-export translation memory ({locale})",
            "Language": locale,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
        }
    )
    for (msgctxt, msgid), found in sorted(
        memory.by_key.items(), key=lambda item: (item[0][1], item[0][0] or "")
    ):
        entry = polib.POEntry(msgctxt=msgctxt, msgid=msgid, msgstr=found.msgstr)
        entry.tcomment = f"{MEMORY_NOTE} {found.origin}"
        po.append(entry)
    return po
