"""Plain text of a document, split into sentences and words the same way in every language.

The unit is the segment (:func:`carted_export.document.iter_segments`): the renderers show
the same segments, translators translate them, and each one knows its source line.  Only
segments that are running text are scored (titles, headings, table cells, alt text and
credits are fragments, not sentences); segments a translation left in the source language
are skipped, so a half-translated document is scored on what it really says in its language.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

from carted_export import markup
from carted_export.document import Document, Role, Segment, iter_segments

#: Segments that hold sentences.  Headings and table cells are labels, not prose.
PROSE_ROLES = frozenset(
    {Role.SUBTITLE, Role.PARAGRAPH, Role.LIST_ITEM, Role.CAPTION, Role.TABLE_CAPTION}
)

#: The languages with formulas, by the first part of a locale (``zh_Hans`` -> ``zh``).
LANGUAGES = ("en", "es", "fr", "ar", "zh")

# A word: letters or digits (with their combining marks, such as Arabic harakat), joined by
# inner hyphens or apostrophes ("T-cell", "isn't").
_CHAR = r"(?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])"
_WORD = re.compile(rf"{_CHAR}+(?:['’\-]{_CHAR}+)*")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Sentence ends: . ! ? … (Latin), ؟ (Arabic), 。！？ (CJK); a colon or semicolon does not end one.
_LATIN_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'”’»)\]]))\s+")
_CJK_END = re.compile(r"(?<=[。！？；])")
_ARABIC_END = re.compile(r"(?<=[.!؟?…])\s+")
#: Words after which a full stop is not a sentence end.
_ABBREVIATION_LIST = (
    "dr dra drs mr mrs ms prof sr sra jr st vs etc approx fig no núm pág ej e.g i.e "
    "m.d ph.d u.s a.m p.m mme mlle m"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_LIST.split())


def language_of(locale: str) -> str:
    """``zh_Hans`` -> ``zh``, ``es_MX`` -> ``es``: formulas are chosen by language."""
    return locale.replace("-", "_").split("_")[0].lower()


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    words: tuple[str, ...]
    line: int  # the source line of the segment it belongs to
    role: Role
    markdown: str  # the segment's inline Markdown (the catalog msgid)


def prose_segments(document: Document) -> Iterator[Segment]:
    """The segments scored: running text in the document's own language."""
    for segment in iter_segments(document):
        if segment.role in PROSE_ROLES and segment.text and segment.text.lang is None:
            yield segment


def words(text: str, language: str) -> tuple[str, ...]:
    """The words of ``text``; Chinese is segmented into words by jieba (through wordfreq)."""
    if language == "zh":
        return chinese_words(text)
    return tuple(_WORD.findall(text))


def word_spans(text: str, language: str) -> list[tuple[int, int]]:
    """Where each of :func:`words` lies in ``text``, as ``(start, end)`` offsets."""
    if language != "zh":
        return [match.span() for match in _WORD.finditer(text)]
    spans: list[tuple[int, int]] = []
    cursor = 0
    for token in words(text, language):
        start = text.find(token, cursor)
        if start >= 0:
            cursor = start + len(token)
            spans.append((start, cursor))
    return spans


def split_sentences(text: str, language: str) -> list[str]:
    """Sentences of one segment's plain text (a list item without a full stop is one)."""
    if language == "zh":
        parts = _CJK_END.split(text)
    elif language == "ar":
        parts = _ARABIC_END.split(text)
    else:
        parts = _join_abbreviations(_LATIN_END.split(text))
    return [part.strip() for part in parts if part.strip()]


def _join_abbreviations(parts: list[str]) -> list[str]:
    """Undo splits after "Dr.", "M.D.", an initial ("Renier J.") or before a lower-case word."""
    joined: list[str] = []
    for part in parts:
        if joined and _continues(joined[-1], part):
            joined[-1] = f"{joined[-1]} {part}"
        else:
            joined.append(part)
    return joined


def _continues(previous: str, part: str) -> bool:
    last = previous.rstrip("\"'”’»)]").rsplit(None, 1)[-1].rstrip(".").lower()
    single_initial = len(last) == 1 and last.isalpha()
    return last in _ABBREVIATIONS or single_initial or part[:1].islower()


def sentences(document: Document, language: str) -> list[Sentence]:
    """Every sentence of the scored segments, with the source line of its segment."""
    found: list[Sentence] = []
    for segment in prose_segments(document):
        plain = markup.plain(segment.text.markdown)
        for text in split_sentences(plain, language):
            tokens = words(text, language)
            if tokens:
                found.append(
                    Sentence(text, tokens, segment.origin.line, segment.role, segment.text.markdown)
                )
    return found


def is_number(word: str) -> bool:
    return word.replace("-", "").replace("’", "").replace("'", "").isdigit()


def han_characters(text: str) -> list[str]:
    return _HAN.findall(text)


@functools.cache
def quiet_jieba() -> None:
    """jieba logs its dictionary loading at DEBUG level on import: keep builds quiet."""
    import jieba

    jieba.setLogLevel(logging.WARNING)


def chinese_words(text: str) -> tuple[str, ...]:
    import wordfreq

    quiet_jieba()
    tokens: list[str] = wordfreq.tokenize(text, "zh")  # type: ignore[attr-defined]
    return tuple(token for token in tokens if han_characters(token))
