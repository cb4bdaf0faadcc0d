"""Score one document (already translated for its locale) with its language's formulas."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from carted_export.document import Document, iter_segments
from carted_export.markup import plain
from carted_export.readability import cdc, formulas, vocabulary
from carted_export.readability.labels import score_name
from carted_export.readability.model import LONG_SENTENCE_WORDS, Entry, Passage, SentenceNote
from carted_export.readability.passive import passive_sentences
from carted_export.readability.syllables import COUNTERS
from carted_export.readability.text import Sentence, han_characters, language_of, sentences

_AR_MARKS = re.compile(r"[\u064b-\u065f\u0670]")
_FASEEH_LETTERS = set("ئءؤذظ")


@dataclass(frozen=True, slots=True)
class Scored:
    scores: dict[str, float]
    grade: float | None
    basis: str
    labels: dict[str, str]


def counts(found: list[Sentence], language: str) -> formulas.Counts:
    syllable_count = COUNTERS[language]
    total = polysyllables = long_words = complex_words = faseeh = 0
    for sentence in found:
        for word in sentence.words:
            syllables = syllable_count(word)
            total += syllables
            polysyllables += syllables >= 3
            if language == "ar":
                letters = _AR_MARKS.sub("", word)
                long_words += len(letters) >= 5
                complex_words += syllables > 5
                faseeh += syllables > 5 and _faseeh(letters)
    return formulas.Counts(
        words=sum(len(s.words) for s in found),
        sentences=len(found),
        syllables=total,
        polysyllables=polysyllables,
        long_words=long_words,
        complex_words=complex_words,
        faseeh=faseeh,
    )


def _faseeh(word: str) -> bool:
    return bool(_FASEEH_LETTERS & set(word)) or word.endswith(("وا", "ون"))


def _english(c: formulas.Counts) -> Scored:
    fk = formulas.flesch_kincaid_grade(c)
    scores = {
        "flesch_kincaid_grade": fk,
        "flesch_reading_ease": formulas.flesch_reading_ease(c),
        "smog": formulas.smog(c),
    }
    return Scored(scores, fk, score_name("flesch_kincaid_grade"), {})


def _on_flesch_bands(key: str) -> str:
    return f"{score_name(key)} on Flesch's grade bands"


def _spanish(c: formulas.Counts) -> Scored:
    huerta = formulas.fernandez_huerta(c)
    perspicuity = formulas.szigriszt_pazos(c)
    scores = {"fernandez_huerta": huerta, "szigriszt_pazos": perspicuity}
    grade = formulas.grade_from_reading_ease(huerta)
    labels = {"inflesz": formulas.inflesz_band(perspicuity)}
    return Scored(scores, grade, _on_flesch_bands("fernandez_huerta"), labels)


def _french(c: formulas.Counts) -> Scored:
    score = formulas.kandel_moles(c)
    grade = formulas.grade_from_reading_ease(score)
    return Scored({"kandel_moles": score}, grade, _on_flesch_bands("kandel_moles"), {})


def _arabic(c: formulas.Counts) -> Scored:
    score = formulas.osman(c)
    grade = formulas.grade_from_reading_ease(score)
    basis = _on_flesch_bands("osman") + "; approximate: syllables estimated from letters"
    return Scored({"osman": score}, grade, basis, {})


Profile = Callable[[formulas.Counts], Scored]
PROFILES: dict[str, Profile] = {"en": _english, "es": _spanish, "fr": _french, "ar": _arabic}


def _chinese(found: list[Sentence]) -> Scored:
    """A proxy, not a grade: characters per sentence and the share of uncommon characters."""
    text = "".join(s.text for s in found)
    chars = len(han_characters(text))
    scores = {
        "proxy_characters_per_sentence": chars / max(1, len(found)),
        "proxy_uncommon_character_percent": 100 * vocabulary.uncommon_han_share(text),
    }
    return Scored(scores, None, "proxy (no grade formula for Chinese)", {})


def score(found: list[Sentence], language: str) -> Scored:
    if language == "zh":
        return _chinese(found)
    profile = PROFILES.get(language)
    if profile is None or not found:
        return Scored({}, None, f"no formula for {language}" if found else "no text", {})
    return profile(counts(found, language))


def analyse(
    document: Document, *, source: str, slug: str, locale: str, glossary: Iterable[str] = ()
) -> Entry:
    """The readability :class:`Entry` of ``document`` as presented in ``locale``."""
    language = language_of(locale)
    terms = tuple(glossary)
    found = sentences(document, language)
    scored = score(found, language)
    passive = passive_sentences(found) if language == "en" else None
    checks = [
        cdc.main_message_first(document, language),
        cdc.short_lists(document),
        cdc.headings_break_text(document, language),
    ]
    if passive is not None:
        checks.append(cdc.active_voice(len(passive), len(found)))
    return Entry(
        source=source,
        slug=slug,
        title=plain(document.metadata.title.markdown),
        locale=locale,
        language=language,
        grade=scored.grade,
        grade_basis=scored.basis,
        scores=scored.scores,
        labels=scored.labels,
        words=sum(len(s.words) for s in found),
        sentences=len(found),
        long_sentences=tuple(_note(s) for s in found if len(s.words) > LONG_SENTENCE_WORDS),
        hard_words=tuple(vocabulary.hard_words(found, language, terms)),
        abbreviations=tuple(vocabulary.abbreviations(found, terms)),
        passive_voice=None if passive is None else tuple(_note(s) for s in passive),
        cdc=tuple(checks),
        untranslated_segments=sum(s.text.lang is not None for s in iter_segments(document)),
        passages=passages(found),
    )


def passages(found: list[Sentence]) -> tuple[Passage, ...]:
    """The sentences regrouped by the segment they come from (same line, same Markdown)."""
    grouped: list[tuple[Sentence, list[SentenceNote]]] = []
    for sentence in found:
        first = grouped[-1][0] if grouped else None
        if first is None or (first.line, first.markdown) != (sentence.line, sentence.markdown):
            grouped.append((sentence, []))
        grouped[-1][1].append(_note(sentence))
    return tuple(Passage(first.line, tuple(notes)) for first, notes in grouped)


def _note(sentence: Sentence) -> SentenceNote:
    return SentenceNote(sentence.text, len(sentence.words), sentence.line)


def translator_notes(document: Document) -> dict[tuple[str, str], tuple[str, ...]]:
    """``#.`` comments for a content template: each long sentence of a segment, keyed by the
    segment's ``(msgctxt, msgid)``, e.g. '34 words: consider two sentences ("But what...")'."""
    language = language_of(document.metadata.language)
    notes: dict[tuple[str, str], tuple[str, ...]] = {}
    for sentence in sentences(document, language):
        count = len(sentence.words)
        if count > LONG_SENTENCE_WORDS:
            start = " ".join(sentence.text.split()[:4])
            note = f'{count} words: consider two sentences ("{start}...")'
            key = (sentence.role.value, sentence.markdown)
            notes[key] = (*notes.get(key, ()), note)
    return notes
