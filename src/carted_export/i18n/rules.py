"""The safety rules a translation must pass before anyone sees it.

One rule set, used by ``i18n check`` (to tell translators) and by every build (to keep a
failing entry out of a leaflet: its source text is shown instead).  Each translated entry
is compared with its ``msgid``: format placeholders, link targets, balanced inline
Markdown, doses and numbers, a blank ``msgstr``, surrounding whitespace (a warning).

Numbers are compared by what they say, not how they are written: any script's digits
(Arabic-Indic ``٨٠``, full-width ``８０``), ``80 %`` and ``80%``, a decimal comma or point
(``2,5`` = ``2.5``), thousands grouped with a comma, point, space or nothing (``1,000`` =
``1.000`` = ``1 000`` = ``1000``).  The source (the ``msgid``) is read the English way,
as sources are written in English: ``2.125`` there is two and a bit, so ``2125`` in a
translation is a different number.  A translation may spell a month of an English date
as a number (``June 1`` -> ``6月1日``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import polib

from carted_export.i18n.numbers import match_numbers, months_named, number_tokens

_PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|\{\w*\}")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|<(https?://[^>\s]+)>")
_MARKERS = (("**", "bold"), ("*", "emphasis"), ("`", "code"))


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


def _number_diff(msgid: str, msgstr: str, *, doses: bool) -> str | None:
    source, target = without_links(msgid), without_links(msgstr)
    missing, extra = match_numbers(
        number_tokens(source, doses=doses, english=True),
        number_tokens(target, doses=doses),
        [] if doses else months_named(source),
    )
    if not missing and not extra:
        return None
    label = "doses" if doses else "numbers"
    return _describe(label, [t.shown for t in missing], [t.shown for t in extra])


def check_pair(msgid: str, msgstr: str, context: str | None) -> Iterator[tuple[str, str]]:
    """(severity, message) for each problem of one translation of ``msgid``."""
    if msgid.strip() and not msgstr.strip():
        if context == "alt":
            yield "error", "blank alt text for an image that has a description; translate it"
        else:
            yield "error", "blank translation (only spaces); translate it or leave it empty"
        return
    for label, extract in (
        ("placeholders", lambda t: Counter(_PLACEHOLDER.findall(t))),
        ("link targets", _links),
    ):
        problem = _diff(label, extract(msgid), extract(msgstr))
        if problem:
            yield "error", problem
    numbers = _number_diff(msgid, msgstr, doses=True) or _number_diff(msgid, msgstr, doses=False)
    if numbers:  # a changed dose is reported once, as a dose
        yield "error", numbers
    for markup in _unbalanced(msgstr):
        if markup not in _unbalanced(msgid):
            yield "error", f"unbalanced inline Markdown: {markup}"
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


def pair_errors(pairs: Sequence[tuple[str, str]], context: str | None) -> tuple[str, ...]:
    """The errors (rules a build enforces) of translated forms; empty forms are skipped."""
    return tuple(
        message
        for source, target in pairs
        if target
        for severity, message in check_pair(source, target, context)
        if severity == "error"
    )


def check_entry(entry: polib.POEntry, path: str, lines: Sequence[str] = ()) -> Iterator[Problem]:
    """The problems of one live, translated (not fuzzy) entry; an empty ``msgstr`` is
    untranslated, which is not a problem (it is shown in the source language)."""
    if entry.obsolete or entry.fuzzy or entry.msgid == "":
        return
    line = msgstr_line(lines, int(entry.linenum or 1))
    for source, target in entry_pairs(entry):
        if not target:
            continue
        for severity, message in check_pair(source, target, entry.msgctxt):
            yield Problem(path, line, message, severity)


def rejections(entry: polib.POEntry) -> tuple[str, ...]:
    """Why a build must not use this entry (its errors), empty when it is safe to show."""
    if entry.obsolete or entry.fuzzy or entry.msgid == "":
        return ()
    return pair_errors(entry_pairs(entry), entry.msgctxt)
