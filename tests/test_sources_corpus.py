"""All 240 NCI corpus pages read and prepare cleanly (skipped when the corpus is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from carted_export.document import Heading, iter_blocks
from carted_export.sources import read_source
from carted_export.transforms import prepare

# The repository's sibling ../shared/corpus (this file is <repo>/tests/, so parents[1] is <repo>).
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "nci"
PAGES = sorted(CORPUS.rglob("*.md")) if CORPUS.is_dir() else []

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not PAGES, reason=f"corpus not found at {CORPUS}"),
]


def test_corpus_has_240_pages() -> None:
    assert len(PAGES) == 240


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_corpus_page(path: Path) -> None:
    document = prepare(read_source(path))
    assert document.metadata.title
    assert not document.metadata.title.markdown.endswith(" - NCI")
    headings = [b for b in iter_blocks(document.blocks) if isinstance(b, Heading)]
    assert all(h.text for h in headings), "empty heading"
    assert all(2 <= h.level <= 6 for h in headings)
    assert len({h.anchor for h in headings}) == len(headings)
    previous = 1
    for heading in headings:
        assert heading.level <= previous + 1, f"skipped level at {heading.origin}"
        previous = heading.level
