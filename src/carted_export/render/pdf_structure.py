"""Repairs to WeasyPrint 70's structure tree that PDF/UA-1 needs, before the PDF is written.

:func:`repair_structure` is a WeasyPrint ``finisher``: it gets the ``pydyf.PDF`` after
layout and tagging, while every object is still a Python dictionary, so nothing is parsed
or written twice.

- **List items**: WeasyPrint tags a block child of ``<li>`` (a paragraph in a loose list)
  as a direct child of ``/LI``; PDF/UA wants ``/LI`` to hold only ``/Lbl`` and ``/LBody``.
  Such children are wrapped in a new ``/LBody``.
- **Tables split across pages**: each page's fragment becomes its own ``/Table``; a
  fragment that did not get the repeated header row is a table without headers.  Its rows
  are moved into the previous fragment's body, so they keep their headers.  (The
  transforms give every table headers, so a header-less table here is a fragment.)

Only structure elements move; content streams and marked-content ids are untouched, and
the parent tree still points at the same leaf elements.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pydyf

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


def _rows_and_headers(tree: StructureTree, table: pydyf.Dictionary) -> tuple[bool, bool]:
    kinds = {element["S"] for element in tree.elements(table)}
    return "/TR" in kinds, bool(kinds & {"/TH", "/THead"})


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


def _merge_into(tree: StructureTree, keeper: pydyf.Dictionary, fragment: pydyf.Dictionary) -> None:
    """Move every row (and anything else) of ``fragment`` into ``keeper``; drop ``fragment``."""
    bodies = [kid for kid in tree.element_kids(keeper) if kid["S"] == "/TBody"]
    for reference, kid in zip(fragment["K"], tree.kids(fragment), strict=True):
        if is_element(kid) and kid["S"] == "/TBody" and bodies:
            _adopt(bodies[-1], list(kid["K"]), tree)
        else:
            _adopt(keeper, [reference], tree)
    if any(isinstance(kid, int) for kid in fragment["K"]):
        _repoint_parent_tree(tree, fragment.reference, keeper.reference)
    parent = tree.resolve(fragment["P"])
    parent["K"] = pydyf.Array([ref for ref in parent["K"] if ref != fragment.reference])
    fragment.clear()  # unreachable now; pydyf cannot free objects in an object stream


def merge_headerless_table_fragments(
    tree: StructureTree, tables: Iterable[pydyf.Dictionary]
) -> int:
    """Join a header-less page fragment to the fragment before it (or, when it is the
    first, the one after it), so every row is in a table that has headers.

    ``tables`` must be in document order.
    """
    merged = 0
    previous: Any = None  # the last table kept, whose last fragment is on previous_page
    previous_has_headers = False
    previous_page = -2
    orphan: Any = None  # a header-less first fragment waiting for its continuation
    for table in tables:
        has_rows, has_headers = _rows_and_headers(tree, table)
        if not has_rows:
            continue
        page = tree.page_index(table)
        continues = previous is not None and page == previous_page + 1
        if orphan is not None and continues:  # gather fragments until headers arrive
            _merge_into(tree, orphan, table)
            merged += 1
            if has_headers:
                orphan, previous_has_headers = None, True
        elif not has_headers and continues and previous_has_headers:
            _merge_into(tree, previous, table)
            merged += 1
        else:
            previous, previous_has_headers = table, has_headers
            orphan = None if has_headers else table
        previous_page = page
    return merged


def repair_structure(_document: Any, pdf: pydyf.PDF) -> None:
    """The WeasyPrint ``finisher``: apply every repair in place."""
    tree = StructureTree(pdf)
    if tree.root is None:
        return
    found = tree.find("/LI", "/Table")
    wrap_list_item_bodies(tree, found["/LI"])
    merge_headerless_table_fragments(tree, found["/Table"])
