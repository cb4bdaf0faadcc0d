"""The scrape reader on other sites: the rules are data, not one file's shape.

``scrape-healthplain.txt`` was written together with the shipped rules; the
``scrape-community-library.txt`` page was copied first and only then given its own rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carted_export.document import Heading, ListBlock, Note, NoteKind, Origin, iter_segments
from carted_export.sources import ReadOptions, read_source
from carted_export.sources.metadata import Warnings
from carted_export.sources.scrape import extract_fields, kept_lines, read_scrape
from carted_export.sources.scrape_rules import default_rules, load_rules, parse_rules

from conftest import RunCli, read_manifest

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


BLIND = ROOT / "scrape-community-library.txt"
BLIND_RULES = ROOT / "community-library-rules.toml"


def test_a_new_site_needs_only_a_rules_file() -> None:
    """A third site's page, copied before any rule was written for it (not shaped to the
    shipped rules, which keep its menus and miss its review date), is read right with a
    rules file of its own: data, no code."""
    shipped = read_source(BLIND)
    assert shipped.metadata.title.markdown == "Skip to main content"  # shipped rules: wrong
    document = read_source(BLIND, options=ReadOptions(scrape_rules=load_rules(BLIND_RULES)))
    meta = document.metadata
    assert meta.title.markdown == "Shingles"
    assert meta.last_reviewed == dt.date(2025, 3, 14)
    assert meta.publisher == "Riverside Health Partnership"
    headings = [b.text.markdown for b in document.blocks if isinstance(b, Heading)]
    assert headings == [
        "Check if you have shingles",
        "How to treat shingles yourself",
        "When to get help",
    ]
    (treatment,) = [b for b in document.blocks if isinstance(b, ListBlock)]
    assert len(treatment.items) == 4
    assert treatment.items[0].text.markdown == "take paracetamol to ease the pain"
    text = " ".join(s.text.markdown for s in iter_segments(document))
    for boilerplate in (
        "cookies",
        "Menu",
        "Home \\>",
        "On this page",
        "Print this page",
        "Was this page helpful",
        "Back to top",
        "Accessibility statement",
    ):
        assert boilerplate not in text, boilerplate
    assert "within 3 days of the rash appearing" in text  # the advice itself is all there


def test_build_uses_the_projects_scrape_rules(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "clinic"
    (project / "sources").mkdir(parents=True)
    (project / "sources" / "shingles.txt").write_bytes(BLIND.read_bytes())
    (project / "rules.toml").write_bytes(BLIND_RULES.read_bytes())
    (project / "carted-export.toml").write_text(
        '[build]\nformats = ["html"]\nscrape_rules = "rules.toml"\n', encoding="utf-8"
    )
    monkeypatch.chdir(project)
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    (record,) = read_manifest(project / "build")
    assert record["slug"] == "shingles" and record["title"] == "Shingles"
    (project / "rules.toml").write_text("[[drop_line]]\npattern = '('\n", encoding="utf-8")
    broken = run_cli("build")
    assert broken.exit_code == 2 and "rules.toml: cannot use these scrape rules" in broken.output
