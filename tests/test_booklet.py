"""The saddle-stitch booklet (issue 21, point 4): real leaflets laid out by WeasyPrint,
imposed, and read back; the page order comes from the text found on each half-sheet."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from functools import cache
from typing import Literal

import pdfplumber
import pikepdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from carted_export.errors import RenderError
from carted_export.render.booklet import impose_booklet, saddle_stitch_sides
from carted_export.render.pdf import write_leaflet_pdf

A4_LANDSCAPE = (841.89, 595.28)
LETTER_LANDSCAPE = (792.0, 612.0)
A5_WIDTH = 419.53
HALF_LETTER = "5.5in 8.5in"
IDENTIFIER = b"booklet-test"

#: 1-based page numbers [left, right] on each side, front and back of each sheet in turn;
#: None is a blank pad page.  Written out by hand, as a print shop's imposition sheet shows.
EXPECTED = {
    1: [[None, 1], [None, None]],
    4: [[4, 1], [2, 3]],
    5: [[None, 1], [2, None], [None, 3], [4, 5]],
    8: [[8, 1], [2, 7], [6, 3], [4, 5]],
    9: [[None, 1], [2, None], [None, 3], [4, 9], [8, 5], [6, 7]],
}


@cache
def leaflet(pages: int, size: str = "A5", odd_page: int = 0) -> bytes:
    """A tagged leaflet of ``pages`` pages, each saying "PAGE n" in big type, with a link on
    page 1; page ``odd_page`` (if any) is A4, to make a leaflet of mixed sizes."""
    sections = "".join(
        f"<section{' class=odd' if n == odd_page else ''}><h1>PAGE {n}</h1>"
        + ('<p><a href="https://example.org/">online</a></p>' if n == 1 else "")
        + "</section>"
        for n in range(1, pages + 1)
    )
    html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Test leaflet</title>
<meta name="dcterms.created" content="2026-01-15">
<meta name="dcterms.modified" content="2026-01-16">
<style>
@page {{ size: {size}; margin: 15mm }}
@page odd {{ size: A4 }}
section {{ break-after: page }}
section:last-child {{ break-after: auto }}
.odd {{ page: odd }}
h1 {{ font-size: 54pt; margin: 0 }}
</style></head><body>{sections}</body></html>"""
    return write_leaflet_pdf(html, None, identifier=b"leaflet")


def impose(pdf: bytes, direction: Literal["ltr", "rtl"] = "ltr") -> bytes:
    booklet = impose_booklet(
        pdf,
        title="Test leaflet",
        lang="en",
        accessible_version="leaflet.pdf",
        identifier=IDENTIFIER,
        direction=direction,
    )
    return booklet.pdf


def page_number(text: str) -> int | None:
    """The number a half-sheet shows, None if it is blank."""
    if not text.strip():
        return None
    found = re.fullmatch(r"PAGE (\d+)(\s+online)?", text.strip())
    assert found, f"unexpected text on a half-sheet: {text!r}"
    return int(found.group(1))


def halves(pdf: bytes) -> list[list[int | None]]:
    """The page number on the left and right half of every side, read from the text."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [
            [
                page_number(side.crop((0, 0, side.width / 2, side.height)).extract_text()),
                page_number(side.crop((side.width / 2, 0, side.width, side.height)).extract_text()),
            ]
            for side in doc.pages
        ]


def sizes(pdf: bytes) -> list[tuple[float, float]]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return [(float(p.mediabox[2]), float(p.mediabox[3])) for p in doc.pages]


@pytest.mark.parametrize("pages", sorted(EXPECTED))
def test_pages_lie_in_saddle_stitch_order(pages: int) -> None:
    assert halves(impose(leaflet(pages))) == EXPECTED[pages]


@pytest.mark.parametrize("pages", sorted(EXPECTED))
def test_two_sides_per_sheet_all_a4_landscape(pages: int) -> None:
    booklet = impose_booklet(leaflet(pages), title="T", lang="en", accessible_version="leaflet.pdf")
    sheets = -(-pages // 4)
    assert (booklet.leaflet_pages, booklet.sheets) == (pages, sheets)
    assert booklet.blank_pages == 4 * sheets - pages
    assert len(sizes(booklet.pdf)) == 2 * sheets
    for width, height in sizes(booklet.pdf):
        assert width == pytest.approx(A4_LANDSCAPE[0], abs=1)
        assert height == pytest.approx(A4_LANDSCAPE[1], abs=1)


def test_pages_are_placed_unscaled_either_side_of_the_fold() -> None:
    """Each word sits where it sat on its A5 page, moved to its half: nothing is scaled, and
    the pages meet at the middle of the sheet (A4 is 1 mm wider than two A5 pages)."""
    booklet = impose(leaflet(8))
    with pdfplumber.open(io.BytesIO(leaflet(8))) as doc:
        original = doc.pages[0].extract_words()[0]  # "PAGE" on page 1
    with pdfplumber.open(io.BytesIO(booklet)) as doc:
        front = doc.pages[0]
        placed = next(w for w in front.extract_words() if w["x0"] > front.width / 2)
        fold = front.width / 2
    assert placed["text"] == original["text"] == "PAGE"
    assert placed["x0"] - fold == pytest.approx(original["x0"], abs=0.01)
    assert placed["x1"] - placed["x0"] == pytest.approx(original["x1"] - original["x0"], abs=0.01)
    assert placed["top"] == pytest.approx(original["top"], abs=0.01)
    assert fold - A5_WIDTH == pytest.approx(0.5 * 72 / 25.4, abs=0.01)


def test_right_to_left_booklet_mirrors_every_side() -> None:
    expected = [[1, 8], [7, 2], [3, 6], [5, 4]]
    assert halves(impose(leaflet(8), direction="rtl")) == expected


def test_half_letter_leaflet_goes_on_letter_landscape() -> None:
    booklet = impose_booklet(
        leaflet(4, HALF_LETTER), title="T", lang="en", accessible_version="leaflet.pdf"
    )
    assert booklet.format.sheet == "Letter"
    assert halves(booklet.pdf) == EXPECTED[4]
    assert sizes(booklet.pdf) == [pytest.approx(LETTER_LANDSCAPE, abs=1)] * 2
    with pikepdf.open(io.BytesIO(booklet.pdf)) as doc:
        assert "half Letter booklet imposed on Letter landscape" in str(doc.docinfo.Subject)


REFUSED: dict[str, tuple[Callable[[], bytes], str]] = {
    "A4": (lambda: leaflet(4, "A4"), "page 1 is 210 x 297 mm"),
    "A5-landscape": (lambda: leaflet(4, "A5 landscape"), "page 1 is 210 x 148 mm"),
    "mixed-sizes": (lambda: leaflet(4, odd_page=3), "page 3 is 210 x 297 mm"),
    "not-a-pdf": (lambda: b"%PDF-1.7 not really", "cannot read the leaflet"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_other_inputs_are_refused_with_a_clear_error(case: str) -> None:
    pdf, says = REFUSED[case]
    with pytest.raises(RenderError) as error:
        impose_booklet(
            pdf(),
            title="T",
            lang="en",
            accessible_version="leaflet.pdf",
            source="es/leaflet.pdf",
        )
    message = str(error.value)
    assert message.startswith("es/leaflet.pdf: ")
    assert says in message
    if "mm" in says:
        assert "A5 (148 x 210 mm) or half-Letter" in message


def test_metadata_says_it_is_a_print_file() -> None:
    with pikepdf.open(io.BytesIO(leaflet(5))) as source:
        dates = (str(source.docinfo.CreationDate), str(source.docinfo.ModDate))
    with pikepdf.open(io.BytesIO(impose(leaflet(5)))) as doc:
        info, root = doc.docinfo, doc.Root
        assert str(info.Title) == "Test leaflet (booklet for printing)"
        subject = str(info.Subject)
        assert subject.startswith("Print file: A5 booklet imposed on A4 landscape, saddle-stitch")
        assert "flip on short edge" in subject
        assert "the accessible version is leaflet.pdf" in subject
        assert "print file" in str(info.Keywords)
        assert (str(info.CreationDate), str(info.ModDate)) == dates
        assert dates[0].startswith("D:20260115")
        assert str(root.Lang) == "en"
        assert root.ViewerPreferences.Duplex == pikepdf.Name.DuplexFlipShortEdge
        assert root.ViewerPreferences.PrintScaling == pikepdf.Name("/None")
        # Untagged by design (the leaflet is the accessible file); paper has no links.
        assert "/StructTreeRoot" not in root
        assert "/MarkInfo" not in root
        assert "/Metadata" not in root  # the leaflet's XMP claims PDF/UA; this file is not
        assert all("/Annots" not in page for page in doc.pages)


def test_same_leaflet_gives_the_same_bytes() -> None:
    first, second = impose(leaflet(9)), impose(leaflet(9))
    assert first == second
    with pikepdf.open(io.BytesIO(first)) as doc:
        assert [bytes(part) for part in doc.trailer.ID] == [IDENTIFIER, IDENTIFIER]
    derived = [
        impose_booklet(leaflet(9), title="T", lang="en", accessible_version="x.pdf").pdf
        for _ in range(2)
    ]
    assert derived[0] == derived[1]


@given(st.integers(min_value=1, max_value=200))
def test_folded_stack_reads_in_page_order(pages: int) -> None:
    """Fold the stack of sheets and read it: the right half of each sheet's front and the
    left of its back, from the outer sheet inwards, then the other halves outwards."""
    sides = saddle_stitch_sides(pages)
    fronts, backs = sides[0::2], sides[1::2]
    first_half = [p for f, b in zip(fronts, backs, strict=True) for p in (f.right, b.left)]
    second_half = [
        p for f, b in reversed(list(zip(fronts, backs, strict=True))) for p in (b.right, f.left)
    ]
    reading = first_half + second_half
    assert len(reading) % 4 == 0 and len(reading) - pages < 4
    assert reading == [*range(pages), *[None] * (len(reading) - pages)]
