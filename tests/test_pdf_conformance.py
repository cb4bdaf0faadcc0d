"""Every seed leaflet (4 locales, both print sizes, both papers, the bilingual ones and the
demo clinic block included) passes the independent PDF/UA-1 validator page-validation and
our own checker with zero failures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from carted_export.check.pdf import check_pdf

from conftest import REPO, SEED_EPOCH, SEED_LOCALES, SEEDS
from validators import page_validation_failures

VARIANTS = [("a4", "standard"), ("a4", "large"), ("letter", "standard"), ("letter", "large")]


@pytest.fixture(scope="module")
def variant_builds(tmp_path_factory: pytest.TempPathFactory, seed_build: Path) -> dict[str, Path]:
    """The seeds' PDFs in every paper and print size (A4 standard is the shared seed build)."""
    builds = {"a4-standard": seed_build}
    env = {**os.environ, "SOURCE_DATE_EPOCH": SEED_EPOCH}
    for paper, size in VARIANTS[1:]:
        out = tmp_path_factory.mktemp(f"{paper}-{size}")
        args = [sys.executable, "-m", "carted_export", "build", str(SEEDS), "--out", str(out)]
        args += ["--format", "pdf", "--paper", paper, "--size", size]
        for locale in SEED_LOCALES:
            args += ["--locale", locale]
        result = subprocess.run(args, capture_output=True, text=True, env=env, cwd=REPO)
        assert result.returncode == 0, result.stderr
        builds[f"{paper}-{size}"] = out
    return builds


@pytest.mark.parametrize(("paper", "size"), VARIANTS)
def test_seed_pdfs_pass_page_validation_and_our_checker(
    variant_builds: dict[str, Path], paper: str, size: str
) -> None:
    pdfs = sorted(variant_builds[f"{paper}-{size}"].glob("*/*.pdf"))
    assert {pdf.parent.name for pdf in pdfs} == set(SEED_LOCALES)
    # Two articles per locale, and a bilingual leaflet of each in every other locale.
    bilingual = [pdf for pdf in pdfs if pdf.name.endswith(".bilingual.pdf")]
    assert len(bilingual) == 2 * (len(SEED_LOCALES) - 1)
    assert len(pdfs) == 2 * len(SEED_LOCALES) + len(bilingual)
    failures = {pdf.name: found for pdf in pdfs if (found := page_validation_failures(pdf))}
    errors = [f.format() for pdf in pdfs for f in check_pdf(pdf) if f.severity == "error"]
    assert (failures, errors) == ({}, [])
