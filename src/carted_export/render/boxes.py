"""The boxes at the top of every output: "Key points" and "Words to know".

- Key points: the source's first "Key Points" section (its heading's anchor is
  ``key-points``, set from the source text, so it is found in every translation) moves out
  of the body into a box at the top; later Key Points sections stay where they are.
- Words to know: every term the text links to the NCI Dictionary of Cancer Terms, once,
  in reading order, with its definition from the project glossary in the output language,
  or else its dictionary link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from carted_export.document import Block, Document, Heading, Text, iter_segments
from carted_export.glossary import GlossaryEntry
from carted_export.slugs import KEY_POINTS_ANCHOR

DICTIONARY_LINK = re.compile(r"/publications/dictionaries/cancer-terms/def/", re.I)
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


@dataclass(frozen=True, slots=True)
class WordToKnow:
    term: Text
    url: str
    definition: str | None = None
    source: str | None = None
    source_url: str | None = None


def split_key_points(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    """``(key_points, rest)``: the blocks under the first Key Points heading, and the body
    without that section (heading included)."""
    for index, block in enumerate(blocks):
        if isinstance(block, Heading) and block.anchor == KEY_POINTS_ANCHOR:
            end = next(
                (i for i in range(index + 1, len(blocks)) if _closes(blocks[i], block.level)),
                len(blocks),
            )
            section = blocks[index + 1 : end]
            if section:
                return section, blocks[:index] + blocks[end:]
    return (), blocks


def _closes(block: Block, level: int) -> bool:
    return isinstance(block, Heading) and block.level <= level


def words_to_know(
    document: Document, glossary: tuple[GlossaryEntry, ...], language: str
) -> tuple[WordToKnow, ...]:
    by_url = {entry.url: entry for entry in glossary}
    found: dict[str, WordToKnow] = {}
    for segment in iter_segments(document):
        for label, url in _LINK.findall(segment.text.markdown):
            if not DICTIONARY_LINK.search(url) or url in found:
                continue
            term = Text(label, segment.text.lang)
            entry = by_url.get(url)
            definition = entry.definition(language) if entry else None
            if entry is None or definition is None:
                found[url] = WordToKnow(term, url)
            else:
                found[url] = WordToKnow(term, url, definition, entry.source, entry.source_url)
    return tuple(found.values())
