"""A fold-and-staple booklet from a finished A5 (or half-Letter) leaflet (issue 21, point 4).

The leaflet's pages are imposed two-up on A4 (or Letter) landscape sheets in saddle-stitch
order, as ``pdfjam --booklet true --landscape`` and ``pdfbook2`` do: the page count is padded
with blank pages at the end to a multiple of 4, and for ``m`` padded pages sheet ``s``
(0-based) carries pages ``m - 2s`` and ``2s + 1`` on its front, ``2s + 2`` and ``m - 2s - 1``
on its back (1-based page numbers, left half first).  For 8 pages: sheet 1 front [8, 1],
back [2, 7]; sheet 2 front [6, 3], back [4, 5].  A right-to-left leaflet binds on the other
side, so every side is mirrored: front [1, 8], back [7, 2], ...

Why the back sides are not rotated: the sheets are landscape, and "flip on short edge"
turns the sheet over about an axis parallel to its short edges, i.e. the vertical axis of
the landscape page.  Turned that way the back keeps its top at the top and is mirrored left
to right, so the page printed on the back's left half lies behind the front's right half:
page 2 behind page 1, page ``m - 1`` behind page ``m``.  That is the order above, upright.
(A long-edge flip turns the sheet about its horizontal axis; the back would come out upside
down and would need a 180° rotation.  We do not offer that: the file asks for a short-edge
flip in its viewer preferences, and every duplex printer has that setting.)

Pages are placed with pypdf (blank pages and ``merge_transformed_page``); no PDF syntax is
written here.  The result is a print file, not an accessible document: it has no structure
tree, its links are dropped (paper cannot be clicked), and its metadata says so and names
the tagged leaflet that is.  The same input gives the same bytes: the dates come from the
leaflet, the file identifier from ``identifier`` (or from the leaflet's bytes).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Literal

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    NameObject,
    TextStringObject,
)

from carted_export.errors import RenderError

_MM = 72 / 25.4
#: The first keyword of an imposed booklet: ``carted-export check`` reports such a file as a
#: print file (untagged by design) instead of failing it.
PRINT_FILE_KEYWORD = "print file"
#: How far a page may be from its nominal size (WeasyPrint's A5 is 419.528 x 595.276 pt).
TOLERANCE_PT = 1.0


@dataclass(frozen=True, slots=True)
class BookletFormat:
    """A leaflet page size and the landscape sheet that takes two of them side by side
    (A4 is 297 mm wide, 1 mm more than two A5 pages: the pages meet at the sheet's middle)."""

    page: str
    sheet: str
    page_width: float
    page_height: float
    sheet_width: float
    sheet_height: float

    def halves(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """Where the lower left corners of the left and right pages go on the sheet."""
        fold, bottom = self.sheet_width / 2, (self.sheet_height - self.page_height) / 2
        return (fold - self.page_width, bottom), (fold, bottom)

    def fits(self, width: float, height: float) -> bool:
        return (
            abs(width - self.page_width) <= TOLERANCE_PT
            and abs(height - self.page_height) <= TOLERANCE_PT
        )


A5_ON_A4 = BookletFormat("A5", "A4", 148 * _MM, 210 * _MM, 297 * _MM, 210 * _MM)
HALF_LETTER_ON_LETTER = BookletFormat(
    "half Letter", "Letter", 5.5 * 72, 8.5 * 72, 11 * 72, 8.5 * 72
)
FORMATS = (A5_ON_A4, HALF_LETTER_ON_LETTER)


@dataclass(frozen=True, slots=True)
class Side:
    """One printed side of a sheet: the 0-based leaflet page on each half, None if blank."""

    left: int | None
    right: int | None


@dataclass(frozen=True, slots=True)
class Booklet:
    """The imposed print file and what it holds."""

    pdf: bytes
    format: BookletFormat
    leaflet_pages: int
    blank_pages: int

    @property
    def sheets(self) -> int:
        """Physical sheets; the PDF has two pages (front and back) per sheet."""
        return (self.leaflet_pages + self.blank_pages) // 4


def saddle_stitch_sides(page_count: int, direction: Literal["ltr", "rtl"] = "ltr") -> list[Side]:
    """The sides to print, front and back of each sheet in turn, for ``page_count`` pages
    padded at the end to a multiple of 4 (pad pages are None)."""
    padded = -(-page_count // 4) * 4

    def page(number: int) -> int | None:  # 1-based in, 0-based out
        return number - 1 if number <= page_count else None

    sides: list[Side] = []
    for s in range(padded // 4):
        outer, inner = padded - 2 * s, 2 * s + 1
        sides.append(Side(page(outer), page(inner)))  # front
        sides.append(Side(page(inner + 1), page(outer - 1)))  # back
    if direction == "rtl":
        return [Side(side.right, side.left) for side in sides]
    return sides


def impose_booklet(
    pdf: bytes,
    *,
    title: str,
    lang: str,
    accessible_version: str,
    identifier: bytes | None = None,
    direction: Literal["ltr", "rtl"] = "ltr",
    source: str | None = None,
) -> Booklet:
    """``pdf`` (an A5 or half-Letter portrait leaflet) as a saddle-stitch booklet on A4 or
    Letter landscape sheets, for duplex printing flipped on the short edge.

    ``title`` and ``lang`` are the leaflet's; ``accessible_version`` names the accessible
    file to use instead (e.g. ``"leaflet.pdf"``); ``identifier`` is the file's /ID (default:
    derived from ``pdf``); ``source`` names the leaflet in errors.  Raises
    :class:`RenderError` for a file pypdf cannot read or pages of another size.
    """
    try:
        reader = PdfReader(BytesIO(pdf))
        pages = list(reader.pages)
    except (PyPdfError, ValueError) as exc:
        raise RenderError(f"cannot read the leaflet to make a booklet: {exc}", source) from exc
    fmt = booklet_format(pages, source)
    writer = PdfWriter()
    writer.pdf_header = reader.pdf_header
    for side in saddle_stitch_sides(len(pages), direction):
        sheet = writer.add_blank_page(fmt.sheet_width, fmt.sheet_height)
        for corner, index in zip(fmt.halves(), (side.left, side.right), strict=True):
            if index is not None:
                _place(sheet, pages[index], corner)
    writer.remove_annotations(subtypes=None)
    for sheet in writer.pages:
        if "/Annots" in sheet:  # emptied by remove_annotations
            del sheet[NameObject("/Annots")]
        sheet.compress_content_streams()
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    _describe(writer, reader, fmt, title=title, lang=lang, accessible=accessible_version)
    # pypdf has no public setter for /ID, and generate_file_identifiers() draws random bytes.
    file_id = ByteStringObject(identifier or hashlib.sha256(pdf).digest()[:16])
    writer._ID = ArrayObject([file_id, file_id])
    out = BytesIO()
    writer.write(out)
    padded = len(writer.pages) * 2
    return Booklet(out.getvalue(), fmt, len(pages), padded - len(pages))


def booklet_format(pages: Sequence[PageObject], source: str | None = None) -> BookletFormat:
    """The format every page of the leaflet has, or a :class:`RenderError` saying why not."""
    if not pages:
        raise RenderError("cannot make a booklet of a leaflet with no pages", source)
    sizes = list(_page_sizes(pages))
    fmt = next((f for f in FORMATS if f.fits(*sizes[0])), None)
    if fmt is not None and all(fmt.fits(*size) for size in sizes):
        return fmt
    number, (width, height) = next(
        (n, size) for n, size in enumerate(sizes, 1) if fmt is None or not fmt.fits(*size)
    )
    raise RenderError(
        f"a booklet needs A5 (148 x 210 mm) or half-Letter (5.5 x 8.5 in) portrait pages, "
        f"all of one size; page {number} is {width / _MM:.0f} x {height / _MM:.0f} mm; "
        "render the leaflet with @page { size: A5 } or { size: 5.5in 8.5in }",
        source,
    )


def _page_sizes(pages: Sequence[PageObject]) -> Iterator[tuple[float, float]]:
    for page in pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        yield (height, width) if page.rotation % 180 else (width, height)


def _place(sheet: PageObject, page: PageObject, corner: tuple[float, float]) -> None:
    """Draw ``page`` on ``sheet`` with its lower left corner at ``corner``, unscaled."""
    if page.rotation % 360:
        page.transfer_rotation_to_content()
    box = page.mediabox
    x, y = corner
    move = Transformation().translate(x - float(box.left), y - float(box.bottom))
    sheet.merge_transformed_page(page, move)


def _describe(
    writer: PdfWriter,
    reader: PdfReader,
    fmt: BookletFormat,
    *,
    title: str,
    lang: str,
    accessible: str,
) -> None:
    """Metadata and viewer preferences that say what the file is and how to print it."""
    info: dict[str, str] = {
        "/Title": f"{title} (booklet for printing)",
        "/Subject": (
            f"Print file: {fmt.page} booklet imposed on {fmt.sheet} landscape, "
            "saddle-stitch. Print double-sided, flip on short edge, fold and staple. "
            f"Not an accessible document; the accessible version is {accessible}."
        ),
        "/Keywords": f"{PRINT_FILE_KEYWORD}; booklet; saddle-stitch; {fmt.page} on {fmt.sheet}",
        "/Producer": "carted-export (pypdf)",
    }
    source_info = reader.metadata
    for key in ("/Author", "/Creator", "/CreationDate", "/ModDate"):
        if source_info is not None and key in source_info:
            info[key] = str(source_info[key])
    writer.metadata = info
    writer.root_object[NameObject("/Lang")] = TextStringObject(lang)
    preferences = writer.create_viewer_preferences()
    # Set as keys: pypdf adds these properties at run time, where mypy cannot see them.
    preferences[NameObject("/Duplex")] = NameObject("/DuplexFlipShortEdge")
    # "Fit to page" would shrink the pages and move the fold off the middle of the sheet.
    preferences[NameObject("/PrintScaling")] = NameObject("/None")
    preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
