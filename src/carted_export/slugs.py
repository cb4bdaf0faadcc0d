"""Safe, stable, readable names: output files and catalogs (slugs), heading anchors.

One place for each rule.  Any script is transliterated to ASCII (anyascii), so an Arabic,
Chinese or Cyrillic title gives a readable slug rather than ``document``; Chinese characters
become separate pinyin syllables.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

from carted_export.document import Diagnostic, Document, Origin

_NON_WORD = re.compile(r"[^a-z0-9]+")
MAX_SLUG_LENGTH = 80
EMPTY_SLUG = "document"
#: The anchor of the "Key points" heading (set from its source text, so the same in every
#: language): the Key points box and the readability report find the section by it.
KEY_POINTS_ANCHOR = "key-points"


def transliterate(text: str) -> str:
    """ASCII letters for any script; wide (CJK) characters are separate words."""
    parts = []
    for char in unicodedata.normalize("NFC", text):
        ascii_text = anyascii(char)
        wide = unicodedata.east_asian_width(char) in ("W", "F") and ascii_text.isalpha()
        parts.append(f" {ascii_text} " if wide else ascii_text)
    return "".join(parts)


def slugify(text: str) -> str:
    """ASCII-only, lower-case, hyphen-separated; never empty, never a path.

    >>> slugify("CAR T Cells: Engineering Immune Cells!")
    'car-t-cells-engineering-immune-cells'
    >>> slugify("../../etc/passwd")
    'etc-passwd'
    >>> slugify("Лечение рака")
    'lechenie-raka'
    >>> slugify("细胞疗法")
    'xi-bao-liao-fa'
    """
    return _slug(text) or EMPTY_SLUG


def _slug(text: str) -> str:
    slug = _NON_WORD.sub("-", transliterate(text).lower()).strip("-")
    return slug[:MAX_SLUG_LENGTH].rstrip("-")


def document_slug(document: Document) -> str:
    """The output and catalog name of a document: its front-matter slug, else its title."""
    return slugify(document.metadata.slug or document.metadata.title.markdown)


def unique_slug(
    base: str, source: str, taken: dict[str, str]
) -> tuple[str, tuple[Diagnostic, ...]]:
    """The one collision policy, shared by ``build`` and ``i18n extract`` (which read the
    sources in the same order): the first source keeps ``base``, a later one gets a numbered
    slug (``x-2``) and a ``slug-collision`` warning, so its outputs and its catalog have the
    same name.  Adds the slug to ``taken`` (slug -> the source shown)."""
    slug = base
    number = 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    taken[slug] = source
    if slug == base:
        return slug, ()
    message = (
        f"slug '{base}' is already used by {taken[base]}; writing this document as "
        f"'{slug}' instead (set `slug:` in its front matter)"
    )
    return slug, (Diagnostic(Origin(source, 1), "slug-collision", message),)


def heading_anchor(text: str, taken: set[str]) -> str:
    """A unique element id for a heading whose plain text is ``text``: its slug, starting
    with a letter (``section-2-causes``), numbered when taken (``causes-2``); adds it to
    ``taken``."""
    base = _slug(text)
    if not base:
        base = "section"
    elif not base[0].isalpha():
        base = f"section-{base}"
    anchor, number = base, 2
    while anchor in taken:
        anchor, number = f"{base}-{number}", number + 1
    taken.add(anchor)
    return anchor
