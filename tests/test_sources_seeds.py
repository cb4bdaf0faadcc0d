"""The two seeds read and prepared end to end: the shapes the renderers rely on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carted_export.document import (
    Document,
    Figure,
    Heading,
    License,
    ListBlock,
    Note,
    NoteKind,
    Table,
    iter_blocks,
    iter_segments,
)
from carted_export.sources import read_source
from carted_export.transforms import prepare

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _prepared(prefix: str) -> Document:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return prepare(read_source(path))


@pytest.fixture(scope="module")
def nci() -> Document:
    return _prepared("000")


@pytest.fixture(scope="module")
def scrape() -> Document:
    return _prepared("001")


def test_nci_metadata(nci: Document) -> None:
    meta = nci.metadata
    assert nci.kind == "markdown"
    assert meta.title.markdown == "CAR T Cells: Engineering Immune Cells to Treat Cancer"
    assert meta.language == "en"
    assert meta.license is License.PUBLIC_DOMAIN
    assert meta.last_reviewed == dt.date(2025, 12, 30)
    assert meta.publisher == "NCI"
    assert meta.citation == "NCI, 2025"
    assert meta.url == "https://www.cancer.gov/about-cancer/treatment/research/car-t-cells"
    assert meta.audience_level == "patient"
    assert meta.tags == ("treatment",)


def test_nci_headings_are_real_and_start_at_two(nci: Document) -> None:
    headings = [b for b in nci.blocks if isinstance(b, Heading)]
    assert [h.text.markdown for h in headings] == [
        'A "living drug"',
        "CAR T-cell therapies for adults and children",
        "Managing the side effects of CAR T-cell therapies",
        "Closing in on CAR T-cell therapy for solid tumors",
        "What comes next?",
    ]
    assert {h.level for h in headings} == {2}
    assert len({h.anchor for h in headings}) == len(headings)
    assert headings[0].anchor == "a-living-drug"


def test_nci_table_has_caption_and_header_cells(nci: Document) -> None:
    (table,) = [b for b in nci.blocks if isinstance(b, Table)]
    assert table.caption is not None
    assert table.caption.markdown == "FDA-Approved CAR T-cell Therapies"
    assert [c.text.markdown for c in table.head[0]] == ["CAR T-Cell Therapy", "Approved Use(s)"]
    assert all(c.header for c in table.head[0])
    assert len(table.body) == 7
    assert table.body[0][0].text.markdown == "Abecma (ide-cel)"


def test_nci_figures(nci: Document) -> None:
    figures = [b for b in nci.blocks if isinstance(b, Figure)]
    assert len(figures) == 3
    first, second, third = figures
    assert first.alt.markdown.startswith("An illustration of a T cell")
    assert first.caption is not None and first.caption.markdown.startswith("CAR T-cell therapy")
    assert first.credit is not None and first.credit.markdown == "iStock/Melletios Verras"
    assert first.src.startswith("https://www.cancer.gov/sites/")
    assert second.caption is None
    assert second.credit is not None and second.credit.markdown == "National Cancer Institute"
    # empty alt falls back to the caption
    caption = "Manufacturing CAR T Cells to Expand Cancer Immunotherapy Research"
    assert third.alt.markdown == caption and not third.decorative
    assert all(f.image is None for f in figures)
    assert [d.code for d in nci.diagnostics].count("image-remote") == 3


def test_nci_links_absolute_and_no_enlarge(nci: Document) -> None:
    texts = [s.text.markdown for s in iter_segments(nci)]
    joined = "\n".join(texts)
    assert "](/" not in joined
    assert "Enlarge" not in joined
    assert (
        "[advanced cancer](https://www.cancer.gov/publications/dictionaries/cancer-terms/def/478743)"
        in joined
    )
    assert not any(
        h.text.markdown.endswith(" - NCI")
        for h in iter_blocks(nci.blocks)
        if isinstance(h, Heading)
    )


def test_nci_origins_point_at_file_lines(nci: Document) -> None:
    table = next(b for b in nci.blocks if isinstance(b, Table))
    path = next(SEEDS.glob("000_*.txt"))
    line = path.read_text(encoding="utf-8").split("\n")[table.origin.line - 1]
    assert line.startswith("| CAR T-Cell Therapy")


BOILERPLATE = (
    "Treatment Explainers",
    "min read",
    "Previous",
    "Next →",
    "Efi Kara",
    "Clinical Research Analyst",
    "Editorial & Research Standards",
    "ClinicalMetric provides research intelligence",
    "Live Clinical Trial Feed",
    "Browse 400,000+",
    "Full Disclaimer",
    "◆",
)


def test_scrape_metadata(scrape: Document) -> None:
    meta = scrape.metadata
    assert scrape.kind == "scrape"
    assert meta.title.markdown == (
        "CAR-T Cell Therapy Explained: Reprogramming Immune Cells to Fight Cancer"
    )
    assert meta.subtitle is not None and meta.subtitle.markdown.startswith("A living drug made")
    assert meta.authors == ("Ioannis Anagnostopoulos",)
    assert meta.reviewers == ("Georgios Anagas",)
    assert meta.last_reviewed == dt.date(2026, 6, 28)  # the ISO date, not "April 2026"
    assert meta.publisher == "ClinicalMetric"
    assert meta.license is License.UNKNOWN and meta.url is None
    (warning,) = [d for d in scrape.diagnostics if d.code == "license-unknown"]
    assert "reuse rights unknown" in warning.message


def test_scrape_has_no_boilerplate(scrape: Document) -> None:
    for segment in iter_segments(scrape):
        for phrase in BOILERPLATE:
            assert phrase not in segment.text.markdown, (phrase, segment)


def test_scrape_structure(scrape: Document) -> None:
    headings = [b.text.markdown for b in scrape.blocks if isinstance(b, Heading)]
    assert headings == [
        "The problem CAR-T solves",
        'What "CAR" actually stands for',
        "How the therapy is made, step by step",
        "Why the risks are unique",
        "What it treats — and what it doesn't yet",
        "The short version",
    ]
    (steps,) = [b for b in scrape.blocks if isinstance(b, ListBlock)]
    assert [i.text.markdown.split(".")[0] for i in steps.items] == [
        "Collection",
        "Engineering",
        "Multiplication",
        "Conditioning",
        "Infusion",
    ]
    last = scrape.blocks[-1]
    assert isinstance(last, Note) and last.kind is NoteKind.DISCLAIMER
    assert "This article explains how a treatment works" in str(last.children[0])
