"""check_pdf: each rule passes on a good leaflet and fails on a PDF mutated to break it."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from carted_export.check.pdf import check_pdf

from validators import (
    CHECK_ROOT,
    page_validation_failures,
    render_leaflet,
    render_pdf_ua,
    structure_elements,
)

Mutation = Callable[[pikepdf.Pdf], None]


@pytest.fixture(scope="module")
def raw_pdf() -> bytes:
    return render_pdf_ua(CHECK_ROOT / "pdf" / "leaflet.html")


@pytest.fixture(scope="module")
def good_pdf() -> bytes:
    return render_leaflet(CHECK_ROOT / "pdf" / "leaflet.html")


def _write(tmp_path: Path, data: bytes, mutate: Mutation | None = None) -> Path:
    path = tmp_path / "leaflet.pdf"
    with pikepdf.open(io.BytesIO(data)) as document:
        if mutate is not None:
            mutate(document)
        document.save(path)
    return path


def _errors(path: Path) -> set[str]:
    return {finding.rule for finding in check_pdf(path) if finding.severity == "error"}


def _elements(document: pikepdf.Pdf, kind: str) -> list[Any]:
    """The structure elements of one kind, in document order (the suite's one walker)."""
    elements = structure_elements(document.Root.StructTreeRoot)
    return [element for element in elements if pikepdf.Name(kind) == element.S]


def _set_xmp(document: pikepdf.Pdf, pattern: str, replacement: str) -> None:
    xmp = document.Root.Metadata.read_bytes().decode()
    document.Root.Metadata = document.make_stream(re.sub(pattern, replacement, xmp).encode())


def _rename(kind: str, new: str, count: int = 1) -> Mutation:
    def mutate(document: pikepdf.Pdf) -> None:
        for element in _elements(document, kind)[:count]:
            element.S = pikepdf.Name(new)

    return mutate


def _unembed(document: pikepdf.Pdf) -> None:
    for font in document.pages[0].Resources.Font.values():
        for part in font.get("/DescendantFonts", [font]):
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if key in part.FontDescriptor:
                    del part.FontDescriptor[key]


def _untag_first_run(document: pikepdf.Pdf) -> None:
    page = document.pages[0]
    instructions = list(pikepdf.parse_content_stream(page))
    first = next(i for i, ins in enumerate(instructions) if str(ins.operator) == "BDC")
    last = next(i for i, ins in enumerate(instructions) if i > first and str(ins.operator) == "EMC")
    del instructions[last], instructions[first]
    page.obj.Contents = document.make_stream(pikepdf.unparse_content_stream(instructions))


def _truncate_parent_tree(document: pikepdf.Pdf) -> None:
    nums = document.Root.StructTreeRoot.ParentTree.Nums
    nums[1] = pikepdf.Array(list(nums[1])[:1])


def _lose_table_headers(document: pikepdf.Pdf) -> None:
    """What a row moved in from a header-less page fragment looked like: an empty
    /Headers, and no /Scope on the header cells to fall back on."""
    for cell in _elements(document, "/TH"):
        del cell.A["/Scope"]
    _elements(document, "/TD")[-1].A.Headers = pikepdf.Array()


def _span_two_columns(document: pikepdf.Pdf) -> None:
    _elements(document, "/TD")[0].A.ColSpan = 2  # that row now spans 3 columns, the others 2


def _caption_twice(document: pikepdf.Pdf) -> None:
    table = _elements(document, "/Table")[0]
    second = document.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Caption, P=table)
    )
    table.K.append(second)


def _caption_in_the_middle(document: pikepdf.Pdf) -> None:
    table = _elements(document, "/Table")[0]
    caption, head, *rest = list(table.K)
    table.K = pikepdf.Array([head, caption, *rest])


def _draw_notdef(document: pikepdf.Pdf) -> None:
    """Make the first glyph of the first text run glyph 0, .notdef (code 0 in the body's
    Identity-H font), as WeasyPrint draws a character that no font has."""
    page = document.pages[0]
    instructions = list(pikepdf.parse_content_stream(page))
    index = next(i for i, ins in enumerate(instructions) if str(ins.operator) == "TJ")
    shown = list(instructions[index].operands[0])
    shown[0] = pikepdf.String(b"\x00\x00" + bytes(shown[0])[2:])
    instructions[index] = pikepdf.ContentStreamInstruction(
        [pikepdf.Array(shown)], pikepdf.Operator("TJ")
    )
    page.obj.Contents = document.make_stream(pikepdf.unparse_content_stream(instructions))


MUTATIONS: dict[str, Mutation] = {
    "tagged": lambda d: d.Root.MarkInfo.__setattr__("Marked", False),
    "struct-tree": lambda d: d.Root.__delattr__("StructTreeRoot"),
    "lang": lambda d: d.Root.__setattr__("Lang", pikepdf.String("")),
    "display-doc-title": lambda d: d.Root.__delattr__("ViewerPreferences"),
    "xmp-title": lambda d: _set_xmp(d, r"<dc:title>.*?</dc:title>", ""),
    "pdfua-id": lambda d: _set_xmp(d, r'pdfuaid:part="1"', 'pdfuaid:part="2"'),
    "figure-alt": lambda d: _elements(d, "/Figure")[0].__delattr__("Alt"),
    "heading-order": _rename("/H2", "/H3"),
    "table-headers": _rename("/TH", "/TD", count=99),
    "table-scope": _lose_table_headers,
    "list-structure": _rename("/Lbl", "/P"),
    "font-embedded": _unembed,
    "untagged-content": _untag_first_run,
    "parent-tree": _truncate_parent_tree,
    "link-annotation": _rename("/Link", "/Span"),
    "table-columns": _span_two_columns,
    "table-caption": _caption_twice,
    "notdef-glyph": _draw_notdef,
}


def test_good_leaflet_has_no_errors(tmp_path: Path, good_pdf: bytes) -> None:
    findings = check_pdf(_write(tmp_path, good_pdf))
    assert {(f.rule, f.severity) for f in findings} == {("lang-spans", "info")}
    assert page_validation_failures(_write(tmp_path, good_pdf)) == []


def test_headers_without_scope_are_allowed_with_a_warning(tmp_path: Path, good_pdf: bytes) -> None:
    # Stock WeasyPrint links every TD to its TH with /Headers and writes no /Scope.
    def drop_scope(document: pikepdf.Pdf) -> None:
        for cell in _elements(document, "/TH"):
            del cell.A["/Scope"]

    findings = check_pdf(_write(tmp_path, good_pdf, drop_scope))
    assert [(f.rule, f.severity) for f in findings if f.rule == "table-scope"] == [
        ("table-scope", "warning")
    ]


@pytest.mark.parametrize("rule", sorted(MUTATIONS))
def test_each_rule_catches_its_violation(tmp_path: Path, good_pdf: bytes, rule: str) -> None:
    assert rule in _errors(_write(tmp_path, good_pdf, MUTATIONS[rule]))


#: Each rule class page-validation found on our leaflets: our rule, page-validation's.
SECOND_OPINION = {
    "link-annotation": "PDFUA1-LINK-LINK-TAG-001",
    "table-scope": "PDFUA1-TABLE-HEADERS-SCOPE-001",
    "table-columns": "PDFUA1-TABLE-ROW-COLUMNSPAN-001",
    "table-caption": "PDFUA1-TABLE-CAPTION-COUNT-001",
    "notdef-glyph": "PDFUA1-NOTDEF-GLYPH-001",
}


@pytest.mark.parametrize("rule", sorted(SECOND_OPINION))
def test_new_rules_find_exactly_what_page_validation_finds(
    tmp_path: Path, good_pdf: bytes, rule: str
) -> None:
    path = _write(tmp_path, good_pdf, MUTATIONS[rule])
    assert _errors(path) == {rule}
    # (a bare code 0 also lacks a ToUnicode entry: page-validation reports that as well)
    assert SECOND_OPINION[rule] in {
        failure.split(":")[0] for failure in page_validation_failures(path)
    }


def test_caption_must_be_first_or_last(tmp_path: Path, good_pdf: bytes) -> None:
    messages = [
        f.message
        for f in check_pdf(_write(tmp_path, good_pdf, _caption_in_the_middle))
        if f.severity == "error"
    ]
    assert messages == ["a /Table's /Caption is neither its first nor last kid"]


def test_unmarked_weasyprint_margin_boxes_fail(tmp_path: Path, raw_pdf: bytes) -> None:
    findings = [f for f in check_pdf(_write(tmp_path, raw_pdf)) if f.severity == "error"]
    assert sorted(f.message for f in findings if f.rule == "margin-artifact") == [
        "page 1: 2 text runs in the page margin are not marked /Artifact",
        "page 2: 2 text runs in the page margin are not marked /Artifact",
    ]
    assert {f.rule for f in findings} == {"margin-artifact", "orphan-content"}


def test_margin_band_is_geometric(tmp_path: Path, good_pdf: bytes) -> None:
    # With a band reaching into the body, body text is (wrongly) margin content: the rule
    # really looks at positions, not only at tags.
    path = _write(tmp_path, good_pdf)
    assert "margin-artifact" in {f.rule for f in check_pdf(path, margin_band=150)}


def test_first_heading_must_be_h1(tmp_path: Path, good_pdf: bytes) -> None:
    path = _write(tmp_path, good_pdf, _rename("/H1", "/H2"))
    messages = [f.message for f in check_pdf(path) if f.rule == "heading-order"]
    assert messages == ["first is H2; expected H1"]


def test_inline_lang_is_counted(tmp_path: Path, good_pdf: bytes) -> None:
    def add_lang(document: pikepdf.Pdf) -> None:
        _elements(document, "/P")[0].Lang = pikepdf.String("fr")

    findings = check_pdf(_write(tmp_path, good_pdf, add_lang))
    assert [f.message for f in findings if f.rule == "lang-spans"] == [
        "1 structure elements carry /Lang (fr)"
    ]


def test_unreadable_file_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"not a pdf")
    assert [f.rule for f in check_pdf(path)] == ["pdf-readable"]
