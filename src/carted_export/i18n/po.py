"""Strict PO reading and consistent PO writing, shared by every catalog in the project.

polib is the one PO library here: it keeps each entry's line (``linenum``) and every
comment, and writes a file back unchanged (Babel's ``write_po`` rewrites the header).  It
accepts some broken files silently (an unterminated string loses its last character), so
every text first goes through a small line lexer that reports the
exact ``file:line``.  Files are written without wrapping, exactly as ``msgmerge
--no-wrap`` writes them, so ``i18n update`` never reflows lines nobody changed.
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import polib
from babel.messages.plurals import get_plural

from carted_export.errors import CatalogError
from carted_export.files import atomic_write

#: Column width used by every writer (0 = never wrap; matches ``msgmerge --no-wrap``).
WRAP_WIDTH = 0
#: GNU gettext's page width; it still breaks ``#:`` reference lines there.
GNU_PAGE_WIDTH = 79

_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORDS = r"(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)"
_KEYWORD_LINE = re.compile(rf"^(?:#~\s*)?{_KEYWORDS}\s+{_STRING}\s*$")
_CONTINUATION_LINE = re.compile(rf"^(?:#~\s*)?{_STRING}\s*$")
_POLIB_LINE = re.compile(r"\(line (\d+)\)")
_UNSET_VALUES = {"", "FULL NAME <EMAIL@ADDRESS>", "YEAR-MO-DA HO:MI+ZONE"}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_ESCAPE = re.compile(r"\\(.)")
_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")
#: The n values a Plural-Forms expression is tried on (every rule CLDR has differs below).
_PLURAL_SAMPLES = (*range(0, 220), 1000, 1001, 100000, 1000000)


def check_syntax(text: str, path: str) -> None:
    """Raise :class:`CatalogError` at the first line that is not valid PO syntax."""
    # split("\n"), not splitlines(): U+2028, \x1c-\x1e and friends are legal inside strings
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or (stripped.startswith("#") and not stripped.startswith("#~")):
            continue
        if stripped.startswith("#~") and not stripped[2:].lstrip().startswith(("m", '"')):
            continue  # "#~|" previous-msgid comments of obsolete entries
        if _KEYWORD_LINE.match(stripped) or _CONTINUATION_LINE.match(stripped):
            continue
        raise CatalogError(
            f"invalid PO syntax: {_describe(stripped)}; fix the line or run `msgfmt --check`",
            path,
            number,
        )
    _check_entries(text, path)


@dataclass(slots=True)
class _RawEntry:
    """One entry as the lexer sees it: the line it starts at and its strings."""

    line: int
    obsolete: bool
    fields: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # keyword -> its first line


def _unquote(string: str) -> str:
    return _ESCAPE.sub(lambda found: _ESCAPES.get(found.group(1), found.group(1)), string[1:-1])


def _raw_entries(text: str) -> Iterator[_RawEntry]:
    """The entries of syntactically valid PO text, with their lines (obsolete ones too)."""
    entry: _RawEntry | None = None
    keyword = ""
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        obsolete = stripped.startswith("#~")
        body = stripped[2:].lstrip() if obsolete else stripped
        if not body or (body.startswith("#") and not obsolete) or body.startswith("|"):
            continue
        if body.startswith('"'):
            if entry is not None and keyword:
                entry.fields[keyword] += _unquote(body)
            continue
        keyword, _, string = body.partition(" ")
        if entry is None or (keyword in ("msgctxt", "msgid") and "msgid" in entry.fields):
            if entry is not None:
                yield entry
            entry = _RawEntry(number, obsolete)
        entry.fields[keyword] = _unquote(string.strip())
        entry.lines.setdefault(keyword, number)
    if entry is not None:
        yield entry


def _check_entries(text: str, path: str) -> None:
    """Duplicate entries (``msgfmt`` rejects them) and a broken header, with their lines."""
    seen: dict[tuple[str | None, str], int] = {}
    for entry in _raw_entries(text):
        if entry.obsolete or "msgid" not in entry.fields:
            continue
        key = (entry.fields.get("msgctxt"), entry.fields["msgid"])
        if key == (None, ""):
            _check_header(entry, text.split("\n"), path)
        if key in seen:
            shown = f"msgctxt {key[0]!r}, " if key[0] is not None else ""
            raise CatalogError(
                f"duplicate entry ({shown}msgid {key[1][:50]!r}) at lines {seen[key]} and "
                f"{entry.line}: a build would use the last, a reviewer reads the first; "
                "merge them into one (msgfmt rejects the file)",
                path,
                entry.line,
            )
        seen[key] = entry.line


def _check_header(entry: _RawEntry, lines: list[str], path: str) -> None:
    """A ``Plural-Forms`` header that gettext cannot use, reported at its own line."""
    header = entry.fields.get("msgstr", "")
    value = next(
        (line.partition(":")[2] for line in header.split("\n") if line.startswith("Plural-Forms:")),
        None,
    )
    if value is None or "INTEGER" in value or "EXPRESSION" in value:  # absent, or a template
        return
    problem = plural_forms_problem(value)
    if problem:
        start = entry.lines.get("msgstr", entry.line)
        line = next(
            (n for n in range(start, len(lines) + 1) if "Plural-Forms:" in lines[n - 1]), start
        )
        raise CatalogError(f"broken Plural-Forms header: {problem}", path, line)


def plural_forms_problem(value: str) -> str | None:
    """Why a ``Plural-Forms`` value is unusable, or ``None``: ``nplurals=N; plural=EXPR;``
    with a C expression giving a form in ``0..N-1`` for every count."""
    found = _PLURAL_FORMS.match(value)
    if found is None:
        return (
            f"{value.strip()!r} is not 'nplurals=N; plural=EXPRESSION;'; copy it from `i18n init`"
        )
    count, expression = int(found.group(1)), found.group(2)
    try:
        plural = gettext.c2py(expression)
        forms = {plural(n) for n in _PLURAL_SAMPLES}
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError) as exc:
        return f"the plural expression {expression!r} is invalid ({exc}); copy it from `i18n init`"
    if count < 1 or not forms <= set(range(count)):
        return (
            f"the plural expression {expression!r} gives forms {sorted(forms)[:8]}, not only "
            f"0..{count - 1} (nplurals={count}); copy it from `i18n init`"
        )
    return None


def _describe(line: str) -> str:
    if line.count('"') % 2 == 1 or not line.endswith('"'):
        return "unterminated or unescaped quote in string"
    return f"unexpected text {line[:40]!r}"


class CatalogText(NamedTuple):
    """A catalog file's text and the name messages give it (relative to the project).

    What a build hands to a job instead of a path: a worker never reads the project's disk.
    """

    name: str
    text: str


def read_text(path: Path, shown: str | None = None) -> str:
    """The file as text (UTF-8, BOM stripped); :class:`CatalogError` naming ``shown``."""
    shown = shown or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read catalog: {exc.strerror}", shown) from exc
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError("catalog is not UTF-8; save it as UTF-8", shown, line) from exc


class _LineText(str):
    """PO text that polib splits at line ends only, as it reads a file: ``str.splitlines``
    also breaks at U+2028, ``\\x1c``-``\\x1e`` and other characters legal inside a msgid."""

    def splitlines(self, keepends: bool = False) -> list[str]:
        return io.StringIO(self, newline=None).readlines()


def parse_po(text: str, path: str) -> polib.POFile:
    """Strictly parse PO text; errors name ``path`` (which need not exist)."""
    check_syntax(text, path)

    def named(**options: Any) -> polib.POFile:
        po = polib.POFile(**options)
        po.fpath = path
        return po

    try:
        po = polib.pofile(_LineText(text), encoding="utf-8", wrapwidth=WRAP_WIDTH, klass=named)
    except (OSError, ValueError, IndexError, KeyError, UnicodeError) as exc:
        found = _POLIB_LINE.search(str(exc))
        message = str(exc).split(" in po file")[0] or "invalid PO file"
        line = int(found.group(1)) if found else None
        raise CatalogError(f"{message}; fix the entry or run `msgfmt --check`", path, line) from exc
    return po


def load_po(path: Path, shown: str | None = None) -> polib.POFile:
    """Read and strictly parse one PO/POT file; :class:`CatalogError` with ``file:line``,
    the file named ``shown`` (default: ``path``)."""
    shown = shown or str(path)
    return parse_po(read_text(path, shown), shown)


def new_po(metadata: dict[str, str]) -> polib.POFile:
    po = polib.POFile(wrapwidth=WRAP_WIDTH)
    po.metadata = dict(metadata)
    return po


def plural_forms(locale: str) -> tuple[int, str]:
    """How many plural forms CLDR gives ``locale``, and its ``Plural-Forms`` header."""
    plurals = get_plural(locale)
    return plurals.num_plurals, f"nplurals={plurals.num_plurals}; plural={plurals.plural_expr};"


def header_value(po: polib.POFile, name: str) -> str | None:
    """A header field, or ``None`` when absent, empty or still the gettext placeholder."""
    value = str(po.metadata.get(name, "")).strip()
    return None if value in _UNSET_VALUES else value


def gnu_references(text: str) -> str:
    """Break ``#:`` reference lines the way GNU gettext does (at column 79, even with
    ``--no-wrap``), so a file written here is byte-identical after ``msgmerge``."""
    out: list[str] = []
    for line in text.split("\n"):
        if not line.startswith("#: "):
            out.append(line)
            continue
        current = "#:"
        for reference in line[3:].split():
            if current != "#:" and len(current) + 1 + len(reference) > GNU_PAGE_WIDTH:
                out.append(current)
                current = "#:"
            current += " " + reference
        out.append(current)
    return "\n".join(out)


def save_po(po: polib.POFile, path: Path) -> None:
    """Write atomically, unwrapped, ending with a newline."""
    text = gnu_references(po.__unicode__().rstrip("\n") + "\n")
    atomic_write(path, text.encode("utf-8"))
