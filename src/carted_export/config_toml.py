"""Reading a TOML table of ``carted-export.toml`` with the line of every key.

:class:`Table` reads typed values and refuses wrong types, unknown keys and bad values as
a :class:`ConfigError` naming the line (``tomllib`` gives none: :class:`Lines` finds them
in the text).  The readers of the file use it: the declared options
(:mod:`carted_export.config_options`) and :mod:`carted_export.config_leaflet`.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from carted_export.config import CONFIG_NAME, relative_display
from carted_export.errors import UsageError

E = TypeVar("E", bound=StrEnum)
Key = tuple[str, ...]


class ConfigError(UsageError):
    """A broken ``carted-export.toml`` (exit code 2), always with the file and line."""


# Reading values ---------------------------------------------------------------------------


class Table:
    """One TOML table being validated; remembers which keys were read."""

    def __init__(self, data: dict[str, object], key: Key, lines: Lines, path: Path | None) -> None:
        self.data = data
        self.key = key
        self.lines = lines
        self.file = path
        self.known: list[str] = []

    @property
    def name(self) -> str:
        return f"[{'.'.join(self.key)}]" if self.key else "the top level"

    def error(self, key: str, message: str) -> ConfigError:
        shown = relative_display(self.file, self.file.parent) if self.file else CONFIG_NAME
        return ConfigError(message, shown, self.lines.line((*self.key, key)))

    def _get(self, key: str) -> object:
        self.known.append(key)
        return self.data.get(key)

    def table(self, key: str) -> Table:
        value = self._get(key)
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise self.error(key, f"{key} must be a table ([{key}]), not {_kind(value)}")
        return Table(value, (*self.key, key), self.lines, self.file)

    def _typed(self, key: str, kind: type, label: str) -> object:
        value = self._get(key)
        # bool is an int in Python, never in TOML: `jobs = true` is a mistake.
        wrong_bool = isinstance(value, bool) and kind is not bool
        if value is not None and (not isinstance(value, kind) or wrong_bool):
            raise self.error(key, f"{key} in {self.name} must be {label}, not {_kind(value)}")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self._typed(key, bool, "true or false")
        return default if value is None else bool(value)

    def integer(self, key: str, default: int, *, minimum: int) -> int:
        value = self._typed(key, int, "a whole number")
        if value is None:
            return default
        assert isinstance(value, int)
        if value < minimum:
            raise self.error(key, f"{key} in {self.name} must be {minimum} or more, not {value}")
        return value

    def string(self, key: str, default: str) -> str:
        value = self._typed(key, str, "a string")
        return default if value is None else str(value)

    def required_string(self, key: str) -> str:
        value = self.string(key, "").strip()
        if not value:
            raise self.error(key, f"{key} in {self.name} is required and must not be empty")
        return value

    def url(self, key: str) -> str | None:
        """An absolute http(s) address, or ``None`` when the key is absent or empty."""
        value = self.string(key, "").strip()
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or value != value.split()[0]:
            raise self.error(
                key, f"{key} in {self.name} must be an http:// or https:// address, not {value!r}"
            )
        if parts.query or parts.fragment:
            raise self.error(key, f"{key} in {self.name} must not have a ?query or #fragment")
        return value

    def strings(self, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = self._get(key)
        if value is None:
            return default
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(key, f"{key} in {self.name} must be a list of strings")
        return tuple(str(item) for item in value)

    def choice(self, key: str, enum: type[E], default: E) -> E:
        value = self.string(key, default.value)
        return self._member(key, enum, value)

    def choices(self, key: str, enum: type[E], default: tuple[E, ...]) -> tuple[E, ...]:
        values = self.strings(key, tuple(member.value for member in default))
        if not values:
            raise self.error(key, f"{key} in {self.name} must name at least one")
        return tuple(dict.fromkeys(self._member(key, enum, value) for value in values))

    def _member(self, key: str, enum: type[E], value: str) -> E:
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise self.error(
                key, f"{key} in {self.name} must be one of {allowed}; got {value!r}"
            ) from None

    def path(self, key: str, root: Path, default: str) -> Path:
        value = self.string(key, default)
        if not value.strip():
            raise self.error(key, f"{key} in {self.name} must not be empty")
        return _resolve(root, value)

    def optional_path(self, key: str, root: Path) -> Path | None:
        value = self.string(key, "")
        return _resolve(root, value) if value.strip() else None

    def paths(self, key: str, root: Path, default: tuple[str, ...]) -> tuple[Path, ...]:
        values = self.strings(key, default)
        if any(not value.strip() for value in values):
            raise self.error(key, f"{key} in {self.name} must not contain an empty path")
        return tuple(_resolve(root, value) for value in values)

    def reject_unknown(self) -> None:
        for key in self.data:
            if key in self.known:
                continue
            close = difflib.get_close_matches(key, self.known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            listed = ", ".join(sorted(self.known))
            raise self.error(key, f"unknown key {key!r} in {self.name}{hint} (known: {listed})")


def _resolve(root: Path, value: str) -> Path:
    return Path(os.path.normpath(root / Path(value).expanduser()))


def _kind(value: object) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string"}
    names |= {list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


# Lines ------------------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r"\"(?:[^\"\\]|\\.)*\"|'[^']*'"
_KEY = re.compile(rf"^\s*((?:{_BARE}|{_QUOTED})(?:\s*\.\s*(?:{_BARE}|{_QUOTED}))*)\s*=")
_PART = re.compile(rf"{_BARE}|{_QUOTED}")


class Lines:
    """The line of each table header and key, read from the text (tomllib gives none)."""

    def __init__(self, text: str) -> None:
        self.where: dict[Key, int] = {}
        table: Key = ()
        for number, line in self._code_lines(text):
            header = _HEADER.match(line)
            if header:
                table = _parts(header.group(1))
                self.where.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if key:
                self.where.setdefault((*table, *_parts(key.group(1))), number)

    @staticmethod
    def _code_lines(text: str) -> Iterator[tuple[int, str]]:
        """Numbered lines outside multi-line strings."""
        inside: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if inside is None:
                yield number, line
            for quote in ('"""', "'''"):
                if line.count(quote) % 2 and inside in (None, quote):
                    inside = quote if inside is None else None

    def line(self, key: Key) -> int | None:
        """The line of ``key``, else of the nearest enclosing table written in the file."""
        while key:
            if key in self.where:
                return self.where[key]
            key = key[:-1]
        return None


def _parts(dotted: str) -> Key:
    return tuple(part.strip("\"'") for part in _PART.findall(dotted))


def syntax_error(message: str) -> tuple[int | None, str]:
    """tomllib says "Invalid value (at line 3, column 8)": split off the line."""
    found = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if found is None:
        return None, message
    text = message[: found.start()].strip()
    return int(found.group(1)), f"{text} (column {found.group(2)})"
