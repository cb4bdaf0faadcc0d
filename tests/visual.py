"""Tests that look at the page (issue 21, point 7): what a patient sees, from pixels and boxes.

Import from tests as ``from visual import ...``.  PDF pages are rasterized with poppler's
``pdftoppm`` (grey, low resolution: enough to see ink and rules, cheap to scan) and read with
Pillow; text positions come from pdfplumber; HTML pages are laid out in Debian's Chromium
through Playwright, as ``carted_export.check.html`` does for axe.

    images = rasterize(pdf)
    assert blank_pages(pdf, footer_mm=22) == []
    with chromium_page() as page:
        assert layout(page, html, 320).overflows is False
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pdfplumber
from PIL import Image

from carted_export.check import tools

if TYPE_CHECKING:
    from playwright.sync_api import Page

DPI = 60
PT_PER_MM = 72 / 25.4
#: A pixel this dark or darker (0 black, 255 white) is ink; paper white and anti-aliasing
#: fringes are lighter.
INK = 230
#: Writing lines: a row of pixels is part of a rule when this share of it is darker than DARK.
DARK = 200
COVERAGE = 0.6
#: Below "My notes", the heading and its instruction are lines of text closer than this; the
#: first gap as tall is the space to write in.
WRITING_GAP_MM = 15
#: Chars may overhang their box by this much (pt) before they count as outside.
TOLERANCE = 1.0
#: Where the article starts: its first paragraph or figure (a missing picture's placeholder
#: too) in ``main``, not inside a box (key points, words to know), a notice, or navigation.
#: The clinic block and the download and language links are outside ``main``.
NOT_ARTICLE = "header, footer, nav, aside, details, .box, [role=note]"
ARTICLE_TOP = f"""() => {{
  const blocks = document.querySelectorAll("main p, main figure, main .figure");
  const first = [...blocks].find(block => !block.closest({NOT_ARTICLE!r}));
  return first ? first.getBoundingClientRect().top + window.scrollY : null;
}}"""
WIDTHS = "() => [document.documentElement.scrollWidth, window.innerWidth]"
Box = tuple[int, int, int, int]  # left, top, right, bottom (pixels)


def rasterize(pdf: Path, dpi: int = DPI) -> list[Image.Image]:
    """Every page of ``pdf`` as a greyscale image (mode ``L``), in page order."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "page"
        command = ["pdftoppm", "-gray", "-r", str(dpi), "-png", str(pdf), str(prefix)]
        subprocess.run(command, check=True, capture_output=True)
        files = sorted(prefix.parent.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[1]))
        images: list[Image.Image] = []
        for file in files:
            with Image.open(file) as image:
                images.append(image.convert("L"))  # convert() loads: the file may go
        return images


def ink_pixels(image: Image.Image, box: Box) -> int:
    """How many pixels inside ``box`` carry ink."""
    return sum(image.crop(box).histogram()[:INK])


def to_pixels(points: float, dpi: int = DPI) -> int:
    return round(points * dpi / 72)


def blank_pages(images: Sequence[Image.Image], footer_mm: float) -> list[int]:
    """Numbers (from 1) of the pages (rasterized at ``DPI``) with no ink above the footer
    band (the page's bottom ``footer_mm``, where the running title and page number are): a
    page that shows only its footer is blank.  Pixels decide, not pdfplumber's objects:
    WeasyPrint paints the page's white background as a rectangle on every page, and a
    pattern fill has no colour to read."""
    blank = []
    band = to_pixels(footer_mm * PT_PER_MM)
    for number, image in enumerate(images, start=1):
        if ink_pixels(image, (0, 0, image.width, image.height - band)) == 0:
            blank.append(number)
    return blank


@dataclass(frozen=True, slots=True)
class Stray:
    """A line of text (or part of one) that lies outside where text may be on its page."""

    page: int  # from 1
    where: str  # "outside the page" or "in the side margin"
    overshoot: float  # pt beyond the edge it crosses
    text: str  # the whole line the stray chars are on

    def format(self) -> str:
        return f"page {self.page}: {self.overshoot:.1f} pt {self.where}: {self.text[:70]!r}"


def _overshoot(char: dict[str, Any], left: float, right: float, top: float, bottom: float) -> float:
    x0, x1, y0, y1 = (float(char[key]) for key in ("x0", "x1", "top", "bottom"))
    return max(left - x0, x1 - right, top - y0, y1 - bottom)


def text_outside_page(pdf: Path, side_margin_mm: float) -> list[Stray]:
    """Text drawn off the page (beyond its media box), or running into the left or right
    page margin (``side_margin_mm``: the content area's inset; the footer's margin boxes
    share it), one entry per offending line."""
    strays: dict[tuple[int, int], Stray] = {}
    inset = side_margin_mm * PT_PER_MM
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            width, height = float(page.width), float(page.height)
            for char in page.chars:
                if not char["text"].strip():
                    continue
                off = _overshoot(char, 0, width, 0, height)
                into = _overshoot(char, inset, width - inset, 0, height)
                if max(off, into) <= TOLERANCE:
                    continue
                key = (number, round(char["top"]))
                where, by = (
                    ("outside the page", off) if off > TOLERANCE else ("in the margin", into)
                )
                if key not in strays or by > strays[key].overshoot:
                    line = "".join(c["text"] for c in page.chars if round(c["top"]) == key[1])
                    strays[key] = Stray(number, where, by, line)
    return [strays[key] for key in sorted(strays)]


def _reads(line: str, heading: str) -> bool:
    """pdfplumber gives Arabic in visual order, its lam-alef ligatures in logical order: a
    line whose letters are the heading's counts as the heading (the whole line, so a
    sentence that contains the words does not)."""
    return sorted(line.replace(" ", "")) == sorted(heading.replace(" ", ""))


def writing_areas(pdf: Path, heading: str) -> list[tuple[int, float, float]]:
    """``(page index from 0, top, bottom)`` in pt of the space left to write in after each
    line that reads ``heading`` ("My notes"): it starts below the text run under the heading
    (the heading and its instruction, lines closer than ``WRITING_GAP_MM``) and ends at the
    next line of text (the footer, at the latest)."""
    gap = WRITING_GAP_MM * PT_PER_MM
    areas = []
    with pdfplumber.open(pdf) as document:
        for index, page in enumerate(document.pages):
            lines = sorted(page.extract_text_lines(), key=lambda line: float(line["top"]))
            starts = [n for n, line in enumerate(lines) if _reads(line["text"], heading)]
            for start in starts:
                top, bottom = float(lines[start]["bottom"]), float(page.height)
                for line in lines[start + 1 :]:
                    if float(line["top"]) - top >= gap:
                        bottom = float(line["top"])
                        break
                    top = max(top, float(line["bottom"]))
                areas.append((index, top, bottom))
    return areas


def ruled_lines(image: Image.Image, box: Box, dark: int = DARK, coverage: float = COVERAGE) -> int:
    """Horizontal rules inside ``box`` of a greyscale image: runs of adjacent pixel rows in
    which more than ``coverage`` of the pixels are darker than ``dark``.  Text never fills a
    row that much; a writing line (or a border) does."""
    region = image.crop(box).point(lambda value: 255 if value < dark else 0)
    # A 1-pixel-wide box resize is each row's mean: 255 * its share of dark pixels.
    shares = region.resize((1, region.height), Image.Resampling.BOX).tobytes()
    runs, inside = 0, False
    for share in shares:
        rule = share > coverage * 255
        if rule and not inside:
            runs += 1
        inside = rule
    return runs


def notes_lines(
    pdf: Path, heading: str, margins_mm: tuple[float, float], images: Sequence[Image.Image]
) -> dict[int, int]:
    """For each page with ``heading`` ("My notes", translated): page number (from 1) -> the
    writing lines drawn in the space after it (:func:`writing_areas`), across the content
    width and above the footer band.  ``margins_mm`` is (side margin, bottom margin);
    ``images`` are the pages rasterized at ``DPI``."""
    side, footer = (to_pixels(mm * PT_PER_MM) for mm in margins_mm)
    counts = {}
    for index, top, bottom in writing_areas(pdf, heading):
        image = images[index]
        lowest = min(to_pixels(bottom), image.height - footer)
        counts[index + 1] = ruled_lines(image, (side, to_pixels(top), image.width - side, lowest))
    return counts


@dataclass(frozen=True, slots=True)
class Layout:
    """An HTML page as Chromium laid it out at one viewport width (CSS px)."""

    width: int
    scroll_width: int  # the document's, documentElement.scrollWidth
    inner_width: int  # the window's
    article_top: float | None  # top of the article's first block (ARTICLE_TOP), from the page top

    @property
    def overflows(self) -> bool:
        return self.scroll_width > self.inner_width


@contextmanager
def chromium_page() -> Iterator[Page]:
    """One tab of Debian's Chromium (never a downloaded one) that loads only local files."""
    from playwright.sync_api import sync_playwright  # heavy: only when a test needs it

    chromium = tools.chromium()
    if chromium is None:
        raise FileNotFoundError("chromium not found (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), args=list(tools.CHROMIUM_ARGS)
        )
        try:
            context = browser.new_context()
            context.route("**/*", _local_only)
            yield context.new_page()
        finally:
            browser.close()


def _local_only(route: Any) -> None:
    if route.request.url.startswith(("file:", "data:")):
        route.continue_()
    else:
        route.abort()


def _load(page: Page, html: Path, width: int, height: int) -> None:
    """Open ``html`` in a window ``width`` px wide, so media queries apply from the start."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(html.resolve().as_uri(), wait_until="load")


def layout(page: Page, html: Path, width: int, height: int = 800) -> Layout:
    _load(page, html, width, height)
    scroll_width, inner_width = page.evaluate(WIDTHS)
    top = page.evaluate(ARTICLE_TOP)
    return Layout(width, int(scroll_width), int(inner_width), None if top is None else float(top))


def layouts(page: Page, html: Path, widths: Sequence[int]) -> list[Layout]:
    return [layout(page, html, width) for width in widths]


def screenshot(page: Page, html: Path, target: Path, width: int, screens: int = 2) -> Path:
    """The first ``screens`` screens (800 px tall each) of ``html`` at ``width``, as a PNG."""
    height = 800
    _load(page, html, width, height)
    target.parent.mkdir(parents=True, exist_ok=True)
    clip = {"x": 0, "y": 0, "width": width, "height": height * screens}
    page.screenshot(path=str(target), full_page=True, clip=clip)  # type: ignore[arg-type]
    return target
