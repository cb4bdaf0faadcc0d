"""The 240-page shared NCI corpus, built whole (skipped when ../shared is absent).

The build, our PDF/UA checks and page-validation (fast: ~6 s for every PDF) run in every
`make test` and `make check-corpus`; the slower external validators on all pages
(epubcheck, Ace, axe) run with `make check-corpus` (`--run-corpus-validators`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from carted_export.check.pdf import check_pdf

from conftest import CORPUS, read_manifest
from validators import (
    ace_violations,
    axe_violations,
    epubcheck_batch,
    page_validation_failures,
    require_ace,
    require_axe,
    require_epubcheck,
)

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not present at {CORPUS}"),
]


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("corpus") / "out"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    command = [sys.executable, "-m", "carted_export", "build", str(CORPUS), "--out", str(out)]
    # Outside the repository, whose own carted-export.toml would add its four locales.
    where = tmp_path_factory.mktemp("corpus-cwd")
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=where)
    assert result.returncode == 0, result.stderr[-4000:]
    return out, result.stdout + result.stderr


@pytest.fixture
def validators_requested(request: pytest.FixtureRequest) -> None:
    if not request.config.getoption("--run-corpus-validators"):
        pytest.skip("external validators on the whole corpus run with `make check-corpus`")


def test_whole_corpus_builds_without_traceback(corpus_build: tuple[Path, str]) -> None:
    out, log = corpus_build
    assert "Traceback" not in log
    sources = list(CORPUS.rglob("*.md"))
    records = read_manifest(out)
    assert len(records) == 3 * len(sources)
    assert all(int(str(r["bytes"])) > 0 for r in records)


def test_corpus_html_has_lang_alt_and_absolute_links(corpus_build: tuple[Path, str]) -> None:
    out, _log = corpus_build
    problems: list[str] = []
    for page in sorted(out.glob("en/*.html")):
        tree = lxml.html.fromstring(page.read_bytes())
        if tree.get("lang") != "en":
            problems.append(f"{page.name}: lang={tree.get('lang')!r}")
        problems += [
            f"{page.name}: img without alt" for i in tree.iter("img") if i.get("alt") is None
        ]
        problems += [
            f"{page.name}: site-relative link {a.get('href')}"
            for a in tree.iter("a")
            if (a.get("href") or "").startswith("/")
        ]
        problems += [
            f"{page.name}: empty heading"
            for h in tree.xpath("//h1|//h2|//h3|//h4")
            if not h.text_content().strip()
        ]
    assert problems == []


def test_corpus_pdfs_pass_our_pdf_ua_checks(corpus_build: tuple[Path, str]) -> None:
    out, _log = corpus_build
    errors = [
        finding.format()
        for pdf in sorted(out.glob("en/*.pdf"))
        for finding in check_pdf(pdf)
        if finding.severity == "error"
    ]
    assert errors == []


def test_corpus_pdfs_pass_page_validation(corpus_build: tuple[Path, str]) -> None:
    out, _log = corpus_build
    pdfs = sorted(out.glob("en/*.pdf"))
    assert len(pdfs) == len(list(CORPUS.rglob("*.md")))
    failures = {pdf.name: found for pdf in pdfs if (found := page_validation_failures(pdf))}
    assert failures == {}


@pytest.mark.usefixtures("validators_requested")
def test_corpus_epubs_pass_epubcheck(corpus_build: tuple[Path, str]) -> None:
    require_epubcheck()
    out, _log = corpus_build
    results = epubcheck_batch(sorted(out.glob("en/*.epub")))
    assert {str(p): m for p, m in results.items() if m} == {}


@pytest.mark.usefixtures("validators_requested")
def test_corpus_epubs_pass_ace(corpus_build: tuple[Path, str]) -> None:
    require_ace()
    out, _log = corpus_build
    failures = {
        book.name: found
        for book in sorted(out.glob("en/*.epub"))
        if (found := ace_violations(book))
    }
    assert failures == {}


@pytest.mark.usefixtures("validators_requested")
def test_corpus_html_passes_axe(corpus_build: tuple[Path, str]) -> None:
    require_axe()
    out, _log = corpus_build
    results = axe_violations(sorted(out.glob("en/*.html")), widths=(1280, 320))
    assert {str(p): v for p, v in results.items() if v} == {}
