"""``carted-export.toml``: find it, read it with :mod:`tomllib`, validate it into a
:class:`~carted_export.config.Project`.

Every command finds the file in the current folder or a parent (as git and pyproject do),
unless ``--config FILE`` names one.  Relative paths in it are resolved against its folder.
A mistake (syntax, unknown key, wrong type, bad value) is a :class:`ConfigError` that
prints ``carted-export.toml:LINE: message`` and exits 2.  Every key is documented in
``docs/configuration.md``.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from carted_export.config import (
    CONFIG_NAME,
    BuildSettings,
    ExecutorKind,
    Format,
    Paper,
    PrintSize,
    Project,
    is_scheduler_address,
)
from carted_export.errors import UsageError

E = TypeVar("E", bound=StrEnum)
Key = tuple[str, ...]


class ConfigError(UsageError):
    """A broken ``carted-export.toml`` (exit code 2), always with the file and line."""


def find_config(start: Path) -> Path | None:
    """``carted-export.toml`` in ``start`` or the nearest parent that has one."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_project(config: Path | None = None, cwd: Path | None = None) -> Project:
    """The project of ``config`` (``--config``), else of the file found from ``cwd``;
    defaults rooted at ``cwd`` when there is none."""
    cwd = (cwd or Path.cwd()).absolute()
    if config is None:
        config = find_config(cwd)
        if config is None:
            return project_from_data({}, cwd, None, _Lines(""))
    path = config.absolute()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ConfigError(f"cannot read the config file: {reason}", _shown(path)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, message = _syntax_error(str(error))
        raise ConfigError(f"invalid TOML: {message}", _shown(path), line) from None
    return project_from_data(data, path.parent, path, _Lines(text))


def project_from_data(
    data: dict[str, object], root: Path, path: Path | None, lines: _Lines
) -> Project:
    """Validate the parsed file; every error names the line of the key at fault."""
    from carted_export.config_leaflet import leaflet_settings

    document = _Table(data, (), lines, path)
    project = document.table("project")
    build = document.table("build")
    leaflet, leaflet_tables = leaflet_settings(document, build, root)
    result = Project(
        root=root,
        config_path=path,
        build=BuildSettings(
            sources=build.paths("sources", root, ("sources",)),
            out=build.path("out", root, "build"),
            locales=build.strings("locales", ()),
            formats=build.choices("formats", Format, tuple(Format)),
            paper=build.choice("paper", Paper, Paper.A4),
            size=build.choice("size", PrintSize, PrintSize.STANDARD),
            jobs=build.integer("jobs", 0, minimum=0),
            executor=build.choice("executor", ExecutorKind, ExecutorKind.LOCAL),
            scheduler=build.scheduler_address("scheduler"),
            strict=build.boolean("strict", False),
            allow_remote_images=build.boolean("allow_remote_images", False),
            image_cache=build.optional_path("image_cache", root),
            max_source_size=build.integer("max_source_size", 5, minimum=1),
            scrape_rules=build.optional_path("scrape_rules", root),
        ),
        locales_dir=project.path("locales_dir", root, "locales"),
        templates_dir=project.path("templates_dir", root, "templates"),
        leaflet=leaflet,
    )
    for table in (project, build, *leaflet_tables, document):
        table.reject_unknown()
    return result


# Reading values ---------------------------------------------------------------------------


class _Table:
    """One TOML table being validated; remembers which keys were read."""

    def __init__(self, data: dict[str, object], key: Key, lines: _Lines, path: Path | None) -> None:
        self.data = data
        self.key = key
        self.lines = lines
        self.file = path
        self.known: list[str] = []

    @property
    def name(self) -> str:
        return f"[{'.'.join(self.key)}]" if self.key else "the top level"

    def error(self, key: str, message: str) -> ConfigError:
        shown = _shown(self.file) if self.file else CONFIG_NAME
        return ConfigError(message, shown, self.lines.line((*self.key, key)))

    def _get(self, key: str) -> object:
        self.known.append(key)
        return self.data.get(key)

    def table(self, key: str) -> _Table:
        value = self._get(key)
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise self.error(key, f"{key} must be a table ([{key}]), not {_kind(value)}")
        return _Table(value, (*self.key, key), self.lines, self.file)

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

    def scheduler_address(self, key: str) -> str | None:
        value = self.string(key, "").strip()
        if value and not is_scheduler_address(value):
            raise self.error(
                key,
                f"{key} in {self.name} must be an address like tcp://10.0.0.5:8786; got {value!r}",
            )
        return value or None

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


def _shown(path: Path) -> str:
    """The config file as the user should see it: relative to where they are, if inside."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


# Lines ------------------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r"\"(?:[^\"\\]|\\.)*\"|'[^']*'"
_KEY = re.compile(rf"^\s*((?:{_BARE}|{_QUOTED})(?:\s*\.\s*(?:{_BARE}|{_QUOTED}))*)\s*=")
_PART = re.compile(rf"{_BARE}|{_QUOTED}")


class _Lines:
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


def _syntax_error(message: str) -> tuple[int | None, str]:
    """tomllib says "Invalid value (at line 3, column 8)": split off the line."""
    found = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if found is None:
        return None, message
    text = message[: found.start()].strip()
    return int(found.group(1)), f"{text} (column {found.group(2)})"
