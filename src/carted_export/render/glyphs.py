"""Characters the PDF fonts cannot draw, found before WeasyPrint prints them as empty boxes.

A character that none of the fonts named by the PDF stylesheets has is drawn with the
``.notdef`` glyph ("tofu"), which a reader sees as a box and PDF/UA-1 forbids.  Pango
might still find it in some other font installed on the build machine, but then the
leaflet depends on that machine; so the build warns (``glyph-missing``) with the character
and the source line, and the author can replace the character or add a font.

The font files come from fontconfig (``fc-list``, the font lookup WeasyPrint's Pango uses)
and their character maps from fontTools; both are read once per process.
"""

from __future__ import annotations

import functools
import logging
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable

from fontTools.ttLib import TTFont

from carted_export.document import Document, Origin, iter_segments
from carted_export.render.templating import STYLESHEETS, Templates, template_text

log = logging.getLogger(__name__)

_FONT_FAMILY = re.compile(r"font-family\s*:\s*([^;}]+)")
_GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "emoji"}
#: Characters that are never drawn as a glyph: controls, format marks (ZWJ, soft hyphen,
#: direction marks), line and paragraph separators.
_UNDRAWN = {"Cc", "Cf", "Zl", "Zp"}


def stylesheet_families(templates: Templates = (), flavor: str = "pdf") -> tuple[str, ...]:
    """Every font family the stylesheets of ``flavor`` name (the project's overrides or
    the built-in ones), in order, generics left out."""
    families: dict[str, None] = {}
    for name in STYLESHEETS[flavor]:
        css = template_text(templates, name)
        for declaration in _FONT_FAMILY.findall(css):
            for family in declaration.split(","):
                family = family.strip().strip("\"'")
                if family and family.lower() not in _GENERIC:
                    families[family] = None
    return tuple(families)


@functools.cache
def covered_characters(families: tuple[str, ...]) -> frozenset[int] | None:
    """The code points the regular face of any of ``families`` has; None when fontconfig
    is not there to say where the fonts are."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        log.warning("fc-list not found: characters missing from the PDF fonts are not reported")
        return None
    listing = subprocess.run(
        [fc_list, "--format", "%{family}\t%{style}\t%{file}\t%{index}\n"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    covered: set[int] = set()
    for path, index in _regular_faces(listing.splitlines(), set(families)):
        covered.update(TTFont(path, fontNumber=index, lazy=True)["cmap"].getBestCmap())
    return frozenset(covered)


def _regular_faces(lines: Iterable[str], families: set[str]) -> list[tuple[str, int]]:
    """One face per wanted family: its regular style when listed, else the first."""
    chosen: dict[str, tuple[str, int, bool]] = {}
    for line in lines:
        fields = line.split("\t")
        if len(fields) != 4:
            continue
        names, styles, path, index = fields
        regular = any(style in ("Regular", "Book") for style in styles.split(","))
        for family in set(names.split(",")) & families:
            if family not in chosen or (regular and not chosen[family][2]):
                chosen[family] = (path, int(index or 0), regular)
    return sorted({(path, index) for path, index, _ in chosen.values()})


def missing_characters(text: str, covered: frozenset[int]) -> list[str]:
    """The distinct drawn characters of ``text`` that ``covered`` lacks, in order."""
    found: dict[str, None] = {}
    for char in text:
        if ord(char) in covered or char.isspace() or unicodedata.category(char) in _UNDRAWN:
            continue
        found[char] = None
    return list(found)


def describe(char: str) -> str:
    name = unicodedata.name(char, "unnamed character")
    return f"{char!r} (U+{ord(char):04X} {name})"


def warn_missing_glyphs(document: Document, templates: Templates = ()) -> Document:
    """``document`` with a ``glyph-missing`` warning per character its PDF cannot draw
    (once per character and source line)."""
    families = stylesheet_families(templates)
    covered = covered_characters(families)
    if covered is None:
        return document
    seen: set[tuple[str, Origin]] = set()
    for segment in list(iter_segments(document)):
        for char in missing_characters(segment.text.markdown, covered):
            if (char, segment.origin) not in seen:
                seen.add((char, segment.origin))
                message = f"{describe(char)} is in none of the PDF fonts ({', '.join(families)})"
                document = document.warn(segment.origin, "glyph-missing", message + _ADVICE)
    return document


_ADVICE = "; it would print as an empty box: replace it, or install and name a font that has it"
