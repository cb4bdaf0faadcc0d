"""The clinic's leaflet and the way back online (issue 12), on the build of the leaflet test
root: the seeds with a [clinic], a [publish] base_url, bilingual leaflets and last-page
sections of its own (tests/roots/leaflet/carted-export.toml)."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import lxml.etree
import lxml.html
import pikepdf
import pypdf
import pytest
import zxingcpp
from PIL import Image

from test_seeds import NCI, SCRAPE

from conftest import LEAFLET, LEAFLET_LOCALES, read_manifest
from validators import structure_elements

CLINIC = LEAFLET["clinic"]
BASE_URL = LEAFLET["publish"]["base_url"]
XHTML = {"x": "http://www.w3.org/1999/xhtml"}


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


def page(build: Path, locale: str, slug: str = NCI) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((build / locale / f"{slug}.html").read_bytes())


def first_page_png(pdf: Path, tmp_path: Path, dpi: int) -> Path:
    prefix = tmp_path / pdf.stem
    args = ["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", "-singlefile"]
    subprocess.run([*args, str(pdf), str(prefix)], check=True)
    return prefix.with_suffix(".png")


def printed_width_cm(png: Path, code: zxingcpp.Barcode, dpi: int) -> float:
    """The code's printed width with its 4-module quiet zone, measured on the raster: the
    symbol's side from the decoder's corners, a module from the 7-module finder pattern."""
    image = Image.open(png).convert("L")
    left, right = code.position.top_left, code.position.top_right
    side = ((right.x - left.x) ** 2 + (right.y - left.y) ** 2) ** 0.5
    x, y = left.x + 1, left.y + 2
    run = 0
    while image.getpixel((x + run, y)) < 128:
        run += 1
    module = (run + 1) / 7
    return (side + 8 * module) / dpi * 2.54


@pytest.mark.parametrize("locale", LEAFLET_LOCALES)
def test_qr_code_on_the_first_page_decodes_to_the_page_online(
    leaflet_build: Path, tmp_path: Path, locale: str
) -> None:
    dpi = 150
    png = first_page_png(leaflet_build / locale / f"{NCI}.pdf", tmp_path, dpi)
    codes = zxingcpp.read_barcodes(Image.open(png))
    assert [code.text for code in codes] == [f"{BASE_URL}{locale}/{NCI}.html"]
    assert codes[0].format == zxingcpp.BarcodeFormat.QRCode
    assert codes[0].ec_level in ("M", "Q", "H")
    assert printed_width_cm(png, codes[0], dpi) >= 2.5


@pytest.mark.parametrize(("locale", "words"), [("en", "QR code: "), ("es", "Código QR: ")])
def test_qr_code_is_a_figure_with_alt_text_in_the_leaflet_language_and_a_link_beside_it(
    leaflet_build: Path, locale: str, words: str
) -> None:
    url = f"{BASE_URL}{locale}/{NCI}.html"
    leaflet = leaflet_build / locale / f"{NCI}.pdf"
    with pikepdf.open(leaflet) as pdf:
        alts = [
            str(element.get("/Alt", ""))
            for element in structure_elements(pdf.Root.StructTreeRoot)
            if element.S == "/Figure"
        ]
        links = [
            str(annotation.A.URI)
            for annotation in pdf.pages[0].get("/Annots", [])
            if "/A" in annotation and "/URI" in annotation.A
        ]
    assert [alt for alt in alts if alt.startswith(words)] == [alts[1]]  # after the logo
    assert alts[1].endswith(url)
    assert alts[0] == CLINIC["logo_alt"]
    assert url in links
    first_page = pypdf.PdfReader(leaflet).pages[0].extract_text().replace("\n", "")
    assert url.removeprefix("https://") in first_page


@pytest.mark.parametrize("locale", ["en", "es", "zh_Hans"])
def test_clinic_name_and_phone_on_the_first_page_and_in_every_format(
    leaflet_build: Path, locale: str
) -> None:
    first_page = pypdf.PdfReader(leaflet_build / locale / f"{NCI}.pdf").pages[0].extract_text()
    assert CLINIC["phone"] in first_page
    assert CLINIC["name"] in " ".join(first_page.split())
    html = page(leaflet_build, locale)
    band = html.find_class("clinic-band")
    assert len(band) == 1
    assert CLINIC["name"] in band[0].text_content()
    assert band[0].xpath('.//a[@href="tel:+15550142"]/text()') == [CLINIC["phone"]]
    with zipfile.ZipFile(leaflet_build / locale / f"{NCI}.epub") as book:
        content = lxml.etree.fromstring(book.read("EPUB/content.xhtml"))
        names = book.namelist()
    (band,) = content.xpath("//x:div[@class='clinic-band']", namespaces=XHTML)
    assert (
        band.xpath("string(.//x:p[@class='clinic-name']/x:strong)", namespaces=XHTML)
        == (CLINIC["name"])
    )
    assert band.xpath(".//x:a[@href='tel:+15550142']/text()", namespaces=XHTML) == [CLINIC["phone"]]
    (logo,) = band.xpath(".//x:img[@class='clinic-logo']", namespaces=XHTML)
    assert logo.get("alt") == CLINIC["logo_alt"]
    assert logo.get("src").endswith(".svg") and f"EPUB/{logo.get('src')}" in names
    links = content.xpath("//x:a/@href", namespaces=XHTML)
    assert f"{BASE_URL}{locale}/{NCI}.html" in links  # the ebook links online


def test_clinic_labels_are_translated(leaflet_build: Path) -> None:
    labels = {
        "es": ["Entregado por:", "Teléfono:"],
        "ar": ["مقدَّم من:", "الهاتف:"],
        "zh_Hans": ["提供者：", "电话："],
    }
    for locale, expected in labels.items():
        band = page(leaflet_build, locale).find_class("clinic-band")[0]
        assert [span.text for span in band.find_class("clinic-label")][:2] == expected


def test_web_page_links_its_files_with_sizes_and_every_other_language(leaflet_build: Path) -> None:
    html = page(leaflet_build, "es")
    nav = html.find_class("page-links")[0]
    files = {a.get("href"): a.getparent().text_content() for a in nav.xpath(".//a[@download]")}
    assert set(files) == {f"{NCI}.pdf", f"{NCI}.bilingual.pdf", f"{NCI}.epub"}
    for href, text in files.items():
        size_kb = (leaflet_build / "es" / href).stat().st_size / 1024
        assert f"({round(size_kb)} kB)" in text, (href, text)
    languages = nav.xpath(".//a[@hreflang]")
    assert [(a.get("hreflang"), a.get("lang"), a.text) for a in languages] == [
        ("en", "en", "English"),
        ("ar", "ar", "العربية"),
        ("zh-Hans", "zh-Hans", "中文 (简体)"),
    ]
    for link in languages:
        assert (leaflet_build / "es" / link.get("href")).resolve().is_file()
    alternates = html.xpath('//head/link[@rel="alternate"]')
    assert sorted(link.get("hreflang") for link in alternates) == ["ar", "en", "es", "zh-Hans"]


@pytest.mark.parametrize("locale", LEAFLET_LOCALES)
def test_web_page_puts_the_article_first_and_links_down_to_clinic_and_files(
    leaflet_build: Path, locale: str
) -> None:
    """A patient who scans the QR code lands on the text: the clinic block and the other
    files and languages follow the article, one link away from the top."""
    html = page(leaflet_build, locale)
    body = list(html.find("body"))
    order = [element.get("id") or element.get("class") or element.tag for element in body]
    assert order.index("content") < order.index("your-clinic") < order.index("page-links")
    jumps = html.find_class("jump-links")[0]
    assert jumps.getparent().tag == "header"
    targets = [a.get("href") for a in jumps.iter("a")]
    assert targets == ["#your-clinic", "#page-links-heading"]
    for target in targets:
        assert html.get_element_by_id(target[1:]) is not None
    words = html.find_class("words-to-know")
    assert all(box.tag == "details" and box.get("open") is None for box in words)


def test_bilingual_pdf_tags_each_language_and_repeats_only_translated_text(
    leaflet_build: Path,
) -> None:
    records = [r for r in read_manifest(leaflet_build) if r.get("variant") == "bilingual"]
    assert sorted((r["locale"], r["path"]) for r in records if r["slug"] == NCI) == [
        (locale, f"{locale}/{NCI}.bilingual.pdf") for locale in ("ar", "es", "zh_Hans")
    ]
    assert all(r["format"] == "pdf" for r in records)
    for locale, tag in (("es", "es"), ("ar", "ar"), ("zh_Hans", "zh-Hans")):
        with pikepdf.open(leaflet_build / locale / f"{NCI}.bilingual.pdf") as pdf:
            assert str(pdf.Root.Lang) == tag
            langs = {
                str(element.Lang)
                for element in structure_elements(pdf.Root.StructTreeRoot)
                if "/Lang" in element
            }
        assert {tag, "en"} <= langs, (locale, langs)
    # The Spanish NCI article is fully translated: its English text appears only in the
    # bilingual leaflet.  In Arabic most segments fell back to English: such a segment is
    # printed once, not twice.
    english = "CAR T-cell therapy involves genetically engineering"
    assert english not in pdf_text(leaflet_build / "es" / f"{NCI}.pdf")
    assert english in pdf_text(leaflet_build / "es" / f"{NCI}.bilingual.pdf")
    fallback = " ".join(pdf_text(leaflet_build / "ar" / f"{SCRAPE}.bilingual.pdf").split())
    plain = " ".join(pdf_text(leaflet_build / "ar" / f"{SCRAPE}.pdf").split())
    sentence = "A living drug made from your own immune cell"
    assert fallback.count(sentence) == plain.count(sentence) > 0


def test_questions_and_notes_on_the_last_page_in_print_only(leaflet_build: Path) -> None:
    question = "¿Es la terapia de células CAR T una opción para mí?"
    reader = pypdf.PdfReader(leaflet_build / "es" / f"{NCI}.pdf")
    last = " ".join(reader.pages[-1].extract_text().split())
    assert "Mis notas" in last
    text = " ".join(pdf_text(leaflet_build / "es" / f"{NCI}.pdf").split())
    assert "Preguntas para su equipo de atención médica" in text and question in text
    html = page(leaflet_build, "es")
    assert html.xpath("//section[@class='questions']//li/text()")[0] == question
    assert not html.find_class("my-notes")  # writing lines are for paper
