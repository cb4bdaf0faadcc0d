"""Rules on what a translation writes besides its words (used by :mod:`.rules`).

- **Invisible characters**: bidi controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F,
  U+061C), every other format character (Unicode category Cf: zero-width space, word
  joiner, BOM...) and control character (Cc: a vertical tab; ``\\n`` and ``\\t`` are fine)
  that the source does not have.  Bidi controls around digits make the page show other
  digits than the text holds ("Trojan Source", CVE-2021-42574); a control character is
  invalid XML and breaks an EPUB.  Zero-width (non-)joiners and the soft hyphen between two
  letters are allowed: Persian, Indic scripts and hyphenation need them, and they cannot
  reorder anything.
- **No-break spaces everywhere**: a translation whose every space is a no-break space,
  when the source has ordinary spaces, cannot wrap; an error above
  :data:`NBSP_MAX_WORDS` words (a line that runs off the page), a warning below (a short
  label may be meant to stay on one line).
- **Digits of another script**: only ASCII digits, their full-width forms and the digits of
  the locale (:func:`.cldr.locale_digits`); ``۴`` (Persian four) is not a Spanish digit.
- **Raw markup**: an HTML tag or attribute the source does not have is escaped by the
  renderers and then read to the patient as junk text (``<script>``, ``<b onclick=…>``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from carted_export.i18n.cldr import locale_digits

#: More words than this, all joined by no-break spaces, is an error (fewer: a warning).
NBSP_MAX_WORDS = 4
_NO_BREAK = "\u00a0\u202f\u2007"
_BETWEEN_LETTERS = "\u200c\u200d\u00ad"  # ZWNJ, ZWJ, soft hyphen
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)((?:\s[^<>]*?)?)\s*/?>|<!--")
_ATTRIBUTE = re.compile(r"([^\s=/\"'<>]+)\s*(?:=|(?=\s|$))")


def _name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"


def _invisible(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for index, char in enumerate(text):
        if char in "\n\t" or unicodedata.category(char) not in ("Cf", "Cc"):
            continue
        before, after = text[index - 1 : index], text[index + 1 : index + 2]
        if char in _BETWEEN_LETTERS and before.isalpha() and after.isalpha():
            continue
        found[char] += 1
    return found


def invisible_problem(msgid: str, msgstr: str) -> str | None:
    """Invisible, reordering or control characters the translation adds."""
    added = _invisible(msgstr) - _invisible(msgid)
    if not added:
        return None
    shown = ", ".join(_name(char) for char in sorted(added))
    return (
        f"invisible or control characters added: {shown}; remove them (they can reorder or "
        "hide what the page shows)"
    )


def no_break_problem(msgid: str, msgstr: str) -> tuple[str, str] | None:
    """(severity, message) when every space of the translation is a no-break space."""
    if " " not in msgid or " " in msgstr or not any(c in msgstr for c in _NO_BREAK):
        return None
    words = len(msgstr.split())
    severity = "error" if words > NBSP_MAX_WORDS else "warning"
    return severity, (
        f"every space is a no-break space ({words} words that can never wrap); use ordinary "
        "spaces, no-break ones only where a line must not break (80 %, 10 000)"
    )


def foreign_digits_problem(msgid: str, msgstr: str, locale: str | None) -> str | None:
    """Digits of a script the locale does not use (skipped for an unknown locale)."""
    allowed = locale_digits(locale) if locale else None
    if allowed is None:
        return None
    foreign = sorted(
        {
            char
            for char in msgstr
            if unicodedata.category(char) == "Nd"
            and char not in allowed
            and char not in msgid
            and not unicodedata.normalize("NFKC", char).isascii()
        }
    )
    if not foreign:
        return None
    shown = ", ".join(f"{char} ({_name(char)})" for char in foreign)
    return f"digits of a script {locale} does not use: {shown}; write 0-9 or {locale}'s digits"


def _tags(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for match in _TAG.finditer(text):
        if match.group() == "<!--":
            found["<!--"] += 1
            continue
        slash, name, rest = match.groups()
        attributes = sorted(a.lower() for a in _ATTRIBUTE.findall(rest or ""))
        found["<" + " ".join([slash + name.lower(), *attributes]) + ">"] += 1
    return found


def markup_problem(msgid: str, msgstr: str) -> str | None:
    """HTML tags or attributes the translation adds."""
    added = _tags(msgstr) - _tags(msgid)
    if not added:
        return None
    return (
        f"raw HTML added: {', '.join(sorted(added))}; write plain text (Markdown for "
        "emphasis and links), the page would show the tags as text"
    )
