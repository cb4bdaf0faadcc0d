"""How sources are read (the options every reader takes)."""

from __future__ import annotations

from dataclasses import dataclass

from carted_export.sources.scrape_rules import ScrapeRules


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How sources are read: the size limit, and the rules that clean plain-text scrapes
    (``None``: the rules shipped with carted-export)."""

    max_bytes: int = 5 * 1024 * 1024
    scrape_rules: ScrapeRules | None = None


DEFAULT_READING = ReadOptions()
