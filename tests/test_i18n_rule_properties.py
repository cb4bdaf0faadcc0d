"""Property tests of the safety rules (i18n/rules.py): for each rule, every translation
that keeps what the rule protects passes, and every one that changes it fails."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from carted_export.i18n.rules import check_pair

SETTINGS = settings(max_examples=100, deadline=None)
LOCALES = st.sampled_from(["es", "fr", "ar", "zh_Hans", "de", "pt_BR"])


def errors(msgid: str, msgstr: str, locale: str | None = None) -> list[str]:
    return [
        text
        for severity, text in check_pair(msgid, msgstr, "paragraph", locale)
        if severity == "error"
    ]


@SETTINGS
@given(st.lists(st.integers(1, 9999), min_size=2, max_size=5, unique=True), st.data())
def test_a_sequence_passes_only_in_its_order(groups: list[int], data: st.DataObject) -> None:
    source = "Call " + "-".join(map(str, groups)) + " now"
    order = data.draw(st.permutations(groups))
    found = errors(source, "Llame al " + "-".join(map(str, order)) + " ya")
    assert bool(found) == (order != groups), (source, order, found)


@SETTINGS
@given(st.lists(st.integers(1, 500), min_size=2, max_size=4, unique=True), st.data())
def test_doses_pass_only_in_their_order(doses: list[int], data: st.DataObject) -> None:
    order = data.draw(st.permutations(doses))
    source = "Take " + ", then ".join(f"{dose} mg" for dose in doses)
    target = "Tome " + " y luego ".join(f"{dose} mg" for dose in order)
    assert bool(errors(source, target)) == (order != doses)


@SETTINGS
@given(st.integers(1, 12), st.integers(1, 28), st.integers(1990, 2030), st.integers(1, 99))
def test_a_month_becomes_its_number_only_in_place_of_its_name(
    month: int, day: int, year: int, other: int
) -> None:
    months = "January February March April May June July August September October November"
    source = f"On {(months + ' December').split()[month - 1]} {day}, {year}, the FDA"
    assert errors(source, f"{year}年{month}月{day}日，FDA", "zh_Hans") == []
    assert errors(source, f"{year}年{month}月{day}日，FDA {month} 次", "zh_Hans")


@SETTINGS
@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**7), places=2, allow_nan=False),
    LOCALES,
)
def test_numbers_in_the_locales_format_pass(value: Decimal, locale: str) -> None:
    english = format_decimal(value, locale="en", decimal_quantization=False)
    local = format_decimal(value, locale=locale, decimal_quantization=False)
    assert errors(f"About {english} people", f"Unos {local} personas", locale) == []


@SETTINGS
@given(st.integers(1, 999), st.integers(0, 999))
def test_english_grouping_fails_where_comma_is_the_decimal_sign(thousands: int, rest: int) -> None:
    english = f"{thousands},{rest:03d}"
    assert errors(f"Take {english} mg", f"Tome {english} mg", "es")
