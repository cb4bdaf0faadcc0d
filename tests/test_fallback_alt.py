"""Text in English on a page in another language carries its language: alt text that fell
back (``lang`` on the ``<img>``, as an element's ``lang`` covers its attributes, and
``/Lang`` on the PDF ``/Figure``) and interface labels without a translation (``<span
lang="en">``, plain text where no element can go).  The Arabic catalogs translate the NCI
article's first image description only; German has no catalog at all."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import lxml.etree
import lxml.html
import pikepdf
import pytest

from carted_export.check.pdf import check_pdf
from carted_export.config import Format
from carted_export.document import Table
from carted_export.render import renderer_for
from seed_project import make_project, run_in
from test_seeds import NCI, T_CELL_ALT

from render_helpers import context, sample_document
from validators import (
    ace_violations,
    axe_violations,
    epubcheck_messages,
    page_validation_failures,
    require_ace,
    require_axe,
    require_epubcheck,
    structure_elements,
)

XHTML = "{http://www.w3.org/1999/xhtml}"
CAR_ALT = "An illustration showing the components of the CAR"


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("alt"))
    code, _out, err = run_in(root, "build", "--locale", "ar", "--jobs", "1", "-q")
    assert code == 0, err
    return root / "build" / "ar"


def _images(root: lxml.etree._Element, namespace: str = "") -> dict[str, str | None]:
    return {img.get("alt"): img.get("lang") for img in root.iter(f"{namespace}img")}


def test_html_and_epub_mark_english_alt_text(arabic: Path) -> None:
    page = lxml.html.fromstring((arabic / f"{NCI}.html").read_bytes())
    with zipfile.ZipFile(arabic / f"{NCI}.epub") as book:
        name = next(n for n in book.namelist() if n.endswith(".xhtml") and "nav" not in n)
        chapter = lxml.etree.fromstring(book.read(name))
    for images in (_images(page), _images(chapter, XHTML)):
        english = [lang for alt, lang in images.items() if alt and alt.isascii()]
        assert len(english) == 2 and set(english) == {"en"}, images
        assert images[next(alt for alt in images if alt and alt.startswith(CAR_ALT))] == "en"
        arabic_alt = [lang for alt, lang in images.items() if alt and not alt.isascii()]
        assert arabic_alt == [None]  # the translated one is in the page's language
    assert all(img.get("dir") == "ltr" for img in page.xpath("//img[@lang]"))


def test_pdf_figures_carry_the_language_of_their_alt_text(arabic: Path) -> None:
    pdf = arabic / f"{NCI}.pdf"
    with pikepdf.open(pdf) as document:
        figures = [
            (str(e.get("/Alt", "")), str(e.get("/Lang", "")))
            for e in structure_elements(document.Root.StructTreeRoot)
            if e.S == "/Figure"
        ]
    assert next(lang for alt, lang in figures if alt.startswith(CAR_ALT)) == "en", figures
    translated = [lang for alt, lang in figures if alt and not alt.isascii()]
    assert translated == [""], figures  # inherits the document's Arabic
    assert not any(alt.startswith(T_CELL_ALT) for alt, _ in figures)
    assert [f.format() for f in check_pdf(pdf) if f.severity == "error"] == []


def assert_validators_accept(folder: Path) -> None:
    """epubcheck, Ace, axe and page-validation report nothing on the NCI outputs."""
    require_epubcheck()
    require_ace()
    require_axe()
    book = folder / f"{NCI}.epub"
    assert epubcheck_messages(book) == []
    assert ace_violations(book) == []
    assert {str(p): v for p, v in axe_violations([folder / f"{NCI}.html"]).items() if v} == {}
    assert page_validation_failures(folder / f"{NCI}.pdf") == []


def test_validators_accept_the_marked_alt_text(arabic: Path) -> None:
    assert_validators_accept(arabic)


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A language carted-export ships no interface catalog for, just started: every label
    and every segment is English on a German page."""
    root = make_project(tmp_path_factory.mktemp("de"))
    assert run_in(root, "i18n", "init", "--locale", "de")[0] == 0
    code, _out, err = run_in(root, "build", "--locale", "de", "--jobs", "1", "-q")
    assert code == 0, err
    return root / "build" / "de"


def test_english_labels_on_a_german_page_are_marked(german: Path) -> None:
    page = lxml.html.fromstring((german / f"{NCI}.html").read_bytes())
    assert page.get("lang") == "de"
    labels = {span.text_content(): span.get("lang") for span in page.xpath("//footer//dt/span")}
    assert labels["Title"] == "en" and labels["License"] == "en", labels
    skip = page.xpath("//a[@class='skip-link']/span")[0]
    assert (skip.get("lang"), skip.text_content()) == ("en", "Skip to main content")
    with zipfile.ZipFile(german / f"{NCI}.epub") as book:
        nav = next(n for n in book.namelist() if n.endswith("nav.xhtml"))
        title = lxml.etree.fromstring(book.read(nav)).find(f"{XHTML}head/{XHTML}title")
    assert title is not None and title.text == "Contents" and len(title) == 0


def test_validators_accept_the_marked_labels(german: Path) -> None:
    assert_validators_accept(german)


def test_a_label_in_an_attribute_stays_plain_text(tmp_path: Path) -> None:
    """An uncaptioned table is named "Table 1" by an aria-label: no element can go there."""
    document = sample_document(lang="de")
    blocks = tuple(replace(b, caption=None) if isinstance(b, Table) else b for b in document.blocks)
    html = renderer_for(Format.HTML)(
        replace(document, blocks=blocks), context(tmp_path, locale="de")
    )
    page = lxml.html.fromstring(html)
    assert page.xpath("//div[@role='region']/@aria-label") == ["Table 1"]
    assert page.xpath("//footer//dt/span[@lang='en']")  # element content is marked
