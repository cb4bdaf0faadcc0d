"""Structure-tree repairs on real WeasyPrint output (render/pdf_structure.py, a finisher)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pydyf
import weasyprint

from carted_export.check.pdf import check_pdf
from carted_export.render.pdf import write_leaflet_pdf
from carted_export.render.pdf_structure import (
    StructureTree,
    join_table_fragments,
    wrap_list_item_bodies,
)

from validators import page_validation_failures, structure_elements

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


def leaflet(body: str) -> pikepdf.Pdf:
    """``body`` rendered as our leaflets are: tagging fixes and the finisher."""
    return pikepdf.open(io.BytesIO(write_leaflet_pdf(page(body), "file:///nonexistent/")))


def page_of(pdf: pikepdf.Pdf, element: Any) -> int:
    return [p.objgen for p in pdf.pages].index(element.Pg.objgen)


def cells(table: Any, kind: str) -> list[Any]:
    return [e for e in structure_elements(table) if kind == e.S]


def plain_rows(count: int, start: int = 0) -> str:
    return "".join(f"<tr><td>Row {n}</td><td>{n} mg</td></tr>" for n in range(start, start + count))


#: A table whose only headers are an inline header row (what transforms/tables.py makes of
#: a header-less export with a bold first row): page 2 of it has no header cells.
INLINE_HEADER_TABLE = (
    '<table><tbody><tr><th scope="col">Name</th><th scope="col">Dose</th></tr>'
    + plain_rows(60)
    + "</tbody></table>"
)
#: A table without a single header cell, long enough to span pages 1-2.
HEADERLESS_TABLE = f"<table><tbody>{plain_rows(45)}</tbody></table>"
#: A table with headers on page 1, then a different one without headers on page 2.
TABLES_ON_ADJACENT_PAGES = (
    "<table><thead><tr><th>Name</th><th>Dose</th></tr></thead>"
    f"<tbody>{plain_rows(5)}</tbody></table>"
    f'<table style="break-before: page"><tbody>{plain_rows(5, 100)}</tbody></table>'
)


def test_stock_weasyprint_splits_a_long_table_into_one_table_per_page() -> None:
    stock = render(INLINE_HEADER_TABLE)  # why the join exists
    tables = elements(stock, "/Table")
    assert [page_of(stock, table) for table in tables] == [0, 1]
    assert [has_headers(table) for table in tables] == [True, False]


def test_real_headerless_fragment_joins_its_own_table() -> None:
    pdf = leaflet(INLINE_HEADER_TABLE)
    (table,) = elements(pdf, "/Table")
    assert rows(table) == 61  # the header row and every data row, from both pages
    assert {page_of(pdf, cell) for cell in cells(table, "/TD")} == {0, 1}
    for row in structure_elements(table):
        if row.S == "/TR":
            assert row.P.P.objgen == table.objgen  # TR -> TBody -> Table
    assert [str(th.A.Scope) for th in cells(table, "/TH")] == ["/Column", "/Column"]
    assert (
        page_validation_failures(write_leaflet_pdf(page(INLINE_HEADER_TABLE), "file:///x/")) == []
    )


def test_headerless_table_split_across_pages_stays_one_headerless_table() -> None:
    pdf = leaflet(HEADERLESS_TABLE)
    (table,) = elements(pdf, "/Table")
    assert rows(table) == 45
    assert {page_of(pdf, cell) for cell in cells(table, "/TD")} == {0, 1}
    assert not has_headers(table)  # left for the checker to report, not hidden


def test_different_tables_on_adjacent_pages_are_never_fused() -> None:
    pdf = leaflet(TABLES_ON_ADJACENT_PAGES)
    tables = elements(pdf, "/Table")
    assert [rows(table) for table in tables] == [6, 5]
    assert [page_of(pdf, table) for table in tables] == [0, 1]
    assert [has_headers(table) for table in tables] == [True, False]


def test_joined_table_has_one_caption_first() -> None:
    body = INLINE_HEADER_TABLE.replace("<tbody>", "<caption>Doses by name</caption><tbody>", 1)
    pdf = leaflet(body)
    (table,) = elements(pdf, "/Table")
    assert [str(kid.S) for kid in direct_kids(table)] == ["/Caption", "/TBody"]


def test_tables_with_headers_on_every_page_are_left_alone() -> None:
    counted: list[int] = []
    fixed = render(LONG_TABLE, counting(join_table_fragments, "/Table", counted))
    assert counted == [0]  # stock tagging records no source table: nothing to pair
    ours = leaflet(LONG_TABLE)
    tables = elements(ours, "/Table")
    assert len(tables) == len(elements(fixed, "/Table")) > 1
    assert all(has_headers(table) for table in tables)


MERGED_CELLS_TABLE = (
    "<table><thead><tr><th>Stage</th><th>Tumour</th><th>Nodes</th></tr></thead><tbody>"
    '<tr><th scope="row" rowspan="2">I</th><td colspan="2">small, no spread</td></tr>'
    "<tr><td>T1</td><td>N0</td></tr>"
    '<tr><th scope="row">II</th><td>T2</td><td>N1</td></tr></tbody></table>'
)


def test_table_with_merged_cells_keeps_its_spans_and_passes_both_checkers(
    tmp_path: Path,
) -> None:
    data = write_leaflet_pdf(page(MERGED_CELLS_TABLE), "file:///nonexistent/")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        (table,) = elements(pdf, "/Table")
        spans = [
            (str(cell.S), int(cell.A.get("/RowSpan", 1)), int(cell.A.get("/ColSpan", 1)))
            for cell in structure_elements(table)
            if cell.S in ("/TH", "/TD") and ("/RowSpan" in cell.A or "/ColSpan" in cell.A)
        ]
        assert spans == [("/TH", 2, 1), ("/TD", 1, 2)]
    path = tmp_path / "merged.pdf"
    path.write_bytes(data)
    assert [f.rule for f in check_pdf(path) if f.severity == "error"] == []
    assert page_validation_failures(data) == []


def test_ragged_table_is_found_by_both_checkers(tmp_path: Path) -> None:
    # What a source table with a short row gives when nothing pads it (transforms/tables.py
    # does, see test_transforms_tables.py).
    ragged = MERGED_CELLS_TABLE.replace("<td>T2</td><td>N1</td>", "<td>T2</td>")
    path = tmp_path / "ragged.pdf"
    path.write_bytes(write_leaflet_pdf(page(ragged), "file:///nonexistent/"))
    assert [f.rule for f in check_pdf(path) if f.severity == "error"] == ["table-columns"]
    assert "PDFUA1-TABLE-ROW-COLUMNSPAN-001" in {
        failure.split(":")[0] for failure in page_validation_failures(path)
    }
