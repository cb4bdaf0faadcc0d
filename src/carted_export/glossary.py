"""The project glossary: definitions for the "Words to know" box, per language.

``locales/glossary.toml`` (next to the catalogs, so translators find it and a change
rebuilds the outputs) lists terms by the dictionary URL the sources link to; each has a
definition per language code, quoted from a named public-domain source (never invented).
A term without a definition in the output language is shown with its link on screen and
left out on paper, where a link cannot be followed; :func:`undefined_terms_warning` tells
translators, once per locale, which definitions to add.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from carted_export.errors import UsageError

GLOSSARY_FILE = "glossary.toml"
_TERM_HEADER = re.compile(r"\s*\[\[\s*term\s*\]\]")


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    url: str
    term: str
    definitions: tuple[tuple[str, str], ...]  # (language code, definition)
    source: str
    source_url: str | None = None
    line: int | None = None  # of its ``[[term]]`` header in the glossary file

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
        text = path.read_text("utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        found = re.search(r"\(at line (\d+)", str(error))
        line = int(found.group(1)) if found else None
        raise UsageError(f"cannot read the glossary: {error}", shown, line) from None
    lines = [n for n, row in enumerate(text.splitlines(), 1) if _TERM_HEADER.match(row)]
    try:
        items = data.get("term", [])
        return tuple(
            _entry(item, lines[i] if len(lines) == len(items) else None)
            for i, item in enumerate(items)
        )
    except (KeyError, TypeError, AttributeError) as error:
        message = f"bad glossary entry ({error}); each [[term]] needs url, term, source and "
        raise UsageError(message + "[term.definition]", shown) from None


def undefined_terms_warning(
    glossary: tuple[GlossaryEntry, ...], locale: str, shown: str
) -> str | None:
    """One warning for ``locale``: the glossary's terms without a definition in its
    language (``shown``: the glossary file as the user names it), or None."""
    missing = [entry for entry in glossary if entry.definition(locale) is None]
    if not missing:
        return None
    first = missing[0].line
    where = f"{shown}:{first}" if first else shown
    terms = ", ".join(
        f"{entry.term} (line {entry.line})" if entry.line else entry.term for entry in missing
    )
    return (
        f"{where}: {len(missing)} of {len(glossary)} glossary terms have no definition in "
        f'{locale}, so the printed "Words to know" leaves them out: {terms}'
    )


def _entry(item: dict[str, object], line: int | None) -> GlossaryEntry:
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
        line=line,
    )
