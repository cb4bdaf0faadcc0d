"""English passive voice, found by a heuristic (as Hemingway and the SHeLL editor do).

A sentence is passive when a form of *be* or *get* is followed, with at most two words
between them that are adverbs ("-ly", "not", "also", "often"...), by a past participle: a
word ending in "-ed" that is not a known non-participle ("need", "red"), or an irregular
participle from :data:`IRREGULAR`.  It finds "are cured", "was based", "is then sent",
"have been approved"; it also flags adjectives that look like participles ("is
interested"), and misses passives without *be* ("the cells, grown in a lab, ...").
"""

from __future__ import annotations

from carted_export.readability.text import Sentence


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


AUXILIARIES = _set("am is are was were be been being get gets got gotten getting")
ADVERBS = _set("not never also often then now already usually still just only all")
IRREGULAR = _set(
    """
    made given taken done seen known shown found built sent grown drawn born written held
    led kept left brought thought told paid sold set put cut run begun chosen spoken broken
    driven eaten fallen forgotten hidden stolen worn torn thrown understood felt heard meant
    bound caught fed fought hit hung hurt laid lost met read said shot shut sought spent
    split spread struck taught won withdrawn undergone overcome
    """
)
NOT_PARTICIPLES = _set("need seed feed speed bleed breed indeed red bed shed")


def is_participle(word: str) -> bool:
    lowered = word.lower()
    if lowered in IRREGULAR:
        return True
    if lowered in NOT_PARTICIPLES or len(lowered) < 4:
        return False
    return lowered.endswith("ed")


def is_passive(sentence: Sentence) -> bool:
    words = [word.lower() for word in sentence.words]
    for index, word in enumerate(words):
        if word not in AUXILIARIES:
            continue
        for following in words[index + 1 : index + 4]:
            if is_participle(following):
                return True
            if not (following.endswith("ly") or following in ADVERBS):
                break
    return False


def passive_sentences(sentences: list[Sentence]) -> list[Sentence]:
    return [sentence for sentence in sentences if is_passive(sentence)]
