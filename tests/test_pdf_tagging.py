"""Our fixes inside WeasyPrint's pass (render/pdf_tagging.py): margin boxes become
pagination artifacts, inline ``lang`` reaches the structure, stock WeasyPrint is untouched."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from carted_export.check.pdf import check_pdf
from carted_export.check.pdf_content import reachable_elements, read_number_tree, scan_content
from carted_export.render import pdf_tagging
from carted_export.render.pdf import write_leaflet_pdf
from carted_export.render.pdf_structure import repair_structure

from validators import (
    CHECK_ROOT,
    page_validation_failures,
    render_leaflet,
    render_pdf_ua,
    structure_elements,
)

LEAFLET = CHECK_ROOT / "pdf" / "leaflet.html"
FALLBACK_HTML = (
    '<html lang="ar" dir="rtl"><head><title>ت</title></head><body><main>'
    "<h1>عنوان</h1><p>فقرة مترجمة.</p>"
    '<p lang="en" dir="ltr">This paragraph is not translated yet.</p>'
    '<ul><li><span lang="en" dir="ltr">An English item</span></li></ul>'
    "</main></body></html>"
)
#: A link whose text has an <em> (the NCI "*Summary Report*" links), long enough to run
#: from page 1 onto page 2.
SPLIT_LINK_HTML = (
    '<html lang="en"><head><title>T</title></head><body><main><h1>Links</h1>'
    + "<p>Filler paragraph.</p>" * 15
    + '<p>Read <a href="https://www.cancer.gov/summary"><em>Summary Report:</em> '
    + "early reproductive events and breast cancer " * 80
    + "</a> today.</p></main></body></html>"
)


@pytest.fixture(scope="module")
def stock_pdf() -> bytes:
    return render_pdf_ua(LEAFLET)


@pytest.fixture(scope="module")
def our_pdf() -> bytes:
    return render_leaflet(LEAFLET)


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


def _langs(pdf: bytes) -> list[tuple[str, str]]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        elements = structure_elements(document.Root.StructTreeRoot)
        return [(str(e.S), str(e.Lang)) for e in elements if "/Lang" in e]


def test_stock_weasyprint_tags_margin_boxes_as_orphan_spans(stock_pdf: bytes) -> None:
    # The behaviour being fixed: header and footer are /Span runs outside the tree.
    assert _orphans(stock_pdf) == 4  # header + footer on each of the 2 pages
    assert not any(tag == "/Artifact" for page in _runs(stock_pdf) for tag, _, _ in page)


def test_margin_boxes_are_header_and_footer_artifacts(our_pdf: bytes) -> None:
    for page in _runs(our_pdf):
        artifacts = [subtype for tag, _, subtype in page if tag == "/Artifact"]
        assert sorted(artifacts) == ["/Footer", "/Header"]
        tagged = [mcid for tag, mcid, _ in page if tag != "/Artifact" and mcid is not None]
        assert tagged and tagged == sorted(tagged)
    assert _orphans(our_pdf) == 0


def test_parent_tree_is_dense_and_consistent(our_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(our_pdf)) as document:
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


def test_text_and_fonts_are_those_of_stock_weasyprint(stock_pdf: bytes, our_pdf: bytes) -> None:
    def texts(pdf: bytes) -> list[str]:
        return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]

    def fonts(pdf: bytes) -> list[str]:
        with pikepdf.open(io.BytesIO(pdf)) as document:
            return sorted(str(font.BaseFont) for font in document.pages[0].Resources.Font.values())

    assert texts(our_pdf) == texts(stock_pdf)
    assert "Page 1 of 2" in texts(our_pdf)[0]
    assert fonts(our_pdf) == fonts(stock_pdf)


def test_our_leaflet_passes_the_checker(tmp_path: Path, our_pdf: bytes) -> None:
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(our_pdf)
    assert [f.message for f in check_pdf(path) if f.severity == "error"] == []


def test_fixes_apply_only_inside_our_renders(our_pdf: bytes) -> None:
    assert _orphans(our_pdf) == 0
    # A stock call in the same process, after ours, is stock again.
    assert _orphans(render_pdf_ua(LEAFLET)) == 4
    stock = weasyprint.HTML(string=FALLBACK_HTML).write_pdf(pdf_variant="pdf/ua-1")
    assert _langs(stock) == []


def test_shared_font_configuration_gives_the_same_bytes(our_pdf: bytes) -> None:
    write_leaflet_pdf(FALLBACK_HTML, LEAFLET.parent.as_uri() + "/")  # use it for another page
    assert render_leaflet(LEAFLET) == our_pdf
    with pdf_tagging.leaflet_tagging():
        html = weasyprint.HTML(
            string=LEAFLET.read_text(encoding="utf-8"), base_url=LEAFLET.parent.as_uri() + "/"
        )
        fresh = html.write_pdf(
            pdf_variant="pdf/ua-1", font_config=FontConfiguration(), finisher=repair_structure
        )
    assert fresh == our_pdf


def test_fallback_paragraph_carries_its_language() -> None:
    data = write_leaflet_pdf(FALLBACK_HTML, LEAFLET.parent.as_uri() + "/")
    assert ("/P", "en") in _langs(data)
    assert ("/Span", "en") in _langs(data)
    assert all(lang == "en" for _kind, lang in _langs(data))


def test_install_is_idempotent() -> None:
    pdf_tagging.install()
    wrapped = (weasyprint.pdf.tags._build_box_tree, weasyprint.document.draw_page)
    pdf_tagging.install()
    assert (weasyprint.pdf.tags._build_box_tree, weasyprint.document.draw_page) == wrapped


@pytest.mark.parametrize(
    ("patch", "expected"),
    [
        (("weasyprint", "__version__", "71.0"), "not weasyprint 71.0, pydyf 0.13.0"),
        (("pydyf", "__version__", "0.14.0"), "not weasyprint 70.0, pydyf 0.14.0"),
        (("draw_page", "(page, stream, extra)", None), None),
        (("_build_box_tree", "(box, parent, pdf)", None), "is not the _build_box_tree(box"),
    ],
)
def test_unsupported_weasyprint_fails_pdf_jobs_loudly(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    patch: tuple[str, str, str | None],
    expected: str | None,
) -> None:
    """Other WeasyPrint or pydyf versions, or a wrapped function whose parameters changed:
    the PDF job fails with a message naming the versions; nothing is written quietly."""
    import pydyf

    from carted_export.errors import RenderError

    name, value, version = patch
    if version is not None:
        monkeypatch.setattr(weasyprint if name == "weasyprint" else pydyf, value, version)
    else:
        params = [p.strip() for p in value.strip("()").split(",")]
        source = f"def {name}({', '.join(params)}):\n    pass\n"
        namespace: dict[str, object] = {}
        exec(source, namespace)  # a stand-in with other parameters
        owner = weasyprint.pdf.tags if name == "_build_box_tree" else weasyprint.document
        monkeypatch.setattr(owner, name, namespace[name])
    pdf_tagging.internals_problem.cache_clear()
    try:
        problem = pdf_tagging.internals_problem()
        if expected is None:  # extra trailing parameters are fine: we pass the known ones
            assert problem is None
            return
        assert problem is not None and expected in problem
        with pytest.raises(RenderError, match="WeasyPrint"):
            write_leaflet_pdf(FALLBACK_HTML, LEAFLET.parent.as_uri() + "/")
    finally:
        monkeypatch.undo()
        pdf_tagging.internals_problem.cache_clear()
    assert pdf_tagging.internals_problem() is None


def test_arabic_seed_pdf_marks_english_fallback(leaflet_build: Path) -> None:
    pdf = next((leaflet_build / "ar").glob("car-t-cells-*.pdf"))
    langs = _langs(pdf.read_bytes())
    assert len([1 for _kind, lang in langs if lang == "en"]) >= 20
    info = [f for f in check_pdf(pdf) if f.rule == "lang-spans"]
    assert info and not info[0].message.startswith("0 ")


def _link_annotations(pdf: bytes) -> list[tuple[int, str, list[str]]]:
    """Per link annotation: its page, the type of its /StructParent, and the types of the
    elements whose /K hold an /OBJR for it."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root.StructTreeRoot
        holders: dict[tuple[int, int], list[str]] = {}
        for element in structure_elements(root):
            kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
            for kid in kids:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                    holders.setdefault(kid.Obj.objgen, []).append(str(element.S))
        numbers = read_number_tree(root.ParentTree)
        return [
            (n, str(numbers[int(annot.StructParent)].S), holders.get(annot.objgen, []))
            for n, page in enumerate(document.pages)
            for annot in page.obj.get("/Annots", [])
            if annot.Subtype == "/Link"
        ]


def test_stock_weasyprint_annotates_inner_boxes_of_a_link_again() -> None:
    stock = weasyprint.HTML(string=SPLIT_LINK_HTML).write_pdf(pdf_variant="pdf/ua-1")
    assert "/NonStruct" in {kind for _page, kind, _holders in _link_annotations(stock)}


def test_link_split_across_a_page_break_is_one_link_per_annotation() -> None:
    data = write_leaflet_pdf(SPLIT_LINK_HTML, "file:///nonexistent/")
    annotations = _link_annotations(data)
    assert {page for page, _kind, _holders in annotations} == {0, 1}
    assert all(kind == "/Link" and holders == ["/Link"] for _page, kind, holders in annotations)
    assert page_validation_failures(data) == []


def test_table_headers_get_the_scope_of_their_html() -> None:
    body = (
        '<table><thead><tr><th>Drug</th><th scope="col">Dose</th></tr></thead><tbody>'
        '<tr><th scope="row">A</th><td>1 mg</td></tr></tbody></table>'
    )
    data = write_leaflet_pdf(FALLBACK_HTML.replace("<h1>عنوان</h1>", body), "file:///x/")
    with pikepdf.open(io.BytesIO(data)) as document:
        headers = [e for e in structure_elements(document.Root.StructTreeRoot) if e.S == "/TH"]
        assert [str(th.A.Scope) for th in headers] == ["/Column", "/Column", "/Row"]
