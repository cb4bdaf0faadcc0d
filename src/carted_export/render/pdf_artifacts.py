"""Mark WeasyPrint's page-margin boxes (running headers and footers) as PDF artifacts.

What WeasyPrint 70 writes with ``pdf_variant="pdf/ua-1"`` (see ``weasyprint/pdf/tags.py``,
``_build_box_tree``): text in ``@page`` margin boxes is drawn as ``/Span <</MCID n>> BDC ...
EMC`` like body text, and a ``/Span`` structure element is created for each MCID and listed
in the page's ``/ParentTree`` array, but it is never linked into the tree (its ``/P`` names
the ``/Document`` element, whose ``/K`` does not list it).  A screen reader therefore meets
tagged content that belongs to no structure, which PDF/UA (Matterhorn 01-001) forbids.

That "orphan" status is exactly how margin boxes are identified here: an MCID whose parent
element cannot be reached from ``/StructTreeRoot``.  Each such sequence becomes
``/Artifact <</Type /Pagination /Subtype /Header|/Footer>> BDC``, its ``/ParentTree`` entry
is dropped and the remaining MCIDs on the page are renumbered so the parent tree stays a
dense MCID-indexed array.  Fonts, images and every other object are left as they are.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
TEXT_SHOWING = frozenset({"Tj", "TJ", "'", '"'})


@dataclass(frozen=True, slots=True)
class Mark:
    """An open marked-content sequence: its tag, MCID (if any) and the BDC's index."""

    tag: str
    mcid: int | None
    index: int


@dataclass(frozen=True, slots=True)
class Drawn:
    """A text-showing or XObject operator with its enclosing marks and start point."""

    index: int
    operator: str
    marks: tuple[Mark, ...]
    x: float
    y: float  # default user space (PDF points, y grows upwards)
    name: str = ""  # the XObject drawn by ``Do``

    @property
    def is_artifact(self) -> bool:
        return any(mark.tag == "/Artifact" for mark in self.marks)

    @property
    def mcid(self) -> int | None:
        """The innermost MCID around this operator."""
        for mark in reversed(self.marks):
            if mark.mcid is not None:
                return mark.mcid
        return None


def _mul(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _matrix(operands: Any) -> Matrix:
    a, b, c, d, e, f = (float(value) for value in operands)
    return (a, b, c, d, e, f)


def _translate(tx: float, ty: float) -> Matrix:
    return (1.0, 0.0, 0.0, 1.0, tx, ty)


def _mark(operands: Any, index: int) -> Mark:
    mcid = None
    if len(operands) > 1 and isinstance(operands[1], pikepdf.Dictionary):
        value = operands[1].get("/MCID")
        mcid = int(value) if value is not None else None
    return Mark(str(operands[0]), mcid, index)


class _State:
    """Graphics and text state needed to place operators on the page."""

    def __init__(self) -> None:
        self.ctm = IDENTITY
        self.stack: list[Matrix] = []
        self.tm = IDENTITY
        self.tlm = IDENTITY
        self.leading = 0.0
        self.marks: list[Mark] = []

    def next_line(self, tx: float, ty: float) -> None:
        self.tlm = _mul(_translate(tx, ty), self.tlm)
        self.tm = self.tlm

    def update(self, op: str, operands: Any, index: int) -> None:
        if op == "q":
            self.stack.append(self.ctm)
        elif op == "Q" and self.stack:
            self.ctm = self.stack.pop()
        elif op == "cm":
            self.ctm = _mul(_matrix(operands), self.ctm)
        elif op == "BT":
            self.tm = self.tlm = IDENTITY
        elif op == "Tm":
            self.tm = self.tlm = _matrix(operands)
        elif op in ("Td", "TD"):
            if op == "TD":
                self.leading = -float(operands[1])
            self.next_line(float(operands[0]), float(operands[1]))
        elif op in ("T*", "'", '"'):
            self.next_line(0.0, -self.leading)
        elif op == "TL":
            self.leading = float(operands[0])
        elif op in ("BDC", "BMC"):
            self.marks.append(_mark(operands, index))
        elif op == "EMC" and self.marks:
            self.marks.pop()


def scan_content(instructions: Iterable[Any]) -> Iterator[Drawn]:
    """Yield every text-showing and ``Do`` operator of a parsed content stream."""
    state = _State()
    for index, (operands, operator) in enumerate(instructions):
        op = str(operator)
        if op in TEXT_SHOWING:
            state.update(op, operands, index)  # ' and " move to the next line first
            e, f = _mul(state.tm, state.ctm)[4:]
            yield Drawn(index, op, tuple(state.marks), e, f)
        elif op == "Do":
            e, f = state.ctm[4:]
            yield Drawn(index, op, tuple(state.marks), e, f, str(operands[0]))
        else:
            state.update(op, operands, index)


def read_number_tree(node: Any) -> dict[int, Any]:
    """Flatten a PDF number tree (``/Nums`` leaves, ``/Kids`` branches) into a dict."""
    result: dict[int, Any] = {}
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums) - 1, 2):
            result[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", ()):
        result.update(read_number_tree(kid))
    return result


def reachable_elements(struct_root: Any) -> set[tuple[int, int]]:
    """Object ids of every structure element reachable from ``/StructTreeRoot``."""
    seen: set[tuple[int, int]] = set()
    pending = [struct_root.get("/K")]
    while pending:
        node = pending.pop()
        if isinstance(node, pikepdf.Array):
            pending.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            pending.append(node.get("/K"))
    return seen


def _artifact_operands(y: float, page_middle: float) -> list[Any]:
    top = y > page_middle
    properties = pikepdf.Dictionary(
        Type=pikepdf.Name.Pagination,
        Subtype=pikepdf.Name.Header if top else pikepdf.Name.Footer,
        Attached=pikepdf.Array([pikepdf.Name.Top if top else pikepdf.Name.Bottom]),
    )
    return [pikepdf.Name.Artifact, properties]


def _renumber_parents(parents: Any, kept: list[int]) -> pikepdf.Array:
    """Renumber the integer MCIDs in the kept parents' ``/K``; return the new page array."""
    renumber = {old: new for new, old in enumerate(kept)}
    done: set[tuple[int, int]] = set()
    for old in kept:
        element = parents[old]
        if element.objgen in done:
            continue
        done.add(element.objgen)
        kids = element.get("/K")
        if isinstance(kids, int):
            element.K = renumber.get(kids, kids)
        elif isinstance(kids, pikepdf.Array):
            element.K = pikepdf.Array(
                [renumber.get(int(kid), int(kid)) if isinstance(kid, int) else kid for kid in kids]
            )
    return pikepdf.Array([parents[old] for old in kept])


def _mark_page(
    document: pikepdf.Pdf, page: Any, parents: Any, reachable: set[tuple[int, int]]
) -> pikepdf.Array | None:
    orphans = {
        mcid
        for mcid, element in enumerate(parents)
        if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable
    }
    if not orphans:
        return None
    instructions = list(pikepdf.parse_content_stream(page))
    box = [float(v) for v in page.obj.MediaBox]
    middle = (box[1] + box[3]) / 2
    first_y: dict[int, float] = {}
    for drawn in scan_content(instructions):
        for mark in drawn.marks:
            first_y.setdefault(mark.index, drawn.y)
    kept = [mcid for mcid in range(len(parents)) if mcid not in orphans]
    renumber = {old: new for new, old in enumerate(kept)}
    for index, instruction in enumerate(instructions):
        operands: Any = instruction.operands
        operator = instruction.operator
        if str(operator) != "BDC":
            continue
        mark = _mark(operands, index)
        if mark.mcid in orphans:
            operands = _artifact_operands(first_y.get(index, middle - 1), middle)
        elif mark.mcid is not None and renumber[mark.mcid] != mark.mcid:
            operands = [operands[0], pikepdf.Dictionary(MCID=renumber[mark.mcid])]
        instructions[index] = pikepdf.ContentStreamInstruction(operands, operator)
    page.obj.Contents = document.make_stream(pikepdf.unparse_content_stream(instructions))
    return _renumber_parents(parents, kept)


def _set_number(node: Any, key: int, value: Any) -> None:
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums) - 1, 2):
            if int(nums[i]) == key:
                nums[i + 1] = value
                return
    for kid in node.get("/Kids", ()):
        _set_number(kid, key, value)


def mark_margin_artifacts(pdf: bytes) -> bytes:
    """Return ``pdf`` with WeasyPrint's margin-box content turned into pagination artifacts.

    A PDF without a structure tree, or without orphaned marked content, is returned as is.
    """
    with pikepdf.open(io.BytesIO(pdf)) as document:
        if not mark_margin_artifacts_in(document):
            return pdf
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
        return out.getvalue()


def mark_margin_artifacts_in(document: pikepdf.Pdf) -> bool:
    """:func:`mark_margin_artifacts` on an open PDF, in place; True when anything changed."""
    struct_root = document.Root.get("/StructTreeRoot")
    if struct_root is None or "/ParentTree" not in struct_root:
        return False
    parent_tree = struct_root.ParentTree
    numbers = read_number_tree(parent_tree)
    reachable = reachable_elements(struct_root)
    changed = False
    for page in document.pages:
        key = int(page.obj.get("/StructParents", -1))
        parents = numbers.get(key)
        if not isinstance(parents, pikepdf.Array):
            continue
        new_parents = _mark_page(document, page, parents, reachable)
        if new_parents is not None:
            _set_number(parent_tree, key, new_parents)
            changed = True
    return changed
