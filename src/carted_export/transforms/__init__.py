"""Pure ``Document -> Document`` passes run between reading and translating.

:func:`prepare` runs them in a fixed order; each pass is also importable on its own
for tests.  None reads the project's files: local images arrive as bytes, read with the
source.  Only with ``allow_remote`` does the images pass fetch (and cache) remote images.
"""

from __future__ import annotations

from pathlib import Path

from carted_export.document import Document
from carted_export.sources.images import LocalImage
from carted_export.transforms.cleanup import (
    assign_anchors,
    clean_document_title,
    collapse_title_headings,
    merge_empty_headings,
    normalize_levels,
)
from carted_export.transforms.images import alt_fallback, resolve_images
from carted_export.transforms.tables import normalize_table_headers

__all__ = ["prepare"]


def prepare(
    document: Document,
    *,
    images: tuple[LocalImage, ...] = (),
    allow_remote: bool = False,
    cache_dir: Path | None = None,
) -> Document:
    """Clean title, collapse duplicate H1, fix headings, table headers, images, alt (readers
    have made links absolute already: :mod:`carted_export.sources.links`)."""
    document = clean_document_title(document)
    document = collapse_title_headings(document)
    document = merge_empty_headings(document)
    document = normalize_levels(document)
    document = assign_anchors(document)
    document = normalize_table_headers(document)
    document = resolve_images(
        document, images=images, allow_remote=allow_remote, cache_dir=cache_dir
    )
    return alt_fallback(document)
