"""Structure-tree repairs on real WeasyPrint output (render/pdf_structure.py)."""

from __future__ import annotations

import io
from typing import Any

import pikepdf
import weasyprint

from carted_export.render.pdf import postprocess
from carted_export.render.pdf_structure import (
    _elements,
    _kids,
    merge_headerless_table_fragments,
    wrap_list_item_bodies,
)

LOOSE_LIST = "<ul><li><p>First paragraph.</p><p>Second paragraph.</p></li><li>Tight item</li></ul>"


def render(body: str) -> pikepdf.Pdf:
    html = f"<html lang='en'><head><title>T</title></head><body><main>{body}</main></body></html>"
    data = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    return pikepdf.open(io.BytesIO(data))


def elements(pdf: pikepdf.Pdf, kind: str) -> list[Any]:
    return [e for e in _elements(pdf.Root.StructTreeRoot) if kind == e.S]


def test_weasyprint_puts_paragraphs_directly_in_list_items_and_we_wrap_them() -> None:
    pdf = render(LOOSE_LIST)
    before = [str(k.S) for li in elements(pdf, "/LI") for k in _kids(li) if "/S" in k]
    assert "/P" in before  # the WeasyPrint 70 behaviour this module exists for
    assert wrap_list_item_bodies(pdf) == 2
    for li in elements(pdf, "/LI"):
        assert {str(k.S) for k in _kids(li) if "/S" in k} <= {"/Lbl", "/LBody"}
    for body in elements(pdf, "/LBody"):
        for kid in _kids(body):
            if "/S" in kid:
                assert kid.P.objgen == body.objgen


def test_headerless_table_fragment_is_merged_into_the_previous_one() -> None:
    rows = "".join(f"<tr><td>Row {n}</td><td>{n} mg</td></tr>" for n in range(120))
    pdf = render(
        f"<table><thead><tr><th>Name</th><th>Dose</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    tables = elements(pdf, "/Table")
    assert len(tables) >= 2, "the table should span pages"
    second = tables[1]
    second.K = pikepdf.Array(
        [k for k in _kids(second) if k.S != "/THead"]
    )  # a fragment without header
    second_rows = len([e for e in _elements(second) if e.S == "/TR"])
    first_rows = len([e for e in _elements(tables[0]) if e.S == "/TR"])
    assert merge_headerless_table_fragments(pdf) == 1
    tables_after = elements(pdf, "/Table")
    assert len(tables_after) == len(tables) - 1
    assert len([e for e in _elements(tables_after[0]) if e.S == "/TR"]) == first_rows + second_rows


def test_postprocess_output_has_no_bare_list_item_children() -> None:
    pdf = render(LOOSE_LIST)
    out = io.BytesIO()
    pdf.save(out)
    repaired = pikepdf.open(io.BytesIO(postprocess(out.getvalue())))
    for li in elements(repaired, "/LI"):
        assert {str(k.S) for k in _kids(li) if "/S" in k} <= {"/Lbl", "/LBody"}


def test_headerless_first_fragment_takes_in_the_next_one() -> None:
    rows = "".join(f"<tr><td>Row {n}</td><td>{n} mg</td></tr>" for n in range(120))
    pdf = render(
        f"<table><thead><tr><th>Name</th><th>Dose</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    tables = elements(pdf, "/Table")
    first = tables[0]
    first.K = pikepdf.Array([k for k in _kids(first) if k.S != "/THead"])
    total = sum(len([e for e in _elements(t) if e.S == "/TR"]) for t in tables)
    assert merge_headerless_table_fragments(pdf) >= 1
    after = elements(pdf, "/Table")
    assert all(any(e.S in ("/TH", "/THead") for e in _elements(t)) for t in after)
    assert sum(len([e for e in _elements(t) if e.S == "/TR"]) for t in after) == total
