"""Inline language changes reach the PDF structure (render/pdf_lang.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import weasyprint

from carted_export.check.pdf import check_pdf
from carted_export.render import pdf_lang
from carted_export.render.pdf_structure import _elements


def lang_of_elements(data: bytes) -> list[tuple[str, str]]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [(str(e.S), str(e.Lang)) for e in _elements(pdf.Root.StructTreeRoot) if "/Lang" in e]


def test_fallback_paragraph_carries_its_language() -> None:
    assert pdf_lang.install()
    html = (
        '<html lang="ar" dir="rtl"><head><title>ت</title></head><body><main>'
        "<h1>عنوان</h1><p>فقرة مترجمة.</p>"
        '<p lang="en" dir="ltr">This paragraph is not translated yet.</p>'
        '<ul><li><span lang="en" dir="ltr">An English item</span></li></ul>'
        "</main></body></html>"
    )
    data = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    assert ("/P", "en") in lang_of_elements(data)
    assert ("/Span", "en") in lang_of_elements(data)
    assert all(lang == "en" for _kind, lang in lang_of_elements(data))


def test_install_is_idempotent() -> None:
    assert pdf_lang.install() and pdf_lang.install()
    wrapped = weasyprint.pdf.tags._build_box_tree
    assert pdf_lang.install()
    assert weasyprint.pdf.tags._build_box_tree is wrapped


def test_arabic_seed_pdf_marks_english_fallback(seed_build: Path) -> None:
    pdf = next((seed_build / "ar").glob("car-t-cells-*.pdf"))
    langs = lang_of_elements(pdf.read_bytes())
    assert len([1 for _kind, lang in langs if lang == "en"]) >= 20
    info = [f for f in check_pdf(pdf) if f.rule == "lang-spans"]
    assert info and not info[0].message.startswith("0 ")
