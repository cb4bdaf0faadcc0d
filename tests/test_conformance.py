"""The leaflet test root (the seeds × four locales, with a clinic block and bilingual leaflets)
through the real validators (issue: conformance).

epubcheck 0 errors / 0 warnings, DAISY Ace 0 violations, axe-core 0 violations at 1280 and
320 px (including the download page), no sideways scrolling at 320 px, and our PDF/UA
structure checker 0 errors on every PDF.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carted_export.check.html import CONTRAST_RULES, run_pages
from carted_export.check.pdf import check_pdf

from conftest import LEAFLET_LOCALES
from validators import (
    ace_violations,
    axe_violations,
    epubcheck_batch,
    require_ace,
    require_axe,
    require_browser,
    require_epubcheck,
)


def outputs(build: Path, suffix: str) -> list[Path]:
    found = sorted(build.glob(f"*/*{suffix}"))
    assert {p.parent.name for p in found} == set(LEAFLET_LOCALES)
    return found


def test_every_epub_passes_epubcheck(leaflet_build: Path) -> None:
    require_epubcheck()
    results = epubcheck_batch(outputs(leaflet_build, ".epub"))
    assert len(results) == 2 * len(LEAFLET_LOCALES)
    assert {str(path): messages for path, messages in results.items() if messages} == {}


@pytest.mark.parametrize("locale", LEAFLET_LOCALES)
def test_every_epub_passes_ace(leaflet_build: Path, locale: str) -> None:
    require_ace()
    for book in sorted((leaflet_build / locale).glob("*.epub")):
        assert ace_violations(book) == [], book.name


def html_pages(build: Path) -> list[Path]:
    return [*outputs(build, ".html"), build / "index.html"]


def test_every_html_passes_axe_at_desktop_and_phone_width(leaflet_build: Path) -> None:
    require_axe()
    pages = html_pages(leaflet_build)
    results = axe_violations(pages, widths=(1280, 320))
    assert len(results) == len(pages)
    assert {str(path): found for path, found in results.items() if found} == {}


def test_dark_mode_keeps_contrast(leaflet_build: Path) -> None:
    require_axe()
    reports = run_pages(
        html_pages(leaflet_build), (320,), color_scheme="dark", rules=CONTRAST_RULES
    )
    found = {str(p): [v.format() for v in r.violations] for p, r in reports.items()}
    assert {p: v for p, v in found.items() if v} == {}


def test_reflow_at_320_px_even_with_wcag_text_spacing(leaflet_build: Path) -> None:
    require_browser()
    pages = html_pages(leaflet_build)
    plain = run_pages(pages, (320,), axe=False)
    spaced = run_pages(pages, (320,), axe=False, text_spacing=True)
    assert [str(p) for p, r in plain.items() if r.overflow_widths] == []
    assert [str(p) for p, r in spaced.items() if r.overflow_widths] == []


def test_every_pdf_passes_our_pdf_ua_checks(leaflet_build: Path) -> None:
    pdfs = outputs(leaflet_build, ".pdf")
    findings = [f.format() for pdf in pdfs for f in check_pdf(pdf) if f.severity == "error"]
    assert findings == []
