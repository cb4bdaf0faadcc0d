"""Rebuild a block tree with one function applied to every block (children first).

Recursion depth is bounded by ``sources.MAX_NESTING``, which readers enforce.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from carted_export.document import Block, ListBlock, Note

BlockMap = Callable[[Block], Block]


def map_blocks(blocks: tuple[Block, ...], fn: BlockMap) -> tuple[Block, ...]:
    """Apply ``fn`` to every block, nested ones included, and return the new tree."""
    return tuple(_map(block, fn) for block in blocks)


def _map(block: Block, fn: BlockMap) -> Block:
    if isinstance(block, Note):
        block = replace(block, children=map_blocks(block.children, fn))
    elif isinstance(block, ListBlock):
        items = tuple(
            replace(item, children=map_blocks(item.children, fn)) if item.children else item
            for item in block.items
        )
        block = replace(block, items=items)
    return fn(block)
