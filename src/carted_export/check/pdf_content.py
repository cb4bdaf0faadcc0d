"""Reading a finished PDF's content streams and structure tree, for the checker.

:func:`scan_content` walks a parsed content stream keeping just enough graphics and text
state to know where each text run or image is drawn and inside which marked-content
sequences (``/Artifact``, ``/Span <</MCID n>>``...).  :func:`read_number_tree` and
:func:`reachable_elements` read the parent tree and the structure tree.
"""

from __future__ import annotations

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
    font: str = ""  # the font resource selected by the last ``Tf``

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
        self.font = ""
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
        elif op == "Tf":
            self.font = str(operands[0])
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
            yield Drawn(index, op, tuple(state.marks), e, f, font=state.font)
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
