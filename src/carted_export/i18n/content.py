"""Content catalogs: one PO file per source document and locale.

``locales/content/<slug>.pot`` is the template; ``locales/<locale>/LC_MESSAGES/content/
<slug>.po`` holds a locale's translations.  One entry per segment of
:func:`~carted_export.document.iter_segments`: ``msgctxt`` is the :class:`Role`
(``heading``, ``alt``, ``table-cell``...), ``msgid`` the inline Markdown exactly as the
reader produced it (links included), ``#:`` the ``path:line`` it came from.  Identical
``(msgctxt, msgid)`` pairs become one entry with several references.

Provenance: ``Last-Translator`` and ``PO-Revision-Date`` from the header; the review from
the entries' review marks (:mod:`.review`): a catalog is reviewed only when every entry is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import polib

from carted_export.document import Document, iter_segments
from carted_export.i18n.po import CatalogText, header_value, parse_po, read_text
from carted_export.i18n.review import catalog_review, entry_review
from carted_export.i18n.rules import msgstr_line, rejections

Key = tuple[str, str]  # (msgctxt = role, msgid = inline Markdown)


class Translation(NamedTuple):
    msgstr: str
    fuzzy: bool
    line: int = 1  # of its msgstr in the catalog file
    problems: tuple[str, ...] = ()  # the safety rules it fails (:mod:`.rules`): never used
    reviewed: bool = False  # carries a review mark that matches its text (:mod:`.review`)

    @property
    def unusable(self) -> str | None:
        """Why a build shows the source text instead (``fuzzy``, ``rejected``, ``empty``),
        or ``None`` when this translation is used."""
        if self.fuzzy:
            return "fuzzy"
        if self.problems:
            return "rejected"
        return None if self.msgstr.strip() else "empty"

    def unusable_with(self, require_review: bool) -> str | None:
        """:attr:`unusable`, and ``unreviewed`` for a translation no qualified person has
        reviewed when the build requires review (``--require-review``)."""
        reason = self.unusable
        if reason is None and require_review and not self.reviewed:
            return "unreviewed"
        return reason


@dataclass(frozen=True, slots=True)
class ContentCatalog:
    """A loaded content catalog: ``(msgctxt, msgid) -> (msgstr, fuzzy)`` plus provenance;
    ``reviewer`` and ``reviewed_on`` only when every entry is reviewed."""

    path: str
    entries: Mapping[Key, Translation] = field(default_factory=dict)
    locale: str | None = None
    translator: str | None = None
    reviewer: str | None = None
    revision_date: str | None = None
    reviewed_on: dt.date | None = None


def segment_entries(
    document: Document, notes: Mapping[Key, tuple[str, ...]] = {}
) -> list[polib.POEntry]:
    """One PO entry per distinct ``(role, markdown)`` in reading order, with references;
    ``notes`` adds ``#.`` comments for translators to entries by key."""
    entries: dict[Key, polib.POEntry] = {}
    for segment in iter_segments(document):
        key = (segment.role.value, segment.text.markdown)
        reference = (segment.origin.path, str(segment.origin.line))
        entry = entries.get(key)
        if entry is None:
            entry = polib.POEntry(msgctxt=key[0], msgid=key[1], msgstr="")
            entry.comment = "\n".join((*segment.comments, *notes.get(key, ())))
            entries[key] = entry
        if reference not in entry.occurrences:
            entry.occurrences.append(reference)
    return list(entries.values())


def catalog_from_po(po: polib.POFile, path: str, text: str = "") -> ContentCatalog:
    """The catalog's entries, each checked with the safety rules (``text`` gives the lines
    that rejections name)."""
    lines = text.split("\n")
    locale = header_value(po, "Language")
    entries: dict[Key, Translation] = {}
    for entry in po:
        if entry.obsolete or entry.msgid == "":
            continue
        entries[(entry.msgctxt or "", entry.msgid)] = Translation(
            entry.msgstr,
            entry.fuzzy,
            msgstr_line(lines, int(entry.linenum or 1)),
            rejections(entry, locale),
            entry_review(entry) is not None,
        )
    review = catalog_review(po)
    return ContentCatalog(
        path=path,
        entries=entries,
        locale=locale,
        translator=header_value(po, "Last-Translator"),
        reviewer=review.names if review else None,
        revision_date=header_value(po, "PO-Revision-Date"),
        reviewed_on=review.date if review else None,
    )


def load_content_catalog(path: Path, shown: str | None = None) -> ContentCatalog:
    """Load one content PO file (named ``shown`` in messages); :class:`CatalogError` with
    ``file:line`` when broken."""
    shown = shown or str(path)
    return parse_content_catalog(CatalogText(shown, read_text(path, shown)))


def parse_content_catalog(catalog: CatalogText) -> ContentCatalog:
    """A content catalog from its text, as a build hands it to a job."""
    return catalog_from_po(parse_po(catalog.text, catalog.name), catalog.name, catalog.text)
