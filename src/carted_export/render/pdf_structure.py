"""Repairs to WeasyPrint 70's structure tree that PDF/UA-1 needs, before the PDF is written.

:func:`repair_structure` is a WeasyPrint ``finisher``: it gets the ``pydyf.PDF`` after
layout and tagging, while every object is still a Python dictionary, so nothing is parsed
or written twice.

- **List items**: WeasyPrint tags a block child of ``<li>`` (a paragraph in a loose list)
  as a direct child of ``/LI``; PDF/UA wants ``/LI`` to hold only ``/Lbl`` and ``/LBody``.
  Such children are wrapped in a new ``/LBody``.
- **Tables split across pages**: each page's fragment becomes its own ``/Table``; a
  fragment that did not get the repeated header row is a table without headers.  Fragments
  are paired by the source table they came from (recorded while tagging, see
  :data:`.pdf_tagging.SOURCE`), never by position: a fragment without headers joins the
  fragment of its table before it (or, at the table's start, the first one with headers),
  so its rows keep their headers.  The joined table has one ``/Caption``, first, then its
  header rows, then one body.  A table that has no headers at all stays whole and
  header-less, for the checker to report.

Only structure elements move; content streams and marked-content ids are untouched, and
the parent tree still points at the same leaf elements.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pydyf

from carted_export.render.pdf_tagging import SOURCE

_LIST_ITEM_PARTS = ("/Lbl", "/LBody")


class StructureTree:
    """The structure elements of a ``pydyf.PDF`` being written, reached by reference."""

    def __init__(self, pdf: pydyf.PDF) -> None:
        self.pdf = pdf
        self._pages = {reference: n for n, reference in enumerate(pdf.page_references)}

    def resolve(self, value: Any) -> Any:
        """The object an indirect reference (``b"12 0 R"``) names; other values as they are."""
        if isinstance(value, bytes) and value.endswith(b" R"):
            return self.pdf.objects[int(value.split()[0])]
        return value

    @property
    def root(self) -> pydyf.Dictionary | None:
        reference = self.pdf.catalog.get("StructTreeRoot")
        return None if reference is None else self.resolve(reference)

    def kids(self, element: pydyf.Dictionary) -> list[Any]:
        """``/K`` as a list of resolved kids (elements, MCIDs, object references)."""
        kids = element.get("K")
        if kids is None:
            return []
        return [self.resolve(kid) for kid in (kids if isinstance(kids, list) else [kids])]

    def element_kids(self, element: pydyf.Dictionary) -> list[pydyf.Dictionary]:
        return [kid for kid in self.kids(element) if is_element(kid)]

    def elements(self, top: pydyf.Dictionary) -> Iterator[pydyf.Dictionary]:
        """Elements under ``top`` in document order (iterative: deep trees cannot overflow)."""
        stack = list(reversed(self.element_kids(top)))
        while stack:
            element = stack.pop()
            yield element
            stack.extend(reversed(self.element_kids(element)))

    def find(self, *kinds: str) -> dict[str, list[pydyf.Dictionary]]:
        """The elements of each kind (``"/LI"``...) in document order, in one walk."""
        found: dict[str, list[pydyf.Dictionary]] = {kind: [] for kind in kinds}
        if self.root is not None:
            for element in self.elements(self.root):
                if element["S"] in found:
                    found[element["S"]].append(element)
        return found

    def page_index(self, element: pydyf.Dictionary) -> int:
        return self._pages.get(element.get("Pg"), -1)


def is_element(obj: Any) -> bool:
    return isinstance(obj, pydyf.Dictionary) and "S" in obj


def wrap_list_item_bodies(tree: StructureTree, items: Iterable[pydyf.Dictionary]) -> int:
    """Wrap every direct non-``Lbl``/``LBody`` child of these ``/LI`` in an ``/LBody``."""
    wrapped = 0
    for item in items:
        kids = tree.kids(item)
        if all(not is_element(kid) or kid["S"] in _LIST_ITEM_PARTS for kid in kids):
            continue
        new_kids = pydyf.Array()
        for reference, kid in zip(item["K"], kids, strict=True):
            if is_element(kid) and kid["S"] not in _LIST_ITEM_PARTS:
                body = pydyf.Dictionary({"Type": "/StructElem", "S": "/LBody", "P": item.reference})
                body["K"] = pydyf.Array([reference])
                if "Pg" in kid:
                    body["Pg"] = kid["Pg"]
                tree.pdf.add_object(body)
                kid["P"] = body.reference
                new_kids.append(body.reference)
                wrapped += 1
            else:
                new_kids.append(reference)
        item["K"] = new_kids
    return wrapped


def _has_headers(tree: StructureTree, table: pydyf.Dictionary) -> bool:
    return any(element["S"] in ("/TH", "/THead") for element in tree.elements(table))


def _adopt(parent: pydyf.Dictionary, references: list[Any], tree: StructureTree) -> None:
    for reference in references:
        kid = tree.resolve(reference)
        if is_element(kid):
            kid["P"] = parent.reference
    parent["K"] = pydyf.Array([*parent.get("K", ()), *references])


def _repoint_parent_tree(tree: StructureTree, old: bytes, new: bytes) -> None:
    """Marked content that named ``old`` as its parent now names ``new``."""
    root = tree.root
    nums = tree.resolve(root["ParentTree"])["Nums"] if root is not None else []
    for index, value in enumerate(nums):
        if value == old:
            nums[index] = new
        elif isinstance(value, list):
            nums[index] = pydyf.Array([new if ref == old else ref for ref in value])


def _retire(tree: StructureTree, element: pydyf.Dictionary, heir: pydyf.Dictionary) -> None:
    """Empty ``element``, whose kids were adopted by ``heir``: its marked content (MCIDs)
    now names ``heir`` in the parent tree."""
    if any(isinstance(kid, int) for kid in element.get("K", ())):
        _repoint_parent_tree(tree, element.reference, heir.reference)
    element.clear()  # unreachable now; pydyf cannot free objects in an object stream


_TABLE_PART_ORDER = {"/Caption": 0, "/THead": 1, "/TBody": 2, "/TFoot": 3}


def _merge_into(tree: StructureTree, keeper: pydyf.Dictionary, fragment: pydyf.Dictionary) -> None:
    """Move every part of ``fragment`` into ``keeper`` (rows into its body, caption text
    into its caption) and drop ``fragment``."""
    for reference, kid in zip(fragment["K"], tree.kids(fragment), strict=True):
        kind = kid["S"] if is_element(kid) else None
        same = [part for part in tree.element_kids(keeper) if part["S"] == kind]
        if kind in ("/TBody", "/Caption") and same:
            _adopt(same[-1], list(kid["K"]), tree)
            _retire(tree, kid, same[-1])
        else:
            _adopt(keeper, [reference], tree)
    parent = tree.resolve(fragment["P"])
    parent["K"] = pydyf.Array([ref for ref in parent["K"] if ref != fragment.reference])
    _retire(tree, fragment, keeper)


def _order_parts(tree: StructureTree, table: pydyf.Dictionary) -> None:
    """Caption first, then header rows, body and footer (a stable sort of ``/K``)."""
    ranked = sorted(
        zip(table["K"], tree.kids(table), strict=True),
        key=lambda pair: _TABLE_PART_ORDER.get(pair[1]["S"], 2) if is_element(pair[1]) else 2,
    )
    table["K"] = pydyf.Array([reference for reference, _ in ranked])


def _runs(tree: StructureTree, fragments: list[pydyf.Dictionary]) -> list[list[pydyf.Dictionary]]:
    """Fragments of one table grouped as they are joined: each run holds at most one
    fragment with headers, and the header-less fragments that follow it (or, for the
    first run, also those that come before it)."""
    runs: list[list[pydyf.Dictionary]] = [[]]
    seen_headers = False
    for fragment in fragments:
        if _has_headers(tree, fragment):
            if seen_headers:
                runs.append([])
            seen_headers = True
        runs[-1].append(fragment)
    return runs


def join_table_fragments(tree: StructureTree, tables: Iterable[pydyf.Dictionary]) -> int:
    """Join the page fragments of each source table that lack headers to a fragment of the
    same table that has them; returns how many fragments were joined.

    ``tables`` must be in document order.  Tables without a recorded source are left alone.
    """
    by_source: dict[int, list[pydyf.Dictionary]] = {}
    for table in tables:
        source = table.pop(SOURCE, None)
        if source is not None and any(e["S"] == "/TR" for e in tree.elements(table)):
            by_source.setdefault(source, []).append(table)
    joined = 0
    for fragments in by_source.values():
        for keeper, *rest in _runs(tree, fragments):
            for fragment in rest:
                _merge_into(tree, keeper, fragment)
            if rest:
                _order_parts(tree, keeper)
                joined += len(rest)
    return joined


def repair_structure(_document: Any, pdf: pydyf.PDF) -> None:
    """The WeasyPrint ``finisher``: apply every repair in place."""
    tree = StructureTree(pdf)
    if tree.root is None:
        return
    found = tree.find("/LI", "/Table")
    wrap_list_item_bodies(tree, found["/LI"])
    join_table_fragments(tree, found["/Table"])
