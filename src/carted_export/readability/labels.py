"""Score keys in words: the one place that says what ``flesch_kincaid_grade`` is called.

``report.json`` keeps the keys (``scores``, ``labels``); everything a person reads (the
report page, ``grade_basis``) names a score through :func:`score_name`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ScoreName:
    name: str
    unit: str = ""  # printed right after the number, e.g. "%"


SCORE_NAMES: dict[str, ScoreName] = {
    "flesch_kincaid_grade": ScoreName("Flesch-Kincaid grade"),
    "flesch_reading_ease": ScoreName("Flesch reading ease"),
    "smog": ScoreName("SMOG grade"),
    "fernandez_huerta": ScoreName("Fernández-Huerta reading ease"),
    "szigriszt_pazos": ScoreName("Szigriszt-Pazos perspicuity"),
    "inflesz": ScoreName("INFLESZ scale"),
    "kandel_moles": ScoreName("Kandel-Moles reading ease"),
    "osman": ScoreName("OSMAN reading ease"),
    "proxy_characters_per_sentence": ScoreName("Characters per sentence (proxy)"),
    "proxy_uncommon_character_percent": ScoreName("Uncommon characters (proxy)", "%"),
}


def score_name(key: str) -> str:
    """``"smog"`` -> ``"SMOG grade"``; a key with no entry still reads as words."""
    known = SCORE_NAMES.get(key)
    return known.name if known else key.replace("_", " ").capitalize()


def score_text(key: str, value: float) -> str:
    """``("flesch_kincaid_grade", 13.32)`` -> ``"Flesch-Kincaid grade 13.3"``."""
    unit = SCORE_NAMES[key].unit if key in SCORE_NAMES else ""
    return f"{score_name(key)} {value:.1f}{unit}"
