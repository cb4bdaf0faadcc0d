"""A duplex leaflet is laid out once: its pad page is laid out with it and left out when
the leaflet is even without it (render/pdf_duplex.py), and every footer still states the
leaflet's real page count."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from typing import Any

import pypdf
import pytest

from carted_export.document import Document, Origin, Paragraph, Text
from carted_export.render import pdf
from carted_export.render.pdf import render_pdf

from render_helpers import context, sample_document

_FOOTER = re.compile(r"Page (\d+) of (\d+)")
_SENTENCE = "A sentence of a long leaflet, long enough to fill its pages a little faster. "


def _longer(document: Document, paragraphs: int) -> Document:
    extra = tuple(
        Paragraph(Origin("sample.md", 90 + n), Text(_SENTENCE * 6)) for n in range(paragraphs)
    )
    return replace(document, blocks=(*document.blocks, *extra))


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def leaflets(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[list[str], list[str], int]]:
    """Per length: the one-sided pages, the duplex pages, and the layouts the duplex took."""
    ctx = context(tmp_path_factory.mktemp("duplex"))
    single = replace(ctx, leaflet=replace(ctx.leaflet, duplex=False))
    duplex = replace(ctx, leaflet=replace(ctx.leaflet, duplex=True))
    layouts: list[Any] = []
    original = pdf._layout

    def counting(*args: Any) -> Any:
        layouts.append(args)
        return original(*args)

    out = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "_layout", counting)
        for paragraphs in (0, 8, 16, 24):
            document = _longer(sample_document(), paragraphs)
            one_sided = _pages(render_pdf(document, single))
            layouts.clear()
            out.append((one_sided, _pages(render_pdf(document, duplex)), len(layouts)))
    return out


def test_the_lengths_give_odd_and_even_leaflets(
    leaflets: list[tuple[list[str], list[str], int]],
) -> None:
    counts = {len(single) % 2 for single, _, _ in leaflets}
    assert counts == {0, 1}


def test_duplex_leaflets_are_even_and_laid_out_once(
    leaflets: list[tuple[list[str], list[str], int]],
) -> None:
    for single, duplex, layouts in leaflets:
        assert layouts == 1
        assert len(duplex) == len(single) + len(single) % 2
        if len(single) % 2 == 0:  # the pad was left out: the one-sided leaflet, unchanged
            assert duplex == single


def test_every_footer_states_the_real_page_count(
    leaflets: list[tuple[list[str], list[str], int]],
) -> None:
    for _, duplex, _ in leaflets:
        for number, text in enumerate(duplex, start=1):
            assert (str(number), str(len(duplex))) in _FOOTER.findall(text), text[-200:]
