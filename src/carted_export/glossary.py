"""The project glossary: definitions for the "Words to know" box, per language.

``locales/glossary.toml`` (next to the catalogs, so translators find it and a change
rebuilds the outputs) lists terms by the dictionary URL the sources link to; each has a
definition per language code, quoted from a named public-domain source (never invented).
A term without a definition in the output language is shown with its link instead.
"""

from __future__ import annotations

import re
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


def load_glossary(path: Path, shown: str | None = None) -> tuple[GlossaryEntry, ...]:
    """The entries of ``path`` (none when it does not exist); a broken file is a
    :class:`UsageError` naming ``shown`` (default: ``path``) and, for syntax, the line."""
    if not path.is_file():
        return ()
    shown = shown or str(path)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        found = re.search(r"\(at line (\d+)", str(error))
        line = int(found.group(1)) if found else None
        raise UsageError(f"cannot read the glossary: {error}", shown, line) from None
    try:
        return tuple(_entry(item) for item in data.get("term", []))
    except (KeyError, TypeError, AttributeError) as error:
        message = f"bad glossary entry ({error}); each [[term]] needs url, term, source and "
        raise UsageError(message + "[term.definition]", shown) from None


def _entry(item: dict[str, object]) -> GlossaryEntry:
    definitions = item.get("definition", {})
    if not isinstance(definitions, dict):
        raise TypeError("[term.definition] must be a table of language = definition")
    source_url = item.get("source_url")
    return GlossaryEntry(
        url=str(item["url"]),
        term=str(item["term"]),
        definitions=tuple((str(code), str(text)) for code, text in sorted(definitions.items())),
        source=str(item["source"]),
        source_url=str(source_url) if source_url else None,
    )
