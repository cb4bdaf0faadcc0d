"""Every leaflet of the leaflet test root (the seeds in 4 locales, both print sizes, both
papers, the bilingual ones and the root's clinic block included) passes the independent
PDF/UA-1 validator page-validation and our own checker with zero failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from carted_export.check.pdf import check_pdf

from conftest import LARGE_PRINT, LEAFLET_LOCALES, BuildRoot
from validators import page_validation_failures

VARIANTS = [("a4", "standard"), ("a4", "large"), ("letter", "standard"), ("letter", "large")]


@pytest.fixture(scope="module")
def variant_builds(root_build: BuildRoot, leaflet_build: Path) -> dict[str, Path]:
    """The root's PDFs in every paper and print size: A4 standard is the shared leaflet
    build, A4 large the one the visual tests share."""
    builds = {"a4-standard": leaflet_build, "a4-large": root_build("leaflet", *LARGE_PRINT)}
    for paper, size in VARIANTS[2:]:
        flags = ("--format", "pdf", "--paper", paper, "--size", size)
        builds[f"{paper}-{size}"] = root_build("leaflet", *flags)
    return builds


@pytest.mark.parametrize(("paper", "size"), VARIANTS)
def test_seed_pdfs_pass_page_validation_and_our_checker(
    variant_builds: dict[str, Path], paper: str, size: str
) -> None:
    pdfs = sorted(variant_builds[f"{paper}-{size}"].glob("*/*.pdf"))
    assert {pdf.parent.name for pdf in pdfs} == set(LEAFLET_LOCALES)
    # Two articles per locale, and a bilingual leaflet of each in every other locale.
    bilingual = [pdf for pdf in pdfs if pdf.name.endswith(".bilingual.pdf")]
    assert len(bilingual) == 2 * (len(LEAFLET_LOCALES) - 1)
    assert len(pdfs) == 2 * len(LEAFLET_LOCALES) + len(bilingual)
    failures = {pdf.name: found for pdf in pdfs if (found := page_validation_failures(pdf))}
    errors = [f.format() for pdf in pdfs for f in check_pdf(pdf) if f.severity == "error"]
    assert (failures, errors) == ({}, [])
