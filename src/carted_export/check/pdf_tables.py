"""PDF/UA-1 table rules for the checker (Matterhorn 15-003, 15-005; ISO 32000-1 14.8.4.3).

- ``table-headers``: a ``/Table`` has header cells;
- ``table-scope``: every ``/TD``'s headers can be determined: its ``/TH`` have ``/Scope``,
  or it names them with a non-empty ``/Headers``;
- ``table-columns``: every row spans the same number of columns, counting ``ColSpan`` and
  the cells that reach down from rows above with ``RowSpan`` (ragged source rows);
- ``table-caption``: at most one ``/Caption``, and it is the first or last kid (what a
  careless join of split fragments, each with its caption, would leave).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pikepdf

from carted_export.check.findings import Severity

Issue = tuple[str, str, Severity]
_ROW_GROUPS = ("/THead", "/TBody", "/TFoot")


def structure_kids(element: Any) -> list[Any]:
    """The structure-element children of ``element`` (not MCIDs, MCRs or OBJRs)."""
    kids = element.get("/K")
    items = kids if isinstance(kids, pikepdf.Array) else [kids]
    return [kid for kid in items if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def check_table(table: Any, role_map: dict[str, str]) -> Iterator[Issue]:
    """Every table rule on one ``/Table`` (nested tables are checked on their own)."""

    def kind(element: Any) -> str:
        return role_map.get(str(element.S), str(element.S))

    yield from _check_headers(table, kind)
    yield from _check_columns(table, kind)
    captions = [n for n, kid in enumerate(structure_kids(table)) if kind(kid) == "/Caption"]
    last = len(structure_kids(table)) - 1
    if len(captions) > 1:
        yield "table-caption", f"a /Table has {len(captions)} /Caption elements", "error"
    elif captions and captions[0] not in (0, last):
        yield "table-caption", "a /Table's /Caption is neither its first nor last kid", "error"


def _attributes(element: Any) -> Any:
    """The /A attribute dictionary owned by /Table, or an empty dict."""
    attributes = element.get("/A")
    items = attributes if isinstance(attributes, pikepdf.Array) else [attributes]
    for item in items:
        if isinstance(item, pikepdf.Dictionary) and item.get("/O") == pikepdf.Name.Table:
            return item
    return {}


def _rows(table: Any, kind: Any) -> Iterator[list[tuple[str, Any]]]:
    """The cells (type, element) of each row, in order; rows of nested tables excluded."""
    for part in structure_kids(table):
        if kind(part) in _ROW_GROUPS:
            yield from _rows(part, kind)
        elif kind(part) == "/TR":
            cells = [(kind(cell), cell) for cell in structure_kids(part)]
            yield [(name, cell) for name, cell in cells if name in ("/TH", "/TD")]


def _check_headers(table: Any, kind: Any) -> Iterator[Issue]:
    cells = [cell for row in _rows(table, kind) for cell in row]
    headers = [cell for name, cell in cells if name == "/TH"]
    if not headers:
        yield "table-headers", "a /Table has no /TH header cells", "error"
        return
    unscoped = sum(1 for cell in headers if "/Scope" not in _attributes(cell))
    if not unscoped:
        return
    # An empty /Headers array names no header: the cell is as lost as one without it.
    data = [cell for name, cell in cells if name == "/TD"]
    unnamed = sum(1 for cell in data if not len(_attributes(cell).get("/Headers", ())))
    if unnamed:
        message = f"{unscoped} /TH without /Scope and {unnamed} /TD without /Headers"
        yield "table-scope", message + ": their headers cannot be determined", "error"
    else:
        message = f"{unscoped} /TH without /Scope (every /TD names its /Headers: allowed)"
        yield "table-scope", message, "warning"


def _span(cell: Any, key: str) -> int:
    return max(1, int(_attributes(cell).get(key, 1)))


def _check_columns(table: Any, kind: Any) -> Iterator[Issue]:
    widths: list[int] = []
    reaching: list[tuple[int, int]] = []  # (rows still to cover, columns) from rows above
    for row in _rows(table, kind):
        own = [(_span(cell, "/RowSpan"), _span(cell, "/ColSpan")) for _, cell in row]
        widths.append(sum(cols for _, cols in own) + sum(cols for _, cols in reaching))
        reaching = [(left - 1, cols) for left, cols in (*reaching, *own) if left > 1]
    if len(set(widths)) > 1:
        counts = ", ".join(str(width) for width in sorted(set(widths)))
        message = f"a /Table's rows span different numbers of columns ({counts})"
        yield "table-columns", message + "; pad the rows or set RowSpan/ColSpan", "error"
