"""Structural clean-ups of exported pages: title, duplicate H1, empty ``##``, levels.

Exported NCI pages repeat the title as ``# Title - NCI`` and then carry the page's real
H1; section headings were exported as an empty ``##`` with the text on the next line.
These passes turn that into one title (``Metadata.title``) and a body whose headings
start at level 2 and never skip a level, which is what screen-reader users navigate by.
"""

from __future__ import annotations

from dataclasses import replace

from carted_export.document import Block, Document, Heading, Paragraph, Text
from carted_export.markup import TITLE_SUFFIXES, clean_title, plain
from carted_export.slugs import heading_anchor
from carted_export.transforms.walk import map_blocks

#: An empty heading adopts the next paragraph only if it is this short.
HEADING_TEXT_MAX_CHARS = 200


def clean_document_title(document: Document) -> Document:
    """Strip control characters and the site suffix from the title."""
    meta = document.metadata
    title = clean_title(meta.title.markdown, TITLE_SUFFIXES)
    if title == meta.title.markdown:
        return document
    return replace(document, metadata=replace(meta, title=Text(title, meta.title.lang)))


def collapse_title_headings(document: Document) -> Document:
    """Drop the leading run of H1s: they repeat the title the renderers already show.

    NCI exports open with ``# Title - NCI`` and then the page's own H1, a longer
    variant of the same headline.  ``Metadata.title`` (front matter, suffix removed;
    or derived from the first heading) stays the one title, as in the PDF/EPUB
    metadata; keeping the variant would show the reader the title twice.
    """
    blocks = document.blocks
    count = 0
    while count < len(blocks) and isinstance(first := blocks[count], Heading):
        if first.level != 1:
            break
        count += 1
    return document.with_blocks(blocks[count:]) if count else document


def merge_empty_headings(document: Document) -> Document:
    """``##`` followed by its text as a paragraph becomes one heading; others are dropped."""
    out: list[Block] = []
    pending: Heading | None = None
    for block in document.blocks:
        if pending is not None:
            if isinstance(block, Paragraph) and _fits_heading(block.text):
                out.append(replace(pending, text=block.text, origin=block.origin))
                pending = None
                continue
            pending = None
        if isinstance(block, Heading) and not block.text:
            pending = block
            continue
        out.append(block)
    return document.with_blocks(tuple(out))


def _fits_heading(text: Text) -> bool:
    return bool(text) and len(text.markdown) <= HEADING_TEXT_MAX_CHARS


def normalize_levels(document: Document) -> Document:
    """Body headings start at 2 and never skip a level (h2 -> h4 becomes h2 -> h3)."""
    stack: list[int] = []
    out: list[Block] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            while stack and stack[-1] >= block.level:
                stack.pop()
            stack.append(block.level)
            level = min(len(stack) + 1, 6)
            if level != block.level:
                block = replace(block, level=level)
        out.append(block)
    return document.with_blocks(tuple(out))


def assign_anchors(document: Document) -> Document:
    """Give each heading (notes' included) a stable, document-unique anchor from its source
    text, before translation: links, the EPUB navigation and the Key points box find the
    same section in every language."""
    taken: set[str] = set()

    def anchor(block: Block) -> Block:
        if not isinstance(block, Heading):
            return block
        return replace(block, anchor=heading_anchor(plain(block.text.markdown), taken))

    return document.with_blocks(map_blocks(document.blocks, anchor))
