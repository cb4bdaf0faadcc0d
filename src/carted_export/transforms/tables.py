"""Give every exported table headers a screen reader can use.

Scraped NCI tables often have no header row of their own: the exporter wrote an empty
``| | |`` row above the ``| --- |`` line.  An empty header is noise to a screen reader
(axe and Ace flag ``empty-table-header``), and a data table with no header at all leaves
every cell unlabelled.  So, without changing any text:

- header rows whose cells are all empty are dropped;
- a table left without a header row gets row headers when every row starts with a label
  (its first cell), or else takes its first row as the header when that row is complete;
- failing that, rows whose text is all bold or italic (the exporter's inline header and
  group rows) become header cells, and columns with no text at all are dropped.

Empty cells inside a real header row stay, and are rendered as plain cells.  Every row
first gets as many cells as the widest one (empty cells at its end): PDF/UA wants each row
of a table to span the same number of columns, and so does a screen reader's table grid.
"""

from __future__ import annotations

import re
from dataclasses import replace

from carted_export.document import Block, Document, Table, TableCell, Text
from carted_export.transforms.walk import map_blocks

Row = tuple[TableCell, ...]
_EMPHASIZED = re.compile(r"^(\*{1,3}|_{1,3})[^*_].*\1$", re.DOTALL)


def _is_empty(row: Row) -> bool:
    return not any(cell.text for cell in row)


def _as_header(row: Row) -> Row:
    """Cells with text become headers; an empty one stays a plain cell (no empty header)."""
    return tuple(replace(cell, header=True) if cell.text else cell for cell in row)


def _padded(rows: tuple[Row, ...], width: int) -> tuple[Row, ...]:
    return tuple((*row, *[TableCell(Text(""))] * (width - len(row))) for row in rows)


def normalize_table(table: Table) -> Table:
    width = max((len(row) for row in (*table.head, *table.body)), default=0)
    head = tuple(row for row in _padded(table.head, width) if not _is_empty(row))
    body = _padded(table.body, width)
    if head or not body:
        return replace(table, head=head, body=body)
    if width >= 2 and all(row and row[0].text for row in body):
        rows = tuple((replace(row[0], header=True), *row[1:]) for row in body)
        return replace(table, head=(), body=rows)
    if len(body) >= 2 and all(cell.text for cell in body[0]):  # a complete first row
        return replace(table, head=(_as_header(body[0]),), body=body[1:])
    return replace(table, head=(), body=_inline_headers(_drop_empty_columns(body)))


def _is_emphasized_row(row: Row) -> bool:
    texts = [cell.text.markdown.strip() for cell in row if cell.text]
    return bool(texts) and all(_EMPHASIZED.match(text) for text in texts)


def _drop_empty_columns(body: tuple[Row, ...]) -> tuple[Row, ...]:
    width = max(len(row) for row in body)
    keep = [i for i in range(width) if any(i < len(row) and row[i].text for row in body)]
    return tuple(tuple(row[i] for i in keep if i < len(row)) for row in body)


def _inline_headers(body: tuple[Row, ...]) -> tuple[Row, ...]:
    rows = tuple(_as_header(row) if _is_emphasized_row(row) else row for row in body)
    if any(cell.header for row in rows for cell in row):
        return rows
    if all(row and row[0].text for row in rows):  # e.g. a one-column list of drug names
        return tuple((replace(row[0], header=True), *row[1:]) for row in rows)
    return rows


def normalize_table_headers(document: Document) -> Document:
    def fix(block: Block) -> Block:
        return normalize_table(block) if isinstance(block, Table) else block

    return replace(document, blocks=map_blocks(document.blocks, fix))
