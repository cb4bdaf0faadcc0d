"""Locale codes, tags, directions and names come from CLDR (Babel), not hard-coded lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from carted_export.errors import UsageError
from carted_export.i18n.locales import (
    available_locales,
    display_name,
    lang_tag,
    parse_locale,
    text_direction,
)

LOCALES = Path(__file__).resolve().parents[1] / "locales"


@pytest.mark.parametrize(
    ("locale", "tag", "direction", "name"),
    [
        ("es", "es", "ltr", "español"),
        ("ar", "ar", "rtl", "العربية"),
        ("zh_Hans", "zh-Hans", "ltr", "中文 (简体)"),
        ("fa", "fa", "rtl", "فارسی"),
    ],
)
def test_locale_data(locale: str, tag: str, direction: str, name: str) -> None:
    assert lang_tag(locale) == tag
    assert text_direction(locale) == direction
    assert display_name(locale) == name


def test_shipped_locales() -> None:
    assert set(available_locales(LOCALES)) >= {"es", "ar", "zh_Hans", "fr"}
    assert "content" not in available_locales(LOCALES)


@pytest.mark.parametrize(
    ("code", "expected"),
    [("zh-Hans", "zh_Hans"), ("zh-hans", "zh_Hans"), ("ES", "es"), ("en", "en")],
)
def test_parse_locale_normalizes(code: str, expected: str) -> None:
    assert parse_locale(code, LOCALES) == expected


def test_parse_locale_unknown_lists_available() -> None:
    with pytest.raises(UsageError) as info:
        parse_locale("klingon", LOCALES)
    assert "es" in info.value.message and "zh_Hans" in info.value.message
    assert info.value.exit_code == 2
