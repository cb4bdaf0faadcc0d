"""Braille Ready Format (``.brf``): the leaflet as ASCII braille for embossers and displays.

The text is translated by liblouis (``lou_translate``, Debian ``liblouis-bin`` and
``liblouis-data``) with one table per language, chosen in :data:`TABLES` and nowhere
else; a language with no table there gets no file (the pipeline warns), never another
language's table.  A piece of fallback text (a segment shown in the source language) is
translated with its own language's table.  The page follows the usual transcription
layout (BANA *Braille Formats*): the title centered and followed by a blank line, level-2
headings centered after a blank line, lower headings from cell 5, paragraphs indented two
cells, list items from cell 1 (nested ones two cells further) with runover lines two
cells in, an image's alt text as a transcriber's note from cell 7, and the braille page
number at the right of the last line.  A heading never ends a page.  Lines end in CR LF;
pages are exactly ``lines`` long and separated by a form feed, as embossers expect.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

from carted_export.config import BrailleLayout, RenderContext
from carted_export.document import Document
from carted_export.errors import RenderError
from carted_export.render.linear import Kind, Piece, pieces
from carted_export.render.programs import required_program

#: The liblouis table of each language (the locale's own first, then its language).
TABLES: dict[str, str] = {
    "en": "en-ueb-g2.ctb",  # Unified English Braille, contracted (grade 2)
    "es": "es-g1.ctb",  # Spanish, uncontracted (as ONCE and ULAC use it)
    "fr": "fr-bfu-comp6.utb",  # French unified braille, uncontracted, 6 dots
    "ar": "ar-ar-g1.utb",  # Arabic, uncontracted
    "zh_Hans": "zhcn-g1.ctb",  # Mandarin, current braille with tones (mainland China)
}
#: Dot patterns to the North American ASCII braille of a BRF file.
DISPLAY_TABLE = "en-us-brf.dis"
#: UEB's transcriber's note indicators (dots 4-46-126 and 4-46-345) in ASCII braille.
UEB_NOTE = ("@.<", "@.>")


def braille_table(language: str) -> str | None:
    """The table for a locale or BCP 47 tag (``zh_Hans``, ``zh-Hans``, ``es``), or None."""
    code = language.replace("-", "_")
    return TABLES.get(code) or TABLES.get(code.split("_")[0])


@dataclass(frozen=True, slots=True)
class _Style:
    first: int  # the cell a piece starts in, 0-based
    runover: int  # the cell its other lines start in
    centered: bool = False
    blank_before: bool = False


def _style(piece: Piece) -> _Style:
    if piece.kind is Kind.TITLE:
        return _Style(0, 0, centered=True)
    if piece.kind is Kind.HEADING:
        if piece.level <= 2:
            return _Style(0, 0, centered=True, blank_before=True)
        return _Style(4, 4, blank_before=True)
    if piece.kind is Kind.ITEM:
        return _Style(2 * piece.level, 2 * piece.level + 2)
    if piece.kind is Kind.NOTE:
        return _Style(6, 4)
    return _Style(2, 0)


def render_brf(document: Document, ctx: RenderContext) -> bytes:
    table = braille_table(ctx.locale)
    if table is None:
        raise RenderError(f"no braille table for {ctx.locale}", path=document.source_path)
    shown = pieces(document, ctx)
    braille = translate([(p.text, braille_table(p.lang or ctx.locale) or table) for p in shown])
    if table == TABLES["en"]:
        braille = [
            f"{UEB_NOTE[0]}{text}{UEB_NOTE[1]}" if piece.kind is Kind.NOTE else text
            for piece, text in zip(shown, braille, strict=True)
        ]
    layout = ctx.leaflet.braille
    body = paginate(list(zip(shown, braille, strict=True)), layout)
    numbers = translate([(str(number), table) for number in range(1, len(body) + 1)])
    pages = [
        "\r\n".join([*lines, number.rjust(layout.cells)]) + "\r\n"
        for lines, number in zip(body, numbers, strict=True)
    ]
    return "\f".join(pages).encode("ascii", errors="replace")


def paginate(shown: Sequence[tuple[Piece, str]], layout: BrailleLayout) -> list[list[str]]:
    """Pages of text lines (``layout.lines - 1`` each: the last line holds the number)."""
    room = layout.lines - 1
    pages: list[list[str]] = [[]]
    after_title = False
    for piece, braille in shown:
        style = _style(piece)
        lines = wrap(braille, layout.cells, style)
        page = pages[-1]
        blank = (style.blank_before or after_title) and bool(page)
        after_title = piece.kind is Kind.TITLE
        # a heading keeps its next line with it; other pieces flow on to the next page
        keep = len(lines) + blank + 1 if piece.kind is Kind.HEADING else 1
        if page and len(page) + min(keep, room) > room:
            page = []
            pages.append(page)
            blank = False
        if blank:
            page.append("")
        for line in lines:
            if len(page) == room:
                page = []
                pages.append(page)
            page.append(line)
    return [[*page, *[""] * (room - len(page))] for page in pages]


def wrap(braille: str, cells: int, style: _Style) -> list[str]:
    """``braille`` in lines of at most ``cells``, broken between words (a word longer
    than a line is split); centered lines keep three cells free on each side."""
    words = braille.split()
    width = cells - 6 if style.centered else cells
    lines: list[str] = []
    line = ""
    for word in words:
        indent = style.first if not lines and not line else style.runover
        if line and len(line) + 1 + len(word) <= width:
            line += " " + word
            continue
        if line:
            lines.append(line)
            indent = style.runover
        line = " " * indent + word
        while len(line) > width:
            lines.append(line[:width])
            line = " " * style.runover + line[width:]
    if line:
        lines.append(line)
    if style.centered:
        lines = [line.strip().center(cells).rstrip() for line in lines]
    return lines


def translate(texts: Sequence[tuple[str, str]]) -> list[str]:
    """Each ``(text, table)`` in ASCII braille; one ``lou_translate`` run per table."""
    result = [""] * len(texts)
    for table in dict.fromkeys(table for _, table in texts):
        indexes = [i for i, (_, t) in enumerate(texts) if t == table]
        lines = [" ".join(texts[i][0].split()) or " " for i in indexes]
        for index, braille in zip(indexes, _lou_translate(lines, table), strict=True):
            result[index] = braille
    return result


def _lou_translate(lines: list[str], table: str) -> list[str]:
    program = _program()
    done = subprocess.run(
        [program, "--forward", f"{DISPLAY_TABLE},{table}"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    out = done.stdout.split("\n")[: len(lines)]
    if done.returncode != 0 or len(out) != len(lines):
        detail = done.stderr.strip().splitlines()[:1] or ["no output"]
        raise RenderError(f"liblouis could not translate with {table}: {detail[0]}")
    return out


def _program() -> str:
    return required_program("lou_translate", "braille needs liblouis", "liblouis-bin liblouis-data")
