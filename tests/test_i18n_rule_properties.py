"""Property tests of the safety rules (i18n/rules.py): for each rule, every translation
that keeps what the rule protects passes, and every one that changes it fails."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from babel.messages.plurals import PLURALS, get_plural
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from carted_export.errors import CatalogError
from carted_export.i18n.characters import NBSP_MAX_WORDS
from carted_export.i18n.cldr import locale_digits
from carted_export.i18n.po import parse_po, plural_forms_problem
from carted_export.i18n.rules import UNCHANGED_MIN_WORDS, check_pair

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


INVISIBLE = st.characters(categories=("Cf", "Cc")).filter(lambda c: c not in "\n\t\u200c\u200d\xad")


@SETTINGS
@given(INVISIBLE, st.integers(0, 20))
def test_an_invisible_character_fails_unless_the_source_has_it(char: str, at: int) -> None:
    target = "Tome 80 mg por la mañana"
    target = target[:at] + char + target[at:]
    assert any("invisible" in text for text in errors("Take 80 mg in the morning", target))
    assert not any("invisible" in text for text in errors(f"Take 80 mg{char} now", target))


@SETTINGS
@given(st.characters(categories=("Nd",)), LOCALES)
def test_digits_pass_only_from_the_locales_scripts(digit: str, locale: str) -> None:
    value = unicodedata.digit(digit)
    found = errors(f"Take {value}0 mg", f"Tome {digit}0 mg", locale)
    allowed = (
        digit in (locale_digits(locale) or ()) or unicodedata.normalize("NFKC", digit).isascii()
    )
    assert any("digits of a script" in text for text in found) != allowed


TAG_NAMES = st.from_regex(r"[A-Za-z][a-z0-9-]{0,8}", fullmatch=True)


@SETTINGS
@given(
    TAG_NAMES, st.one_of(st.just(""), st.from_regex(r" on[a-z]{1,8}=\"[a-z()]*\"", fullmatch=True))
)
def test_raw_markup_fails_where_the_source_has_none(name: str, attribute: str) -> None:
    found = errors("Rest well tonight", f"Descanse <{name}{attribute}>bien</{name}> esta noche")
    assert any(text.startswith("raw HTML added") for text in found)


@SETTINGS
@given(st.lists(st.from_regex(r"[a-zñáé]{1,9}", fullmatch=True), min_size=2, max_size=12))
def test_no_break_spaces_everywhere_fail_above_the_word_limit(words: list[str]) -> None:
    problems = list(check_pair(" ".join(words), "\u00a0".join(words), "paragraph", "es"))
    severities = {severity for severity, text in problems if "no-break" in text}
    assert severities == {"error" if len(words) > NBSP_MAX_WORDS else "warning"}


TIME_UNITS = [("day", "días"), ("week", "semanas"), ("month", "meses"), ("year", "años")]


@SETTINGS
@given(st.integers(2, 400), st.sampled_from(TIME_UNITS), st.sampled_from(TIME_UNITS))
def test_a_number_keeps_its_time_unit(
    count: int, english: tuple[str, str], spanish: tuple[str, str]
) -> None:
    found = errors(
        f"Take it for {count} {english[0]}s", f"Tómelo durante {count} {spanish[1]}", "es"
    )
    assert any(text.startswith("time units differ") for text in found) == (english != spanish)


FREQUENCIES = [("daily", "a diario"), ("weekly", "cada semana"), ("monthly", "al mes")]


@SETTINGS
@given(st.sampled_from(FREQUENCIES), st.sampled_from(FREQUENCIES))
def test_a_frequency_is_kept(english: tuple[str, str], spanish: tuple[str, str]) -> None:
    found = errors(f"Take one {english[0]}", f"Tome uno {spanish[1]}", "es")
    assert any(text.startswith("frequencies differ") for text in found) == (english != spanish)


PO_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
KEYS = st.tuples(
    st.sampled_from([None, "paragraph", "alt"]), st.text('ab" \\\n', min_size=1, max_size=4)
)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


@SETTINGS
@given(st.lists(KEYS, min_size=1, max_size=6))
def test_a_catalog_with_a_repeated_entry_is_refused_naming_both(
    keys: list[tuple[str | None, str]],
) -> None:
    text, lines = PO_HEADER, []
    for context, msgid in keys:
        lines.append(text.count("\n") + 1)
        text += (f"msgctxt {_quote(context)}\n" if context is not None else "") + (
            f'msgid {_quote(msgid)}\nmsgstr "x"\n\n'
        )
    repeated = next((i for i, key in enumerate(keys) if key in keys[:i]), None)
    try:
        parse_po(text, "x.po")
    except CatalogError as error:
        assert repeated is not None
        assert error.line == lines[repeated]
        assert (
            f"at lines {lines[keys.index(keys[repeated])]} and {lines[repeated]}" in error.message
        )
    else:
        assert repeated is None


@SETTINGS
@given(st.sampled_from(sorted(PLURALS)))
def test_every_cldr_plural_rule_is_a_valid_header(language: str) -> None:
    plural = get_plural(language)
    value = f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"
    assert plural_forms_problem(value) is None


NAMES = st.from_regex(r"[a-z]{2,8}", fullmatch=True)


@SETTINGS
@given(NAMES, NAMES, NAMES, st.sampled_from(["email", "web"]))
def test_a_plain_text_address_is_kept(user: str, domain: str, other: str, kind: str) -> None:
    def address(name: str) -> str:
        return f"{user}@{name}.gov" if kind == "email" else f"www.{name}.gov/{user}"

    source = f"Write to {address(domain)} today."
    assert errors(source, f"Escriba hoy a {address(domain)}.", "es") == []
    changed = errors(source, f"Escriba hoy a {address(other)}.", "es")
    assert any(text.startswith("plain-text addresses") for text in changed) == (other != domain)


@SETTINGS
@given(st.lists(NAMES, min_size=1, max_size=20))
def test_unchanged_prose_is_only_ever_a_warning(words: list[str]) -> None:
    text = " ".join(words).capitalize() + "."
    problems = list(check_pair(text, text, "paragraph", "es"))
    unchanged = [severity for severity, message in problems if "unchanged" in message]
    assert unchanged == (["warning"] if len(words) >= UNCHANGED_MIN_WORDS else [])
    assert all(severity == "warning" for severity, _ in problems)
