"""Safe, stable file names for outputs and content catalogs."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carted_export.document import Document

_NON_WORD = re.compile(r"[^a-z0-9]+")
MAX_SLUG_LENGTH = 80


def slugify(text: str) -> str:
    """ASCII-only, lower-case, hyphen-separated; never empty, never a path.

    >>> slugify("CAR T Cells: Engineering Immune Cells!")
    'car-t-cells-engineering-immune-cells'
    >>> slugify("../../etc/passwd")
    'etc-passwd'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_WORD.sub("-", ascii_text.lower()).strip("-")
    slug = slug[:MAX_SLUG_LENGTH].rstrip("-")
    return slug or "document"


def document_slug(document: Document) -> str:
    """The output and catalog name of a document: its front-matter slug, else its title."""
    return slugify(document.metadata.slug or document.metadata.title.markdown)
