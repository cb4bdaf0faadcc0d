"""The "Key points" and "Words to know" boxes in HTML, EPUB and PDF, in English and Spanish."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from lxml import html as lxml_html
from pypdf import PdfReader

from carted_export.check.pdf import check_pdf
from carted_export.cli import main

from conftest import NCI_ROOT, ROOTS
from validators import (
    ace_violations,
    axe_violations,
    epubcheck_messages,
    require_ace,
    require_axe,
    require_epubcheck,
)

SLUG = "car-t-cell-therapy-basics"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("boxes")
    locales = tmp / "locales"
    (locales / "es" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(NCI_ROOT / "locales" / "glossary.toml", locales / "glossary.toml")
    out = tmp / "out"
    args = ["build", str(ROOTS / "boxes"), "--out", str(out), "--locales-dir", str(locales)]
    # Module-scoped: runs before the autouse chdir, so step out of the repository's project.
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp)
        result = CliRunner().invoke(main, [*args, "--locale", "en", "--locale", "es", "-q"])
    assert result.exit_code == 0, result.output
    return out


def _main(path: Path) -> lxml_html.HtmlElement:
    page = lxml_html.parse(str(path)).getroot()
    return page.get_element_by_id("content")


def test_key_points_box_opens_the_page_and_leaves_the_body(built: Path) -> None:
    main_element = _main(built / "en" / f"{SLUG}.html")
    first = main_element[0]
    assert first.tag == "section" and "key-points" in first.get("class")
    assert first.get("aria-labelledby") == first.find("h2").get("id")
    assert first.find("h2").text_content() == "Key points"
    items = [li.text_content() for li in first.iter("li")]
    assert items[1] == "The cells are changed in a lab to find cancer."
    body_headings = [h.text_content() for h in main_element.iter("h2")]
    assert body_headings == ["Key points", "Words to know", "How it works", "After treatment"]


def test_words_to_know_defines_from_the_glossary_or_links(built: Path) -> None:
    box = _main(built / "en" / f"{SLUG}.html").find_class("words-to-know")[0]
    entries = {li.find("strong").text_content(): li for li in box.iter("li")}
    assert list(entries) == ["T cells", "side effects", "antigens"]
    t_cells = entries["T cells"].text_content()
    assert "primary killer of infected and other diseased cells" in t_cells
    assert "National Cancer Institute" in t_cells
    link = entries["side effects"].find("a")  # no glossary definition: the dictionary link
    assert (
        link.get("href")
        == "https://www.cancer.gov/publications/dictionaries/cancer-terms/def/46580"
    )


def test_spanish_labels_come_from_the_catalog_and_fallback_is_marked(built: Path) -> None:
    main_element = _main(built / "es" / f"{SLUG}.html")
    titles = [h.text_content() for h in main_element.iter("h2")][:2]
    assert titles == ["Puntos clave", "Palabras que debe conocer"]
    box = main_element.find_class("words-to-know")[0]
    # No Spanish catalog for this document: terms stay English, marked as such, and
    # without a Spanish definition each term shows its link.
    assert {s.get("lang") for s in box.iter("strong")} == {"en"}
    assert len(box.findall(".//a")) == 3


def test_boxes_in_the_epub(built: Path) -> None:
    with zipfile.ZipFile(built / "en" / f"{SLUG}.epub") as book:
        name = next(n for n in book.namelist() if n.endswith(".xhtml") and "nav" not in n)
        root = etree.fromstring(book.read(name))
    sections = root.findall(f".//{XHTML}section")
    labels = [s.find(f"{XHTML}h2").text for s in sections]
    assert labels[:2] == ["Key points", "Words to know"]


def test_boxes_in_the_pdf(built: Path) -> None:
    pdf = built / "en" / f"{SLUG}.pdf"
    text = PdfReader(pdf).pages[0].extract_text()
    assert text.index("Key points") < text.index("Words to know") < text.index("How it works")
    assert [f.format() for f in check_pdf(pdf) if f.severity == "error"] == []


def test_printed_words_to_know_has_only_defined_terms(built: Path) -> None:
    """On paper a link cannot be followed: "side effects" (no definition) is left out."""
    text = " ".join(PdfReader(built / "en" / f"{SLUG}.pdf").pages[0].extract_text().split())
    box = text[text.index("Words to know") : text.index("How it works")]
    assert "T cells:" in box and "antigens:" in box
    assert "side effects" not in box and "Dictionary" not in box


def test_no_printed_words_to_know_without_a_definition_in_the_language(built: Path) -> None:
    """The Spanish leaflet has no Spanish definition: no box in print, links on screen."""
    pdf = PdfReader(built / "es" / f"{SLUG}.pdf")
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Palabras que debe conocer" not in text and "Busque" not in text
    assert "Puntos clave" in text
    assert _main(built / "es" / f"{SLUG}.html").find_class("words-to-know")


GLOSSARY = """# two terms; only the first has a Spanish definition

[[term]]
url = "https://www.cancer.gov/publications/dictionaries/cancer-terms/def/44928"
term = "T cells"
source = "NCI (public domain)"
[term.definition]
en = "the body's primary killer of infected and other diseased cells"
es = "las principales células del cuerpo que destruyen células infectadas y enfermas"

[[term]]
url = "https://www.cancer.gov/publications/dictionaries/cancer-terms/def/46086"
term = "antigens"
source = "NCI (public domain)"
[term.definition]
en = "specific proteins that are present on cancer cells"
"""


def test_glossary_warns_once_per_printed_locale_with_its_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locales = tmp_path / "locales"
    (locales / "es" / "LC_MESSAGES").mkdir(parents=True)
    (locales / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["build", str(ROOTS / "boxes"), "--out", "out", "--locales-dir", "locales"]
    result = CliRunner().invoke(main, [*args, "--locale", "en", "--locale", "es"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "glossary terms" in line]
    assert warnings == [
        "warning: locales/glossary.toml:11: 1 of 2 glossary terms have no definition in es, "
        'so the printed "Words to know" leaves them out: antigens (line 11)'
    ]
    printed = PdfReader(tmp_path / "out" / "es" / f"{SLUG}.pdf").pages[0].extract_text()
    assert "las principales células" in " ".join(printed.split())
    assert "antigens" not in printed.split("Palabras que debe conocer")[1].split("\n")[1]


def test_boxes_pass_axe(built: Path) -> None:
    require_axe()
    pages = [built / locale / f"{SLUG}.html" for locale in ("en", "es")]
    assert {str(p): v for p, v in axe_violations(pages).items() if v} == {}


def test_boxes_pass_epubcheck_and_ace(built: Path) -> None:
    require_epubcheck()
    require_ace()
    book = built / "es" / f"{SLUG}.epub"
    assert epubcheck_messages(book) == []
    assert ace_violations(book) == []
