"""Time units and frequencies, per language, from data files translators can extend.

``i18n/data/units/<language>.toml`` (``en``, ``es``, ``fr``, ``ar``, ``zh``...) lists, under
canonical names shared by every file, the words written after a number (``[time]``:
``week = ["semana", "semanas"]``) and the phrases that say how often (``[frequency]``:
``daily = ["al día", "diariamente"]``).  A translation is refused when it pairs a number
with a time unit the source does not pair it with (``3 weeks`` -> ``3 días``, ``3 to 5
weeks`` -> ``5 a 3 semanas``), or drops a frequency of the source while adding another
(``daily`` -> ``semanalmente``).  What the data does not list (an unlisted form, a
rewording) is never an error: only what a translation says differently.  A language
without a file is not checked.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from carted_export.i18n.numbers import (
    NumberToken,
    normalize,
    number_tokens,
    phrase_pattern,
    phrases_found,
)


@dataclass(frozen=True, slots=True)
class UnitWords:
    time: list[tuple[str, str]]  # (canonical unit, word), as :func:`.numbers.phrases_found`
    frequency: list[tuple[str, str]]


@lru_cache(maxsize=32)
def unit_words(locale: str) -> UnitWords | None:
    """The words of ``locale`` (``zh_Hans`` falls back to ``zh``), or ``None``."""
    folder = resources.files("carted_export.i18n") / "data" / "units"
    for name in (locale, locale.split("_")[0]):
        path = folder / f"{name}.toml"
        if path.is_file():
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            return UnitWords(*(_pairs(data.get(kind, {})) for kind in ("time", "frequency")))
    return None


def _pairs(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(key, str(word)) for key, words in table.items() for word in words]


def _time_pattern(words: UnitWords) -> re.Pattern[str]:
    forms = sorted((word.lower() for _, word in words.time), key=len, reverse=True)
    return re.compile(r"[\s\-]?(" + "|".join(phrase_pattern(form) for form in forms) + ")")


def _durations(text: str, words: UnitWords, english: bool) -> list[tuple[NumberToken, str]]:
    """Each number followed by a time word, with the word's canonical unit."""
    plain = normalize(text)
    lowered = plain.lower()
    canonical = {word.lower(): key for key, word in words.time}
    pattern = _time_pattern(words)
    found: list[tuple[NumberToken, str]] = []
    for token in number_tokens(text, english=english):
        match = pattern.match(lowered, token.end)
        if match:
            found.append((token, canonical[match.group(1)]))
    return found


def time_unit_problem(msgid: str, msgstr: str, locale: str | None) -> str | None:
    """A time unit moved: a number the translation pairs with a unit the source gives it
    another unit (``3 weeks`` -> ``3 días``), or a unit of the source given to another
    number (``3 to 5 weeks`` -> ``5 a 3 semanas``).  A pair the source does not have at all
    is not a change (``2 more years`` -> ``2 años más``, ``2017`` -> ``2017年``)."""
    source, target = unit_words("en"), unit_words(locale) if locale else None
    if source is None or target is None or not source.time or not target.time:
        return None
    ours = _durations(msgid, source, True)
    left = Counter((min(t.readings), unit) for t, unit in ours)
    unmatched: list[tuple[NumberToken, str]] = []
    for token, unit in _durations(msgstr, target, False):
        same = next((v for v in sorted(token.readings) if left[(v, unit)] > 0), None)
        if same is None:
            unmatched.append((token, unit))
        else:
            left[(same, unit)] -= 1
    moved = [
        f"{token.shown} {unit}"
        for token, unit in unmatched
        if any(
            count and (value in token.readings or kept == unit)
            for (value, kept), count in left.items()
        )
    ]
    if not moved:
        return None
    shown = ", ".join(f"{token.shown} {unit}" for token, unit in ours)
    return (
        f"time units differ: {', '.join(moved)} here, {shown} in the source; keep each unit "
        "with its number"
    )


def frequency_problem(msgid: str, msgstr: str, locale: str | None) -> str | None:
    """A frequency of the source replaced by another (``daily`` -> ``weekly``)."""
    source, target = unit_words("en"), unit_words(locale) if locale else None
    if source is None or target is None or not target.frequency:
        return None
    ours = Counter(phrases_found(normalize(msgid), source.frequency))
    theirs = Counter(phrases_found(normalize(msgstr), target.frequency))
    missing, added = ours - theirs, theirs - ours
    if not missing or not added:
        return None
    return (
        f"frequencies differ: missing {', '.join(sorted(missing))}; added "
        f"{', '.join(sorted(added))}; keep how often the source says"
    )
