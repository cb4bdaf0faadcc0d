"""The translate transform: swap each segment for its translation, or mark the fallback.

A segment with a usable translation (non-empty, not fuzzy) gets the translated inline
Markdown and ``lang=None`` (it is in the document's language).  Anything else keeps the
source text with ``lang`` set to the source language's BCP 47 tag, so renderers can mark
it ``lang="en"`` and screen readers switch voice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from carted_export.document import Document, Origin, Role, Text, TranslationInfo, map_texts
from carted_export.i18n.content import ContentCatalog
from carted_export.i18n.locales import lang_tag, same_language


@dataclass(slots=True)
class _Counter:
    catalog: ContentCatalog | None
    source_tag: str
    total: int = 0
    translated: int = 0

    def __call__(self, role: Role, text: Text) -> Text:
        self.total += 1
        found = self.catalog.lookup(role.value, text.markdown) if self.catalog else None
        if found is None:
            return Text(text.markdown, lang=self.source_tag)
        self.translated += 1
        return Text(found, lang=None)


def translate_document(document: Document, catalog: ContentCatalog | None, locale: str) -> Document:
    """Return ``document`` presented in ``locale``.

    For the source locale the document is returned unchanged except ``language``.
    ``catalog`` may be ``None`` (no catalog yet): every segment then falls back.
    """
    if same_language(locale, document.metadata.language):
        return replace(document, language=locale)
    counter = _Counter(catalog, lang_tag(document.metadata.language))
    translated = map_texts(document, counter)
    fallback = counter.total - counter.translated
    info = TranslationInfo(
        locale=locale,
        translator=catalog.translator if catalog else None,
        reviewer=catalog.reviewer if catalog else None,
        revision_date=catalog.revision_date if catalog else None,
        total_segments=counter.total,
        translated_segments=counter.translated,
        fallback_segments=fallback,
    )
    result = replace(translated, language=locale, translation=info)
    if fallback:
        where = catalog.path if catalog else document.source_path
        result = result.warn(
            Origin(where, 1),
            "translation-partial",
            f"{fallback} of {counter.total} segments have no {locale} translation "
            "and are shown in the source language",
        )
    return result
