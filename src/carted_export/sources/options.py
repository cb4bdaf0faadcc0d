"""How sources are read (the options every reader takes)."""

from __future__ import annotations

from dataclasses import dataclass

from carted_export.sources.scrape_rules import ScrapeRules

MEGABYTE = 1024 * 1024

#: The largest source file read when neither ``--max-source-size`` nor ``[build]
#: max_source_size`` says (megabytes); the declaration of that key takes it from here.
MAX_SOURCE_MEGABYTES = 5


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How sources are read: the size limit, and the rules that clean plain-text scrapes
    (``None``: the rules shipped with carted-export)."""

    max_bytes: int = MAX_SOURCE_MEGABYTES * MEGABYTE
    scrape_rules: ScrapeRules | None = None


DEFAULT_READING = ReadOptions()
