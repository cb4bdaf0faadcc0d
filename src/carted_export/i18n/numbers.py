"""Numbers and doses in a text, compared by what they say rather than how they are written.

Text is normalized first: NFKC (full-width ``８０％`` becomes ``80%``), any script's decimal
digits become ASCII (Arabic-Indic ``٨٠``), the Arabic decimal and thousands separators
become ``.`` and ``,`` and the Arabic percent sign ``%``.  A number may then be written
``2,5`` or ``2.5``, grouped ``1,000``, ``1.000``, ``1 000`` or ``1000``: each token gets
every value its writing allows (its *readings*).  A source token (English) has exactly
one reading when it is valid English; a translation's token matches it when one of its
readings is that value.  Fractions keep their digits (``2.50`` is not ``2.5``), and a
leading zero never starts a thousands group (``0,125`` is only a decimal), so a dose
can never lose or gain a factor of ten or a thousand and still match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_ARABIC = (("\u066b", "."), ("\u066c", ","), ("\u066a", "%"))  # decimal, thousands, percent
_GROUP_SPACE = "\u00a0\u202f\u2009 "
_NUMBER = rf"\d+(?:(?:[.,'\u2019]|[{_GROUP_SPACE}](?=\d{{3}}(?!\d)))\d+)*"
_NUMBER_RE = re.compile(_NUMBER)
_SEPARATOR = re.compile(r"\D")
_OTHER_DIGIT = re.compile(r"[^\D0-9]")  # a decimal digit of another script: ٨, ８, ۸
_UNITS = r"mcg|µg|μg|mg|ng|kg|g|mmol|mol|mL|ml|L|IU|UI|cGy|Gy|%"
_DOSE_RE = re.compile(rf"({_NUMBER})\s*({_UNITS})(?![A-Za-z])")
_SAME_UNIT = {"mcg": "µg", "μg": "µg", "ml": "mL", "ui": "IU", "iu": "IU", "l": "L"}
_MONTHS = (
    *("january", "february", "march", "april", "may", "june"),
    *("july", "august", "september", "october", "november", "december"),
)
_MONTH_NAMES = "|".join(m[:3] + f"(?:{m[3:]}|\\.)?" if len(m) > 3 else m for m in _MONTHS)
#: A month name next to a day or year ("June 1", "1 June"): "may" alone is a verb.
_MONTH_RE = re.compile(rf"(?<=\d\s)({_MONTH_NAMES})\b|\b({_MONTH_NAMES})(?=\s+\d)", re.I)


@dataclass(frozen=True, slots=True)
class NumberToken:
    shown: str  # as written (ASCII digits), with its unit for a dose
    readings: frozenset[str]  # the values this writing can mean, e.g. {"1000", "1.000"}


def normalize(text: str) -> str:
    """NFKC, ASCII digits of every script, Arabic separators and percent sign."""
    text = unicodedata.normalize("NFKC", text)
    for arabic, latin in _ARABIC:  # str.replace: much faster than str.translate with a dict
        text = text.replace(arabic, latin)
    return _OTHER_DIGIT.sub(lambda found: str(unicodedata.digit(found.group())), text)


def _value(whole: str, fraction: str = "") -> str:
    whole = whole.lstrip("0") or "0"
    return f"{whole}.{fraction}" if fraction else whole


def _groups_ok(first: str, groups: list[str], separators: list[str]) -> bool:
    """Thousands grouping: 1-3 digits without a leading zero, then groups of 3, one separator."""
    return (
        0 < len(first) <= 3
        and not first.startswith("0")
        and all(len(group) == 3 for group in groups)
        and len(set(separators)) <= 1
    )


def readings(token: str, *, english: bool = False) -> frozenset[str]:
    """Every value ``token`` can mean; English: ``,`` groups thousands and ``.`` is decimal."""
    separators = _SEPARATOR.findall(token)
    groups = _SEPARATOR.split(token)
    if not separators:
        return frozenset({_value(token)})
    if english:
        whole, _, fraction = token.partition(".")
        parts = whole.split(",")
        grouped = whole.isdigit() or _groups_ok(parts[0], parts[1:], [","] * (len(parts) - 1))
        if grouped and (fraction.isdigit() or not fraction):
            return frozenset({_value("".join(parts), fraction)})
    found: set[str] = set()
    if _groups_ok(groups[0], groups[1:], separators):
        found.add(_value("".join(groups)))
    *grouping, decimal = separators
    if (
        decimal in ".,"
        and decimal not in grouping
        and (not grouping or _groups_ok(groups[0], groups[1:-1], grouping))
    ):
        found.add(_value("".join(groups[:-1]), groups[-1]))
    return frozenset(found) or frozenset({".".join(groups)})


def number_tokens(text: str, *, doses: bool = False, english: bool = False) -> list[NumberToken]:
    """The numbers (or, with ``doses``, the number-unit pairs) of ``text``, in order."""
    plain = normalize(text)
    if not doses:
        return [
            NumberToken(match, readings(match, english=english))
            for match in _NUMBER_RE.findall(plain)
        ]
    tokens = []
    for number, unit in _DOSE_RE.findall(plain):
        unit = _SAME_UNIT.get(unit.lower(), _SAME_UNIT.get(unit, unit))
        values = readings(number, english=english)
        tokens.append(NumberToken(f"{number} {unit}", frozenset(f"{v} {unit}" for v in values)))
    return tokens


def months_named(text: str) -> list[str]:
    """The month numbers (``"6"``) that ``text`` names in English (June, Jun., ...)."""
    starts = [month[:3] for month in _MONTHS]
    names = (found.group(1) or found.group(2) for found in _MONTH_RE.finditer(text))
    return [str(starts.index(name.lower()[:3]) + 1) for name in names]


def match_numbers(
    source: list[NumberToken], target: list[NumberToken], spelled: list[str] | None = None
) -> tuple[list[NumberToken], list[NumberToken]]:
    """The source tokens no target token matches, and the target tokens left over.

    A maximum matching (Kuhn's augmenting paths; a sentence has a handful of numbers), so
    the order of the numbers never matters.  A leftover target number that is a month the
    source names in words (``spelled``, once per mention) is not reported.
    """
    owner: dict[int, int] = {}  # target index -> source index

    def place(s: int, seen: set[int]) -> bool:
        for t, token in enumerate(target):
            if t in seen or not source[s].readings & token.readings:
                continue
            seen.add(t)
            if t not in owner or place(owner[t], seen):
                owner[t] = s
                return True
        return False

    matched = {s for s in range(len(source)) if place(s, set())}
    missing = [token for s, token in enumerate(source) if s not in matched]
    months = list(spelled or ())
    extra = []
    for t, token in enumerate(target):
        month = next((m for m in months if m in token.readings), None)
        if month is not None and t not in owner:
            months.remove(month)
        elif t not in owner:
            extra.append(token)
    return missing, extra
