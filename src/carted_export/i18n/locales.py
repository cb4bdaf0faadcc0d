"""Locale codes, BCP 47 tags, text direction and display names (all from CLDR via Babel).

Catalog folders use CLDR/gettext identifiers with underscores (``zh_Hans``); HTML ``lang``
attributes and EPUB metadata use BCP 47 tags with hyphens (``zh-Hans``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

from carted_export.errors import UsageError

#: Locales that need no catalog: the language the sources are written in.
SOURCE_LOCALES: tuple[str, ...] = ("en",)


def lang_tag(locale: str) -> str:
    """The BCP 47 tag for a catalog locale: ``zh_Hans`` -> ``zh-Hans``, ``es`` -> ``es``."""
    return locale.replace("_", "-")


@lru_cache(maxsize=64)
def _babel_locale(locale: str) -> Locale:
    return Locale.parse(locale.replace("-", "_"))


@lru_cache(maxsize=64)
def text_direction(locale: str) -> str:
    """``"rtl"`` or ``"ltr"`` from CLDR layout data (never a hard-coded list); ``ltr`` for a
    code CLDR does not know."""
    try:
        return str(_babel_locale(locale).text_direction)
    except (ValueError, TypeError, UnknownLocaleError):
        return "ltr"


def same_language(a: str, b: str) -> bool:
    """True when two locale codes or tags name the same locale (``zh_Hans`` = ``zh-hans``)."""
    return a.replace("-", "_").lower() == b.replace("-", "_").lower()


def display_language(lang: str, locale: str) -> str:
    """The name of ``lang`` in the output ``locale`` (e.g. "inglés"), or the code itself."""
    try:
        name = _babel_locale(lang).get_display_name(_babel_locale(locale))
    except (ValueError, TypeError, UnknownLocaleError):
        return lang
    return name or lang


def display_name(locale: str) -> str:
    """The locale's name in its own language: ``español``, ``العربية``, ``中文 (简体)``."""
    babel_locale = _babel_locale(locale)
    return babel_locale.get_display_name(babel_locale) or locale


def available_locales(locales_dir: Path) -> tuple[str, ...]:
    """Locales that have a catalog folder (``<locale>/LC_MESSAGES``), sorted."""
    if not locales_dir.is_dir():
        return ()
    return tuple(
        sorted(
            child.name
            for child in locales_dir.iterdir()
            if child.is_dir() and (child / "LC_MESSAGES").is_dir()
        )
    )


def normalize_locale(code: str) -> str | None:
    """The canonical CLDR identifier for ``code`` (``zh-hans`` -> ``zh_Hans``), or ``None``."""
    try:
        return str(Locale.parse(code.strip().replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def parse_locale(
    code: str, locales_dir: Path, *, also_allowed: Iterable[str] = SOURCE_LOCALES
) -> str:
    """Normalize a user-given locale code and check that it can be built.

    A code is accepted when it has a catalog folder in ``locales_dir``, a built-in interface
    catalog, or is a source locale (no catalog needed).  Raises :class:`UsageError` listing
    the choices otherwise.
    """
    from carted_export.config import BUILTIN_LOCALES

    known = sorted(
        {*available_locales(locales_dir), *available_locales(BUILTIN_LOCALES), *also_allowed}
    )
    normalized = normalize_locale(code)
    if normalized is not None and normalized in known:
        return normalized
    by_lower = {name.lower(): name for name in known}
    match = by_lower.get(code.strip().replace("-", "_").lower())
    if match is not None:
        return match
    raise UsageError(
        f"unknown locale {code!r}; available: {', '.join(known)} "
        f"(add one with `carted-export i18n init --locale {code}`)"
    )


def resolve_locales(codes: tuple[str, ...], locales_dir: Path) -> tuple[str, ...]:
    """Canonical locale codes, each once; ``all`` is the source language plus every catalog
    folder."""
    if "all" in codes:
        return tuple(sorted({"en", *available_locales(locales_dir)}))
    return tuple(dict.fromkeys(parse_locale(code, locales_dir) for code in codes))
