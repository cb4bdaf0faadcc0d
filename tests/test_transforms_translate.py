"""Content catalogs and the translate transform, on documents built in the test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carted_export.document import (
    Document,
    Figure,
    Heading,
    Metadata,
    Origin,
    Paragraph,
    Role,
    Text,
    iter_segments,
)
from carted_export.errors import CatalogError
from carted_export.i18n.content import (
    ContentCatalog,
    Translation,
    load_content_catalog,
    segment_entries,
)
from carted_export.i18n.po import new_po, save_po
from carted_export.i18n.review import review_file
from carted_export.transforms.translate import translate_document


def make_document() -> Document:
    origin = Origin("seeds/a.md", 5)
    blocks = (
        Heading(origin, 2, Text("What is it?")),
        Paragraph(
            Origin("seeds/a.md", 7), Text("Take **10 mg** daily. See [NCI](https://cancer.gov).")
        ),
        Figure(Origin("seeds/a.md", 9), "https://x.org/a.png", Text("A T cell")),
        Heading(Origin("seeds/a.md", 11), 2, Text("What is it?")),
    )
    meta = Metadata(title=Text("CAR T cells"), language="en")
    return Document("seeds/a.md", "markdown", meta, blocks, language="en")


def test_segment_entries_dedupe_with_references() -> None:
    entries = segment_entries(make_document())
    keys = [(e.msgctxt, e.msgid) for e in entries]
    assert keys == [
        ("title", "CAR T cells"),
        ("heading", "What is it?"),
        ("paragraph", "Take **10 mg** daily. See [NCI](https://cancer.gov)."),
        ("alt", "A T cell"),
    ]
    assert entries[1].occurrences == [("seeds/a.md", "5"), ("seeds/a.md", "11")]


def test_translate_marks_fallback_segments_with_source_lang() -> None:
    catalog = ContentCatalog(
        path="locales/es/LC_MESSAGES/content/a.po",
        entries={
            ("title", "CAR T cells"): Translation("Células CAR T", False),
            ("heading", "What is it?"): Translation("¿Qué es?", True),  # fuzzy: not used
        },
        translator="Team",
    )
    result = translate_document(make_document(), catalog, "es")
    texts = {seg.text.markdown: seg.text.lang for seg in iter_segments(result)}
    assert texts["Células CAR T"] is None
    assert texts["What is it?"] == "en"
    assert texts["A T cell"] == "en"
    assert result.language == "es"
    assert result.translation is not None
    assert (result.translation.total_segments, result.translation.translated_segments) == (5, 1)
    assert result.translation.fallback_segments == 4
    assert not result.translation.reviewed
    assert [d.code for d in result.diagnostics] == ["translation-partial"]


def test_source_locale_is_unchanged_except_language() -> None:
    document = make_document()
    result = translate_document(document, None, "en")
    assert result.blocks == document.blocks
    assert result.translation is None
    assert result.diagnostics == ()


def test_complete_translation_has_no_diagnostic(tmp_path: Path) -> None:
    po = new_po({"Language": "es", "X-Reviewed-By": "Dr. A", "Last-Translator": "B"})
    for entry in segment_entries(make_document()):
        entry.msgstr = f"ES {entry.msgid}"
        po.append(entry)
    path = tmp_path / "a.po"
    save_po(po, path)
    assert load_content_catalog(path).reviewer is None  # a header is not a review of entries
    review_file(path, "Dr. A", dt.date(2025, 6, 1))
    catalog = load_content_catalog(path)
    assert (catalog.reviewer, catalog.reviewed_on) == ("Dr. A", dt.date(2025, 6, 1))
    result = translate_document(make_document(), catalog, "es")
    assert all(s.text.lang is None for s in iter_segments(result))
    assert result.translation is not None and result.translation.complete
    assert result.translation.reviewed and result.translation.reviewer == "Dr. A"
    assert result.diagnostics == ()
    assert any(
        s.role is Role.ALT and s.text.markdown == "ES A T cell" for s in iter_segments(result)
    )


def test_syntax_error_reports_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b\n', encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_content_catalog(path)
    assert info.value.path == str(path)
    assert info.value.line == 5
