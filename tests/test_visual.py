"""Tests that look at the page (issue 21, point 7): the leaflet test root (the seeds in en, es,
ar and zh_Hans) in standard and large print, judged by what a patient sees.

- every PDF page is rasterized: none is blank, no text lies off the page or in its side
  margins, the "My notes" page has writing lines (counted from pixels), and the page count is
  even (duplex printing);
- every HTML page, the download page and report.html are laid out in Chromium at 320 and
  1280 px: none is wider than the window; at 360 px the article's first paragraph starts
  within the first 900 px.

The root is built once per print size (the builds other tests share); each test names its
size, locale and seed, and its message the file and page.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image

from carted_export.i18n.ui import ui_translations
from visual import (
    PT_PER_MM,
    blank_pages,
    chromium_page,
    layout,
    notes_lines,
    rasterize,
    ruled_lines,
    text_outside_page,
    to_pixels,
)

from conftest import (
    LARGE_PRINT,
    LEAFLET,
    LEAFLET_LOCALES,
    LEAFLET_ROOT,
    SEED_EPOCH,
    BuildRoot,
)
from validators import require_browser

if TYPE_CHECKING:
    from playwright.sync_api import Page

SEEDS = sorted((LEAFLET_ROOT / LEAFLET["build"]["sources"][0]).glob("*.txt"))
LOCALES = LEAFLET_LOCALES
LOCALES_DIR = LEAFLET_ROOT / LEAFLET["project"]["locales_dir"]


@dataclass(frozen=True, slots=True)
class PrintSize:
    """The leaflet page's margins (mm), as print.css sets them for A4."""

    side: float
    bottom: float  # the footer band: running title and page number


SIZES = {"standard": PrintSize(side=18, bottom=22), "large": PrintSize(side=18, bottom=32)}
WIDTHS = (320, 1280)
PHONE = 360
#: At 360 px the first paragraph of the article must start this high (CSS px from the top).
FIRST_SCREEN = 900
MIN_NOTES_LINES = 5

#: The build of the leaflet test root in each print size, shared with the other tests.
SIZE_FLAGS: dict[str, tuple[str, ...]] = {"standard": (), "large": LARGE_PRINT}


class Builds:
    """The leaflet root built once per print size, on first use; rasterized pages kept."""

    def __init__(self, root: Path, root_build: BuildRoot) -> None:
        self.root = root
        self._root_build = root_build
        self._outs: dict[str, Path] = {}
        self._report: Path | None = None
        self._pages: dict[Path, list[Image.Image]] = {}

    def out(self, size: str) -> Path:
        if size not in self._outs:
            self._outs[size] = self._root_build("leaflet", *SIZE_FLAGS[size])
        return self._outs[size]

    def outputs(self, size: str, locale: str, seed: Path, suffix: str) -> list[Path]:
        """The files made from ``seed`` in ``locale`` whose path ends with ``suffix``."""
        out = self.out(size)
        entries = json.loads((out / "manifest.json").read_text("utf-8"))["outputs"]
        found = [
            out / entry["path"]
            for entry in entries
            if Path(entry["source"]).name == seed.name
            and entry["locale"] == locale
            and entry["path"].endswith(suffix)
        ]
        assert found, f"no {suffix} from {seed.name} in {locale} in {out / 'manifest.json'}"
        return sorted(found)

    def report(self) -> Path:
        """report.html of the root, as `make build` makes it (in a folder of its own: the
        standard build is shared)."""
        if self._report is None:
            out = self.root / "report"
            config = LEAFLET_ROOT / "carted-export.toml"
            command = [sys.executable, "-m", "carted_export", "report", "--config", str(config)]
            env = {**os.environ, "SOURCE_DATE_EPOCH": SEED_EPOCH}
            result = subprocess.run(
                [*command, "--out", str(out)], capture_output=True, text=True, env=env
            )
            assert result.returncode == 0, f"carted-export report failed:\n{result.stderr}"
            self._report = out / "report.html"
        return self._report

    def pages(self, pdf: Path) -> list[Image.Image]:
        if pdf not in self._pages:
            self._pages[pdf] = rasterize(pdf)
        return self._pages[pdf]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory, root_build: BuildRoot) -> Builds:
    return Builds(tmp_path_factory.mktemp("visual"), root_build)


def name(pdf: Path) -> str:
    return f"{pdf.parent.name}/{pdf.name}"


PDF_CASES = [
    pytest.param(size, locale, seed, id=f"{size}-{locale}-{seed.stem}")
    for size in SIZES
    for locale in LOCALES
    for seed in SEEDS
]


@pytest.mark.parametrize(("size", "locale", "seed"), PDF_CASES)
def test_no_page_is_blank(builds: Builds, size: str, locale: str, seed: Path) -> None:
    """Every page shows something above its footer (a blank page in the middle of a leaflet
    reads as a missing page; a duplex pad page has writing lines, as notes are on)."""
    blank = {
        name(pdf): pages
        for pdf in builds.outputs(size, locale, seed, ".pdf")
        if (pages := blank_pages(builds.pages(pdf), SIZES[size].bottom))
    }
    assert blank == {}, f"pages with nothing but the footer: {blank}"


@pytest.mark.parametrize(("size", "locale", "seed"), PDF_CASES)
def test_no_text_outside_the_page(builds: Builds, size: str, locale: str, seed: Path) -> None:
    """No char is drawn beyond the page's edges (it would be cut off) or into its left or
    right margin (a line running past the text column, a printer may trim it)."""
    strays = {
        name(pdf): [stray.format() for stray in found]
        for pdf in builds.outputs(size, locale, seed, ".pdf")
        if (found := text_outside_page(pdf, SIZES[size].side))
    }
    assert strays == {}, json.dumps(strays, indent=1, ensure_ascii=False)


@pytest.mark.parametrize(("size", "locale", "seed"), PDF_CASES)
def test_notes_page_has_writing_lines(builds: Builds, size: str, locale: str, seed: Path) -> None:
    """Under each "My notes" heading, at least MIN_NOTES_LINES rules a pen can follow,
    counted from the pixels of the rasterized page (not from the CSS that asks for them)."""
    heading = ui_translations(locale, LOCALES_DIR).gettext("My notes")
    geometry = SIZES[size]
    for pdf in builds.outputs(size, locale, seed, ".pdf"):
        counts = notes_lines(pdf, heading, (geometry.side, geometry.bottom), builds.pages(pdf))
        assert counts, f"{name(pdf)}: no page with the heading {heading!r}"
        short = {page: lines for page, lines in counts.items() if lines < MIN_NOTES_LINES}
        assert short == {}, (
            f"{name(pdf)}: writing lines under {heading!r} by page: {counts} "
            f"(at least {MIN_NOTES_LINES} wanted)"
        )


@pytest.mark.parametrize(("size", "locale", "seed"), PDF_CASES)
def test_page_count_is_even(builds: Builds, size: str, locale: str, seed: Path) -> None:
    """A leaflet printed double-sided ends on the back of a sheet (no sheet half used)."""
    counts = {
        name(pdf): len(builds.pages(pdf)) for pdf in builds.outputs(size, locale, seed, ".pdf")
    }
    odd = {pdf: count for pdf, count in counts.items() if count % 2}
    assert odd == {}, f"odd page counts: {odd} (all: {counts})"


# --- HTML in Chromium ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Page]:
    require_browser()
    with chromium_page() as page:
        yield page


HTML_CASES = [(locale, seed) for locale in LOCALES for seed in SEEDS]
#: Every HTML page a patient or an editor opens: the articles, the download page, the report.
PAGES = [
    *(
        pytest.param("article", locale, seed, id=f"{locale}-{seed.stem}")
        for locale, seed in HTML_CASES
    ),
    pytest.param("index", "", None, id="index"),
    pytest.param("report", "", None, id="report"),
]


def html_file(builds: Builds, kind: str, locale: str, seed: Path | None) -> Path:
    if kind == "report":
        return builds.report()
    if kind == "index":
        return builds.out("standard") / "index.html"
    assert seed is not None
    [html] = builds.outputs("standard", locale, seed, ".html")
    return html


@pytest.mark.validators
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("kind", "locale", "seed"), PAGES)
def test_page_is_no_wider_than_the_window(
    builds: Builds, browser: Page, kind: str, locale: str, seed: Path | None, width: int
) -> None:
    """WCAG 1.4.10 reflow, and a report an editor reads without scrolling sideways."""
    html = html_file(builds, kind, locale, seed)
    measured = layout(browser, html, width)
    assert not measured.overflows, (
        f"{html.name} at {width}px: scrollWidth {measured.scroll_width} > "
        f"innerWidth {measured.inner_width}"
    )


@pytest.mark.validators
@pytest.mark.parametrize(
    ("locale", "seed"), [pytest.param(*case, id=f"{case[0]}-{case[1].stem}") for case in HTML_CASES]
)
def test_article_starts_on_the_first_phone_screen(
    builds: Builds, browser: Page, locale: str, seed: Path
) -> None:
    """A patient who scans the QR code reads the article first, not the clinic block."""
    [html] = builds.outputs("standard", locale, seed, ".html")
    measured = layout(browser, html, PHONE)
    assert measured.article_top is not None, f"{name(html)}: no article paragraph in main"
    assert measured.article_top <= FIRST_SCREEN, (
        f"{name(html)} at {PHONE}px: the first paragraph of the article starts at "
        f"{measured.article_top:.0f}px (at most {FIRST_SCREEN}px wanted)"
    )


# --- the harness itself, on drawn pages: each measure sees what it must ---------------------


def test_ruled_lines_counts_rules_not_text() -> None:
    """Three rules of different greys and thickness count; a line of "text" (short dark
    runs, as glyphs are) and a rule shorter than COVERAGE of the width do not."""
    from PIL import ImageDraw

    image = Image.new("L", (400, 300), 255)
    draw = ImageDraw.Draw(image)
    for y, grey, thick in ((40, 118, 1), (80, 0, 3), (120, 150, 2)):
        draw.rectangle((10, y, 390, y + thick - 1), fill=grey)
    for x in range(10, 390, 10):  # glyphs: 5 px of ink, 5 px of space
        draw.rectangle((x, 160, x + 4, 170), fill=0)
    draw.rectangle((10, 200, 200, 201), fill=0)  # under half the width
    assert ruled_lines(image, (0, 0, 400, 300)) == 3
    assert ruled_lines(image, (0, 60, 400, 300)) == 2


def test_blank_pages_ignore_the_footer_band() -> None:
    """A page with ink only in its footer band is blank; a dot above it is not."""
    from PIL import ImageDraw

    band = to_pixels(SIZES["standard"].bottom * PT_PER_MM)
    footer_only, dotted = (Image.new("L", (496, 702), 255) for _ in range(2))
    for image in (footer_only, dotted):
        ImageDraw.Draw(image).text((40, 702 - band + 10), "Page 1 of 2", fill=0)
    ImageDraw.Draw(dotted).rectangle((200, 300, 201, 301), fill=0)
    assert blank_pages([footer_only, dotted], SIZES["standard"].bottom) == [1]
