"""Glyph coverage (render/glyphs.py): every character of every source and catalog has a
glyph in the fonts the PDF stylesheets name, and one that has none is a build warning, not
silent tofu."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from carted_export.check.pdf import check_pdf
from carted_export.config import PACKAGE_DIR
from carted_export.document import iter_segments
from carted_export.render.glyphs import (
    covered_characters,
    describe,
    missing_characters,
    stylesheet_families,
    warn_missing_glyphs,
)
from carted_export.sources import read_source

from conftest import CORPUS, REPO, SEEDS, RunCli, read_manifest
from validators import page_validation_failures

PRIVATE_USE = "\ue000"  # in no font: what tofu looks like in a source
TOFU_SOURCE = f"""---
title: Tofu
language: en
license: public-domain
---

# Tofu

A normal paragraph.

A mark {PRIVATE_USE} no font has.
"""


@pytest.fixture(scope="module")
def covered() -> frozenset[int]:
    characters = covered_characters(stylesheet_families())
    assert characters is not None, "fc-list (fontconfig) is needed to know the fonts"
    return characters


def test_families_are_those_the_pdf_stylesheets_name() -> None:
    families = stylesheet_families()
    assert {"Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", "DejaVu Sans"} <= set(families)
    assert not {"sans-serif", "monospace"} & set(families)


def test_coverage_spans_every_shipped_script(covered: frozenset[int]) -> None:
    for char in "aé—中文العربية":
        assert ord(char) in covered, describe(char)
    assert ord(PRIVATE_USE) not in covered


def test_characters_never_drawn_are_not_missing(covered: frozenset[int]) -> None:
    text = f"soft\u00adhyphen, joiner\u200d, mark\u200e, tab\t, {PRIVATE_USE}{PRIVATE_USE}"
    assert missing_characters(text, covered) == [PRIVATE_USE]


def _problems(texts: list[tuple[str, str]], covered: frozenset[int]) -> list[str]:
    return [
        f"{where}: {describe(char)}"
        for where, text in texts
        for char in missing_characters(text, covered)
    ]


def _catalog_texts(po_path: Path) -> list[tuple[str, str]]:
    texts = []
    for entry in polib.pofile(str(po_path)):
        for text in (entry.msgid, entry.msgstr, *entry.msgstr_plural.values()):
            texts.append((f"{po_path}:{entry.linenum}", text))
    return texts


def test_every_character_of_every_catalog_is_covered(covered: frozenset[int]) -> None:
    catalogs = [*(PACKAGE_DIR / "locales").rglob("*.po"), *(REPO / "locales").rglob("*.po")]
    assert len(catalogs) >= 4
    texts = [text for po in catalogs for text in _catalog_texts(po)]
    assert _problems(texts, covered) == []


def _source_texts(root: Path) -> list[tuple[str, str]]:
    paths = sorted(p for p in root.rglob("*") if p.suffix in (".md", ".txt"))
    assert paths, f"no sources under {root}"
    return [
        (str(segment.origin), segment.text.markdown)
        for path in paths
        for segment in iter_segments(read_source(path))
    ]


def test_every_character_of_every_seed_is_covered(covered: frozenset[int]) -> None:
    assert _problems(_source_texts(SEEDS), covered) == []


@pytest.mark.corpus
def test_every_character_of_the_corpus_is_covered(covered: frozenset[int]) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not present at {CORPUS}")
    assert _problems(_source_texts(CORPUS), covered) == []


def test_missing_character_is_a_diagnostic_with_its_line(tmp_path: Path) -> None:
    source = tmp_path / "tofu.md"
    source.write_text(TOFU_SOURCE, encoding="utf-8")
    document = warn_missing_glyphs(read_source(source))
    assert [(d.code, d.origin.line) for d in document.diagnostics] == [("glyph-missing", 11)]
    assert "U+E000" in document.diagnostics[0].message


def test_build_warns_and_the_checkers_find_the_tofu(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the project folder: warnings name sources relative to it
    source = tmp_path / "src" / "tofu.md"
    source.parent.mkdir()
    source.write_text(TOFU_SOURCE, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", source.parent, "--format", "pdf", "--out", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    (record,) = read_manifest(out)
    warnings = [str(w) for w in record["warnings"]]  # type: ignore[attr-defined]
    (warning,) = [w for w in warnings if "U+E000" in w]
    assert warning.startswith("src/tofu.md:11: '\\ue000' (U+E000 unnamed character) is in none")
    assert "Noto Sans CJK SC" in warning and "empty box" in warning
    pdf = out / "en" / "tofu.pdf"
    assert [f.rule for f in check_pdf(pdf) if f.severity == "error"] == ["notdef-glyph"]
    assert [f.split(":")[0] for f in page_validation_failures(pdf)] == ["PDFUA1-NOTDEF-GLYPH-001"]
