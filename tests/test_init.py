"""``carted-export init DIR``: a new project shows one example of each source kind read,
and a first ``build`` in it makes every output of every example."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import lxml.html

import carted_export
from carted_export.document import Heading
from carted_export.sources import read_source

from conftest import RunCli

#: Each example, the kind its content is read as, and a heading of its own it must keep.
EXAMPLES = {
    "sources/example.md": ("markdown", "Before your visit"),
    "sources/colds-and-flu.txt": ("scrape", "Looking after yourself"),
    "sources/washing-your-hands.docx": ("docx", "How to wash your hands"),
    "sources/staying-safe-in-the-sun.html": ("html", "Protect your skin"),
}
#: The one warning a new project's first build gives: a scrape never states a license.
EXPECTED_WARNINGS = {("sources/colds-and-flu.txt", "license-unknown")}


def test_init_writes_one_example_of_each_kind(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("init", tmp_path / "proj")
    assert result.exit_code == 0, result.output
    project = tmp_path / "proj"
    with zipfile.ZipFile(project / "sources" / "washing-your-hands.docx") as word:
        assert "word/document.xml" in word.namelist()  # a real Word file, not a renamed text
    warnings = set()
    for name, (kind, heading) in EXAMPLES.items():
        assert f"created {project / name}" in result.output
        document = read_source(project / name, name=name)
        assert document.kind == kind, name
        headings = [block.text.markdown for block in document.blocks if isinstance(block, Heading)]
        assert heading in headings, (name, headings)
        warnings |= {(name, diagnostic.code) for diagnostic in document.diagnostics}
    assert warnings == EXPECTED_WARNINGS
    # The Word document's license and review date come from its sidecar.
    word_document = read_source(project / "sources" / "washing-your-hands.docx")
    assert word_document.metadata.license_text == "Free to copy and share"
    assert word_document.metadata.last_reviewed == dt.date(2026, 1, 15)
    assert word_document.metadata.authors == ("Clinic nurses",)  # the document properties
    # Each example has its content template, so `i18n init --locale xx` works at once.
    templates = sorted(p.name for p in (project / "locales" / "content").glob("*.pot"))
    assert len(templates) == len(EXAMPLES), templates


def test_a_new_project_builds_every_example(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("init", tmp_path / "proj").exit_code == 0
    project = tmp_path / "proj"
    package_root = str(Path(carted_export.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([package_root, os.getenv("PYTHONPATH", "")])}
    built = subprocess.run(
        [sys.executable, "-m", "carted_export", "build", "--jobs", "1"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    warned = [line for line in built.stderr.splitlines() if line.startswith("warning:")]
    assert warned == [
        "warning: sources/colds-and-flu.txt:1: no license given; reuse rights unknown"
    ]

    manifest = json.loads((project / "build" / "manifest.json").read_text("utf-8"))
    made = {(record["source"], record["format"]) for record in manifest["outputs"]}
    assert made == {(name, fmt) for name in EXAMPLES for fmt in ("pdf", "epub", "html")}
    for record in manifest["outputs"]:
        output = project / "build" / record["path"]
        assert output.is_file() and output.stat().st_size > 0, record
        if record["format"] == "html":
            main = lxml.html.parse(str(output)).getroot().xpath("//main")[0]
            headings = [" ".join(h.text_content().split()) for h in main.xpath(".//h2|.//h3")]
            assert EXAMPLES[record["source"]][1] in headings, (record["source"], headings)
            if record["source"].endswith(".html"):  # the saved page's site is left out
                text = " ".join(main.text_content().split())
                assert "cookies" not in text and "Our services" not in text
                assert "12 River Road" not in text
