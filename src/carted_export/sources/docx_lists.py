"""Word lists: which paragraphs are list items, how deep, numbered or not, and the nested
:class:`ListBlock` s a run of them makes.

A Word list is flat: each paragraph carries a numbering (``w:numPr``: a list id and a level
0..8), on itself or through its style (``List Bullet 2``).  Whether a level is numbered is
the ``numFmt`` of that level in the numbering part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docx.text.paragraph import Paragraph as WordParagraph

from carted_export.document import Block, ListBlock, ListItem, Origin, Text
from carted_export.sources.docx_runs import W
from carted_export.sources.markdown import MAX_NESTING
from carted_export.sources.metadata import Warnings

_LIST_STYLE = re.compile(r"list (bullet|number)(?: ([2-9]))?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One list paragraph, before nesting."""

    origin: Origin
    text: Text
    level: int  # 0-based
    ordered: bool
    figures: tuple[Block, ...] = ()


def list_level(paragraph: WordParagraph) -> tuple[int, bool] | None:
    """``(level, ordered)`` of a list paragraph, ``None`` for any other paragraph."""
    num_id, level = _numbering(paragraph)
    style = _LIST_STYLE.match(paragraph.style.name or "") if paragraph.style else None
    if num_id is None or num_id == "0":
        if style is None:
            return None
        return int(style.group(2) or 1) - 1, style.group(1).lower() == "number"
    if level is None:
        level = int(style.group(2) or 1) - 1 if style else 0
    fmt = _number_format(paragraph, num_id, level)
    if fmt is None:
        return level, bool(style and style.group(1).lower() == "number")
    return level, fmt not in ("bullet", "none")


def _numbering(paragraph: WordParagraph) -> tuple[str | None, int | None]:
    """The list id and level of the paragraph, from itself or its styles."""
    elements = [paragraph._p]
    style = paragraph.style
    while style is not None and len(elements) < 10:
        elements.append(style.element)
        style = style.base_style
    num_id: str | None = None
    level: int | None = None
    for element in elements:
        ppr = element.find(f"{{{W}}}pPr")
        num_pr = ppr.find(f"{{{W}}}numPr") if ppr is not None else None
        if num_pr is None:
            continue
        id_el, lvl_el = num_pr.find(f"{{{W}}}numId"), num_pr.find(f"{{{W}}}ilvl")
        if num_id is None and id_el is not None:
            num_id = id_el.get(f"{{{W}}}val")
        if level is None and lvl_el is not None:
            level = _int(lvl_el.get(f"{{{W}}}val"))
    return num_id, level


def _number_format(paragraph: WordParagraph, num_id: str, level: int) -> str | None:
    try:
        # the document part has it; a footnote's part (a plain Part) has not
        part: Any = paragraph.part
        numbering = part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError):
        return None
    if not num_id.isdigit():
        return None
    # python-docx's xpath knows the ``w:`` prefix
    abstract = numbering.xpath(f'w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
    if not abstract or not str(abstract[0]).isdigit():
        return None
    found = numbering.xpath(
        f'w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl[@w:ilvl="{level}"]/w:numFmt/@w:val'
    )
    return str(found[0]) if found else None


def _int(value: str | None) -> int | None:
    try:
        return max(0, min(int(value or ""), 8))
    except ValueError:
        return None


@dataclass(slots=True)
class _Item:
    entry: ListEntry
    children: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class _Frame:
    level: int
    ordered: bool
    items: list[_Item] = field(default_factory=list)

    def freeze(self) -> ListBlock:
        items = tuple(
            ListItem(item.entry.origin, item.entry.text, (*item.entry.figures, *item.children))
            for item in self.items
        )
        return ListBlock(items[0].origin, items, self.ordered)


def nest_lists(entries: list[ListEntry], warnings: Warnings) -> list[Block]:
    """Consecutive list paragraphs as nested lists; a level never skips (a level-2 item
    right after a level-0 one is one level deeper), and depth is capped at MAX_NESTING."""
    out: list[Block] = []
    stack: list[_Frame] = []
    capped = False
    for entry in entries:
        level = min(entry.level, len(stack), MAX_NESTING - 1)
        if entry.level >= MAX_NESTING and not capped:
            capped = True
            warnings.add("nesting-capped", f"lists nested deeper than {MAX_NESTING} flattened")
        while stack and stack[-1].level > level:
            _close(stack, out)
        if stack and stack[-1].level == level and stack[-1].ordered != entry.ordered:
            _close(stack, out)
        if not stack or stack[-1].level < level:
            stack.append(_Frame(level, entry.ordered))
        stack[-1].items.append(_Item(entry))
    while stack:
        _close(stack, out)
    return out


def _close(stack: list[_Frame], out: list[Block]) -> None:
    frame = stack.pop()
    block = frame.freeze()
    if stack and stack[-1].items:
        stack[-1].items[-1].children.append(block)
    else:
        out.append(block)
