"""OPF metadata for the EPUB: Dublin Core plus accessibility metadata derived from content.

The accessibility claims are computed from what the document actually holds (images mean
a visual access mode and alternative text; tables mean tabular data), never hard-coded.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from ebooklib import epub

from carted_export.config import RenderContext
from carted_export.document import Document, Figure, Table, iter_blocks
from carted_export.markup import plain
from carted_export.render.context import license_label

if TYPE_CHECKING:
    from carted_export.render.media_overlay import Overlay

OPF = epub.NAMESPACES["OPF"]
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
_NAMESPACE = uuid.UUID("5b0f7c2e-3f5e-4a43-9a53-4a8e3c1f0c11")  # carted-export book ids


def _meta(book: epub.EpubBook, prop: str, value: str) -> None:
    book.add_metadata(None, "meta", value, {"property": prop})


def accessibility_features(
    document: Document, *, has_images: bool, read_aloud: bool = False
) -> list[str]:
    features = ["structuralNavigation", "tableOfContents", "readingOrder"]
    features.append("displayTransformability")
    if has_images:
        features.append("alternativeText")
    if read_aloud:
        features.append("synchronizedAudioText")
    return features


def accessibility_summary(
    document: Document, ctx: RenderContext, *, has_images: bool, read_aloud: bool = False
) -> str:
    gettext = ctx.ui.gettext
    parts = [
        gettext(
            "This publication has a table of contents, headings in a logical order and a "
            "single reading order. Text can be resized and restyled."
        )
    ]
    if has_images:
        parts.append(gettext("Every informative image has a text description."))
    if any(isinstance(block, Table) for block in iter_blocks(document.blocks)):
        parts.append(gettext("Tables have captions and marked header cells."))
    if any(isinstance(b, Figure) and b.image is None for b in iter_blocks(document.blocks)):
        parts.append(gettext("Images that could not be included are described in the text."))
    if read_aloud:
        parts.append(
            gettext(
                "A synthetic voice reads it aloud, and the reading system highlights the "
                "text as it is read."
            )
        )
        parts.append(gettext("It contains no flashing or motion."))
    else:
        parts.append(gettext("It contains no flashing, motion or sound."))
    return " ".join(parts)


def _dublin_core(book: epub.EpubBook, document: Document, ctx: RenderContext) -> None:
    meta = document.metadata
    book.set_identifier(book_identifier(ctx))
    book.set_title(plain(meta.title.markdown))
    book.set_language(ctx.lang_tag)
    if ctx.direction == "rtl":
        book.set_direction("rtl")
    for creator in meta.authors or ((meta.publisher,) if meta.publisher else ()):
        book.add_author(creator)
    if meta.publisher:
        book.add_metadata("DC", "publisher", meta.publisher)
    if meta.subtitle:
        book.add_metadata("DC", "description", plain(meta.subtitle.markdown))
    if meta.url:
        book.add_metadata("DC", "source", meta.url)
    if meta.last_reviewed:
        book.add_metadata("DC", "date", meta.last_reviewed.isoformat())
    for tag in meta.tags:
        book.add_metadata("DC", "subject", tag)
    book.add_metadata("DC", "rights", license_label(document, ctx))
    # Replace ebooklib's own generator entry: the book is made by carted-export.
    book.metadata[OPF]["generator"] = [
        ("", {"name": "generator", "content": f"carted-export {ctx.version}"})
    ]


def book_identifier(ctx: RenderContext) -> str:
    """Stable across builds: the same document in the same locale keeps its identifier."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{ctx.slug}/{ctx.locale}')}"


def add_metadata(
    book: epub.EpubBook,
    document: Document,
    ctx: RenderContext,
    *,
    has_images: bool,
    overlay: Overlay | None = None,
) -> None:
    """Dublin Core, EPUB Accessibility 1.1 and (with an overlay) Media Overlays metadata."""
    read_aloud = overlay is not None
    _dublin_core(book, document, ctx)
    _meta(book, "schema:accessMode", "textual")
    if has_images:
        _meta(book, "schema:accessMode", "visual")
    if read_aloud:
        _meta(book, "schema:accessMode", "auditory")
    _meta(book, "schema:accessModeSufficient", "textual")
    if overlay is not None and overlay.complete:
        # every text the page shows is read aloud, image descriptions included
        _meta(book, "schema:accessModeSufficient", "auditory")
    features = accessibility_features(document, has_images=has_images, read_aloud=read_aloud)
    for feature in features:
        _meta(book, "schema:accessibilityFeature", feature)
    _meta(book, "schema:accessibilityHazard", "none")
    summary = accessibility_summary(document, ctx, has_images=has_images, read_aloud=read_aloud)
    _meta(book, "schema:accessibilitySummary", summary)
    if overlay is not None:
        _overlay_metadata(book, overlay)
    _meta(book, "dcterms:conformsTo", CONFORMS_TO)
    _meta(book, "a11y:certifiedBy", "carted-export")


def _overlay_metadata(book: epub.EpubBook, overlay: Overlay) -> None:
    """The overlay's playing time (and the book's: it has one overlay) and the class a
    reading system gives the text being read."""
    from carted_export.render.audio import clock
    from carted_export.render.media_overlay import ACTIVE_CLASS

    duration = clock(overlay.seconds)
    book.add_metadata(None, "meta", duration, {"property": "media:duration", "refines": "#overlay"})
    _meta(book, "media:duration", duration)
    _meta(book, "media:active-class", ACTIVE_CLASS)
