"""``carted-export check`` and check_paths: dispatch, skipped tools, output, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from carted_export.check import check_paths, collect
from carted_export.cli.check import check

from validators import (
    CHECK_ROOT,
    render_leaflet,
    render_pdf_ua,
    require_axe,
    require_epubcheck,
    zip_epub,
)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build-like folder: a good and an unmarked PDF, a good EPUB, good and bad HTML."""
    out = tmp_path_factory.mktemp("build")
    raw = render_pdf_ua(CHECK_ROOT / "pdf" / "leaflet.html")
    (out / "en").mkdir()
    (out / "en" / "leaflet.pdf").write_bytes(render_leaflet(CHECK_ROOT / "pdf" / "leaflet.html"))
    (out / "en" / "unmarked.pdf").write_bytes(raw)
    zip_epub(CHECK_ROOT / "epub" / "good", out / "en" / "book.epub")
    for name in ("good.html", "missing-alt.html"):
        shutil.copy(CHECK_ROOT / "html" / name, out / "en" / name)
    (out / "notes.txt").write_text("ignored", encoding="utf-8")
    return out


@pytest.fixture
def no_node_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARTED_EXPORT_NODE_TOOLS", str(tmp_path / "nothing"))


def test_collect_recurses_and_sorts(outputs: Path) -> None:
    files = collect([outputs])
    assert [p.name for p in files[".pdf"]] == ["leaflet.pdf", "unmarked.pdf"]
    assert [p.name for p in files[".epub"]] == ["book.epub"]
    assert [p.name for p in files[".html"]] == ["good.html", "missing-alt.html"]


@pytest.mark.usefixtures("no_node_tools")
def test_missing_node_tools_are_skipped_not_passed(outputs: Path) -> None:
    findings = check_paths([outputs / "en" / "book.epub", outputs / "en" / "good.html"])
    skipped = {(f.path.name, f.rule) for f in findings if f.severity == "skipped"}
    assert {("book.epub", "ace"), ("good.html", "axe")} <= skipped
    assert not [f for f in findings if f.severity == "error"]


def test_pdf_findings_and_exit_code(outputs: Path) -> None:
    result = CliRunner().invoke(check, [str(outputs / "en" / "unmarked.pdf")])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"{outputs / 'en' / 'unmarked.pdf'}: margin-artifact: page 1: 2 text runs" in lines[2]
    ok = CliRunner().invoke(check, [str(outputs / "en" / "leaflet.pdf")])
    assert ok.exit_code == 0, ok.output


def test_json_report(outputs: Path) -> None:
    result = CliRunner().invoke(check, ["--format", "json", str(outputs / "en" / "leaflet.pdf")])
    report = json.loads(result.stdout)
    assert report["files"] == 1
    assert {f["rule"] for f in report["findings"]} == {"lang-spans"}
    assert report["totals"] == {"info": 1}


def test_no_checkable_files_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(check, [str(tmp_path)])
    assert result.exit_code == 2
    assert "no .pdf, .epub or .html files" in result.output


@pytest.mark.validators
def test_whole_folder_with_real_validators(outputs: Path) -> None:
    require_epubcheck()
    require_axe()
    result = CliRunner().invoke(check, ["--format", "json", str(outputs)])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    errors = {
        (Path(f["path"]).name, f["rule"]) for f in report["findings"] if f["severity"] == "error"
    }
    assert errors == {
        ("unmarked.pdf", "margin-artifact"),
        ("unmarked.pdf", "orphan-content"),
        ("missing-alt.html", "axe"),
    }


def test_import_does_not_load_weasyprint() -> None:
    code = "import sys, carted_export.cli.check; print('weasyprint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
