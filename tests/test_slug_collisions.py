"""Two sources with the same slug: ``build`` and ``i18n extract`` number the later one the
same way (``x-2``), so its catalog is extracted, and the build uses the translation in it."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import polib
import pytest

from carted_export.i18n.catalogs import content_po_path

from conftest import RunCli, read_manifest

SOURCES = {"a.md": "Rest at home.", "b.md": "Drink water often."}
TRANSLATION = "Bebe agua a menudo."


def _paragraphs(page: Path) -> list[str]:
    tree = lxml.html.fromstring(page.read_bytes())
    return [" ".join(p.text_content().split()) for p in tree.xpath("//main//p")]


@pytest.fixture
def clinic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = tmp_path / "clinic"
    (project / "sources").mkdir(parents=True)
    for name, line in SOURCES.items():
        text = f"---\ntitle: Fever care\nlanguage: en\n---\n\n# Fever care\n\n{line}\n"
        (project / "sources" / name).write_text(text, "utf-8")
    config = '[build]\nformats = ["html"]\nlocales = ["es"]\n'
    (project / "carted-export.toml").write_text(config, "utf-8")
    monkeypatch.chdir(project)
    return project


def test_a_colliding_slug_is_extracted_translated_and_built(run_cli: RunCli, clinic: Path) -> None:
    assert run_cli("i18n", "extract").exit_code == 0
    templates = sorted(p.name for p in (clinic / "locales" / "content").glob("*.pot"))
    assert templates == ["fever-care-2.pot", "fever-care.pot"]
    assert run_cli("i18n", "init", "--locale", "es").exit_code == 0
    catalog = content_po_path("fever-care-2", "es", clinic / "locales")
    po = polib.pofile(str(catalog))
    entry = po.find(SOURCES["b.md"])
    assert entry is not None and po.find(SOURCES["a.md"]) is None
    entry.msgstr = TRANSLATION
    po.save()

    result = run_cli("build")
    assert result.exit_code == 0, result.output
    assert "already used by sources/a.md" in result.output
    pages = {
        record["source"]: clinic / "build" / str(record["path"])
        for record in read_manifest(clinic / "build")
        if record["format"] == "html"
    }
    assert pages["sources/b.md"].name == "fever-care-2.html"
    assert TRANSLATION in _paragraphs(pages["sources/b.md"])
    assert SOURCES["b.md"] not in _paragraphs(pages["sources/b.md"])
    assert SOURCES["a.md"] in _paragraphs(pages["sources/a.md"])  # untranslated: English
