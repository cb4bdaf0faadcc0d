"""The project glossary: definitions for the "Words to know" box, per language.

``locales/glossary.toml`` (next to the catalogs, so translators find it and a change
rebuilds the outputs) lists terms by the dictionary URL the sources link to; each has a
definition per language code, quoted from a named public-domain source (never invented).
A term without a definition in the output language is shown with its link instead.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from carted_export.errors import UsageError

GLOSSARY_FILE = "glossary.toml"


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    url: str
    term: str
    definitions: tuple[tuple[str, str], ...]  # (language code, definition)
    source: str
    source_url: str | None = None

    def definition(self, language: str) -> str | None:
        wanted = language.replace("-", "_").split("_")[0].lower()
        return next((text for code, text in self.definitions if code == wanted), None)


def glossary_path(locales_dir: Path) -> Path:
    return locales_dir / GLOSSARY_FILE


def load_glossary(path: Path) -> tuple[GlossaryEntry, ...]:
    """The entries of ``path`` (none when it does not exist)."""
    if not path.is_file():
        return ()
    return _load(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _load(path: Path, mtime: int) -> tuple[GlossaryEntry, ...]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
        return tuple(_entry(item) for item in data.get("term", []))
    except (tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError) as error:
        raise UsageError(
            f"{error}; each [[term]] needs url, term, source and [term.definition]", str(path)
        ) from error


def _entry(item: dict[str, object]) -> GlossaryEntry:
    definitions = item.get("definition", {})
    assert isinstance(definitions, dict)
    source_url = item.get("source_url")
    return GlossaryEntry(
        url=str(item["url"]),
        term=str(item["term"]),
        definitions=tuple((str(code), str(text)) for code, text in sorted(definitions.items())),
        source=str(item["source"]),
        source_url=str(source_url) if source_url else None,
    )
