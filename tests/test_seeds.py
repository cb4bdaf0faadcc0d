"""Acceptance on the two seeds: real properties of the real PDF, EPUB and HTML outputs."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import lxml.etree
import lxml.html
import pikepdf
import pypdf
import pytest

from conftest import BuildRoot, read_manifest

NCI = "car-t-cells-engineering-immune-cells-to-treat-cancer"
SCRAPE = "car-t-cell-therapy-explained-reprogramming-immune-cells-to-fight-cancer"
NCI_TITLE = "CAR T Cells: Engineering Immune Cells to Treat Cancer"
T_CELL_ALT = "An illustration of a T cell, depicted in bright red"
BOILERPLATE = (
    "Treatment Explainers",
    "10 min read",
    "← Previous",
    "Next →",
    "GLP-1 Agonists",
    "Founder & Platform Director",
    "Efi Kara",
    "Clinical Research Analyst & ISO Inspector",
    "Editorial & Research Standards",
    "Stage 1 — Primary Research",
    "ClinicalMetric provides research intelligence only",
    "Live Clinical Trial Feed",
    "Browse 400,000+ Active Clinical Trials",
    "Search Active Trials",
    "Not affiliated with NIH",
    "Data Methodology",
)
DISCLAIMER = "It is not medical advice and does not describe whether any specific therapy"


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]


def struct_elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        children = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for child in children:
            if isinstance(child, pikepdf.Dictionary) and "/S" in child:
                yield child
                stack.append(child)


def epub_texts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def html_text(path: Path) -> str:
    return str(lxml.html.fromstring(path.read_bytes()).text_content())


def epub_body_text(path: Path) -> str:
    parts = []
    for name, data in epub_texts(path).items():
        if name.endswith(".xhtml") and "nav" not in name:
            parts.append("".join(lxml.etree.fromstring(data).itertext()))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def seeds_build(root_build: BuildRoot) -> Path:
    """tests/roots/seeds built once per test run: the two seeds in English."""
    return root_build("seeds")


def test_english_outputs_and_manifest(seeds_build: Path) -> None:
    records = [r for r in read_manifest(seeds_build) if r["locale"] == "en"]
    assert sorted(Path(str(r["path"])).name for r in records) == sorted(
        f"{slug}.{fmt}" for slug in (NCI, SCRAPE) for fmt in ("pdf", "epub", "html")
    )
    assert (seeds_build / "index.html").is_file()
    titles = {r["slug"]: r["title"] for r in records}
    assert titles[NCI] == NCI_TITLE


def test_nci_pdf_is_tagged_titled_and_keeps_alt_text(seeds_build: Path) -> None:
    path = seeds_build / "en" / f"{NCI}.pdf"
    with pikepdf.open(path) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked)
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "en"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        with pdf.open_metadata() as xmp:
            assert xmp.get("dc:title") == NCI_TITLE
        elements = list(struct_elements(pdf))
        alts = [str(e.get("/Alt", "")) for e in elements if e.S == "/Figure"]
        assert any(alt.startswith(T_CELL_ALT) for alt in alts), alts
        kinds = {str(e.S) for e in elements}
        assert {"/Table", "/TH", "/TD", "/H1", "/H2"} <= kinds


def test_nci_pdf_footer_on_every_page(seeds_build: Path) -> None:
    pages = pdf_pages(seeds_build / "en" / f"{NCI}.pdf")
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    full = "\n".join(pages)
    assert "www.cancer.gov/about-cancer/treatment/research/car-t-cells" in full.replace("\n", "")
    assert "Last reviewed" in full
    assert "December 30, 2025" in full
    assert "Abecma (ide-cel)" in full  # the FDA table survived


def test_nci_html_is_self_contained_and_absolute(seeds_build: Path) -> None:
    tree = lxml.html.fromstring((seeds_build / "en" / f"{NCI}.html").read_bytes())
    assert tree.get("lang") == "en"
    assert not tree.xpath("//script")
    assert not tree.xpath("//link[@rel='stylesheet']")
    images = tree.xpath("//img")
    assert all(img.get("alt") is not None for img in images)
    hrefs = [a.get("href") for a in tree.iter("a") if a.get("href")]
    assert not [h for h in hrefs if h.startswith("/")], "site-relative links left"
    assert any(h.startswith("https://www.cancer.gov/publications/dictionaries/") for h in hrefs)
    text = tree.text_content()
    assert T_CELL_ALT in text or any(T_CELL_ALT in (i.get("alt") or "") for i in images)
    headings = [h.text_content().strip() for h in tree.xpath("//h2")]
    assert 'A "living drug"' in headings
    assert all(headings)
    assert tree.xpath("//table//th[@scope='col']")


def test_nci_epub_structure(seeds_build: Path) -> None:
    files = epub_texts(seeds_build / "en" / f"{NCI}.epub")
    opf_name = next(n for n in files if n.endswith(".opf"))
    opf = lxml.etree.fromstring(files[opf_name])
    assert opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    ns = {"dc": "http://purl.org/dc/elements/1.1/", "opf": "http://www.idpf.org/2007/opf"}
    assert opf.xpath("//dc:language/text()", namespaces=ns) == ["en"]
    assert opf.xpath("//dc:title/text()", namespaces=ns) == [NCI_TITLE]
    properties = opf.xpath("//opf:meta/@property", namespaces=ns)
    assert "schema:accessibilityHazard" in properties
    body = epub_body_text(seeds_build / "en" / f"{NCI}.epub")
    assert "Last reviewed" in body and "Abecma (ide-cel)" in body


@pytest.mark.parametrize("fmt", ["pdf", "epub", "html"])
def test_scrape_has_no_boilerplate_and_keeps_disclaimer(seeds_build: Path, fmt: str) -> None:
    path = seeds_build / "en" / f"{SCRAPE}.{fmt}"
    if fmt == "pdf":
        text = " ".join(" ".join(pdf_pages(path)).split())
    elif fmt == "epub":
        text = " ".join(epub_body_text(path).split())
    else:
        text = " ".join(html_text(path).split())
    for phrase in BOILERPLATE:
        assert phrase not in text, f"boilerplate {phrase!r} in {fmt}"
    assert DISCLAIMER in text
    assert "Reprogramming Immune Cells to Fight Cancer" in text
    assert "Ioannis Anagnostopoulos" in text and "Georgios Anagas" in text
    assert re.search(r"June 28, 2026", text), "reviewed date in the footer"
    assert "check before reuse" in text


def test_scrape_license_warning_in_manifest(seeds_build: Path) -> None:
    warnings = [
        w
        for r in read_manifest(seeds_build)
        if r["slug"] == SCRAPE and r["locale"] == "en"
        for w in r["warnings"]  # type: ignore[attr-defined]
    ]
    assert any("reuse rights unknown" in w for w in warnings), warnings


def test_scrape_lists_and_headings(seeds_build: Path) -> None:
    tree = lxml.html.fromstring((seeds_build / "en" / f"{SCRAPE}.html").read_bytes())
    items = [li.text_content() for li in tree.xpath("//main//ul/li")]
    assert (
        len([i for i in items if i.startswith(("Collection.", "Engineering.", "Infusion."))]) == 3
    )
    headings = [h.text_content().strip() for h in tree.xpath("//main//h2")]
    assert "How the therapy is made, step by step" in headings
    assert "The short version" in headings
