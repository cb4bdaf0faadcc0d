"""The standalone HTML page, checked through its DOM."""

from __future__ import annotations

import gettext
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest

from carted_export.config import Format
from carted_export.document import Text
from carted_export.render import renderer_for
from carted_export.render.html import render_html

from render_helpers import context, sample_document, translated_document

AR_TITLE = "خلايا CAR T: هندسة الخلايا المناعية لعلاج السرطان"
AR_PARA = "يستخدم هذا العلاج خلاياك المناعية."


def parse(data: bytes) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(data)


@pytest.fixture
def page(tmp_path: Path) -> lxml.html.HtmlElement:
    return parse(render_html(sample_document(), context(tmp_path)))


def test_language_title_and_viewport(page: lxml.html.HtmlElement) -> None:
    assert page.get("lang") == "en" and page.get("dir") == "ltr"
    assert page.findtext(".//title") == "CAR T Cells: Engineering Immune Cells to Treat Cancer"
    assert page.xpath("//meta[@name='viewport']")
    assert [h.text_content() for h in page.xpath("//h1")] == [page.findtext(".//title")]


def test_self_contained_without_script(page: lxml.html.HtmlElement) -> None:
    assert not page.xpath("//script | //link | //iframe | //@*[starts-with(name(), 'on')]")
    images = page.xpath("//img")
    assert images and all(img.get("src").startswith("data:image/png;base64,") for img in images)
    assert all(img.get("alt") for img in images)
    assert "max-width: 70ch" in page.findtext(".//style")


def test_landmarks_and_skip_link(page: lxml.html.HtmlElement) -> None:
    skip = page.xpath("//body/*[1]")[0]
    assert skip.tag == "a" and skip.get("href") == "#content"
    assert page.xpath("//main[@id='content']")
    assert page.xpath("//header//h1")
    assert page.xpath("//footer[@role='contentinfo']")


def test_structure(page: lxml.html.HtmlElement) -> None:
    assert [h.tag for h in page.xpath("//main//*[self::h2 or self::h3]")] == ["h2", "h3"]
    assert page.xpath("//main/ul/li/ul/li")  # nested list kept nested
    wrap = page.xpath("//div[@class='table-wrap']")[0]
    assert wrap.get("role") == "region" and wrap.get("tabindex") == "0"
    caption = wrap.xpath(".//caption")[0]
    assert wrap.get("aria-labelledby") == caption.get("id")
    assert len(wrap.xpath(".//th[@scope='col']")) == 2
    assert len(wrap.xpath(".//th[@scope='row']")) == 2
    assert page.xpath("//figure/figcaption/span[@class='credit']")
    missing = page.xpath("//div[contains(@class, 'image-missing')]")[0].text_content()
    assert "Image not included" in missing and "Diagram of the CAR T process" in missing
    assert page.xpath("//div[@role='note' and contains(@class, 'note-disclaimer')]")


def test_citation_footer(page: lxml.html.HtmlElement) -> None:
    footer = page.xpath("//footer")[0]
    text = " ".join(footer.text_content().split())
    for expected in (
        "Last reviewed December 30, 2025",
        "License Public domain",
        "Cite as NCI, 2025",
        "Author Jane Doe",
        "Medical reviewer Dr. A. Reviewer",
        "Exported on January 15, 2026 with carted-export",
    ):
        assert expected in text
    link = footer.xpath(".//a")[0]
    assert link.get("href") == "https://www.cancer.gov/about-cancer/treatment/research/car-t-cells"


def test_unknown_license_and_unsafe_url(tmp_path: Path) -> None:
    doc = sample_document()
    meta = replace(doc.metadata, license="unknown", url="javascript:alert(1)")  # type: ignore[arg-type]
    page = parse(render_html(replace(doc, metadata=meta), context(tmp_path)))
    text = page.xpath("//footer")[0].text_content()
    assert "unknown — check before reuse" in text
    assert "javascript:" not in lxml.html.tostring(page, encoding="unicode")


def test_rtl_translation_marks_fallback_and_notices(tmp_path: Path) -> None:
    doc = translated_document("ar", AR_TITLE, AR_PARA)
    page = parse(render_html(doc, context(tmp_path, locale="ar", direction="rtl")))
    assert page.get("lang") == "ar" and page.get("dir") == "rtl"
    fallback = page.xpath("//p[@lang='en']")
    assert [p.get("dir") for p in fallback] == ["ltr"]
    assert fallback[0].text_content() == "This sentence is still in English."
    notice = page.xpath("//header//div[@class='notice']")[0].text_content()
    assert "not been translated yet" in notice and "(الإنجليزية)" in notice  # Arabic name
    assert "not been reviewed by a medical professional" in notice
    assert "Translated by Translator X" in page.xpath("//footer")[0].text_content()


def test_ui_strings_come_from_the_catalog_and_are_escaped(tmp_path: Path) -> None:
    class Hostile(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return "<b>Última revisión</b>" if message == "Last reviewed" else message

    ctx = replace(context(tmp_path, locale="es"), ui=Hostile())
    page = parse(render_html(sample_document(lang="es"), ctx))
    assert "<b>Última revisión</b>" in page.xpath("//footer")[0].text_content()
    assert not page.xpath("//footer//b")
    assert "30 de diciembre de 2025" in page.xpath("//footer")[0].text_content()


def test_fallback_span_in_list_with_children(tmp_path: Path) -> None:
    doc = sample_document(lang="es")
    ctx = context(tmp_path, locale="es")
    item_text = Text("Call your care team if you have:", lang="en")
    lst = doc.blocks[3]
    items = (replace(lst.items[0], text=item_text), *lst.items[1:])  # type: ignore[union-attr]
    blocks = (*doc.blocks[:3], replace(lst, items=items), *doc.blocks[4:])  # type: ignore[arg-type]
    page = parse(render_html(replace(doc, blocks=blocks), ctx))
    span = page.xpath("//li/span[@lang='en']")[0]
    assert span.get("dir") == "ltr" and span.getparent().xpath("./ul")


def test_renderer_for_is_lazy() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from carted_export.render import renderer_for; "
        "from carted_export.config import Format; renderer_for(Format.HTML); "
        "print('weasyprint' in sys.modules, 'ebooklib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
    assert renderer_for(Format.HTML) is render_html


def test_missing_image_whose_alt_came_from_its_caption_says_it_once(tmp_path: Path) -> None:
    from carted_export.document import Figure, Origin

    words = "Manufacturing CAR T cells in a clean room"
    figure = Figure(
        Origin("x.md", 3), "https://example.org/a.jpg", Text(words), caption=Text(words)
    )
    document = replace(sample_document(), blocks=(figure,))
    tree = parse(render_html(document, context(tmp_path)))
    box = tree.xpath("//*[contains(@class, 'image-missing')]")[0]
    assert box.text_content().count(words) == 1
