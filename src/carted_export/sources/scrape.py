"""Plain-text scrapes (a web page copied as text) to a :class:`Document`.

A scrape has no markup, so structure is inferred from line shapes: bullet lines are
lists, short unpunctuated lines followed by text are headings.  Everything the site
wraps around the article (navigation, bios, ads, footer) is removed by the rules in
``scrape_rules.toml`` (see docs/scrape-rules.md), after metadata has been extracted
from the full text, because the review date and publisher live in that boilerplate.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from carted_export.document import (
    Block,
    Document,
    Heading,
    ListBlock,
    ListItem,
    Metadata,
    Note,
    Origin,
    Paragraph,
    Text,
)
from carted_export.errors import SourceError
from carted_export.markup import clean_line, clean_title, escape
from carted_export.sources.metadata import Warnings, parse_date, parse_license
from carted_export.sources.scrape_rules import ScrapeRules, default_rules

_SENTENCE_END = ".!?:;,…\"'”’)"
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*")


@dataclass(frozen=True, slots=True)
class _Line:
    number: int  # 1-based file line
    text: str


def read_scrape(text: str, path: str, rules: ScrapeRules | None = None) -> Document:
    """Parse a decoded plain-text scrape with ``rules`` (default: the shipped rules)."""
    rules = rules or default_rules()
    warnings = Warnings(Origin(path, 1))
    fields = extract_fields(text, rules, warnings)
    lines = kept_lines(text, rules)
    if not lines:
        raise SourceError(
            "no article text left after removing site boilerplate; check the scrape rules",
            path=path,
            line=1,
        )
    title, rest = lines[0], lines[1:]
    subtitle: Text | None = None
    if rest and _is_standfirst(rest[0].text, rules):
        subtitle, rest = Text(escape(rest[0].text)), rest[1:]
    license_, _ = parse_license(None, warnings)
    metadata = Metadata(
        title=Text(escape(clean_title(title.text))),
        language=rules.language,
        subtitle=subtitle,
        publisher=_first(fields.get("publisher")),
        license=license_,
        last_reviewed=_date(fields.get("last_reviewed_date")),
        authors=_names(fields.get("authors")),
        reviewers=_names(fields.get("reviewers")),
    )
    return Document(
        source_path=path,
        kind="scrape",
        metadata=metadata,
        blocks=tuple(_blocks(rest, path, rules)),
        language=metadata.language,
        diagnostics=tuple(warnings.items),
    )


def extract_fields(text: str, rules: ScrapeRules, warnings: Warnings) -> dict[str, object]:
    """Apply the ``[[extract]]`` rules; the first match for a field wins."""
    found: dict[str, object] = {}
    for rule in rules.extracts:
        key = "last_reviewed_date" if rule.field == "last_reviewed" else rule.field
        if key in found:
            continue
        match = rule.pattern.search(text)
        if match is None:
            continue
        value = clean_line(match.group("value"))
        if rule.field == "last_reviewed":
            date = _parse_date(value, rule.date_format, warnings)
            if date is not None:
                found[key] = date
        elif value:
            found[key] = value
    return found


def _parse_date(value: str, date_format: str | None, warnings: Warnings) -> dt.date | None:
    if date_format is None:
        return parse_date(value, warnings)
    try:
        return dt.datetime.strptime(value, date_format).date()
    except ValueError:
        warnings.add("date-invalid", f"review date {value!r} does not match {date_format!r}")
        return None


def kept_lines(text: str, rules: ScrapeRules) -> list[_Line]:
    """Non-blank lines left after dropping boilerplate lines and regions."""
    kept: list[_Line] = []
    region_stop: re.Pattern[str] | None = None
    in_region = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        if in_region:
            if region_stop is None or not region_stop.search(line):
                continue
            in_region = False
        region = next((r for r in rules.regions if r.start.search(line)), None)
        if region is not None:
            in_region, region_stop = True, region.stop
            continue
        if not line.strip() or any(p.search(line) for p in rules.drop_lines):
            continue
        kept.append(_Line(number, line))
    return kept


def _is_standfirst(text: str, rules: ScrapeRules) -> bool:
    return (
        rules.bullet.match(text) is None
        and len(text) <= rules.subtitle_max_chars
        and text.rstrip()[-1:] in _SENTENCE_END
    )


def _is_heading(line: _Line, following: _Line | None, rules: ScrapeRules) -> bool:
    """Short, unpunctuated, standalone, and followed by body text or a list."""
    text = line.text.strip()
    if following is None or rules.bullet.match(line.text):
        return False
    if len(text) > rules.heading_max_chars or text[-1] in _SENTENCE_END:
        return False
    next_text = following.text.strip()
    next_is_body = rules.bullet.match(following.text) is not None or (
        len(next_text) > rules.heading_max_chars or next_text[-1] in _SENTENCE_END
    )
    return next_is_body


def _blocks(lines: list[_Line], path: str, rules: ScrapeRules) -> list[Block]:
    blocks: list[Block] = []
    items: list[ListItem] = []
    for index, line in enumerate(lines):
        origin = Origin(path, line.number)
        bullet = rules.bullet.match(line.text)
        if bullet is not None:
            items.append(ListItem(origin, Text(escape(bullet.group("text").strip()))))
            continue
        if items:
            blocks.append(ListBlock(items[0].origin, tuple(items)))
            items = []
        blocks.append(
            _block(line, lines[index + 1] if index + 1 < len(lines) else None, path, rules)
        )
    if items:
        blocks.append(ListBlock(items[0].origin, tuple(items)))
    return blocks


def _block(line: _Line, following: _Line | None, path: str, rules: ScrapeRules) -> Block:
    origin = Origin(path, line.number)
    text = Text(escape(" ".join(line.text.split())))
    if _is_heading(line, following, rules):
        return Heading(origin, 2, text)
    for note in rules.notes:
        if note.pattern.search(line.text.strip()):
            return Note(origin, note.kind, (Paragraph(origin, text),))
    return Paragraph(origin, text)


def _date(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _first(value: object) -> str | None:
    return str(value) if value else None


def _names(value: object) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(name for name in _NAME_SPLIT.split(str(value)) if name)
