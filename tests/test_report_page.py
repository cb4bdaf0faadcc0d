"""``report.html`` as an editor sees it, in Chromium: no sideways scroll, scores in words, a
chart whose labels clear the target band, and the text with its problems marked."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from carted_export.check import tools
from carted_export.check.html import OVERFLOW
from carted_export.cli import main
from carted_export.readability.labels import SCORE_NAMES

from conftest import REPO, SEEDS
from validators import axe_violations, require_axe, require_browser

NCI_SEED = SEEDS / "000_c5f26b40cac49cff.txt"
WIDTHS = (320, 1280)
RAW_KEY = re.compile(r"\w+_\w+: \d")
#: Every text box in the chart, the target bands, the ticks and the SVG itself, in CSS px.
CHART_GEOMETRY = """(svg) => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, text: e.textContent}; };
  return {
    svg: box(svg),
    rows: svg.querySelectorAll('text.name').length,
    bands: [...svg.querySelectorAll('rect.band')].map(box),
    names: [...svg.querySelectorAll('text.name tspan')].map(box),
    ticks: [...svg.querySelectorAll('text.tick')].map(box),
  };
}"""
#: Each scrolling container of the page (a table region) as (width it needs, width it has).
SCROLLERS = """() => [...document.querySelectorAll('.table-wrap')].map(
  (e) => [e.scrollWidth, e.clientWidth])"""


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both seeds in English, Spanish (labels of scores) and Arabic (right-to-left names)."""
    out = tmp_path_factory.mktemp("report")
    args = ["report", str(SEEDS), "--locale", "en", "--locale", "es", "--locale", "ar"]
    args += ["--out", str(out), "--locales-dir", str(REPO / "locales")]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def browser_page(report_dir: Path) -> Iterator[Any]:
    """The report open in the suite's Chromium (the one the validators use); one per test,
    as Playwright's sync API allows one at a time and axe_violations opens its own."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(tools.chromium()), args=list(tools.CHROMIUM_ARGS)
        )
        try:
            page = browser.new_page()
            page.goto((report_dir / "report.html").resolve().as_uri(), wait_until="load")
            yield page
        finally:
            browser.close()


def _page(report_dir: Path) -> Any:
    return lxml_html.parse(str(report_dir / "report.html")).getroot()


def _intersects(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


def _inside(inner: dict[str, float], outer: dict[str, float], slack: float = 0.5) -> bool:
    return (
        inner["left"] >= outer["left"] - slack
        and inner["right"] <= outer["right"] + slack
        and inner["top"] >= outer["top"] - slack
        and inner["bottom"] <= outer["bottom"] + slack
    )


def test_the_page_never_scrolls_sideways_and_tables_fit_a_desktop(
    report_dir: Path, browser_page: Any
) -> None:
    for width in WIDTHS:  # document.documentElement.scrollWidth > innerWidth, as `check` asks
        browser_page.set_viewport_size({"width": width, "height": 800})
        assert not browser_page.evaluate(OVERFLOW), f"the page scrolls sideways at {width}px"
    scrollers = browser_page.evaluate(SCROLLERS)
    assert len(scrollers) == 3  # one table per language
    for needed, has in scrollers:  # at 1280 px no table hides columns in its scroller
        assert needed <= has, (needed, has)
    dom = _page(report_dir)
    for wrap in dom.find_class("table-wrap"):  # at 320 px they may scroll, by keyboard too
        assert wrap.get("tabindex") == "0" and wrap.get("role") == "region"
        assert dom.get_element_by_id(wrap.get("aria-labelledby")).text_content().strip()


def test_scores_read_as_words_not_keys(report_dir: Path) -> None:
    dom = _page(report_dir)
    cells = [cell.text_content() for cell in dom.iter("td", "th")]
    assert cells and not [text for text in cells if RAW_KEY.search(text)]
    text = dom.find("body").text_content()
    assert not [key for key in SCORE_NAMES if key in text]  # the grade basis too
    english = _score_items(dom, "en")
    assert [i for i in english if re.fullmatch(r"Flesch-Kincaid grade 1\d\.\d", i)], english
    assert [i for i in english if re.fullmatch(r"Flesch reading ease \d+\.\d", i)], english
    spanish = _score_items(dom, "es")
    assert [i for i in spanish if re.fullmatch(r"Fernández-Huerta reading ease \d+\.\d", i)]
    assert [i for i in spanish if i.startswith("INFLESZ scale: ")], spanish


def _score_items(dom: Any, locale: str) -> list[str]:
    """The scores of the first document of ``locale``'s table, one string per score."""
    row = dom.get_element_by_id(f"lang-{locale}").getparent().find(".//tbody/tr")
    return [item.text_content() for item in row.iter("li")]


@pytest.mark.parametrize("width", WIDTHS)
def test_chart_labels_clear_the_band_and_every_tick_shows_whole(
    browser_page: Any, width: int
) -> None:
    browser_page.set_viewport_size({"width": width, "height": 800})
    charts = browser_page.query_selector_all("svg.chart")
    assert len(charts) == 3  # en, es, ar: each has grades
    for chart in charts:
        geometry = chart.evaluate(CHART_GEOMETRY)
        svg, bands = geometry["svg"], geometry["bands"]
        assert len(bands) == geometry["rows"] >= 1 and len(geometry["ticks"]) >= 11, geometry
        for label in geometry["names"] + geometry["ticks"]:
            clash = [band for band in bands if _intersects(label, band)]
            assert not clash, (width, label, clash)
            assert _inside(label, svg), (width, label, svg)
        zero = geometry["ticks"][0]
        assert zero["text"] == "0" and zero["right"] - zero["left"] > 3


def test_text_marks_long_sentences_and_hard_words_with_source_lines(report_dir: Path) -> None:
    data = json.loads((report_dir / "report.json").read_text("utf-8"))
    (entry,) = [
        e for e in data["documents"] if e["locale"] == "en" and e["source"].endswith(NCI_SEED.name)
    ]
    dom = _page(report_dir)
    article = dom.get_element_by_id(f"doc-en-{entry['slug']}").getparent()
    legend = article.find_class("legend")
    assert legend and {m.get("class") for m in legend[0].iter("mark")} == {"long", "hard"}
    (text,) = article.find_class("text")
    marked = [m for m in text.iter("mark") if m.get("class") == "long"]
    assert len(marked) == len(entry["long_sentences"]) >= 20
    note = entry["long_sentences"][0]
    (mark,) = [m for m in marked if m.text_content() == note["text"]]
    passage = mark.getparent().getparent()
    assert passage.find_class("line")[0].text_content() == f"Line {note['line']}"
    assert mark.getnext().text_content() == f"{note['words']} words"
    word = next(w for w in entry["hard_words"] if w["word"] == "lymphoblastic")
    hard = [m for m in text.iter("mark") if m.get("class") == "hard"]
    first = next(m for m in hard if m.text_content().casefold() == "lymphoblastic")
    lines = [p for p in first.iterancestors() if "passage" in (p.get("class") or "")]
    assert lines[0].find_class("line")[0].text_content() == f"Line {word['line']}"


def test_report_with_marked_text_and_rtl_chart_passes_axe(report_dir: Path) -> None:
    require_axe()
    page = report_dir / "report.html"
    assert axe_violations([page]) == {page: []}
