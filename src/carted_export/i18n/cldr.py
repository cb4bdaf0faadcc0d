"""What the rules need to know about a locale, all from CLDR through Babel (and Unicode).

- the decimal digits its texts may use: ASCII, and the digits of its CLDR numbering systems
  (default and native) and of its script (``ar``: Arabic-Indic ``٠``-``٩``);
- its decimal and group symbols (``es``: ``,`` and ``.``), as :func:`.numbers.normalize`
  writes them;
- its month names (``junio``, ``jun.``), to know when a date's month is spelled out.

A code Babel does not know gets ``None`` (or an empty answer): rules that need the locale
are then skipped, never guessed.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

_SPACES = "\u00a0\u202f\u2009\u2007 "


@lru_cache(maxsize=64)
def babel_locale(locale: str) -> Locale | None:
    try:
        return Locale.parse(locale.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


@lru_cache(maxsize=1)
def _digit_blocks() -> dict[str, str]:
    """Every run of decimal digits 0-9 in Unicode, by name: ``ARABIC-INDIC`` -> ``٠١…٩``."""
    blocks: dict[str, str] = {}
    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) == "Nd" and unicodedata.digit(char) == 0:
            name = unicodedata.name(char, "").removesuffix(" DIGIT ZERO")
            blocks[name] = "".join(chr(code + n) for n in range(10))
    return blocks


def _script_name(found: Locale) -> str | None:
    """The English name of the locale's script (``Arabic``), from CLDR likely subtags."""
    script = found.script
    if script is None:
        likely = get_global("likely_subtags").get(found.language, "")
        parts = str(likely).split("_")
        script = next((p for p in parts[1:] if len(p) == 4), None)
    return Locale("en").scripts.get(script) if script else None


@lru_cache(maxsize=64)
def locale_digits(locale: str) -> frozenset[str] | None:
    """The digits a text in ``locale`` may use (ASCII always), or ``None`` when unknown.

    A Unicode digit block belongs to the locale when its name starts with one of the
    locale's CLDR numbering systems named like a script (``deva`` -> ``DEVANAGARI``, not
    ``hanidec``) or contains its script's name (``Arabic`` -> ``ARABIC-INDIC``, ``EXTENDED
    ARABIC-INDIC``)."""
    found = babel_locale(locale)
    if found is None:
        return None
    systems = {found.default_numbering_system, *found.other_numbering_systems.values()}
    script = (_script_name(found) or "").upper()
    digits = set("0123456789")
    for name, block in _digit_blocks().items():
        lowered = name.lower()
        if (script and script in name) or any(
            len(system) == 4 and lowered.startswith(system) for system in systems
        ):
            digits.update(block)
    return frozenset(digits)


@lru_cache(maxsize=64)
def number_symbols(locale: str) -> tuple[str, str] | None:
    """The locale's (decimal, group) symbols in its default numbering system, written as
    :func:`.numbers.normalize` leaves them (Arabic ``٫`` as ``.``); ``" "`` for any space."""
    from carted_export.i18n.numbers import normalize

    found = babel_locale(locale)
    if found is None:
        return None
    system = found.default_numbering_system
    decimal = normalize(get_decimal_symbol(found, numbering_system=system))
    group = get_group_symbol(found, numbering_system=system)
    group = " " if group in _SPACES else normalize(group)
    return decimal, group


@lru_cache(maxsize=64)
def month_names(locale: str) -> tuple[tuple[str, ...], ...]:
    """For each month (January first), the locale's names for it without digits: wide and
    abbreviated, in dates and standing alone, lowercase (``junio``, ``jun``)."""
    found = babel_locale(locale)
    if found is None:
        return ()
    names: list[set[str]] = [set() for _ in range(12)]
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in found.months.get(context, {}).get(width, {}).items():
                plain = str(name).lower().rstrip(".")
                if plain and not any(char.isdigit() for char in plain):
                    names[int(number) - 1].add(plain)
    return tuple(tuple(sorted(month, key=len, reverse=True)) for month in names)


def locale_number(value: str, locale: str) -> str:
    """``value`` (``"1500"``, ``"2.5"``) written the locale's way: ``1500``, ``2,5`` in es."""
    found = babel_locale(locale)
    if found is None:
        return value
    return format_decimal(Decimal(value), locale=found, decimal_quantization=False)
