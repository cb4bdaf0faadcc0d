"""The benchmark's own tooling (scripts/): it imports against the current package, its
WeasyPrint baseline runs with none of our code loaded, and its arithmetic is right.

(No speed is asserted here: timings belong to `make bench` on a quiet machine.)
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from conftest import REPO, ROOTS

SCRIPTS = sorted(path.stem for path in (REPO / "scripts").glob("*.py"))
PAGE = """<!DOCTYPE html><html lang="en"><head><title>Fever</title></head>
<body><h1>Fever</h1><p>Call your care team if your temperature is 38 °C or higher.</p></body>
</html>"""


@pytest.fixture
def scripts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make ``scripts.*`` importable, as ``python -m scripts.bench`` from the repository."""
    monkeypatch.syspath_prepend(str(REPO))
    yield


def _import(name: str) -> ModuleType:
    import importlib

    return importlib.import_module(f"scripts.{name}")


def test_every_script_imports_against_the_current_package() -> None:
    """A moved module breaks the benchmark at import: catch it here, not in `make bench`."""
    statement = "; ".join(f"import scripts.{name}" for name in SCRIPTS)
    done = subprocess.run(
        [sys.executable, "-c", statement], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "bench_weasyprint" in SCRIPTS and "bench_scale" in SCRIPTS


def test_weasyprint_baseline_runs_in_a_process_without_our_code(
    scripts: None, tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, "utf-8")
    listing = tmp_path / "pages.json"
    listing.write_text(json.dumps([{"key": "fever.md", "html": str(page)}]), "utf-8")
    command = [sys.executable, "-m", "scripts.bench_weasyprint", "tuned-tagged", "1", "10000"]
    done = subprocess.run(
        [*command, str(listing)], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    timings = _import("bench_timing").timings_from_json(done.stdout.splitlines()[-1])
    assert [(t.key, t.failure) for t in timings] == [("fever.md", None)]
    assert timings[0].seconds > 0 and timings[0].end >= timings[0].start

    # The same job in this process, where carted_export is imported, reports it.
    in_here = _import("bench_weasyprint").time_page("stock", 10000, {"key": "x", "html": page})
    assert in_here.failure == "carted_export was imported in this baseline's process"


def test_linear_fit_recovers_a_line(scripts: None) -> None:
    fit = _import("bench_scale_report").linear_fit
    intercept, slope, r2 = fit([60.0, 240.0, 1200.0], [2 + 0.5 * 60, 2 + 0.5 * 240, 2 + 0.5 * 1200])
    assert (round(intercept, 9), round(slope, 9), round(r2, 9)) == (2.0, 0.5, 1.0)


def test_comparison_uses_the_documents_both_sides_built(scripts: None) -> None:
    report = _import("bench_report")
    timing = _import("bench_timing").Timing

    def stage(tool: str, seconds: dict[str, float], failed: str = "") -> object:
        timings = tuple(
            timing(key, value, 0, 0.0, value, "boom" if key == failed else None)
            for key, value in seconds.items()
        )
        return report.Stage(tool, "pdf", 1, 1.0, timings, 0.0)

    ours = stage("ours", {"a": 1.0, "b": 3.0, "c": 100.0}, failed="c")
    theirs = stage("pandoc", {"a": 4.0, "b": 12.0, "c": 1.0})
    result = report.compare("x", 1, [ours], [theirs], True)
    assert result["documents"] == 2  # c failed on our side: left out of both means
    assert (result["ours_mean"]["value"], result["theirs_mean"]["value"]) == (2.0, 8.0)
    assert result["ratio"]["value"] == 4.0
    assert report.percentile([4.0, 1.0, 3.0, 2.0], 0.5) == 2.0  # nearest rank


def test_scale_copies_get_slugs_of_their_own(scripts: None, tmp_path: Path) -> None:
    """Above the corpus's size the scale run repeats it; every copy must be its own
    document (its own slug), or the build would report collisions instead of scaling."""
    from carted_export.slugs import document_slug
    from carted_export.sources import parse_source

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for page in (ROOTS / "basic").glob("*.md"):
        (corpus / page.name).write_bytes(page.read_bytes())
    made = _import("bench_scale").make_corpus(corpus, 5, tmp_path / "copies")
    assert len(made) == 5
    slugs = [document_slug(parse_source(path.read_bytes(), path.name)) for path in made]
    assert len(set(slugs)) == 5, slugs
