"""A document's scored text with its long sentences and hard words marked, as Hemingway's
editor shows them: the report prints each passage after its source line."""

from __future__ import annotations

from dataclasses import dataclass

from carted_export.readability.model import LONG_SENTENCE_WORDS, Entry, SentenceNote
from carted_export.readability.text import word_spans


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    hard: bool  # one of the entry's hard words


@dataclass(frozen=True, slots=True)
class MarkedSentence:
    pieces: tuple[Piece, ...]
    words: int
    long: bool  # over LONG_SENTENCE_WORDS words


@dataclass(frozen=True, slots=True)
class MarkedPassage:
    line: int
    sentences: tuple[MarkedSentence, ...]


def marked_text(entry: Entry) -> tuple[MarkedPassage, ...]:
    """Every passage of ``entry``, its sentences cut into plain and hard-word pieces."""
    hard = frozenset(use.word.casefold() for use in entry.hard_words)
    return tuple(
        MarkedPassage(
            passage.line,
            tuple(_sentence(note, entry.language, hard) for note in passage.sentences),
        )
        for passage in entry.passages
    )


def _sentence(note: SentenceNote, language: str, hard: frozenset[str]) -> MarkedSentence:
    return MarkedSentence(
        pieces(note.text, language, hard), note.words, note.words > LONG_SENTENCE_WORDS
    )


def pieces(text: str, language: str, hard: frozenset[str]) -> tuple[Piece, ...]:
    """``text`` in order, each word in ``hard`` (compared case-folded) a piece of its own."""
    found: list[Piece] = []
    cursor = 0
    for start, end in word_spans(text, language):
        if text[start:end].casefold() not in hard:
            continue
        if start > cursor:
            found.append(Piece(text[cursor:start], hard=False))
        found.append(Piece(text[start:end], hard=True))
        cursor = end
    if cursor < len(text):
        found.append(Piece(text[cursor:], hard=False))
    return tuple(found)
