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
#: What may join the numbers of one sequence: ``1-800-422-6237``, ``(800) 422``, ``10:30``.
_RUN_GAP = re.compile(r"\s?[-\u2010\u2011\u2013\u2014]\s?|[/:]|\)\s?")
#: What may stand between the numbers of a date written with digits: ``6月1日``, ``1/6``.
_DATE_GAP = re.compile(r"[\s./\-,年月日월일]{1,3}")


@dataclass(frozen=True, slots=True)
class NumberToken:
    shown: str  # as written (ASCII digits), with its unit for a dose
    readings: frozenset[str]  # the values this writing can mean, e.g. {"1000", "1.000"}
    start: int = 0  # where it is in the normalized text (:func:`normalize`)
    end: int = 0


@dataclass(frozen=True, slots=True)
class Matching:
    """How a translation's numbers match the source's: what is missing, what is added, and
    which source token each matched target token stands for (target index -> source)."""

    missing: list[NumberToken]
    extra: list[NumberToken]
    owner: dict[int, int]


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
            NumberToken(found.group(), readings(found.group(), english=english), *found.span())
            for found in _NUMBER_RE.finditer(plain)
        ]
    tokens = []
    for found in _DOSE_RE.finditer(plain):
        number, unit = found.groups()
        unit = _SAME_UNIT.get(unit.lower(), _SAME_UNIT.get(unit, unit))
        values = frozenset(f"{v} {unit}" for v in readings(number, english=english))
        tokens.append(NumberToken(f"{number} {unit}", values, *found.span()))
    return tokens


def months_named(text: str) -> list[str]:
    """The month numbers (``"6"``) that ``text`` names in English (June, Jun., ...)."""
    starts = [month[:3] for month in _MONTHS]
    names = (found.group(1) or found.group(2) for found in _MONTH_RE.finditer(text))
    return [str(starts.index(name.lower()[:3]) + 1) for name in names]


def match_numbers(source: list[NumberToken], target: list[NumberToken]) -> Matching:
    """A maximum matching (Kuhn's augmenting paths; a sentence has a handful of numbers) of
    the target tokens to the source tokens whose readings they share."""
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
    extra = [token for t, token in enumerate(target) if t not in owner]
    return Matching(missing, extra, owner)


def in_order(source: list[NumberToken], target: list[NumberToken]) -> bool:
    """True when the target says the same values in the same order (after a full match,
    the only order-keeping matching pairs the tokens one by one)."""
    return all(s.readings & t.readings for s, t in zip(source, target, strict=True))


def number_runs(text: str, *, english: bool = False) -> list[list[NumberToken]]:
    """Numbers written as one sequence (a phone number, a time, a range, a date): runs of
    two or more joined only by a dash, ``/``, ``:`` or a closing parenthesis."""
    plain = normalize(text)
    runs: list[list[NumberToken]] = []
    previous: NumberToken | None = None
    for token in number_tokens(text, english=english):
        if previous is not None and _RUN_GAP.fullmatch(plain[previous.end : token.start]):
            if runs and runs[-1][-1] is previous:
                runs[-1].append(token)
            else:
                runs.append([previous, token])
        previous = token
    return runs


def keeps_run(run: list[NumberToken], target: list[NumberToken]) -> bool:
    """True when ``target`` has the run's numbers next to each other, in the same order."""
    size = len(run)
    return any(
        all(r.readings & t.readings for r, t in zip(run, target[start : start + size], strict=True))
        for start in range(len(target) - size + 1)
    )


def written_months(
    target: list[NumberToken], matching: Matching, plain: str, months: list[str]
) -> set[int]:
    """The extra target tokens (indices) that write a month of a source date as a number:
    a month the source names (``months``, once per mention not spelled in the translation),
    written next to a matched number of the same date (``2025年6月1日``), never apart."""
    left = list(months)
    written: set[int] = set()
    for t, token in enumerate(target):
        month = next((m for m in left if m in token.readings), None)
        if t in matching.owner or month is None:
            continue
        neighbours = [n for n in (t - 1, t + 1) if n in matching.owner]
        if any(_date_gap(plain, target[min(n, t)], target[max(n, t)]) for n in neighbours):
            left.remove(month)
            written.add(t)
    return written


def _date_gap(plain: str, first: NumberToken, second: NumberToken) -> bool:
    return _DATE_GAP.fullmatch(plain[first.end : second.start]) is not None


def locale_reading(token: str, decimal: str, group: str) -> str | None:
    """The value ``token`` has in a locale with these symbols (``1,500`` is ``1.500`` in
    ``es``), or ``None`` when it has no separator or is no valid number there."""
    separators = [" " if s in _GROUP_SPACE else s for s in _SEPARATOR.findall(token)]
    groups = _SEPARATOR.split(token)
    if not separators:
        return None
    if all(s == group for s in separators) and _groups_ok(groups[0], groups[1:], separators):
        return _value("".join(groups))
    *grouping, last = separators
    if (
        last == decimal
        and all(s == group for s in grouping)
        and (not grouping or _groups_ok(groups[0], groups[1:-1], grouping))
    ):
        return _value("".join(groups[:-1]), groups[-1])
    return None


def phrase_pattern(form: str) -> str:
    """A regex for ``form`` as a whole word in cased scripts (``mar`` is not in
    ``Marte``), anywhere in others (Arabic prefixes, Chinese has no spaces)."""
    cased = form[:1].lower() != form[:1].upper()
    return rf"(?<![^\W\d_]){re.escape(form)}(?![^\W\d_])" if cased else re.escape(form)


def phrases_found(text: str, forms: list[tuple[str, str]]) -> list[str]:
    """The key of each ``(key, form)`` phrase ``text`` contains (case-insensitive), longest
    forms first, each place counted once (``once a day`` is not also ``a day``)."""
    lowered = text.lower()
    found: list[str] = []
    for key, form in sorted(forms, key=lambda item: -len(item[1])):
        pattern = phrase_pattern(form.lower())
        found.extend([key] * len(re.findall(pattern, lowered)))
        lowered = re.sub(pattern, " ", lowered)
    return found


def months_spelled(text: str, names: tuple[tuple[str, ...], ...]) -> list[str]:
    """The month numbers a translation spells in its language's own month ``names``."""
    forms = [(str(number), form) for number, month in enumerate(names, start=1) for form in month]
    return phrases_found(text, forms)
