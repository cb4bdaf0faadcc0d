"""The bilingual leaflet: each block in the patient's language, then in the source language.

MedlinePlus hands out its multilingual leaflets this way, so that a patient and a clinician
without a common language read the same page.  The source-language copy of a block is set
apart by a rule at its side and italics (not by colour alone) and marked with its own
``lang``, which the PDF tagging copies to ``/Lang`` on its structure element.  A block
that was not translated already shows the source text: it appears once, not twice.
A figure's picture is not repeated; its source caption is.
"""

from __future__ import annotations

from dataclasses import replace

from carted_export.config import RenderContext
from carted_export.document import (
    Block,
    Document,
    Figure,
    Heading,
    Paragraph,
    Text,
    segments_of,
)
from carted_export.i18n.locales import display_language, lang_tag, text_direction
from carted_export.render.boxes import split_key_points
from carted_export.render.context import Bilingual, PageContext, page_context
from carted_export.transforms.walk import map_blocks

VARIANT = "bilingual"


def render_bilingual_pdf(document: Document, source: Document, ctx: RenderContext) -> bytes:
    """The PDF of ``document`` (translated) with ``source`` (the same document before
    translation) beside each block."""
    from carted_export.render.pdf import page_pdf

    return page_pdf(bilingual_page(document, source, ctx), ctx, document.source_path, VARIANT)


def bilingual_page(document: Document, source: Document, ctx: RenderContext) -> PageContext:
    page = page_context(document, ctx)
    source_key_points, source_blocks = split_key_points(_source_copy(source.blocks))
    language = source.metadata.language
    title = document.metadata.title
    second = Bilingual(
        lang=lang_tag(language),
        dir=text_direction(language),
        name=page.source_language,
        page_language=display_language(ctx.locale, ctx.locale),
        title=source.metadata.title if _translated((title,)) else None,
        key_points=_pairs(page.key_points, source_key_points),
        blocks=_pairs(page.blocks, source_blocks),
    )
    return replace(page, bilingual=second)


def _pairs(shown: tuple[Block, ...], sources: tuple[Block, ...]) -> tuple[Block | None, ...]:
    """The source of each shown block, or ``None`` where it would only repeat it."""
    if len(shown) != len(sources):  # translation keeps the structure; never pair blindly
        return (None,) * len(shown)
    return tuple(
        source if _translated(tuple(s.text for s in segments_of(block))) else None
        for block, source in zip(shown, sources, strict=True)
    )


def _translated(texts: tuple[Text, ...]) -> bool:
    """True when at least one text is in the page's language (fallback text has a lang)."""
    return any(text.lang is None for text in texts)


def _source_copy(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The source blocks as the second copy shows them: anchors of their own (ids stay
    unique), and a figure's caption without the picture."""

    def second(block: Block) -> Block:
        if isinstance(block, Heading):
            return replace(block, anchor=f"{block.anchor}-{VARIANT}")
        if isinstance(block, Figure):
            return Paragraph(block.origin, block.caption or block.alt)
        return block

    return map_blocks(blocks, second)
