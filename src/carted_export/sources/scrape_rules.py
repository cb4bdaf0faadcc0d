"""Load and validate the data-driven scrape rules (``scrape_rules.toml``).

Rules are data so that a new site's boilerplate is a reviewed TOML change with a test
scrape, not new code.  Patterns are compiled once here, so a typo fails loudly at load
time instead of silently keeping a cookie banner in every export.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from carted_export.document import NoteKind

_FIELDS = frozenset({"last_reviewed", "authors", "reviewers", "publisher"})


@dataclass(frozen=True, slots=True)
class Extract:
    field: str
    pattern: re.Pattern[str]
    date_format: str | None = None


@dataclass(frozen=True, slots=True)
class Region:
    name: str
    start: re.Pattern[str]
    stop: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class NoteRule:
    kind: NoteKind
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class ScrapeRules:
    language: str
    heading_max_chars: int
    subtitle_max_chars: int
    bullet: re.Pattern[str]
    extracts: tuple[Extract, ...]
    drop_lines: tuple[re.Pattern[str], ...]
    regions: tuple[Region, ...]
    notes: tuple[NoteRule, ...]


def fingerprint(rules: ScrapeRules | None) -> bytes:
    """Every value of ``rules`` in full, for cache keys (``None``: the shipped rules, which
    the package's own hash covers).  Not ``repr``: a pattern's is cut at 200 characters."""

    def pattern(value: object) -> object:
        if isinstance(value, re.Pattern):
            return [value.pattern, value.flags]
        raise TypeError(f"not part of a rule: {value!r}")

    return json.dumps(None if rules is None else asdict(rules), default=pattern).encode()


def load_rules(path: Path) -> ScrapeRules:
    """Read a rules file; raises ``ValueError`` naming the bad rule."""
    with path.open("rb") as handle:
        return parse_rules(tomllib.load(handle))


@cache
def default_rules() -> ScrapeRules:
    """The rules shipped next to this module."""
    text = resources.files(__package__ or "carted_export.sources") / "scrape_rules.toml"
    return parse_rules(tomllib.loads(text.read_text(encoding="utf-8")))


def _compile(pattern: object, where: str) -> re.Pattern[str]:
    try:
        return re.compile(str(pattern))
    except re.error as exc:
        raise ValueError(f"scrape rule {where}: bad pattern {pattern!r}: {exc}") from None


def _table_list(data: dict[str, object], key: str) -> list[dict[str, object]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ValueError(f"scrape rules: [[{key}]] must be an array of tables")
    return value


def parse_rules(data: dict[str, object]) -> ScrapeRules:
    layout = data.get("layout", {})
    if not isinstance(layout, dict):
        raise ValueError("scrape rules: [layout] must be a table")
    extracts = []
    for index, rule in enumerate(_table_list(data, "extract")):
        field = str(rule.get("field"))
        if field not in _FIELDS:
            raise ValueError(f"scrape rule extract #{index + 1}: unknown field {field!r}")
        fmt = rule.get("date_format")
        pattern = _compile(rule.get("pattern"), f"extract #{index + 1}")
        extracts.append(Extract(field, pattern, str(fmt) if fmt else None))
    regions = tuple(
        Region(
            str(rule.get("name", f"region #{index + 1}")),
            _compile(rule.get("start"), f"drop_region #{index + 1}"),
            _compile(rule["stop"], f"drop_region #{index + 1}") if "stop" in rule else None,
        )
        for index, rule in enumerate(_table_list(data, "drop_region"))
    )
    return ScrapeRules(
        language=str(layout.get("language", "en")),
        heading_max_chars=int(layout.get("heading_max_chars", 90)),
        subtitle_max_chars=int(layout.get("subtitle_max_chars", 320)),
        bullet=_compile(layout.get("bullet", r"^\s*[•▪◦‣]\s+(?P<text>.+)$"), "layout.bullet"),
        extracts=tuple(extracts),
        drop_lines=tuple(
            _compile(rule.get("pattern"), f"drop_line #{i + 1}")
            for i, rule in enumerate(_table_list(data, "drop_line"))
        ),
        regions=regions,
        notes=tuple(
            NoteRule(NoteKind(str(rule.get("kind"))), _compile(rule.get("pattern"), "note"))
            for rule in _table_list(data, "note")
        ),
    )
