"""The translate transform: swap each segment for its translation, or mark the fallback.

A segment with a usable translation (non-empty, not fuzzy, passing every safety rule of
:mod:`.rules`) gets the translated inline Markdown and ``lang=None`` (it is in the
document's language).  Anything else keeps the source text with ``lang`` set to the source
language's BCP 47 tag, so renderers can mark it ``lang="en"`` and screen readers switch
voice, and the notice counts it.  Warnings name the catalog line: one per rejected entry
and rule (``translation-rejected``), one summing up the rest (``translation-partial``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from carted_export.document import Document, Origin, Role, Text, TranslationInfo, map_texts
from carted_export.i18n.content import ContentCatalog, Key, Translation
from carted_export.i18n.locales import lang_tag, same_language
from carted_export.i18n.rules import Problem

#: How many catalog lines a ``translation-partial`` warning lists per kind.
_LINES_SHOWN = 5


@dataclass(slots=True)
class _Counter:
    catalog: ContentCatalog | None
    source_tag: str
    require_review: bool = False
    total: int = 0
    translated: int = 0
    #: Why each fallback happened: entries by kind ("rejected", "empty", "fuzzy"), or
    #: ``missing`` for segments the catalog has no entry for.
    fallbacks: dict[str, dict[Key, Translation]] = field(default_factory=dict)
    missing: int = 0
    rejected: int = 0  # segments (an entry may be used twice)
    unreviewed: int = 0  # segments held back for want of a review

    def __call__(self, role: Role, text: Text) -> Text:
        self.total += 1
        key = (role.value, text.markdown)
        found = self.catalog.entries.get(key) if self.catalog else None
        if found is None:
            self.missing += 1
        elif (reason := found.unusable_with(self.require_review)) is None:
            self.translated += 1
            return Text(found.msgstr, lang=None)
        else:
            self.fallbacks.setdefault(reason, {})[key] = found
            self.rejected += reason == "rejected"
            self.unreviewed += reason == "unreviewed"
        return Text(text.markdown, lang=self.source_tag)


def translate_document(
    document: Document,
    catalog: ContentCatalog | None,
    locale: str,
    require_review: bool = False,
) -> Document:
    """Return ``document`` presented in ``locale``.

    For the source locale the document is returned unchanged except ``language``.
    ``catalog`` may be ``None`` (no catalog yet): every segment then falls back.  With
    ``require_review`` a translation without a matching review mark falls back too, and
    the document counts it as a draft (``translation-unreviewed``).
    """
    if same_language(locale, document.metadata.language):
        return replace(document, language=locale)
    counter = _Counter(catalog, lang_tag(document.metadata.language), require_review)
    translated = map_texts(document, counter)
    fallback = counter.total - counter.translated
    reviewed = catalog is not None and catalog.reviewer is not None and not fallback
    info = TranslationInfo(
        locale=locale,
        translator=catalog.translator if catalog else None,
        reviewer=catalog.reviewer if catalog and reviewed else None,
        reviewed_on=catalog.reviewed_on if catalog and reviewed else None,
        revision_date=catalog.revision_date if catalog else None,
        total_segments=counter.total,
        translated_segments=counter.translated,
        fallback_segments=fallback,
        draft_segments=counter.unreviewed,
        review_required=require_review,
    )
    result = replace(translated, language=locale, translation=info)
    return _warn(result, counter, catalog.path if catalog else document.source_path)


def _warn(document: Document, counter: _Counter, path: str) -> Document:
    """One warning per rule a used entry fails, one summing up the other fallbacks."""
    for found in counter.fallbacks.get("rejected", {}).values():
        for problem in found.problems:
            message = f"{problem}; translation not used, the source text is shown instead"
            document = document.warn(Origin(path, found.line), "translation-rejected", message)
    drafts = sorted(entry.line for entry in counter.fallbacks.get("unreviewed", {}).values())
    if drafts:
        shown = ", ".join(map(str, drafts[:_LINES_SHOWN]))
        more = f" and {len(drafts) - _LINES_SHOWN} more" if len(drafts) > _LINES_SHOWN else ""
        message = (
            f"{counter.unreviewed} of {counter.total} segments are translated but not reviewed "
            f"(lines {shown}{more}) and are shown in the source language, as "
            "--require-review asks; review them with `carted-export i18n review`"
        )
        document = document.warn(Origin(path, drafts[0]), "translation-unreviewed", message)
    unused = counter.total - counter.translated - counter.rejected - counter.unreviewed
    if unused:
        line, reasons = _reasons(counter)
        message = (
            f"{unused} of {counter.total} segments have no usable {document.language} "
            f"translation and are shown in the source language ({reasons})"
        )
        document = document.warn(Origin(path, line), "translation-partial", message)
    return document


def _reasons(counter: _Counter) -> tuple[int, str]:
    """The first catalog line of a fallback, and why segments fell back, with lines."""
    parts: list[str] = []
    lines: list[int] = []
    for kind, label in (("empty", "empty msgstr"), ("fuzzy", "fuzzy")):
        found = sorted(entry.line for entry in counter.fallbacks.get(kind, {}).values())
        if found:
            shown = ", ".join(map(str, found[:_LINES_SHOWN]))
            more = f" and {len(found) - _LINES_SHOWN} more" if len(found) > _LINES_SHOWN else ""
            word = "line" if len(found) == 1 else "lines"
            parts.append(f"{label} at {word} {shown}{more}")
            lines.extend(found)
    if counter.missing:
        where = "the catalog" if counter.catalog else "any catalog"
        parts.append(
            f"{counter.missing} not in {where}: run `carted-export i18n extract` and `i18n update`"
        )
    return (min(lines) if lines else 1), "; ".join(parts)


def reject_labels(document: Document, rejected: tuple[Problem, ...]) -> Document:
    """Warn about interface labels left out for failing a rule (see :mod:`.ui`): each is
    taken from the next catalog (the built-in one) or shown in English.  They are counted,
    so the page's notice says that parts may be in the source language."""
    for problem in rejected:
        message = f"{problem.message}; translation not used (built-in or English label instead)"
        document = document.warn(
            Origin(problem.path, problem.line), "translation-rejected", message
        )
    labels = len({(problem.path, problem.line) for problem in rejected})
    if document.translation is None or not labels:
        return document
    return replace(document, translation=replace(document.translation, fallback_labels=labels))
