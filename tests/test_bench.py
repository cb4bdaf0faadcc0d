"""The benchmark's own tooling (the bench package): it imports against the current package,
its WeasyPrint baseline runs with none of our code loaded, and its arithmetic is right.

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

MODULES = sorted(path.stem for path in (REPO / "bench").glob("*.py"))
PAGE = """<!DOCTYPE html><html lang="en"><head><title>Fever</title></head>
<body><h1>Fever</h1><p>Call your care team if your temperature is 38 °C or higher.</p></body>
</html>"""


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make ``bench.*`` importable, as ``python -m bench`` from the repository."""
    monkeypatch.syspath_prepend(str(REPO))
    yield


def _import(name: str) -> ModuleType:
    import importlib

    return importlib.import_module(f"bench.{name}")


def test_every_script_imports_against_the_current_package() -> None:
    """A moved module breaks the benchmark at import: catch it here, not in `make bench`."""
    statement = "; ".join(f"import bench.{name}" for name in MODULES if name != "__main__")
    done = subprocess.run(
        [sys.executable, "-c", statement], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "weasyprint_alone" in MODULES and "scale" in MODULES


def test_weasyprint_baseline_runs_in_a_process_without_our_code(
    bench: None, tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, "utf-8")
    listing = tmp_path / "pages.json"
    listing.write_text(json.dumps([{"key": "fever.md", "html": str(page)}]), "utf-8")
    command = [sys.executable, "-m", "bench.weasyprint_alone", "tuned-tagged", "1", "10000"]
    done = subprocess.run(
        [*command, str(listing)], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    timings = _import("timing").timings_from_json(done.stdout.splitlines()[-1])
    assert [(t.key, t.failure) for t in timings] == [("fever.md", None)]
    assert timings[0].seconds > 0 and timings[0].end >= timings[0].start

    # The same job in this process, where carted_export is imported, reports it.
    in_here = _import("weasyprint_alone").time_page("stock", 10000, {"key": "x", "html": page})
    assert in_here.failure == "carted_export was imported in this baseline's process"


def test_the_weasyprint_command_baseline_runs_the_real_command(bench: None, tmp_path: Path) -> None:
    """The "as a user runs it" baseline is the ``weasyprint`` command, one process per page:
    it succeeds on a page and reports the command's own error on a page it cannot read."""
    alone = _import("weasyprint_alone")
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html lang=en><title>t</title><p>Fever", "utf-8")
    good = alone.time_page("command", 10000, {"key": "page", "html": str(page)})
    assert good.failure is None and good.seconds > 0
    bad = alone.time_page("command", 10000, {"key": "gone", "html": str(tmp_path / "no.html")})
    assert bad.failure is not None and bad.failure.startswith("weasyprint exited")


def test_linear_fit_recovers_a_line(bench: None) -> None:
    fit = _import("scale_report").linear_fit
    intercept, slope, r2 = fit([60.0, 240.0, 1200.0], [2 + 0.5 * 60, 2 + 0.5 * 240, 2 + 0.5 * 1200])
    assert (round(intercept, 9), round(slope, 9), round(r2, 9)) == (2.0, 0.5, 1.0)


def test_comparison_uses_the_documents_both_sides_built(bench: None) -> None:
    report = _import("report")
    timing = _import("timing").Timing

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


def test_scale_copies_get_slugs_of_their_own(bench: None, tmp_path: Path) -> None:
    """Above the corpus's size the scale run repeats it; every copy must be its own
    document (its own slug), or the build would report collisions instead of scaling."""
    from carted_export.slugs import document_slug
    from carted_export.sources import parse_source

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for page in (ROOTS / "basic").glob("*.md"):
        (corpus / page.name).write_bytes(page.read_bytes())
    made = _import("scale").make_corpus(corpus, 5, tmp_path / "copies")
    assert len(made) == 5
    slugs = [document_slug(parse_source(path.read_bytes(), path.name)) for path in made]
    assert len(set(slugs)) == 5, slugs


def test_pdf_rounds_give_a_ratio_each_and_their_spread(bench: None) -> None:
    report = _import("report")
    timing = _import("timing").Timing

    def stage(tool: str, number: int, seconds: float) -> object:
        timings = (timing(f"doc{number}", seconds, 0, 0.0, seconds),)
        return report.Stage(tool, "pdf", 2, seconds, timings, 0.0, number)

    ours = {0: 1.0, 1: 3.0, 2: 2.0}
    stock = {0: 2.0, 1: 2.0, 2: 2.0}
    rounds = [stage("ours", n, s) for n, s in ours.items()]
    rounds += [stage("weasyprint-stock", n, s) for n, s in stock.items()]
    spreads = report.round_spreads(rounds, [2])
    (found,) = [s for s in spreads if s["name"] == "ours / stock WeasyPrint, PDF"]
    assert [r["value"] for r in found["ratios"]] == [0.5, 1.5, 1.0]
    assert (found["min"]["value"], found["median"]["value"], found["max"]["value"]) == (
        0.5,
        1.0,
        1.5,
    )


def test_html_epub_rounds_compare_our_one_job_with_pandocs_two_runs(bench: None) -> None:
    """A round's HTML+EPUB ratio: pandoc's HTML and EPUB runs together over our one job."""
    report = _import("report")
    timing = _import("timing").Timing

    def stage(tool: str, fmt: str, number: int, seconds: float) -> object:
        timings = (timing(f"doc{number}", seconds, 0, 0.0, seconds),)
        return report.Stage(tool, fmt, 1, seconds, timings, 0.0, number)

    rounds = [
        stage("ours", "html+epub", 0, 0.1),
        stage("pandoc", "html", 0, 0.4),
        stage("pandoc", "epub", 0, 0.6),
        stage("ours", "html+epub", 1, 0.2),
        stage("pandoc", "html", 1, 0.5),  # no EPUB run in this round: no ratio for it
    ]
    spreads = report.round_spreads(rounds, [1])
    (found,) = [s for s in spreads if s["name"] == "pandoc / ours, HTML+EPUB"]
    assert [r["value"] for r in found["ratios"]] == [10.0]
    assert not [s for s in spreads if s["name"] == "pandoc / ours, HTML"]  # no ours html


def test_stage_outputs_and_the_modules_a_stage_must_not_load(bench: None) -> None:
    tasks = _import("tasks")
    assert tasks.stage_outputs("html+epub") == ("epub", "html")
    assert tasks.stage_outputs("booklet") == ("small.pdf", "booklet.pdf")
    assert tasks.stage_outputs("audio") == ("opus",)
    assert "carted_export.render.audio" in tasks.unloaded_modules("pdf+epub+html")
    assert "carted_export.render.braille" not in tasks.unloaded_modules("brf")


def test_rebuild_outcome_is_read_from_the_manifest(bench: None, tmp_path: Path) -> None:
    """Built = the manifest's outputs written since the build started; no CLI text parsed."""
    import os

    (tmp_path / "en").mkdir()
    for name in ("a.html", "b.html"):
        (tmp_path / "en" / name).write_text("x", "utf-8")
    os.utime(tmp_path / "en" / "a.html", (1000.0, 1000.0))  # written by an earlier build
    outputs = [{"path": "en/a.html"}, {"path": "en/b.html"}]
    (tmp_path / "manifest.json").write_text(json.dumps({"outputs": outputs}), "utf-8")
    found = _import("cli").outcome(tmp_path, 2000.0, 0)
    assert found == {"built": 1, "up_to_date": 1, "exit": 0}


def test_a_job_not_asking_for_audio_or_braille_imports_neither(tmp_path: Path) -> None:
    """In a fresh process: plan the basic root with the public ``plan_build`` and run each
    job making PDF, EPUB and HTML; neither the audio nor the braille module is loaded."""
    script = f"""
import sys
from pathlib import Path
from carted_export.config_build import BuildOptions
from carted_export.pipeline import plan_build
from carted_export.pipeline.jobs import run_job
root = Path({str(ROOTS / "basic")!r})
options = BuildOptions(sources=(root,), out_dir=Path({str(tmp_path / "out")!r}), project_root=root)
jobs = plan_build(options).plan.jobs
assert jobs and all(run_job(job).failure is None for job in jobs)
optional = ("braille", "audio", "speech", "booklet")
print([m for m in optional if "carted_export.render." + m in sys.modules])
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_benchmark_uses_only_public_names_of_the_package() -> None:
    """No ``from carted_export... import _private`` in bench/, and no module of ours
    reached into with ``vars(...)`` or ``setattr``: the benchmark times the code as it is."""
    import ast

    private, patched = [], []
    for path in sorted((REPO / "bench").glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("carted_"):
                private += [f"{path.name}: {a.name}" for a in node.names if a.name[0] == "_"]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("vars", "setattr")
            ):
                patched.append(f"{path.name}:{node.lineno}")
    assert private == [] and patched == []
