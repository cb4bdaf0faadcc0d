"""How the speech synthesizer should say what it reads wrong: one lexicon per language.

``i18n/data/lexicon/<language>.toml`` (``en``, ``es``, ``fr``, ``ar``, ``zh``) holds, as data
translators edit: the word said between the numbers of a range (``[numbers] range``: ``3–5
días`` -> ``3 a 5 días``), units said as words after a number (``[units] mg = ["miligramo",
"miligramos"]``, singular after 1) and terms said another way (``[words] "CAR T" = "car
te"``).  Phone numbers are read digit by digit, group by group, in every language.  The
audio format applies :func:`speakable` to each text just before synthesis; the text of
the other formats is never changed.  A language without a file gets phone numbers only.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Lexicon:
    range_word: str  # "" : ranges are left to the synthesizer
    units: tuple[tuple[str, str, str], ...]  # (written, singular, plural), longest first
    words: tuple[tuple[str, str], ...]  # (written, said), longest first


@lru_cache(maxsize=32)
def lexicon(language: str) -> Lexicon | None:
    """The lexicon of a locale or BCP 47 tag (``zh_Hans`` -> ``zh``), or ``None``."""
    folder = resources.files("carted_export.i18n") / "data" / "lexicon"
    code = language.replace("-", "_")
    for name in (code, code.split("_")[0]):
        path = folder / f"{name}.toml"
        if path.is_file():
            return parse_lexicon(tomllib.loads(path.read_text(encoding="utf-8")))
    return None


def parse_lexicon(data: dict[str, object]) -> Lexicon:
    numbers = _table(data, "numbers")
    units = [
        (str(written), str(forms[0]), str(forms[-1]))
        for written, forms in _table(data, "units").items()
        if isinstance(forms, list) and forms
    ]
    words = [(str(written), str(said)) for written, said in _table(data, "words").items()]
    return Lexicon(
        range_word=str(numbers.get("range", "")),
        units=tuple(sorted(units, key=lambda unit: len(unit[0]), reverse=True)),
        words=tuple(sorted(words, key=lambda word: len(word[0]), reverse=True)),
    )


def _table(data: dict[str, object], name: str) -> dict[str, object]:
    table = data.get(name, {})
    return table if isinstance(table, dict) else {}


_NUMBER = r"\d+(?:[.,]\d+)?"
#: Three or more groups of digits (7 digits at least): 1-800-422-6237, +1 555 0100.
_PHONE = re.compile(r"(?<![\w.,/+-])(\+?\d{1,4}(?:[ .\-]\d{2,4}){2,})(?![\w/-]|[.,]\d)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Two numbers and a dash, not inside a longer run of numbers and dashes (a date, a code);
#: a letter of another script may touch it (Chinese writes 3–5天).
_RANGE = re.compile(
    rf"(?<![A-Za-z0-9.,-])({_NUMBER})\s*[–—-]\s*({_NUMBER})(?![A-Za-z0-9]|[.,]\d|-\d)"
)


def speakable(text: str, language: str) -> str:
    """``text`` as the synthesizer should read it in ``language``."""
    text = _PHONE.sub(_phone_digits, text)
    found = lexicon(language)
    if found is None:
        return text
    if found.range_word:
        text = _RANGE.sub(rf"\1 {found.range_word} \2", text)
    if found.units:  # one pass: a unit's words are never read as another unit
        said = {written: (singular, plural) for written, singular, plural in found.units}
        alternatives = "|".join(_term(written) for written, _, _ in found.units)
        pattern = rf"({_NUMBER})\s?(?:{alternatives})"
        text = re.sub(pattern, lambda m: _unit(m, said), text)
    if found.words:
        words = dict(found.words)
        alternatives = "|".join(_term(written) for written, _ in found.words)
        text = re.sub(rf"(?<!\w)(?:{alternatives})", lambda m: words[m.group(0)], text)
    return text


def _term(written: str) -> str:
    """``written`` as a whole term: not followed by a letter of its own script or a digit."""
    after = r"[A-Za-z0-9/²µ°]" if written.isascii() else r"[\w/]"
    return f"{re.escape(written)}(?!{after})"


def _phone_digits(match: re.Match[str]) -> str:
    number = match.group(1)
    if _ISO_DATE.fullmatch(number) or sum(c.isdigit() for c in number) < 7:
        return number
    plus = "+" if number.startswith("+") else ""
    groups = re.split(r"[ .\-]", number.lstrip("+"))
    return plus + ", ".join(" ".join(group) for group in groups)


def _unit(match: re.Match[str], said: dict[str, tuple[str, str]]) -> str:
    number = match.group(1)
    written = match.group(0)[len(number) :].strip()
    singular, plural = said[written]
    return f"{number} {singular if number == '1' else plural}"
