"""The termbase: a locale's approved translations of recurring terms.

``locales/<locale>/termbase.toml`` lists terms, each with the source forms to look for and
the translations a reviewer approved (any form counts, so plurals and inflections can be
listed)::

    [[term]]
    source = ["T cell", "T cells"]
    approved = ["célula T", "células T"]
    note = "not 'linfocito T': NCI's Spanish dictionary uses célula T"

    [[term]]
    source = "ALL"                # acute lymphoblastic leukemia, not the word "all"
    approved = "LLA"
    case_sensitive = true

``i18n check`` warns when a translated entry's source uses a term and its translation has
none of the approved forms; ``i18n stats`` counts, per locale, the translated entries that
use a term and how many keep the approved translation.  Source forms match whole words
(case-insensitive unless ``case_sensitive``); a longer term wins over one inside it
("CAR T cells" is not also a use of "T cells").  Approved forms match anywhere.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polib

from carted_export.errors import CatalogError
from carted_export.i18n.po import read_text
from carted_export.i18n.review import is_translated, live_entries
from carted_export.i18n.rules import Problem, msgstr_line, without_links

TERMBASE_FILE = "termbase.toml"


@dataclass(frozen=True, slots=True)
class Term:
    source: tuple[str, ...]
    approved: tuple[str, ...]
    line: int  # of its [[term]] in the termbase
    note: str = ""
    case_sensitive: bool = False


@dataclass(frozen=True, slots=True)
class TermStats:
    terms: int = 0
    uses: int = 0  # translated entries whose source uses a term
    approved: int = 0  # of those, the ones whose translation keeps every approved term

    @property
    def percent(self) -> float:
        return 100.0 * self.approved / self.uses if self.uses else 100.0


def termbase_path(locale: str, locales_dir: Path) -> Path:
    return locales_dir / locale / TERMBASE_FILE


def load_termbase(path: Path, shown: str | None = None) -> tuple[Term, ...]:
    """The terms of ``path`` (none when it does not exist); :class:`CatalogError` with
    ``file:line`` when it is broken."""
    if not path.is_file():
        return ()
    shown = shown or str(path)
    text = read_text(path, shown)  # not UTF-8 or unreadable: CatalogError naming it
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+)", str(error))
        raise CatalogError(f"cannot read the termbase: {error}", shown, _int(found)) from None
    starts = [n for n, line in enumerate(text.split("\n"), 1) if line.strip() == "[[term]]"]
    items = data.get("term", [])
    if not isinstance(items, list):
        raise CatalogError("`term` must be a list of [[term]] tables", shown)
    return tuple(_term(item, shown, line) for item, line in zip(items, starts, strict=False))


def _int(found: re.Match[str] | None) -> int | None:
    return int(found.group(1)) if found else None


def _forms(value: object) -> tuple[str, ...]:
    forms = [value] if isinstance(value, str) else value
    if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
        raise TypeError
    return tuple(forms)


def _term(item: object, shown: str, line: int) -> Term:
    try:
        if not isinstance(item, dict):
            raise TypeError
        return Term(
            source=_forms(item["source"]),
            approved=_forms(item["approved"]),
            line=line,
            note=str(item.get("note", "")),
            case_sensitive=bool(item.get("case_sensitive", False)),
        )
    except (KeyError, TypeError):
        message = "each [[term]] needs source and approved (a text or a list of texts)"
        raise CatalogError(message, shown, line) from None


def _fold(text: str, term: Term) -> str:
    text = unicodedata.normalize("NFKC", text)
    return text if term.case_sensitive else text.casefold()


def terms_used(msgid: str, terms: Iterable[Term]) -> list[Term]:
    """The terms ``msgid`` uses, a longer match claiming the text before a shorter one."""
    text = unicodedata.normalize("NFKC", without_links(msgid))
    matches: list[tuple[int, int, Term]] = []
    for term in terms:
        flags = 0 if term.case_sensitive else re.IGNORECASE
        for form in term.source:
            pattern = rf"(?<!\w){re.escape(form)}(?!\w)"
            matches.extend((m.start(), m.end(), term) for m in re.finditer(pattern, text, flags))
    used: list[Term] = []
    claimed: list[tuple[int, int]] = []
    for start, end, term in sorted(matches, key=lambda m: m[0] - m[1]):  # longest first
        if any(start < other_end and other_start < end for other_start, other_end in claimed):
            continue
        claimed.append((start, end))
        if term not in used:
            used.append(term)
    return used


def keeps(term: Term, msgstr: str) -> bool:
    """Whether ``msgstr`` has one of the term's approved translations."""
    return any(_fold(form, term) in _fold(msgstr, term) for form in term.approved)


def check_terms(
    po: polib.POFile, path: str, lines: list[str], terms: tuple[Term, ...], termbase: str
) -> tuple[list[Problem], TermStats]:
    """A warning per translated entry and term it does not translate as approved."""
    problems: list[Problem] = []
    uses = approved = 0
    for entry in live_entries(po):
        if entry.msgid_plural or not is_translated(entry) or not terms:
            continue
        used = terms_used(entry.msgid, terms)
        missing = [term for term in used if not keeps(term, entry.msgstr)]
        uses += bool(used)
        approved += bool(used) and not missing
        for term in missing:
            forms = ", ".join(f"“{form}”" for form in term.approved)
            message = (
                f"term “{term.source[0]}” ({termbase}:{term.line}) is not translated as "
                f"approved: {forms}"
            )
            line = msgstr_line(lines, int(entry.linenum or 1))
            problems.append(Problem(path, line, message, "warning"))
    return problems, TermStats(len(terms), uses, approved)
