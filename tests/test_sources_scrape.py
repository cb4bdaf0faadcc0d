"""The scrape reader on a second site: proves the rules are data, not one file's shape."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carted_export.document import Heading, ListBlock, Note, NoteKind, Origin, iter_segments
from carted_export.sources import read_source
from carted_export.sources.metadata import Warnings
from carted_export.sources.scrape import extract_fields, kept_lines, read_scrape
from carted_export.sources.scrape_rules import default_rules, load_rules, parse_rules

ROOT = Path(__file__).resolve().parent / "roots" / "sources"
SAMPLE = ROOT / "scrape-healthplain.txt"


def test_second_site_metadata_and_structure() -> None:
    document = read_source(SAMPLE)
    meta = document.metadata
    assert document.kind == "scrape"
    assert meta.title.markdown == "Understanding Atrial Fibrillation"
    assert meta.subtitle is not None and meta.subtitle.markdown.startswith("Why an irregular")
    assert meta.authors == ("Maria Lopez", "Sam Okafor")
    assert meta.reviewers == ("Dr. Priya Nair",)
    assert meta.last_reviewed == dt.date(2025, 11, 2)
    assert meta.publisher == "HealthPlain Media"
    headings = [b.text.markdown for b in document.blocks if isinstance(b, Heading)]
    assert headings == ["How it is found", "Treatment options"]
    (options,) = [b for b in document.blocks if isinstance(b, ListBlock)]
    assert len(options.items) == 3
    note = document.blocks[-1]
    assert isinstance(note, Note) and note.kind is NoteKind.DISCLAIMER


@pytest.mark.parametrize(
    "phrase",
    [
        "Heart Health Guides",
        "min read",
        "Share",
        "Advertisement",
        "Related articles",
        "Heart Failure Basics",
        "Subscribe",
        "Last reviewed",
        "Publisher",
        "©",
        "Privacy",
    ],
)
def test_second_site_boilerplate_removed(phrase: str) -> None:
    document = read_source(SAMPLE)
    assert all(phrase not in s.text.markdown for s in iter_segments(document))


def test_plain_text_is_escaped_as_markdown() -> None:
    text = "A *title* [x]\n\nSome <b>text</b> with *stars* and Q&A &amp; more.\n"
    document = read_scrape(text, "x.txt")
    assert document.metadata.title.markdown == "A \\*title\\* \\[x\\]"
    assert document.metadata.subtitle is not None
    assert document.metadata.subtitle.markdown == (
        "Some \\<b\\>text\\</b\\> with \\*stars\\* and Q&A &amp;amp; more."
    )


def test_only_boilerplate_is_an_error() -> None:
    from carted_export.errors import SourceError

    with pytest.raises(SourceError, match="no article text left"):
        read_scrape("← Previous\nEverything here is footer.\n", "x.txt")


def test_custom_rules_file(tmp_path: Path) -> None:
    rules_file = tmp_path / "rules.toml"
    rules_file.write_text(
        '[layout]\nlanguage = "es"\n[[drop_line]]\npattern = "^MENU$"\n'
        '[[extract]]\nfield = "publisher"\npattern = "Editorial: (?P<value>.+)"\n',
        encoding="utf-8",
    )
    rules = load_rules(rules_file)
    document = read_scrape("MENU\nTítulo\n\nTexto del artículo.\nEditorial: Salud\n", "x", rules)
    assert document.metadata.title.markdown == "Título"
    assert document.metadata.language == "es"
    assert document.metadata.publisher == "Salud"


def test_bad_rule_fails_at_load() -> None:
    with pytest.raises(ValueError, match="drop_line #1"):
        parse_rules({"drop_line": [{"pattern": "("}]})
    with pytest.raises(ValueError, match="unknown field"):
        parse_rules({"extract": [{"field": "nope", "pattern": "x"}]})


def test_iso_review_date_wins_over_month_year() -> None:
    text = "Footer · Last Reviewed: April 2026\n📅 Last reviewed: 2026-06-28\n"
    fields = extract_fields(text, default_rules(), Warnings(Origin("x", 1)))
    assert fields["last_reviewed_date"] == dt.date(2026, 6, 28)
    fields = extract_fields("Last Reviewed: April 2026", default_rules(), Warnings(Origin("x", 1)))
    assert fields["last_reviewed_date"] == dt.date(2026, 4, 1)


def test_region_stops_at_stop_line() -> None:
    text = "Title\n\nRelated articles\nOne\nTwo\n\nKept paragraph.\n"
    assert [line.text for line in kept_lines(text, default_rules())] == ["Title", "Kept paragraph."]
