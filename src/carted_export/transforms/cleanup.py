"""Structural clean-ups of exported pages: title, duplicate H1, empty ``##``, levels.

Exported NCI pages repeat the title as ``# Title - NCI`` and then carry the page's real
H1; section headings were exported as an empty ``##`` with the text on the next line.
These passes turn that into one title (``Metadata.title``) and a body whose headings
start at level 2 and never skip a level, which is what screen-reader users navigate by.
"""

from __future__ import annotations

from dataclasses import replace

from carted_export.document import Block, Document, Heading, Paragraph, Text
from carted_export.slugs import slugify
from carted_export.sources.metadata import TITLE_SUFFIXES, clean_title

#: An empty heading adopts the next paragraph only if it is this short.
HEADING_TEXT_MAX_CHARS = 200


def clean_document_title(document: Document) -> Document:
    """Strip control characters and the site suffix from the title."""
    meta = document.metadata
    title = clean_title(meta.title.markdown, TITLE_SUFFIXES)
    if title == meta.title.markdown:
        return document
    return replace(document, metadata=replace(meta, title=Text(title, meta.title.lang)))


def _same_title(a: str, b: str) -> bool:
    return clean_title(a).casefold() == clean_title(b).casefold()


def collapse_title_headings(document: Document) -> Document:
    """Drop leading H1s that repeat the title; a following H1 becomes the title.

    The page's own H1 is the better title (the front matter one is the browser tab
    title), so when a leading H1 differs from ``Metadata.title`` it wins.
    """
    blocks = list(document.blocks)
    title = document.metadata.title
    while blocks and isinstance(first := blocks[0], Heading) and first.level == 1:
        heading = first
        blocks.pop(0)
        if heading.text and not _same_title(heading.text.markdown, title.markdown):
            title = Text(clean_title(heading.text.markdown), heading.text.lang)
    if title == document.metadata.title and len(blocks) == len(document.blocks):
        return document
    metadata = replace(document.metadata, title=title)
    return replace(document, metadata=metadata, blocks=tuple(blocks))


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
    """Give each heading a stable, document-unique anchor from its text."""
    seen: set[str] = set()
    out: list[Block] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            base = block.anchor or slugify(block.text.markdown.replace("\\", ""))
            anchor, counter = base, 2
            while anchor in seen:
                anchor, counter = f"{base}-{counter}", counter + 1
            seen.add(anchor)
            if anchor != block.anchor:
                block = replace(block, anchor=anchor)
        out.append(block)
    return document.with_blocks(tuple(out))
