"""The safety rules a translation must pass before anyone sees it.

One rule set, used by ``i18n check`` (to tell translators) and by every build (to keep a
failing entry out of a leaflet: its source text is shown instead).  Each translated entry
is compared with its ``msgid``: invisible and control characters, digits of other scripts,
raw HTML, no-break spaces (:mod:`.characters`), format placeholders, link targets and
plain-text addresses, doses and numbers, time units and frequencies (:mod:`.units`),
balanced inline Markdown, a blank ``msgstr``; as warnings, surrounding whitespace and long
prose left in English.  Rules that need the locale (its CLDR number format, digits, month
names, unit words: :mod:`.cldr`) are skipped without one.

Numbers are compared by what they say, not how they are written: any script's digits
(Arabic-Indic ``٨٠``, full-width ``８０``), ``80 %`` and ``80%``, a decimal comma or point
(``2,5`` = ``2.5``), thousands grouped with a comma, point, space or nothing (``1,000`` =
``1.000`` = ``1 000`` = ``1000``).  The source (the ``msgid``) is read the English way,
as sources are written in English: ``2.125`` there is two and a bit, so ``2125`` in a
translation is a different number.  Doses keep their order; a sequence (``1-800-422-6237``,
``9:30``) stays whole and in order; plain numbers may move.  A month of an English date may
be written as its number (``June 1`` -> ``6月1日``) only next to the date's other numbers
and in place of its name, so it never adds a number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

import polib

from carted_export.i18n.characters import (
    foreign_digits_problem,
    invisible_problem,
    markup_problem,
    no_break_problem,
)
from carted_export.i18n.cldr import locale_number, month_names, number_symbols
from carted_export.i18n.numbers import (
    NumberToken,
    in_order,
    keeps_run,
    locale_reading,
    match_numbers,
    months_named,
    months_spelled,
    normalize,
    number_runs,
    number_tokens,
    written_months,
)
from carted_export.i18n.units import frequency_problem, time_unit_problem

_PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|\{\w*\}")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|<(https?://[^>\s]+)>")
_MARKERS = (("**", "bold"), ("*", "emphasis"), ("`", "code"))
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_URL = r"(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"»”]"
#: North American numbers (``1-800-422-6237``, ``(800) 422-6237``), the vanity form
#: (``1-800-4-CANCER``) and international ones (``+44 20 7946 0958``).
_PHONE = (
    r"(?<![\w.,])(?:\+?1[\s.-])?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\d)"
    r"|\b1-8\d\d-(?:\d-)?[A-Z]{6,7}\b|(?<![\w+])\+\d{1,3}(?:[\s.-]\d{1,4}){2,5}(?!\d)"
)
_ADDRESS = re.compile(rf"({_EMAIL})|({_URL})|({_PHONE})")
#: A msgstr identical to its msgid is flagged (a warning) from this many words on.
UNCHANGED_MIN_WORDS = 8


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


def _links(text: str) -> Counter[str]:
    return Counter(a or b for a, b in _LINK.findall(text))


def without_links(text: str) -> str:
    """``text`` less its link targets (their digits and words are not prose)."""
    return _LINK.sub("]", text)


def _addresses(text: str) -> Counter[str]:
    """Plain-text e-mail addresses, web addresses and phone numbers (link targets left
    out); a phone number by its digits, so ``1 800 422 6237`` = ``1-800-422-6237``."""
    found: Counter[str] = Counter()
    for email, url, phone in _ADDRESS.findall(normalize(without_links(text))):
        found[email.lower() or url or re.sub(r"[\s().+-]", "", phone)] += 1
    return found


def _unchanged(msgid: str, msgstr: str) -> bool:
    """Long prose kept in English: names and drug names, short and often the same, are not."""
    words = re.findall(r"[^\W\d_]{2,}", without_links(msgid))
    return msgstr.strip() == msgid.strip() and len(words) >= UNCHANGED_MIN_WORDS


def _unbalanced(text: str) -> list[str]:
    found: list[str] = []
    rest = text.replace("\\*", "").replace("\\`", "")
    for marker, name in _MARKERS:
        if rest.count(marker) % 2:
            found.append(f"{name} ({marker})")
        rest = rest.replace(marker, "")
    if text.count("[") != text.count("]"):
        found.append("link brackets ([ ])")
    return found


def _diff(label: str, source: Counter[str], target: Counter[str]) -> str | None:
    if source == target:
        return None
    missing, extra = (source - target).elements(), (target - source).elements()
    return _describe(label, sorted(missing), sorted(extra))


def _describe(label: str, missing: Sequence[str], extra: Sequence[str]) -> str:
    parts = [
        f"missing {', '.join(missing)}" if missing else "",
        f"added {', '.join(extra)}" if extra else "",
    ]
    return f"{label} differ: {'; '.join(p for p in parts if p)}"


def _shown(tokens: Sequence[NumberToken]) -> str:
    return ", ".join(token.shown for token in tokens)


def _dose_problems(source: str, target: str) -> list[str]:
    """Doses (number-unit pairs): the same ones, in the same order (the order pairs each
    dose with its time of day or its step, which words the rule cannot read)."""
    ours, theirs = (
        number_tokens(source, doses=True, english=True),
        number_tokens(target, doses=True),
    )
    matching = match_numbers(ours, theirs)
    if matching.missing or matching.extra:
        return [
            _describe(
                "doses", [t.shown for t in matching.missing], [t.shown for t in matching.extra]
            )
        ]
    if not in_order(ours, theirs):
        return [
            f"doses are in another order: {_shown(ours)} in the source, {_shown(theirs)} "
            "here; keep each dose where the source has it"
        ]
    return []


def _number_problems(source: str, target: str, locale: str | None) -> list[str]:
    """Plain numbers: the same values (a month of a source date may be written as its
    number, in place of its name), sequences kept whole, each readable in the locale."""
    ours, theirs = number_tokens(source, english=True), number_tokens(target)
    matching = match_numbers(ours, theirs)
    plain = normalize(target)
    months = months_named(source)
    for spelled in months_spelled(plain, month_names(locale) if locale else ()):
        if spelled in months:
            months.remove(spelled)
    written = written_months(theirs, matching, plain, months)
    extra = [t for index, t in enumerate(theirs) if index not in {*matching.owner, *written}]
    if matching.missing or extra:
        return [_describe("numbers", [t.shown for t in matching.missing], [t.shown for t in extra])]
    written_source = normalize(source)
    problems = [
        f"number sequence {written_source[run[0].start : run[-1].end]} is not kept whole and "
        "in order; write its numbers in the source's order"
        for run in number_runs(source, english=True)
        if not keeps_run(run, theirs)
    ]
    symbols = number_symbols(locale) if locale else None
    if locale is None or symbols is None:
        return problems
    decimal, group = symbols
    for t, s in sorted(matching.owner.items()):
        meant = locale_reading(theirs[t].shown, decimal, group)
        if meant is not None and meant not in ours[s].readings:
            value = format(Decimal(meant).normalize(), "f")
            problems.append(
                f"number format: {theirs[t].shown} reads as {value} in {locale}, where "
                f"{decimal!r} is the decimal separator and {group!r} groups thousands; "
                f"write {locale_number(min(ours[s].readings), locale)}"
            )
    return problems


def check_pair(
    msgid: str, msgstr: str, context: str | None, locale: str | None = None
) -> Iterator[tuple[str, str]]:
    """(severity, message) for each problem of one translation of ``msgid`` into
    ``locale`` (the rules that need the locale are skipped without one)."""
    if msgid.strip() and not msgstr.strip():
        if context == "alt":
            yield "error", "blank alt text for an image that has a description; translate it"
        else:
            yield "error", "blank translation (only spaces); translate it or leave it empty"
        return
    for problem in (
        invisible_problem(msgid, msgstr),
        foreign_digits_problem(msgid, msgstr, locale),
        markup_problem(msgid, msgstr),
    ):
        if problem:
            yield "error", problem
    spacing = no_break_problem(msgid, msgstr)
    if spacing:
        yield spacing
    for label, extract in (
        ("placeholders", lambda t: Counter(_PLACEHOLDER.findall(t))),
        ("link targets", _links),
        ("plain-text addresses (e-mail, web, phone)", _addresses),
    ):
        problem = _diff(label, extract(msgid), extract(msgstr))
        if problem:
            yield "error", problem
    source, target = without_links(msgid), without_links(msgstr)
    doses = _dose_problems(source, target)
    # a changed dose is reported once, as a dose
    for problem in doses or _number_problems(source, target, locale):
        yield "error", problem
    for problem in (
        time_unit_problem(source, target, locale),
        frequency_problem(source, target, locale),
    ):
        if problem:
            yield "error", problem
    for markup in _unbalanced(msgstr):
        if markup not in _unbalanced(msgid):
            yield "error", f"unbalanced inline Markdown: {markup}"
    if _unchanged(msgid, msgstr):
        yield "warning", "the translation is the English source unchanged; translate it"
    if (msgid[:1].isspace(), msgid[-1:].isspace()) != (msgstr[:1].isspace(), msgstr[-1:].isspace()):
        yield "warning", "leading/trailing whitespace differs from the source"


def msgstr_line(lines: Sequence[str], start: int) -> int:
    """The line of the entry's first ``msgstr`` (what a translator edits), 1-based."""
    for number in range(max(start, 1), len(lines) + 1):
        if lines[number - 1].lstrip("#~ ").startswith("msgstr"):
            return number
    return start


def form_pairs(
    msgid: str, msgid_plural: str | None, strings: Sequence[str]
) -> list[tuple[str, str]]:
    """(source, translation) of each form of an entry: one, or one per plural form (the
    first translates the singular, the others the plural)."""
    if msgid_plural:
        return [(msgid if index == 0 else msgid_plural, text) for index, text in enumerate(strings)]
    return [(msgid, strings[0] if strings else "")]


def entry_pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    strings = [text for _, text in sorted(entry.msgstr_plural.items())]
    return form_pairs(entry.msgid, entry.msgid_plural, strings or [entry.msgstr])


def pair_errors(
    pairs: Sequence[tuple[str, str]], context: str | None, locale: str | None = None
) -> tuple[str, ...]:
    """The errors (rules a build enforces) of translated forms; empty forms are skipped."""
    return tuple(
        message
        for source, target in pairs
        if target
        for severity, message in check_pair(source, target, context, locale)
        if severity == "error"
    )


def check_entry(
    entry: polib.POEntry, path: str, lines: Sequence[str] = (), locale: str | None = None
) -> Iterator[Problem]:
    """The problems of one live, translated (not fuzzy) entry; an empty ``msgstr`` is
    untranslated, which is not a problem (it is shown in the source language)."""
    if entry.obsolete or entry.fuzzy or entry.msgid == "":
        return
    line = msgstr_line(lines, int(entry.linenum or 1))
    for source, target in entry_pairs(entry):
        if not target:
            continue
        for severity, message in check_pair(source, target, entry.msgctxt, locale):
            yield Problem(path, line, message, severity)


def rejections(entry: polib.POEntry, locale: str | None = None) -> tuple[str, ...]:
    """Why a build must not use this entry (its errors), empty when it is safe to show."""
    if entry.obsolete or entry.fuzzy or entry.msgid == "":
        return ()
    return pair_errors(entry_pairs(entry), entry.msgctxt, locale)
