"""Text drawn with the ``.notdef`` glyph: a character none of the embedded fonts has, which
prints as an empty box ("tofu") and which PDF/UA-1 forbids (ISO 14289-1 7.21.8).

WeasyPrint writes every font as a ``/Type0`` font with two-byte codes, an embedded
``/Encoding`` CMap from codes to CIDs and an identity ``/CIDToGIDMap``; a character no font
covers gets a code mapped to CID 0, glyph 0, ``.notdef``.  Simple (one-byte) fonts are not
inspected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pikepdf

from carted_export.check.pdf_content import scan_content

_HEX = r"<([0-9a-fA-F]+)>"
_CIDCHAR = re.compile(rf"{_HEX}\s+(\d+)")
_CIDRANGE = re.compile(rf"{_HEX}\s*{_HEX}\s+(\d+)")
_BFCHAR = re.compile(rf"{_HEX}\s*{_HEX}")
_SECTION = r"begin{0}(.*?)end{0}"


def _sections(data: str, name: str) -> str:
    return " ".join(re.findall(_SECTION.format(name), data, re.DOTALL))


class GlyphMap:
    """Codes of one ``/Type0`` font to glyph ids, and to the characters they stand for."""

    def __init__(self, font: Any) -> None:
        self.cids: dict[int, int] | None = None  # None: Identity-H/V, the code is the CID
        encoding = font.get("/Encoding")
        if isinstance(encoding, pikepdf.Stream):
            self.cids = self._read_cids(encoding.read_bytes().decode("latin-1"))
        descendant = font.DescendantFonts[0]
        gid_map = descendant.get("/CIDToGIDMap")
        self.gids = gid_map.read_bytes() if isinstance(gid_map, pikepdf.Stream) else None
        unicode = font.get("/ToUnicode")
        text = unicode.read_bytes().decode("latin-1") if unicode is not None else ""
        self.chars = {
            int(code, 16): bytes.fromhex(value).decode("utf-16-be", "replace")
            for code, value in _BFCHAR.findall(_sections(text, "bfchar"))
        }

    @staticmethod
    def _read_cids(cmap: str) -> dict[int, int]:
        cids = {
            int(code, 16): int(cid) for code, cid in _CIDCHAR.findall(_sections(cmap, "cidchar"))
        }
        for low, high, first in _CIDRANGE.findall(_sections(cmap, "cidrange")):
            for code in range(int(low, 16), int(high, 16) + 1):
                cids[code] = int(first) + code - int(low, 16)
        return cids

    def glyph(self, code: int) -> int:
        cid = code if self.cids is None else self.cids.get(code, 0)  # unmapped: CID 0
        if self.gids is None:
            return cid
        return int.from_bytes(self.gids[2 * cid : 2 * cid + 2], "big")

    def notdef_chars(self, shown: bytes) -> list[str]:
        """What each ``.notdef`` code in a shown string stands for (``U+XXXX`` or ``?``)."""
        codes = (int.from_bytes(shown[i : i + 2], "big") for i in range(0, len(shown) - 1, 2))
        return [self._name(code) for code in codes if self.glyph(code) == 0]

    def _name(self, code: int) -> str:
        char = self.chars.get(code)
        return " ".join(f"U+{ord(c):04X}" for c in char) if char else "?"


def shown_strings(operands: Iterable[Any]) -> list[bytes]:
    """The strings a text-showing operator draws (``Tj``, ``'``, ``"``, ``TJ``'s array)."""
    strings: list[bytes] = []
    for operand in operands:
        if isinstance(operand, pikepdf.String):
            strings.append(bytes(operand))
        elif isinstance(operand, pikepdf.Array):
            strings.extend(shown_strings(operand))
    return strings


def glyph_maps(fonts: Any) -> dict[str, GlyphMap]:
    """A :class:`GlyphMap` per ``/Type0`` font of a page's ``/Font`` resources, by name."""
    return {
        str(name): GlyphMap(font)
        for name, font in fonts.items()
        if font.get("/Subtype") == pikepdf.Name.Type0 and "/DescendantFonts" in font
    }


def notdef_chars(page: pikepdf.Page, instructions: list[Any]) -> list[str]:
    """Every character drawn with ``.notdef`` on a page (its parsed content stream)."""
    fonts = page.obj.get("/Resources", pikepdf.Dictionary()).get("/Font", pikepdf.Dictionary())
    maps = glyph_maps(fonts)
    found: list[str] = []
    for drawn in scan_content(instructions):
        glyphs = maps.get(drawn.font)
        if glyphs is not None and drawn.operator != "Do":
            for shown in shown_strings(instructions[drawn.index].operands):
                found.extend(glyphs.notdef_chars(shown))
    return found
