"""The items of the CDC Clear Communication Index that a machine can check.

CDC (2019), *The CDC Clear Communication Index: A Tool for Developing and Assessing CDC
Public Communication Products*, items checked here (others need a person):

- ``main_message_first`` (item 2, "the main message is at the top"): the document opens
  with a "Key Points" section, or its first paragraph (or standfirst) repeats at least two
  of the title's content words (words of four letters or more).
- ``short_lists`` (item 5, "bulleted lists of seven items or fewer"): every list.
- ``headings_break_text`` (chunking): no run of more than :data:`MAX_RUN_WORDS` words of
  text without a heading.
- ``active_voice`` (item 7, English only): at most :data:`MAX_PASSIVE_SHARE` of the
  sentences are passive (see :mod:`carted_export.readability.passive`).
"""

from __future__ import annotations

from carted_export.document import (
    Block,
    Document,
    Heading,
    ListBlock,
    Paragraph,
    Role,
    iter_blocks,
    iter_segments,
)
from carted_export.markup import plain
from carted_export.readability.model import Check
from carted_export.readability.text import PROSE_ROLES, words
from carted_export.slugs import KEY_POINTS_ANCHOR

MAX_LIST_ITEMS = 7
MAX_RUN_WORDS = 300
MAX_PASSIVE_SHARE = 0.1
BODY_ROLES = PROSE_ROLES - {Role.SUBTITLE}


def is_key_points_heading(block: Block) -> bool:
    """The Key Points heading, found by its anchor (set from the source text, so the same
    in every translation); the same rule puts it in the "Key points" box."""
    return isinstance(block, Heading) and block.anchor == KEY_POINTS_ANCHOR


def _content_words(text: str, language: str) -> set[str]:
    return {word.casefold() for word in words(text, language) if len(word) >= 4}


def main_message_first(document: Document, language: str) -> Check:
    label = "Main message in the first paragraph"
    blocks = list(iter_blocks(document.blocks))
    first_heading = next((b for b in blocks if isinstance(b, Heading)), None)
    if first_heading is not None and is_key_points_heading(first_heading):
        return Check("main_message_first", label, True, "opens with a Key Points section")
    meta = document.metadata
    opening = meta.subtitle or next((b.text for b in blocks if isinstance(b, Paragraph)), None)
    if opening is None:
        return Check("main_message_first", label, False, "no opening paragraph")
    shared = _content_words(plain(meta.title.markdown), language) & _content_words(
        plain(opening.markdown), language
    )
    detail = f"shares {len(shared)} title word(s) with the title: {', '.join(sorted(shared))}"
    return Check("main_message_first", label, len(shared) >= 2, detail)


def short_lists(document: Document) -> Check:
    label = f"Lists of {MAX_LIST_ITEMS} items or fewer"
    long_lists = [
        f"line {b.origin.line}: {len(b.items)} items"
        for b in iter_blocks(document.blocks)
        if isinstance(b, ListBlock) and len(b.items) > MAX_LIST_ITEMS
    ]
    detail = "; ".join(long_lists) or "every list is short enough"
    return Check("short_lists", label, not long_lists, detail)


def headings_break_text(document: Document, language: str) -> Check:
    label = f"Headings at least every {MAX_RUN_WORDS} words"
    run, start, longest, longest_line = 0, 1, 0, 1
    for block in document.blocks:
        if isinstance(block, Heading):
            run = 0
            continue
        if run == 0:
            start = block.origin.line
        run += _word_count(document.with_blocks((block,)), language)
        if run > longest:
            longest, longest_line = run, start
    detail = f"longest run without a heading: {longest} words from line {longest_line}"
    return Check("headings_break_text", label, longest <= MAX_RUN_WORDS, detail)


def _word_count(document: Document, language: str) -> int:
    """Words of the body text of ``document`` (title and standfirst left out)."""
    return sum(
        len(words(plain(segment.text.markdown), language))
        for segment in iter_segments(document)
        if segment.role in BODY_ROLES
    )


def active_voice(passive: int, sentences: int) -> Check:
    share = passive / max(1, sentences)
    return Check(
        "active_voice",
        f"Active voice (at most {MAX_PASSIVE_SHARE:.0%} passive sentences)",
        share <= MAX_PASSIVE_SHARE,
        f"{passive} of {sentences} sentences passive ({share:.0%})",
    )
