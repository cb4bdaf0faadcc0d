"""Review state: which translations a medical reviewer has checked, entry by entry.

A reviewed entry carries a translator comment (the ``#`` comments that GNU ``msgmerge``,
Poedit and Weblate keep; a ``#, reviewed`` flag does not survive ``msgmerge``)::

    # reviewed: 2025-06-01 Dr. Ana Pérez [3f9c2a1b]

The bracket holds a fingerprint of the entry's context, source and translation when it
was reviewed.  If either text changes afterwards (a source edit that ``msgmerge`` marks
fuzzy, a translator's later correction), the fingerprint no longer matches and the entry
counts as not reviewed: an old review never vouches for new words.  Marks are written by
``carted-export i18n review``.

A catalog is reviewed when every live entry is translated, not fuzzy and reviewed; only
then does an article's footer say "Translation reviewed by ... on ...".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polib

from carted_export.errors import CatalogError, UsageError
from carted_export.i18n.catalogs import catalog_pairs, is_builtin
from carted_export.i18n.po import header_value, load_po, save_po
from carted_export.i18n.rules import entry_pairs, rejections

_MARK = re.compile(r"^reviewed: (\d{4}-\d{2}-\d{2}) (.+) \[([0-9a-f]{8})\]$")


@dataclass(frozen=True, slots=True)
class Review:
    """Who reviewed (most entries first) and when (the latest review)."""

    reviewers: tuple[str, ...]
    date: dt.date

    @property
    def names(self) -> str:
        return ", ".join(self.reviewers)


def fingerprint(entry: polib.POEntry) -> str:
    """8 hex digits of the entry's context, source and every translated form."""
    parts = [entry.msgctxt or "", entry.msgid, entry.msgid_plural or ""]
    parts += [target for _, target in entry_pairs(entry)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:8]


def is_translated(entry: polib.POEntry) -> bool:
    return not entry.fuzzy and all(target.strip() for _, target in entry_pairs(entry))


def entry_review(entry: polib.POEntry) -> tuple[str, dt.date] | None:
    """(reviewer, date) of a translated entry whose review mark matches its text."""
    if entry.obsolete or not is_translated(entry):
        return None
    for line in (entry.tcomment or "").splitlines():
        found = _MARK.match(line.strip())
        if found and found.group(3) == fingerprint(entry):
            try:
                return found.group(2), dt.date.fromisoformat(found.group(1))
            except ValueError:
                return None
    return None


def mark_reviewed(entry: polib.POEntry, reviewer: str, date: dt.date) -> None:
    """Record a review of the entry as it is now, replacing any earlier mark."""
    mark = f"reviewed: {date.isoformat()} {' '.join(reviewer.split())} [{fingerprint(entry)}]"
    entry.tcomment = "\n".join(filter(None, [strip_review(entry.tcomment), mark]))


def _is_mark(line: str) -> bool:
    return line.strip().startswith("reviewed: ")


def strip_review(comment: str | None) -> str:
    """A translator comment without review marks (a copied text was not reviewed here)."""
    return "\n".join(line for line in (comment or "").splitlines() if not _is_mark(line))


def live_entries(po: Iterable[polib.POEntry]) -> list[polib.POEntry]:
    return [entry for entry in po if not entry.obsolete and entry.msgid != ""]


def catalog_review(po: Iterable[polib.POEntry]) -> Review | None:
    """The review of a whole catalog, or ``None`` while any live entry is not reviewed."""
    reviews = [entry_review(entry) for entry in live_entries(po)]
    if not reviews or any(review is None for review in reviews):
        return None
    found = [review for review in reviews if review is not None]
    names = Counter(name for name, _ in found)
    return Review(tuple(name for name, _ in names.most_common()), max(d for _, d in found))


@dataclass(frozen=True, slots=True)
class ReviewResult:
    path: Path
    marked: int  # entries now carrying this review
    skipped: int  # live entries that cannot be reviewed yet (untranslated, fuzzy, failing)


def review_file(path: Path, reviewer: str, date: dt.date) -> ReviewResult:
    """Mark every translated, non-fuzzy entry that passes the safety rules as reviewed by
    ``reviewer`` on ``date``; the others are left as they are (and counted)."""
    po = load_po(path)
    locale = header_value(po, "Language")  # the rules a build applies to this locale
    marked = skipped = 0
    for entry in live_entries(po):
        if not is_translated(entry) or rejections(entry, locale):
            skipped += 1
            continue
        mark_reviewed(entry, reviewer, date)
        marked += 1
    if marked:
        save_po(po, path)
    return ReviewResult(path, marked, skipped)


def review_locale(
    locale: str, locales_dir: Path, reviewer: str, date: dt.date, only: tuple[str, ...] = ()
) -> tuple[list[ReviewResult], list[CatalogError]]:
    """Review the catalogs of ``locale`` (``only``: these document slugs, ``ui`` for the
    interface labels).  Built-in catalogs are left to carted-export's maintainers."""
    editing_builtin = is_builtin(locales_dir)
    pairs = {
        (pot.stem if pot.parent.name == "content" else "ui"): po
        for pot, po in catalog_pairs(locale, locales_dir)
        if po.is_file() and (editing_builtin or not is_builtin(po))
    }
    unknown = sorted(set(only) - set(pairs))
    if unknown:
        choices = ", ".join(sorted(pairs)) or "none"
        raise UsageError(f"no {locale} catalog named {', '.join(unknown)}; choose from: {choices}")
    results: list[ReviewResult] = []
    errors: list[CatalogError] = []
    for name, po in pairs.items():
        if only and name not in only:
            continue
        try:
            results.append(review_file(po, reviewer, date))
        except CatalogError as error:
            errors.append(error)
    return results, errors
