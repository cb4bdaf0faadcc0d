"""mark_margin_artifacts: WeasyPrint's margin boxes become pagination artifacts."""

from __future__ import annotations

import io
from typing import Any

import pikepdf
import pypdf
import pytest

from carted_export.render.pdf_artifacts import (
    mark_margin_artifacts,
    reachable_elements,
    read_number_tree,
    scan_content,
)

from validators import CHECK_ROOT, render_pdf_ua


@pytest.fixture(scope="module")
def raw_pdf() -> bytes:
    return render_pdf_ua(CHECK_ROOT / "pdf" / "leaflet.html")


@pytest.fixture(scope="module")
def marked_pdf(raw_pdf: bytes) -> bytes:
    return mark_margin_artifacts(raw_pdf)


def _runs(pdf: bytes) -> list[list[tuple[str, int | None, str]]]:
    """Per page: (outer tag, MCID, subtype) of every text run, in drawing order."""
    pages = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            instructions = list(pikepdf.parse_content_stream(page))
            runs = []
            for drawn in scan_content(instructions):
                outer = drawn.marks[0]
                properties: Any = instructions[outer.index].operands[1:]
                subtype = str(properties[0].get("/Subtype", "")) if properties else ""
                runs.append((outer.tag, drawn.mcid, subtype))
            pages.append(runs)
    return pages


def _orphans(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root.StructTreeRoot
        reachable = reachable_elements(root)
        numbers = read_number_tree(root.ParentTree)
        return sum(
            1
            for parents in numbers.values()
            if isinstance(parents, pikepdf.Array)
            for element in parents
            if element.objgen not in reachable
        )


def test_weasyprint_tags_margin_boxes_as_orphan_spans(raw_pdf: bytes) -> None:
    # The behaviour being fixed: header and footer are /Span runs outside the tree.
    assert _orphans(raw_pdf) == 4  # header + footer on each of the 2 pages
    assert not any(tag == "/Artifact" for page in _runs(raw_pdf) for tag, _, _ in page)


def test_margin_boxes_become_header_and_footer_artifacts(marked_pdf: bytes) -> None:
    for page in _runs(marked_pdf):
        artifacts = [subtype for tag, _, subtype in page if tag == "/Artifact"]
        assert sorted(artifacts) == ["/Footer", "/Header"]
        tagged = [mcid for tag, mcid, _ in page if tag != "/Artifact" and mcid is not None]
        assert tagged and tagged == sorted(tagged)
    assert _orphans(marked_pdf) == 0


def test_parent_tree_stays_consistent(marked_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(marked_pdf)) as document:
        numbers = read_number_tree(document.Root.StructTreeRoot.ParentTree)
        for page in document.pages:
            parents = numbers[int(page.obj.StructParents)]
            properties: list[Any] = [
                instruction.operands[1] for instruction in pikepdf.parse_content_stream(page, "BDC")
            ]
            mcids = [int(item.MCID) for item in properties if "/MCID" in item]
            assert mcids == list(range(len(parents)))
            for mcid in mcids:
                assert mcid in [int(kid) for kid in parents[mcid].K if isinstance(kid, int)]


def test_text_fonts_and_body_are_untouched(raw_pdf: bytes, marked_pdf: bytes) -> None:
    def texts(pdf: bytes) -> list[str]:
        return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]

    def fonts(pdf: bytes) -> list[str]:
        with pikepdf.open(io.BytesIO(pdf)) as document:
            return sorted(str(font.BaseFont) for font in document.pages[0].Resources.Font.values())

    assert texts(marked_pdf) == texts(raw_pdf)
    assert "Page 1 of 2" in texts(marked_pdf)[0]
    assert fonts(marked_pdf) == fonts(raw_pdf)


def test_deterministic_and_idempotent(raw_pdf: bytes, marked_pdf: bytes) -> None:
    assert mark_margin_artifacts(raw_pdf) == marked_pdf
    assert mark_margin_artifacts(marked_pdf) == marked_pdf


def _synthetic_pdf() -> bytes:
    """A page whose orphan run (MCID 0) comes *before* the body run (MCID 1)."""
    document = pikepdf.new()
    document.add_blank_page(page_size=(200, 200))
    page = document.pages[0]
    font = document.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont="/Helv")
    )
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = document.make_stream(
        b"/Span <</MCID 0>> BDC BT /F1 9 Tf 10 190 Td (header) Tj ET EMC\n"
        b"/P <</MCID 1>> BDC BT /F1 9 Tf 10 100 Td (body) Tj ET EMC\n"
    )
    root = document.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    body = document.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.P, K=[1], P=root))
    orphan = document.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.Span, K=[0], P=root))
    root.K = pikepdf.Array([body])
    root.ParentTree = pikepdf.Dictionary(Nums=[0, pikepdf.Array([orphan, body])])
    page.obj.StructParents = 0
    document.Root.StructTreeRoot = root
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_orphans_before_body_are_renumbered() -> None:
    marked = mark_margin_artifacts(_synthetic_pdf())
    assert _runs(marked) == [[("/Artifact", None, "/Header"), ("/P", 0, "")]]
    with pikepdf.open(io.BytesIO(marked)) as document:
        root = document.Root.StructTreeRoot
        (parents,) = read_number_tree(root.ParentTree).values()
        assert len(parents) == 1
        assert list(parents[0].K) == [0]
        assert parents[0].objgen == root.K[0].objgen


def test_pdf_without_structure_is_returned_unchanged() -> None:
    document = pikepdf.new()
    document.add_blank_page()
    out = io.BytesIO()
    document.save(out)
    assert mark_margin_artifacts(out.getvalue()) == out.getvalue()
