"""Print contrast: every word drawn in the leaflets has >= 7:1 contrast with what is really
behind it on the page (white paper, or a tinted box: notices, notes, table headers).

The text colour of each word comes from pdfplumber (any colour space); the background is
measured on the page rendered by poppler (``pdftoppm``): the most common pixel colour in
the word's box, so tints, rings and anything else drawn under the text count as drawn.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from conftest import LEAFLET_LOCALES

RGB = tuple[float, float, float]
DPI = 100


def luminance(rgb: RGB) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def as_rgb(colour: object) -> RGB:
    """A PDF fill colour (gray, RGB or CMYK components) as RGB; anything else fails."""
    values = tuple(float(v) for v in colour) if isinstance(colour, (tuple, list)) else ()
    if len(values) == 1:
        return (values[0],) * 3  # type: ignore[return-value]
    if len(values) == 3:
        return values  # type: ignore[return-value]
    if len(values) == 4:
        c, m, y, k = values
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    raise AssertionError(f"unexpected text colour {colour!r}")


def words_on_backgrounds(pdf_path: Path, work: Path) -> Iterator[tuple[str, RGB, RGB]]:
    """Each drawn word with its fill colour and the colour measured behind it."""
    prefix = work / pdf_path.stem
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(pdf_path), str(prefix)], check=True)
    pages = sorted(work.glob(f"{pdf_path.stem}-*.png"))
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pages) == len(pdf.pages)
        for page, png in zip(pdf.pages, pages, strict=True):
            with Image.open(png) as raw:
                image = raw.convert("RGB")
            scale = image.width / float(page.width)
            for word in page.extract_words(extra_attrs=["non_stroking_color"]):
                box = tuple(round(word[key] * scale) for key in ("x0", "top", "x1", "bottom"))
                colours = image.crop(box).getcolors(maxcolors=1 << 20) or []
                if not colours:
                    continue
                _count, behind = max(colours)
                background = tuple(channel / 255 for channel in behind)
                yield word["text"], as_rgb(word["non_stroking_color"]), background  # type: ignore[misc]


@pytest.mark.parametrize("locale", LEAFLET_LOCALES)
def test_leaflet_text_contrast_is_at_least_7_to_1(
    leaflet_build: Path, locale: str, tmp_path: Path
) -> None:
    for pdf in sorted((leaflet_build / locale).glob("*.pdf")):
        measured = list(words_on_backgrounds(pdf, tmp_path))
        assert len(measured) > 100, f"too few words found in {pdf.name}"
        assert any(background != (1.0, 1.0, 1.0) for _w, _c, background in measured), (
            "no word on a tinted box: the background measurement is not exercised"
        )
        worst = min(measured, key=lambda item: contrast(item[1], item[2]))
        ratio = contrast(worst[1], worst[2])
        assert ratio >= 7.0, f"{pdf.name}: {worst[0]!r} has only {ratio:.2f}:1"


def test_the_check_sees_the_real_background(tmp_path: Path) -> None:
    """Dark text that passes on white fails on a dark tint: the old white-paper check
    would have passed this leaflet."""
    import weasyprint

    html = (
        '<html lang="en"><body style="font-size:14pt">'
        '<p style="color:#333">Fine on white paper.</p>'
        '<p style="background:#777;color:#333">Hard to read on grey.</p>'
        '<p style="color:#9a9a9a">Too light.</p></body></html>'
    )
    pdf = tmp_path / "grey.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf)
    ratios = {word: contrast(c, b) for word, c, b in words_on_backgrounds(pdf, tmp_path)}
    assert ratios["Fine"] >= 7.0
    assert ratios["Hard"] < 3.0 and ratios["Too"] < 4.5
