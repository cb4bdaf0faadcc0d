"""``report.html``: the one page an editor reads (template ``templates/report.html.j2``).

One section per language: a bar chart of the grade of each document (inline SVG, named by
its title and described by its values, the table beside it being the full text
alternative), a table of the scores and CDC checks, then each document's long sentences,
hard words and abbreviations with their source lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
from babel import Locale, UnknownLocaleError

from carted_export.config import BUILTIN_TEMPLATES
from carted_export.i18n.locales import lang_tag, text_direction
from carted_export.readability.model import LONG_SENTENCE_WORDS, Entry, Report

#: Patient materials should read at grade 6 to 8 (NIH, AMA).
TARGET_GRADES = (6.0, 8.0)
CHART_WIDTH = 640
BAR_AREA = 600  # px for the grade axis
ROW_HEIGHT = 44


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    grade: float
    y: int
    width: float


@dataclass(frozen=True, slots=True)
class Chart:
    bars: tuple[Bar, ...]
    height: int
    scale: float  # px per grade
    ticks: tuple[int, ...]

    def x(self, grade: float) -> float:
        return round(grade * self.scale, 1)


@dataclass(frozen=True, slots=True)
class Section:
    locale: str
    lang: str
    dir: str
    name: str
    entries: tuple[Entry, ...]
    chart: Chart | None


def language_name(locale: str) -> str:
    try:
        return Locale.parse(locale).get_display_name("en") or locale
    except (ValueError, UnknownLocaleError):
        return locale


def _short(title: str, limit: int = 70) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


def chart(entries: tuple[Entry, ...]) -> Chart | None:
    graded = [e for e in entries if e.grade is not None]
    if not graded:
        return None
    top = max(20, int(max(e.grade or 0 for e in graded)) + 2)
    scale = BAR_AREA / top
    bars = tuple(
        Bar(_short(e.title), e.grade or 0.0, index * ROW_HEIGHT, round((e.grade or 0) * scale, 1))
        for index, e in enumerate(graded)
    )
    return Chart(bars, len(bars) * ROW_HEIGHT + 30, scale, tuple(range(0, top + 1, 2)))


def sections(report: Report) -> list[Section]:
    by_locale: dict[str, list[Entry]] = {}
    for entry in report.entries:
        by_locale.setdefault(entry.locale, []).append(entry)
    return [
        Section(
            locale,
            lang_tag(locale),
            text_direction(locale),
            language_name(locale),
            tuple(entries),
            chart(tuple(entries)),
        )
        for locale, entries in by_locale.items()
    ]


def render_report_html(report: Report) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(BUILTIN_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html.j2").render(
        report=report,
        sections=sections(report),
        target=TARGET_GRADES,
        long_words=LONG_SENTENCE_WORDS,
        above=report.above(report.max_grade) if report.max_grade is not None else [],
    )
