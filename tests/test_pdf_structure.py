"""Structure-tree repairs on real WeasyPrint output (render/pdf_structure.py, a finisher)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pikepdf
import pydyf
import weasyprint

from carted_export.render.pdf import write_leaflet_pdf
from carted_export.render.pdf_structure import (
    StructureTree,
    merge_headerless_table_fragments,
    repair_structure,
    wrap_list_item_bodies,
)

from validators import structure_elements

LOOSE_LIST = "<ul><li><p>First paragraph.</p><p>Second paragraph.</p></li><li>Tight item</li></ul>"
LONG_TABLE = (
    "<table><thead><tr><th>Name</th><th>Dose</th></tr></thead><tbody>"
    + "".join(f"<tr><td>Row {n}</td><td>{n} mg</td></tr>" for n in range(120))
    + "</tbody></table>"
)
Finisher = Callable[[Any, pydyf.PDF], None]


def page(body: str) -> str:
    return f"<html lang='en'><head><title>T</title></head><body><main>{body}</main></body></html>"


def render(body: str, finisher: Finisher | None = None) -> pikepdf.Pdf:
    html = weasyprint.HTML(string=page(body))
    return pikepdf.open(io.BytesIO(html.write_pdf(pdf_variant="pdf/ua-1", finisher=finisher)))


def elements(pdf: pikepdf.Pdf, kind: str) -> list[Any]:
    return [e for e in structure_elements(pdf.Root.StructTreeRoot) if kind == e.S]


def direct_kids(element: Any) -> list[Any]:
    kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def kinds(element: Any) -> set[str]:
    return {str(k.S) for k in direct_kids(element)}


def rows(table: Any) -> int:
    return len([e for e in structure_elements(table) if e.S == "/TR"])


def has_headers(table: Any) -> bool:
    return any(e.S in ("/TH", "/THead") for e in structure_elements(table))


Repair = Callable[[StructureTree, list[Any]], int]


def counting(repair: Repair, kind: str, counted: list[int]) -> Finisher:
    """A finisher that runs one repair on the elements of ``kind`` and records its count."""

    def finisher(_document: Any, pdf: pydyf.PDF) -> None:
        tree = StructureTree(pdf)
        counted.append(repair(tree, tree.find(kind)[kind]))

    return finisher


def test_weasyprint_puts_paragraphs_directly_in_list_items_and_we_wrap_them() -> None:
    stock = render(LOOSE_LIST)
    assert any("/P" in kinds(li) for li in elements(stock, "/LI"))  # why this module exists
    counted: list[int] = []
    fixed = render(LOOSE_LIST, counting(wrap_list_item_bodies, "/LI", counted))
    assert counted == [2]
    for li in elements(fixed, "/LI"):
        assert kinds(li) <= {"/Lbl", "/LBody"}
    for body in elements(fixed, "/LBody"):
        for kid in direct_kids(body):
            assert kid.P.objgen == body.objgen


def test_leaflet_has_no_bare_list_item_children() -> None:
    data = write_leaflet_pdf(page(LOOSE_LIST), "file:///nonexistent/")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert elements(pdf, "/LI")
        for li in elements(pdf, "/LI"):
            assert kinds(li) <= {"/Lbl", "/LBody"}


def _drop_header_of_fragment(index: int) -> Finisher:
    """A finisher that removes the repeated header of table fragment ``index``, then repairs."""

    def finisher(document: Any, pdf: pydyf.PDF) -> None:
        tree = StructureTree(pdf)
        tables = tree.find("/Table")["/Table"]
        assert len(tables) >= 2, "the table should span pages"
        fragment = tables[index]
        fragment["K"] = pydyf.Array(
            [
                ref
                for ref, kid in zip(fragment["K"], tree.kids(fragment), strict=True)
                if kid["S"] != "/THead"
            ]
        )
        repair_structure(document, pdf)

    return finisher


def test_headerless_table_fragment_is_merged_into_the_previous_one() -> None:
    stock = render(LONG_TABLE)
    before = [rows(table) for table in elements(stock, "/Table")]
    fixed = render(LONG_TABLE, _drop_header_of_fragment(1))
    tables = elements(fixed, "/Table")
    assert len(tables) == len(before) - 1
    assert rows(tables[0]) == before[0] + before[1] - 1  # less the dropped repeated header
    assert all(has_headers(table) for table in tables)
    for row in structure_elements(tables[0]):
        if row.S == "/TR":
            assert row.P.P.objgen == tables[0].objgen  # TR -> TBody/THead -> Table


def test_headerless_first_fragment_takes_in_the_next_one() -> None:
    stock = render(LONG_TABLE)
    total = sum(rows(table) for table in elements(stock, "/Table"))
    fixed = render(LONG_TABLE, _drop_header_of_fragment(0))
    after = elements(fixed, "/Table")
    assert len(after) < len(elements(stock, "/Table"))
    assert all(has_headers(table) for table in after)
    assert sum(rows(table) for table in after) == total - 1  # less the dropped header row


def test_tables_with_headers_on_every_page_are_left_alone() -> None:
    counted: list[int] = []
    fixed = render(LONG_TABLE, counting(merge_headerless_table_fragments, "/Table", counted))
    assert counted == [0]
    assert len(elements(fixed, "/Table")) == len(elements(render(LONG_TABLE), "/Table"))
