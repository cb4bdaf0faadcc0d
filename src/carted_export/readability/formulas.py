"""Readability formulas, each as published, on counts (no text handling here).

Sources (see docs/readability.md for the full references):

- Flesch reading ease: Flesch, R. (1948). A new readability yardstick. J. Appl. Psychol. 32.
- Flesch-Kincaid grade: Kincaid, J. P. et al. (1975). Derivation of new readability formulas
  for Navy enlisted personnel. Research Branch Report 8-75, Naval Air Station Memphis.
- SMOG: McLaughlin, G. H. (1969). SMOG grading: a new readability formula. J. Reading 12(8).
- Fernández-Huerta: Fernández Huerta, J. (1959). Medidas sencillas de lecturabilidad.
  Consigna 214, as corrected by Law, G. (2011), Error in the Fernandez Huerta readability
  formula (LINGUIST List 22.2332): the sentence term is words per sentence.
- Szigriszt-Pazos (and the INFLESZ scale that reads it): Szigriszt Pazos, F. (1993).
  Sistemas predictivos de legibilidad del mensaje escrito: fórmula de perspicuidad (thesis,
  Universidad Complutense); Barrio-Cantalejo, I. M. et al. (2008). Validación de la Escala
  INFLESZ. Anales Sis San Navarra 31(2).
- Kandel-Moles: Kandel, L. & Moles, A. (1958). Application de l'indice de Flesch à la
  langue française. Cahiers Études de Radio-Télévision 19.
- OSMAN: El-Haj, M. & Rayson, P. (2016). OSMAN — a novel Arabic readability metric. LREC.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Counts:
    """What the formulas read, counted over a whole text."""

    words: int
    sentences: int
    syllables: int
    polysyllables: int = 0  # words of three or more syllables (SMOG)
    long_words: int = 0  # OSMAN: words of five or more letters
    complex_words: int = 0  # OSMAN: words of more than four syllables
    faseeh: int = 0  # OSMAN: complex words with a "faseeh" letter or ending

    @property
    def words_per_sentence(self) -> float:
        return self.words / max(1, self.sentences)

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / max(1, self.words)


def flesch_reading_ease(c: Counts) -> float:
    return 206.835 - 1.015 * c.words_per_sentence - 84.6 * c.syllables_per_word


def flesch_kincaid_grade(c: Counts) -> float:
    return 0.39 * c.words_per_sentence + 11.8 * c.syllables_per_word - 15.59


def smog(c: Counts) -> float:
    """McLaughlin's formula, scaled to 30 sentences when the text has fewer or more."""
    return 1.0430 * math.sqrt(c.polysyllables * 30 / max(1, c.sentences)) + 3.1291


def fernandez_huerta(c: Counts) -> float:
    """L = 206.84 - 0.60 P - 1.02 F; P syllables per 100 words, F words per sentence."""
    return 206.84 - 0.60 * (100 * c.syllables_per_word) - 1.02 * c.words_per_sentence


def szigriszt_pazos(c: Counts) -> float:
    """Perspicuity P = 206.835 - 62.3 S/P - P/F (the INFLESZ scale reads this score)."""
    return 206.835 - 62.3 * c.syllables_per_word - c.words_per_sentence


def kandel_moles(c: Counts) -> float:
    """L = 207 - 1.015 words/sentence - 73.6 syllables/word (Flesch refitted to French)."""
    return 207 - 1.015 * c.words_per_sentence - 73.6 * c.syllables_per_word


def osman(c: Counts) -> float:
    """200.791 - 1.015 A/B - 24.181 (C/A + D/A + G/A + H/A), as in El-Haj & Rayson (2016):
    A words, B sentences, C long words, D syllables, G complex words, H faseeh words."""
    per_word = (c.long_words + c.syllables + c.complex_words + c.faseeh) / max(1, c.words)
    return 200.791 - 1.015 * c.words_per_sentence - 24.181 * per_word


#: Flesch's reading-ease bands and the school grade he gave each (Flesch 1949, *The Art of
#: Readable Writing*): 90-100 5th grade, 80-90 6th, 70-80 7th, 60-70 8th-9th, 50-60
#: 10th-12th, 30-50 college (13th-16th), 0-30 college graduate.  Anchored at each band's
#: middle: (score, grade), easiest first.
FLESCH_GRADE_ANCHORS: tuple[tuple[float, float], ...] = (
    (95.0, 5.0),
    (85.0, 6.0),
    (75.0, 7.0),
    (65.0, 8.5),
    (55.0, 11.0),
    (40.0, 14.5),
    (15.0, 17.0),
)


def grade_from_reading_ease(score: float) -> float:
    """A US school grade for a Flesch-scaled reading-ease score, by linear interpolation
    between :data:`FLESCH_GRADE_ANCHORS` (extended past the ends with the end slopes)."""
    segments = list(itertools.pairwise(FLESCH_GRADE_ANCHORS))
    (hi_score, hi_grade), (lo_score, lo_grade) = next(
        (segment for segment in segments if score >= segment[1][0]), segments[-1]
    )
    slope = (lo_grade - hi_grade) / (hi_score - lo_score)
    return max(0.0, hi_grade + (hi_score - score) * slope)


def inflesz_band(score: float) -> str:
    """The INFLESZ reading of a Szigriszt-Pazos score (Barrio-Cantalejo et al. 2008)."""
    if score < 40:
        return "muy difícil"
    if score < 55:
        return "algo difícil"
    if score < 65:
        return "normal"
    if score < 80:
        return "bastante fácil"
    return "muy fácil"
