"""Repairs to WeasyPrint 70's structure tree that PDF/UA-1 needs (run after layout).

- **List items**: WeasyPrint tags a block child of ``<li>`` (a paragraph in a loose list)
  as a direct child of ``/LI``; PDF/UA wants ``/LI`` to hold only ``/Lbl`` and ``/LBody``.
  Such children are wrapped in a new ``/LBody``.
- **Tables split across pages**: each page's fragment becomes its own ``/Table``; a
  fragment that did not get the repeated header row is a table without headers.  Its rows
  are moved into the previous fragment's body, so they keep their headers.  (The
  transforms give every table headers, so a header-less table here is a fragment.)

Only structure elements move; content streams, marked-content ids and the parent tree are
untouched (the parent tree points at the leaf elements, which stay the same objects).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pikepdf

_LIST_ITEM_PARTS = ("/Lbl", "/LBody")


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_element(obj: Any) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and "/S" in obj


def _elements(root: Any) -> Iterator[Any]:
    """Structure elements in document order (iterative: deep trees cannot overflow)."""
    stack = list(reversed([k for k in _kids(root) if _is_element(k)]))
    while stack:
        element = stack.pop()
        yield element
        stack.extend(reversed([k for k in _kids(element) if _is_element(k)]))


def wrap_list_item_bodies(document: pikepdf.Pdf) -> int:
    """Wrap every direct non-``Lbl``/``LBody`` child of an ``/LI`` in an ``/LBody``."""
    wrapped = 0
    for element in list(_elements(document.Root.StructTreeRoot)):
        if element.S != "/LI":
            continue
        kids = _kids(element)
        if all(not _is_element(k) or k.S in _LIST_ITEM_PARTS for k in kids):
            continue
        new_kids = pikepdf.Array()
        for kid in kids:
            if _is_element(kid) and kid.S not in _LIST_ITEM_PARTS:
                body = document.make_indirect(
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.StructElem, S=pikepdf.Name.LBody, P=element, K=kid
                    )
                )
                if "/Pg" in kid:
                    body.Pg = kid.Pg
                kid.P = body
                new_kids.append(body)
                wrapped += 1
            else:
                new_kids.append(kid)
        element.K = new_kids
    return wrapped


def _has_headers(table: Any) -> bool:
    return any(e.S in ("/TH", "/THead") for e in _elements(table))


def _rows(table: Any) -> list[Any]:
    return [e for e in _elements(table) if e.S == "/TR"]


def _last_body(table: Any) -> Any:
    bodies = [k for k in _kids(table) if _is_element(k) and k.S == "/TBody"]
    return bodies[-1] if bodies else None


def _adopt(parent: Any, kids: list[Any]) -> None:
    for kid in kids:
        if _is_element(kid):
            kid.P = parent
    parent.K = pikepdf.Array([*_kids(parent), *kids])


def _merge_into(keeper: Any, fragment: Any) -> None:
    """Move every row (and anything else) of ``fragment`` into ``keeper``; drop ``fragment``."""
    body = _last_body(keeper)
    for kid in _kids(fragment):
        if _is_element(kid) and kid.S == "/TBody" and body is not None:
            _adopt(body, _kids(kid))
        else:
            _adopt(keeper, [kid])
    parent = fragment.P
    parent.K = pikepdf.Array([k for k in _kids(parent) if k.objgen != fragment.objgen])


def merge_headerless_table_fragments(document: pikepdf.Pdf) -> int:
    """Join a header-less page fragment to the fragment before it (or, when it is the
    first, the one after it), so every row is in a table that has headers."""
    pages = {page.objgen: number for number, page in enumerate(document.pages)}

    def page_of(element: Any) -> int:
        return pages.get(element.Pg.objgen, -1) if "/Pg" in element else -1

    merged = 0
    previous: Any = None  # the last table seen, with the page its last fragment is on
    previous_page = -2
    orphan: Any = None  # a header-less first fragment waiting for its continuation
    for table in [e for e in _elements(document.Root.StructTreeRoot) if e.S == "/Table"]:
        if not _rows(table):
            continue
        page = page_of(table)
        continues = previous is not None and page == previous_page + 1
        if orphan is not None and continues:  # gather fragments until headers arrive
            _merge_into(orphan, table)
            merged += 1
            if _has_headers(orphan):
                orphan = None
        elif not _has_headers(table) and continues and _has_headers(previous):
            _merge_into(previous, table)
            merged += 1
        else:
            previous = table
            orphan = None if _has_headers(table) else table
        previous_page = page
    return merged


def repair_structure(document: pikepdf.Pdf) -> bool:
    """Apply every repair in place; True when anything changed."""
    if "/StructTreeRoot" not in document.Root:
        return False
    changed = wrap_list_item_bodies(document)
    changed += merge_headerless_table_fragments(document)
    return changed > 0
