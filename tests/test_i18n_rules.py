"""The safety rules (i18n/rules.py, i18n/numbers.py) on hand-picked translations: correct
ones in several scripts pass, any changed number or dose fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from carted_export.errors import CatalogError
from carted_export.i18n import units
from carted_export.i18n.check import check_file
from carted_export.i18n.content import parse_content_catalog
from carted_export.i18n.po import CatalogText
from carted_export.i18n.rules import check_pair, pair_errors
from carted_export.i18n.ui import compile_ui_catalog

SAME = [
    ("More than 80% of children", "Más del 80 % de los niños"),  # space before %
    ("More than 80% of children", "Plus de 80\u202f% des enfants"),  # narrow no-break space
    ("More than 80% of children", "أكثر من ٨٠٪ من الأطفال"),  # Arabic-Indic digits and %
    ("More than 80% of children", "超过８０％的儿童"),  # full-width digits and %
    ("Take 2.5 mg twice", "Tome 2,5 mg dos veces"),  # decimal comma
    ("Take 2.5 mg twice", "خذ ٢٫٥ mg مرتين"),  # Arabic decimal separator
    ("Take 0.125 mg", "Tome 0,125 mg"),
    ("About 1,000 people", "Unas 1000 personas"),  # RAE: no grouping in four digits
    ("About 1,000 people", "Unas 1.000 personas"),
    ("About 10,000 people", "Environ 10\u00a0000 personnes"),
    ("About 1,500,000 people", "Unos 1.500.000 de personas"),
    ("In 2017 and in 2020", "En 2020 y en 2017"),  # order never matters
    ("It takes 3 to 5 weeks", "Tarda de 3 a 5 semanas"),
    ("Give 5 mL", "Dé 5 ml"),
    ("Give 100 IU daily", "Dé 100 UI al día"),
    ("Give 50 mcg", "Dé 50 µg"),
    ("On June 1, 2025, the FDA", "2025年6月1日，FDA"),  # a month may become a number
    ("Page %(page)s of %(pages)s", "Página %(page)s de %(pages)s"),
    ("See [the trial](https://x.org/a?id=12)", "Vea [el ensayo](https://x.org/a?id=12)"),
]

CHANGED = [
    (
        "More than 80% of children",
        "Más del 8% de los niños",
        "doses differ: missing 80 %; added 8 %",
    ),
    ("More than 80% of children", "أكثر من ٨٪ من الأطفال", "doses differ"),
    ("Take 2.5 mg", "Tome 25 mg", "doses differ: missing 2.5 mg; added 25 mg"),
    ("Take 2.125 mg", "Tome 2125 mg", "doses differ"),  # 2.125 is never a thousands group
    ("Take 0.125 mg", "Tome 125 mg", "doses differ"),
    ("About 1,000 people", "Unas 1 personas", "numbers differ: missing 1,000; added 1"),
    ("About 1,000 people", "Unas 100 personas", "numbers differ"),
    ("1.5 million people", "15 millones de personas", "numbers differ"),
    ("In 2017", "En 2018", "numbers differ: missing 2017; added 2018"),
    ("On June 1, 2025", "2025年7月1日", "numbers differ: added 7"),  # the wrong month
    ("You may feel tired for 2 days", "可能 5 天 2 天", "numbers differ: added 5"),  # "may"
    ("Page %(page)s of %(pages)s", "Página %(page)s de %(pagez)s", "placeholders differ"),
    ("See [it](https://x.org/a)", "Vea [esto](https://x.org/b)", "link targets differ"),
    ("Rest **well**", "Descanse **bien", "unbalanced inline Markdown: bold (**)"),
    ("Rest well", " ", "blank translation"),
]


@pytest.mark.parametrize(("msgid", "msgstr"), SAME)
def test_correct_translations_pass(msgid: str, msgstr: str) -> None:
    assert list(check_pair(msgid, msgstr, "paragraph")) == []


@pytest.mark.parametrize(("msgid", "msgstr", "message"), CHANGED)
def test_changed_meaning_fails(msgid: str, msgstr: str, message: str) -> None:
    errors = [text for severity, text in check_pair(msgid, msgstr, "paragraph")]
    assert any(text.startswith(message) for text in errors), errors


def test_blank_alt_text_is_named_as_such() -> None:
    (problem,) = check_pair("A T cell attacking a cancer cell", "\u3000", "alt")
    assert problem == ("error", "blank alt text for an image that has a description; translate it")


#: Correct translations into a given locale (the rules that need the locale apply).
LOCALE_SAME = [
    ("Call 1-800-422-6237 today", "Llame hoy al 1-800-422-6237", "es"),
    ("It takes 3-5 weeks", "Tarda de 3 a 5 semanas", "es"),
    ("Take 10 mg, then 20 mg", "Tome 10 mg y después 20 mg", "es"),
    ("In 2017 and in 2020", "En 2020 y en 2017", "es"),  # plain numbers may move
    ("On June 1, 2025, the FDA", "2025年6月1日，FDA", "zh_Hans"),
    ("On June 1, 2025, the FDA", "El 1 de junio de 2025, la FDA", "es"),
    ("About 1,500 people", "Unas 1500 personas", "es"),
    ("About 1,500,000 people", "Unos 1.500.000 de personas", "es"),
    ("Take 2.5 mg", "Tome 2,5 mg", "es"),
    ("Take 2.5 mg", "Tome 2.5 mg", "es"),  # no reading in es other than 2.5
    ("About 10,000 people", "Environ 10\u202f000 personnes", "fr"),
    ("About 10,000 people", "حوالي ١٠٬٠٠٠ شخص", "ar"),
    ("More than 80% of children", "أكثر من ٨٠٪ من الأطفال", "ar"),  # Arabic-Indic digits in ar
    ("More than 80% of children", "超过８０％的儿童", "zh_Hans"),  # full-width forms are ASCII
    ("A drug name", "ریتوکسی\u200cماب", "fa"),  # ZWNJ between letters (Persian)
    ("Page 1 of 3", "Página\u00a01\u00a0de\u00a03", "es"),  # short: a warning only
    ("Use <b>only</b> this", "Use <b>solo</b> esto", "es"),  # the source has the tags
    ("Take it for 3 weeks, twice a day", "Tómelo 3 semanas, dos veces al día", "es"),
    ("a 3-week course, then 2 days off", "un ciclo de 3 semanas y 2 días de descanso", "es"),
    ("for 2 weeks", "2周", "zh_Hans"),
    ("It takes 3 to 5 weeks", "Tarda 3 semanas a 5 semanas", "es"),
    ("could be spared 2 more years", "se les podrían ahorrar 2 años más", "es"),
    ("In 2017, the FDA", "2017年，FDA", "zh_Hans"),
    ("Keep a diary every day", "Lleve un diario", "es"),  # a frequency dropped is no change
    ("Call 1-800-422-6237 or nci@cancer.gov", "Llame al 1-800-422-6237 o nci@cancer.gov", "es"),
    ("Call (800) 422-6237", "Llame al (800) 422 6237", "es"),  # a phone number by its digits
    ("See www.cancer.gov.", "Vea www.cancer.gov.", "es"),
    ("Tisagenlecleucel (Kymriah)", "Tisagenlecleucel (Kymriah)", "es"),  # a name may stay
]

LOCALE_CHANGED = [
    # a: a sequence (phone number, time, range) keeps its numbers together and in order
    ("Call 1-800-422-6237", "Llame al 1-800-6237-422", None, "number sequence 1-800-422-6237"),
    ("Open 9:30-17:00", "Abierto 17:00-9:30", None, "number sequence 9:30-17:00"),
    # a: doses keep their order (each stays with its time of day)
    (
        "Take 10 mg in the morning and 20 mg at bedtime",
        "Tome 20 mg por la mañana y 10 mg al acostarse",
        None,
        "doses are in another order: 10 mg, 20 mg in the source, 20 mg, 10 mg here",
    ),
    # b: a month's number is excused only next to its date and in place of its name
    ("In June 2025, take 2 pills", "En junio de 2025, tome 6 pastillas y 2", None, "numbers"),
    ("On June 1, 2025", "El 1 de junio de 2025 6", "es", "numbers differ: added 6"),
    ("On June 1, 2025, the FDA", "2025年6月1日 6，FDA", "zh_Hans", "numbers differ: added 6"),
    # e: a number must read the same in the locale's own format
    ("Take 1,500 mg", "Tome 1,500 mg", "es", "number format: 1,500 reads as 1.5 in es"),
    ("Take 2.125 mg", "Tome 2.125 mg", "es", "number format: 2.125 reads as 2125 in es"),
    ("About 1,000 people", "Environ 1,000 personnes", "fr", "number format: 1,000 reads as 1"),
    # c: invisible, reordering and control characters
    ("Take 80 mg", "Tome \u202e80\u202c mg", "es", "invisible or control characters added"),
    ("Take 80 mg", "Tome 80\u2066 mg", "es", "invisible or control characters added: U+2066"),
    ("Take 80 mg", "Tome 8\u200b0 mg", "es", "invisible or control characters added: U+200B"),
    ("Rest well", "Descanse\u000bbien", "es", "invisible or control characters added: U+000B"),
    ("Rest well", "Descanse\u200fbien", "ar", "invisible or control characters added: U+200F"),
    (
        "Rest well and drink water every day",
        "Descanse\u00a0bien\u00a0y\u00a0beba\u00a0agua\u00a0cada\u00a0día",
        "es",
        "every space is a no-break space (7 words",
    ),
    # d: digits only of the scripts the locale uses
    ("Take 80 mg", "Tome ۸۰ mg", "es", "digits of a script es does not use: ۰ (U+06F0"),
    ("Take 80 mg", "服用 ८० mg", "zh_Hans", "digits of a script zh_Hans does not use"),
    # i: raw HTML where the source has none
    ("Rest well", 'Descanse <b onclick="x()">bien</b>', "es", "raw HTML added: </b>, <b onclick>"),
    ("Rest well", "Descanse <script>x()</script>", "es", "raw HTML added: </script>, <script>"),
    ("Use <b>only</b> this", 'Use <b style="x">solo</b> esto', "es", "raw HTML added: <b style>"),
    # f: time units and frequencies (i18n/data/units/<language>.toml)
    (
        "Take it for 3 weeks",
        "Tómelo durante 3 días",
        "es",
        "time units differ: 3 day here, 3 week in the source",
    ),
    ("for 2 weeks", "pendant 2 mois", "fr", "time units differ: 2 month here"),
    ("for 2 weeks", "لمدة ٢ أيام", "ar", "time units differ: 2 day here"),
    ("for 2 weeks", "2天", "zh_Hans", "time units differ: 2 day here"),
    (
        "Take it daily",
        "Tómelo semanalmente",
        "es",
        "frequencies differ: missing daily; added weekly",
    ),
    ("Take 2 pills 3 times a day", "Tome 2 pastillas 3 veces a la semana", "es", "frequencies"),
    # h: plain-text e-mail, web and phone addresses, compared like links
    ("Write to nci@cancer.gov.", "Escriba a nci@cancer.org.", "es", "plain-text addresses"),
    ("See www.cancer.gov/espanol.", "Vea www.cancer.com/espanol.", "es", "plain-text addresses"),
    ("Call 1-800-4-CANCER", "Llame al 1-800-4-CANCEL", "es", "plain-text addresses"),
    ("Call 1-800-422-6237", "Llame al 1-800-422-6238", "es", "plain-text addresses"),
]


@pytest.mark.parametrize(("msgid", "msgstr", "locale"), LOCALE_SAME)
def test_correct_translations_pass_in_their_locale(msgid: str, msgstr: str, locale: str) -> None:
    problems = list(check_pair(msgid, msgstr, "paragraph", locale))
    assert [text for severity, text in problems if severity == "error"] == []


@pytest.mark.parametrize(("msgid", "msgstr", "locale", "message"), LOCALE_CHANGED)
def test_changed_meaning_fails_in_its_locale(
    msgid: str, msgstr: str, locale: str | None, message: str
) -> None:
    errors = [text for severity, text in check_pair(msgid, msgstr, "paragraph", locale)]
    assert any(text.startswith(message) for text in errors), errors


def test_every_unit_file_uses_the_english_canonical_names() -> None:
    folder = Path(units.__file__).parent / "data" / "units"
    english = units.unit_words("en")
    assert english is not None
    names = {key for key, _ in english.time}, {key for key, _ in english.frequency}
    for path in sorted(folder.glob("*.toml")):
        found = units.unit_words(path.stem)
        assert found is not None and found.time, path
        assert {key for key, _ in found.time} <= names[0], path
        assert {key for key, _ in found.frequency} <= names[1], path


HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: {}\\n"\n\n'
)


def test_duplicate_entries_are_refused_with_both_lines(tmp_path: Path) -> None:
    text = HEADER.format("nplurals=2; plural=(n != 1);") + (
        'msgctxt "paragraph"\nmsgid "Rest well"\nmsgstr "Descanse"\n\n'
        'msgid "Rest well"\nmsgstr "Sin contexto: otra entrada"\n\n'
        'msgctxt "paragraph"\nmsgid "Rest"\n" well"\nmsgstr "Descanse bien"\n'
    )
    path = tmp_path / "x.po"
    path.write_text(text, encoding="utf-8")
    (problem,) = check_file(path)
    assert (problem.line, problem.severity) == (13, "error")
    assert problem.message.startswith("duplicate entry (msgctxt 'paragraph', msgid 'Rest well')")
    assert "at lines 6 and 13" in problem.message
    with pytest.raises(CatalogError):
        parse_content_catalog(CatalogText(str(path), text))


@pytest.mark.parametrize(
    ("plural_forms", "message"),
    [
        ("nplurals=2; plural=(n != 1;", "the plural expression '(n != 1' is invalid"),
        ("nplurals=2; plural=n;", "the plural expression 'n' gives forms"),
        ("plural=(n != 1);", "'plural=(n != 1);' is not 'nplurals=N; plural=EXPRESSION;'"),
    ],
)
def test_a_broken_plural_forms_header_is_reported_at_its_line(
    tmp_path: Path, plural_forms: str, message: str
) -> None:
    path = tmp_path / "x.po"
    path.write_text(HEADER.format(plural_forms) + 'msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    (problem,) = check_file(path)
    assert (problem.line, problem.severity) == (4, "error")
    assert problem.message.startswith(f"broken Plural-Forms header: {message}"), problem
    with pytest.raises(CatalogError) as raised:
        compile_ui_catalog(path.read_text(encoding="utf-8"), "es", "x.po")
    assert raised.value.line == 4


def test_long_prose_left_in_english_is_a_warning_not_a_rejection() -> None:
    msgid = "Your doctor will check your blood counts every week during treatment."
    problems = list(check_pair(msgid, msgid, "paragraph", "es"))
    assert problems == [
        ("warning", "the translation is the English source unchanged; translate it")
    ]
    assert pair_errors([(msgid, msgid)], "paragraph", "es") == ()
    assert list(check_pair("Kymriah (tisagenlecleucel)", "Kymriah (tisagenlecleucel)", None)) == []
