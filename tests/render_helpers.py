"""Documents and contexts for renderer tests, built in code (independent of the readers)."""

from __future__ import annotations

import datetime as dt
import gettext
import struct
import zlib
from dataclasses import replace
from pathlib import Path

from carted_export.config import Paper, PrintSize, RenderContext
from carted_export.document import (
    Document,
    Figure,
    Heading,
    ImageData,
    License,
    ListBlock,
    ListItem,
    Metadata,
    Note,
    NoteKind,
    Origin,
    Paragraph,
    Table,
    TableCell,
    Text,
    TranslationInfo,
)
from carted_export.transforms.cleanup import assign_anchors

EXPORT_DATE = dt.date(2026, 1, 15)


def tiny_png(width: int = 8, height: int = 6, rgb: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    """A valid RGB PNG of one colour, made without Pillow."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def _o(line: int) -> Origin:
    return Origin("sample.md", line)


def sample_document(*, lang: str = "en", fallback: Text | None = None) -> Document:
    """A document with every block kind: headings, nested list, table, figures, note."""
    t = Text
    item_children = (
        ListBlock(_o(9), (ListItem(_o(9), t("Fever over 38 °C")), ListItem(_o(10), t("Chills")))),
    )
    blocks = (
        Paragraph(_o(3), t("CAR T-cell therapy uses **your own** immune cells.")),
        Heading(_o(5), 2, t("How it works")),
        Paragraph(_o(6), fallback or t("See [the NCI page](https://www.cancer.gov/car-t).")),
        ListBlock(
            _o(8),
            (
                ListItem(_o(8), t("Call your care team if you have:"), item_children),
                ListItem(_o(11), t("Trouble *breathing*")),
            ),
        ),
        Heading(_o(13), 3, t("Approved products")),
        Table(
            _o(14),
            head=((TableCell(t("Product"), header=True), TableCell(t("Year"), header=True)),),
            body=(
                (TableCell(t("Kymriah"), header=True), TableCell(t("2017"), align="right")),
                (TableCell(t("Yescarta"), header=True), TableCell(t("2017"), align="right")),
            ),
            caption=t("CAR T products approved by the FDA"),
        ),
        Figure(
            _o(20),
            "t-cell.png",
            alt=t("A red T cell grabbing a cancer cell"),
            caption=t("A T cell attacks a cancer cell."),
            credit=t("Credit: NCI"),
            image=ImageData("image/png", tiny_png(), "t-cell.png"),
        ),
        Figure(
            _o(24),
            "https://example.org/missing.jpg",
            alt=t("Diagram of the CAR T process"),
            caption=t("How CAR T cells are made."),
        ),
        Note(
            _o(27),
            NoteKind.DISCLAIMER,
            (Paragraph(_o(27), t("This leaflet does not replace advice from your doctor.")),),
        ),
    )
    meta = Metadata(
        title=t("CAR T Cells: Engineering Immune Cells to Treat Cancer"),
        language="en",
        subtitle=t("A living drug made from your own cells."),
        url="https://www.cancer.gov/about-cancer/treatment/research/car-t-cells",
        publisher="NCI",
        license=License.PUBLIC_DOMAIN,
        citation="NCI, 2025",
        last_reviewed=dt.date(2025, 12, 30),
        authors=("Jane Doe",),
        reviewers=("Dr. A. Reviewer",),
    )
    return assign_anchors(Document("sample.md", "markdown", meta, blocks, language=lang))


def translated_document(lang: str, title: str, para: str) -> Document:
    """The sample in ``lang`` with one untranslated (English) paragraph, not reviewed."""
    doc = sample_document(lang=lang, fallback=Text("This sentence is still in English.", "en"))
    meta = replace(doc.metadata, title=Text(title))
    blocks = (Paragraph(_o(2), Text(para)), *doc.blocks)
    info = TranslationInfo(
        locale=lang.replace("-", "_"),
        translator="Translator X",
        total_segments=20,
        translated_segments=19,
        fallback_segments=1,
    )
    return replace(doc, metadata=meta, blocks=blocks, translation=info)


def context(
    tmp_path: Path,
    *,
    locale: str = "en",
    direction: str = "ltr",
    paper: Paper = Paper.A4,
    size: PrintSize = PrintSize.STANDARD,
) -> RenderContext:
    return RenderContext(
        locale=locale,
        lang_tag=locale.replace("_", "-"),
        direction=direction,
        slug="car-t-cells",
        ui=gettext.NullTranslations(),
        paper=paper,
        size=size,
        export_date=EXPORT_DATE,
    )
