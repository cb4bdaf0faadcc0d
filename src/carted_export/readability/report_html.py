"""``report.html``: the one page an editor reads (template ``templates/report.html.j2``).

One section per language: a bar chart of the grade of each document (inline SVG, geometry
in :mod:`~carted_export.readability.chart`, named by its title and described by its values,
the table below it being the full text alternative), a table of the scores in words
(:mod:`~carted_export.readability.labels`), then each document's CDC checks, hard words and
abbreviations with their source lines, and its text with long sentences and hard words
marked (:mod:`~carted_export.readability.highlight`).
"""

from __future__ import annotations

from dataclasses import dataclass

from carted_export.i18n.locales import display_language, lang_tag, text_direction
from carted_export.readability.chart import TARGET_GRADES, Chart, chart
from carted_export.readability.highlight import marked_text
from carted_export.readability.labels import score_name, score_text
from carted_export.readability.model import LONG_SENTENCE_WORDS, Entry, Report
from carted_export.render.templating import jinja_environment


@dataclass(frozen=True, slots=True)
class Section:
    locale: str
    lang: str
    dir: str
    name: str
    entries: tuple[Entry, ...]
    chart: Chart | None


def sections(report: Report) -> list[Section]:
    by_locale: dict[str, list[Entry]] = {}
    for entry in report.entries:
        by_locale.setdefault(entry.locale, []).append(entry)
    return [
        Section(
            locale,
            lang_tag(locale),
            text_direction(locale),
            display_language(locale, "en"),  # the report is in English
            tuple(entries),
            chart(tuple(entries)),
        )
        for locale, entries in by_locale.items()
    ]


def render_report_html(report: Report) -> str:
    return (
        jinja_environment()
        .get_template("report.html.j2")
        .render(
            score_name=score_name,
            score_text=score_text,
            marked_text=marked_text,
            report=report,
            sections=sections(report),
            target=TARGET_GRADES,
            long_words=LONG_SENTENCE_WORDS,
            above=report.above(report.max_grade) if report.max_grade is not None else [],
        )
    )
