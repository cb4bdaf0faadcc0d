"""The report's typed results and their JSON form (``report.json``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from carted_export import __version__

LONG_SENTENCE_WORDS = 20


@dataclass(frozen=True, slots=True)
class Check:
    """One CDC Clear Communication Index item a machine can check."""

    id: str
    label: str
    passed: bool
    detail: str


@dataclass(frozen=True, slots=True)
class WordUse:
    """A word (or abbreviation) with how often it is used and its first source line."""

    word: str
    count: int
    line: int


@dataclass(frozen=True, slots=True)
class SentenceNote:
    text: str
    words: int
    line: int


@dataclass(frozen=True, slots=True)
class Passage:
    """One scored segment (a paragraph, list item, caption) as sentences, with its source
    line: the text the report shows with its long sentences and hard words marked."""

    line: int
    sentences: tuple[SentenceNote, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """The readability of one document in one locale."""

    source: str
    slug: str
    title: str
    locale: str
    language: str  # whose formulas scored it ("en", "es", ...)
    grade: float | None  # the main US grade-level estimate; None when no formula grades it
    grade_basis: str  # how ``grade`` was obtained
    scores: dict[str, float]
    labels: dict[str, str]  # verbal readings of scores, e.g. {"inflesz": "algo difícil"}
    words: int
    sentences: int
    long_sentences: tuple[SentenceNote, ...]
    hard_words: tuple[WordUse, ...]
    abbreviations: tuple[WordUse, ...]
    passive_voice: tuple[SentenceNote, ...] | None  # None: no heuristic for this language
    cdc: tuple[Check, ...]
    untranslated_segments: int = 0
    warnings: tuple[str, ...] = ()
    passages: tuple[Passage, ...] = ()  # the scored text; shown in HTML, not in the JSON

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        del data["passages"]
        data["grade"] = None if self.grade is None else round(self.grade, 1)
        data["scores"] = {name: round(value, 2) for name, value in self.scores.items()}
        data["cdc"] = [
            {
                "id": c.id,
                "label": c.label,
                "result": "pass" if c.passed else "fail",
                "detail": c.detail,
            }
            for c in self.cdc
        ]
        return data


@dataclass(frozen=True, slots=True)
class Report:
    entries: tuple[Entry, ...]
    max_grade: float | None = None
    generator: str = field(default=f"carted-export {__version__}")

    def above(self, grade: float) -> list[Entry]:
        return [e for e in self.entries if e.grade is not None and e.grade > grade]

    def to_json(self) -> dict[str, object]:
        return {
            "generator": self.generator,
            "max_grade": self.max_grade,
            "long_sentence_words": LONG_SENTENCE_WORDS,
            "documents": [entry.to_json() for entry in self.entries],
        }
