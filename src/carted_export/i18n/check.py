"""``i18n check``: catch translations that would change meaning or break rendering.

Each translated (non-fuzzy) entry is compared with its ``msgid``: format placeholders,
link targets, balanced inline Markdown, numbers and doses, surrounding whitespace, and
blank alt text.  Problems print as ``path:line: message``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from carted_export.errors import CatalogError
from carted_export.i18n.locales import available_locales
from carted_export.i18n.po import parse_po, read_text
from carted_export.i18n.update import catalog_pairs

_PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|\{\w*\}")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|<(https?://[^>\s]+)>")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DOSE_UNITS = r"mg|mcg|µg|μg|ng|g|kg|ml|mL|L|mmol|mol|IU|Gy|cGy|%"
_DOSE = re.compile(rf"(\d+(?:[.,]\d+)*)\s*({_DOSE_UNITS})(?![A-Za-z])")
_MARKERS = (("**", "bold"), ("*", "emphasis"), ("`", "code"))


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


def _ascii_digits(text: str) -> str:
    """Any script's decimal digits as ASCII (Arabic-Indic ١٠ counts as 10)."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdecimal() else ch for ch in text)


def _links(text: str) -> Counter[str]:
    return Counter(a or b for a, b in _LINK.findall(text))


def _without_links(text: str) -> str:
    return _LINK.sub("]", text)


def _numbers(text: str) -> Counter[str]:
    plain = _ascii_digits(_without_links(text))
    return Counter(n.replace(",", ".") for n in _NUMBER.findall(plain))


def _doses(text: str) -> Counter[str]:
    plain = _ascii_digits(_without_links(text))
    return Counter(f"{n.replace(',', '.')} {unit}" for n, unit in _DOSE.findall(plain))


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
    missing = sorted((source - target).elements())
    extra = sorted((target - source).elements())
    parts = [
        f"missing {', '.join(missing)}" if missing else "",
        f"added {', '.join(extra)}" if extra else "",
    ]
    return f"{label} differ: {'; '.join(p for p in parts if p)}"


def check_pair(msgid: str, msgstr: str, context: str | None) -> Iterator[tuple[str, str]]:
    """(severity, message) for each problem of one translation of ``msgid``."""
    if context == "alt" and msgid.strip() and not msgstr.strip():
        yield "error", "blank alt text for an image that has a description; translate it"
        return
    for label, extract in (
        ("placeholders", lambda t: Counter(_PLACEHOLDER.findall(t))),
        ("link targets", _links),
        ("doses", _doses),
        ("numbers", _numbers),  # after doses: a changed dose is reported once
    ):
        problem = _diff(label, extract(msgid), extract(msgstr))
        if problem:
            yield "error", problem
            if label == "doses":
                break
    for markup in _unbalanced(msgstr):
        if markup not in _unbalanced(msgid):
            yield "error", f"unbalanced inline Markdown: {markup}"
    if (msgid[:1].isspace(), msgid[-1:].isspace()) != (msgstr[:1].isspace(), msgstr[-1:].isspace()):
        yield "warning", "leading/trailing whitespace differs from the source"


def _msgstr_line(lines: Sequence[str], start: int) -> int:
    """The line of the entry's first ``msgstr`` (what a translator edits), 1-based."""
    for number in range(max(start, 1), len(lines) + 1):
        if lines[number - 1].lstrip("#~ ").startswith("msgstr"):
            return number
    return start


def check_entry(entry: polib.POEntry, path: str, lines: Sequence[str] = ()) -> Iterator[Problem]:
    if entry.obsolete or entry.fuzzy or entry.msgid == "":
        return
    if entry.msgid_plural:
        pairs = [
            (entry.msgid if index == 0 else entry.msgid_plural, text)
            for index, text in sorted(entry.msgstr_plural.items())
        ]
    else:
        pairs = [(entry.msgid, entry.msgstr)]
    for source, target in pairs:
        if not target:
            continue  # untranslated: shown in the source language, not an error
        for severity, message in check_pair(source, target, entry.msgctxt):
            yield Problem(path, _msgstr_line(lines, int(entry.linenum or 1)), message, severity)


def check_po(
    po: polib.POFile, path: str, locale: str | None = None, text: str = ""
) -> list[Problem]:
    lines = text.splitlines()
    problems = [problem for entry in po for problem in check_entry(entry, path, lines)]
    language = str(po.metadata.get("Language", "")).strip()
    if locale and language != locale:
        message = f"Language header is {language!r}, expected {locale!r}; fix the header"
        problems.append(Problem(path, 1, message, "warning"))
    return problems


def check_file(path: Path, locale: str | None = None) -> list[Problem]:
    """Every problem in one catalog; a broken file is one error with its line."""
    try:
        text = read_text(path)
        return check_po(parse_po(text, str(path)), str(path), locale, text)
    except CatalogError as exc:
        return [Problem(exc.path or str(path), exc.line or 1, exc.message)]


def check_catalogs(locales_dir: Path, locales: tuple[str, ...] = ()) -> list[Problem]:
    """Check the catalogs of the given locales (default: every locale)."""
    problems: list[Problem] = []
    for locale in locales or available_locales(locales_dir):
        for _pot, po_path in catalog_pairs(locale, locales_dir):
            if po_path.is_file():
                problems.extend(check_file(po_path, locale))
    return problems
