"""Readability formulas and syllable counts against published examples and hand counts.

Where a publication gives a worked example (counts and the score), the test feeds its counts;
where it gives only the formula, the expected value is worked out by hand in the comment
(never by the code under test).
"""

from __future__ import annotations

import pytest

from carted_export.document import Role
from carted_export.readability import formulas, syllables
from carted_export.readability.analysis import counts
from carted_export.readability.formulas import Counts
from carted_export.readability.text import Sentence, split_sentences, words

# Wikipedia, "Flesch–Kincaid readability tests" (section "Flesch–Kincaid grade level"):
# "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature" is an
# 11.3 as it has 24 syllables and 13 words.
PLATYPUS = "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."


def _sentence(text: str, language: str) -> Sentence:
    return Sentence(text, words(text, language), 1, Role.PARAGRAPH, text)


def test_flesch_kincaid_grade_published_platypus_example() -> None:
    assert formulas.flesch_kincaid_grade(Counts(13, 1, 24)) == pytest.approx(11.3, abs=0.05)


def test_flesch_kincaid_grade_from_our_counts_of_the_platypus_sentence() -> None:
    counted = counts([_sentence(PLATYPUS, "en")], "en")
    assert (counted.words, counted.sentences, counted.syllables) == (13, 1, 24)
    assert formulas.flesch_kincaid_grade(counted) == pytest.approx(11.3, abs=0.05)


def test_flesch_kincaid_grade_published_green_eggs_and_ham_example() -> None:
    # Same article: Green Eggs and Ham averages 5.7 words per sentence and 1.02 syllables
    # per word, a grade level of -1.3.
    assert formulas.flesch_kincaid_grade(Counts(5700, 1000, 5814)) == pytest.approx(-1.3, abs=0.05)


def test_flesch_reading_ease_published_cat_example() -> None:
    # Same article, "Flesch reading ease": "The cat sat on the mat." scores 116.
    counted = counts([_sentence("The cat sat on the mat.", "en")], "en")
    assert formulas.flesch_reading_ease(counted) == pytest.approx(116, abs=0.5)


# McLaughlin (1969), SMOG conversion table for 30 sentences, as reprinted by the National
# Cancer Institute, "Making Health Communication Programs Work" (2004): polysyllable count
# range -> grade.  The table follows the simple "3 + square root of the nearest perfect
# square" rule; in the middle of each range the exact formula stays within one grade of it.
SMOG_TABLE = [
    ((0, 2), 4),
    ((3, 6), 5),
    ((7, 12), 6),
    ((13, 20), 7),
    ((21, 30), 8),
    ((31, 42), 9),
    ((43, 56), 10),
    ((57, 72), 11),
    ((73, 90), 12),
    ((91, 110), 13),
    ((111, 132), 14),
    ((133, 156), 15),
    ((157, 182), 16),
    ((183, 210), 17),
    ((211, 240), 18),
]


@pytest.mark.parametrize(("counted", "grade"), SMOG_TABLE)
def test_smog_agrees_with_mclaughlins_table(counted: tuple[int, int], grade: int) -> None:
    middle = sum(counted) // 2
    score = formulas.smog(Counts(300, 30, 450, polysyllables=middle))
    assert abs(score - grade) < 1.0, (middle, score)


def test_smog_scales_a_short_text_to_thirty_sentences() -> None:
    # McLaughlin: with 10 sentences and 10 polysyllables, count as if 30 and 30 (grade 8-9).
    assert formulas.smog(Counts(100, 10, 150, polysyllables=10)) == pytest.approx(
        formulas.smog(Counts(300, 30, 450, polysyllables=30))
    )


def test_fernandez_huerta_hand_calculation() -> None:
    # Fernández Huerta (1959) as corrected by Law (2011): L = 206.84 - 0.60 P - 1.02 F with
    # P syllables per 100 words and F words per sentence.  100 words, 5 sentences, 180
    # syllables: 206.84 - 0.60 * 180 - 1.02 * 20 = 206.84 - 108 - 20.4 = 78.44.
    assert formulas.fernandez_huerta(Counts(100, 5, 180)) == pytest.approx(78.44)


def test_fernandez_huerta_shorter_sentences_read_easier() -> None:
    # Law (2011): the uncorrected formula made more sentences per 100 words read harder.
    assert formulas.fernandez_huerta(Counts(100, 10, 180)) > formulas.fernandez_huerta(
        Counts(100, 5, 180)
    )


def test_szigriszt_pazos_hand_calculation_and_inflesz_band() -> None:
    # Szigriszt-Pazos (1993): P = 206.835 - 62.3 S/P - P/F.  100 words, 5 sentences, 180
    # syllables: 206.835 - 62.3 * 1.8 - 20 = 206.835 - 112.14 - 20 = 74.695, which the
    # INFLESZ scale (Barrio-Cantalejo et al. 2008, 65-80) calls "bastante fácil".
    score = formulas.szigriszt_pazos(Counts(100, 5, 180))
    assert score == pytest.approx(74.695)
    assert formulas.inflesz_band(score) == "bastante fácil"
    assert formulas.inflesz_band(39.9) == "muy difícil"


def test_kandel_moles_hand_calculation() -> None:
    # Kandel & Moles (1958): L = 207 - 1.015 words/sentence - 73.6 syllables/word.
    # 100 words, 5 sentences, 150 syllables: 207 - 20.3 - 110.4 = 76.3.
    assert formulas.kandel_moles(Counts(100, 5, 150)) == pytest.approx(76.3)


def test_osman_hand_calculation() -> None:
    # El-Haj & Rayson (2016): 200.791 - 1.015 A/B - 24.181 (C/A + D/A + G/A + H/A).
    # A=100 words, B=10 sentences, C=40 long, D=250 syllables, G=10 complex, H=5 faseeh:
    # 200.791 - 10.15 - 24.181 * 3.05 = 200.791 - 10.15 - 73.75205 = 116.88895.
    c = Counts(100, 10, 250, long_words=40, complex_words=10, faseeh=5)
    assert formulas.osman(c) == pytest.approx(116.88895)


@pytest.mark.parametrize(
    ("score", "grade"),
    # Flesch (1949): 90-100 5th grade, 80-90 6th, 70-80 7th, 60-70 8th-9th, 50-60 10th-12th.
    [(95, 5.0), (85, 6.0), (75, 7.0), (65, 8.5), (55, 11.0)],
)
def test_grade_from_reading_ease_follows_flesch_bands(score: float, grade: float) -> None:
    assert formulas.grade_from_reading_ease(score) == pytest.approx(grade)


def test_grade_from_reading_ease_is_monotonic() -> None:
    grades = [formulas.grade_from_reading_ease(s) for s in range(120, -40, -5)]
    assert grades == sorted(grades)


# Syllables by hand, following the Real Academia Española's Ortografía (2010): hiatus of
# two strong vowels, an accented weak vowel breaks a diphthong, silent "u" in que/qui/gue/gui.
SPANISH = {
    "quimioterapia": 5,  # qui-mio-te-ra-pia
    "país": 2,  # pa-ís
    "ciudad": 2,  # ciu-dad
    "leer": 2,  # le-er
    "guía": 2,  # guí-a
    "pingüino": 3,  # pin-güi-no
    "muy": 1,
    "búho": 2,  # bú-ho
    "enfermedad": 4,  # en-fer-me-dad
    "huevo": 2,  # hue-vo
    "y": 1,
}


@pytest.mark.parametrize(("word", "expected"), SPANISH.items())
def test_spanish_syllables(word: str, expected: int) -> None:
    assert syllables.spanish(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    # CMU Pronouncing Dictionary words, and two it lacks counted by hand.
    [("creature", 2), ("T-cell", 2), ("leukapheresis", 5), ("tisagenlecleucel", 6)],
)
def test_english_syllables(word: str, expected: int) -> None:
    assert syllables.english(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"), [("immunothérapie", 6), ("cellule", 2), ("patientes", 2)]
)
def test_french_syllables(word: str, expected: int) -> None:
    assert syllables.french(word) == expected


def test_sentences_are_not_split_after_titles_and_initials() -> None:
    text = 'explained Renier J. Brentjens, M.D., Ph.D., of Buffalo. Dr. Rosenberg said "yes." Next.'
    assert split_sentences(text, "en") == [
        "explained Renier J. Brentjens, M.D., Ph.D., of Buffalo.",
        'Dr. Rosenberg said "yes."',
        "Next.",
    ]


def test_chinese_and_arabic_sentence_ends() -> None:
    assert split_sentences("如今，它已成为基石。这是第二句！", "zh") == [
        "如今，它已成为基石。",
        "这是第二句！",
    ]
    assert len(split_sentences("هل هذا سؤال؟ نعم هذا جواب.", "ar")) == 2
