"""One declaration per option of ``carted-export.toml``, as MkDocs' ``config_options``: its
table and key, its kind (the values it takes and how they are checked), its default, its
help and the flag that overrides it.

Everything that handles an option takes it from its :class:`Option`: the file reader
(:meth:`Option.read`: a wrong type or value is a :class:`ConfigError` naming the line), the
CLI (``cli/options.py`` makes each flag, its Click type and its ``--help`` text, which names
the key and the default), and the merge of the flags over the file (:meth:`Option.pick`).
A default is written as it would be in the file (``"a4"``, ``("sources",)``, ``0``) and read
through the same kind as the file's value; ``docs/configuration.md`` states the same
defaults, and a test compares them.  The declarations of ``[build]`` and ``[project]`` are
in :mod:`carted_export.config_build`, those of ``[clinic]``, ``[publish]``, ``[leaflet]``,
``[braille]`` and ``[audio]`` in :mod:`carted_export.config_leaflet`, which also
checks what spans keys (a logo needs its alt text) and reads the logo.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import ClassVar, Generic, TypeVar, cast

from carted_export.config_toml import Lines, Table
from carted_export.errors import UsageError

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)

#: A default as the file would spell it (a list as a tuple); ``None``: no value.
Raw = str | int | bool | tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class Flag:
    """The command line's spelling of an option: ``("--jobs", "-j")``; a switch that can
    also be turned off names its ``off`` form (``--no-booklet``)."""

    names: tuple[str, ...]
    metavar: str | None = None
    off: str | None = None
    #: The command's parameter name, when not the key (``--out``: ``out_dir``).
    dest: str | None = None


class Kind(Generic[T]):
    """The values an option takes: how the file's value (or the default) is read and
    checked, how a flag's value (already typed and checked by Click) becomes the option's
    value, and how ``--help`` shows the default."""

    #: A repeatable flag (``--format pdf --format html``); given none, the file's value.
    multiple: ClassVar[bool] = False

    def read(self, table: Table, key: str, default: Raw, root: Path) -> T:
        raise NotImplementedError

    def parse(self, value: object, flag: str) -> T:
        return cast(T, value)

    def show(self, default: Raw) -> str | None:
        if default is None:
            return None
        if isinstance(default, bool):
            return "on" if default else "off"
        if isinstance(default, tuple):
            return ", ".join(default)
        return str(default)


@dataclass(frozen=True, slots=True)
class Switch(Kind[bool]):
    def read(self, table: Table, key: str, default: Raw, root: Path) -> bool:
        return table.boolean(key, bool(default))


@dataclass(frozen=True, slots=True)
class Whole(Kind[int]):
    minimum: int

    def read(self, table: Table, key: str, default: Raw, root: Path) -> int:
        assert isinstance(default, int)
        return table.integer(key, default, minimum=self.minimum)


@dataclass(frozen=True, slots=True)
class String(Kind[str]):
    def read(self, table: Table, key: str, default: Raw, root: Path) -> str:
        return table.string(key, _text(default))


@dataclass(frozen=True, slots=True)
class Choice(Kind[E]):
    enum: type[E]

    def read(self, table: Table, key: str, default: Raw, root: Path) -> E:
        return table.choice(key, self.enum, self.enum(_text(default)))

    def parse(self, value: object, flag: str) -> E:
        return self.enum(_text(value))


@dataclass(frozen=True, slots=True)
class Choices(Kind[tuple[E, ...]]):
    """Several of an enumeration's values, each once, in the order given."""

    enum: type[E]
    multiple: ClassVar[bool] = True

    def read(self, table: Table, key: str, default: Raw, root: Path) -> tuple[E, ...]:
        return table.choices(key, self.enum, tuple(self.enum(v) for v in _texts(default)))

    def parse(self, value: object, flag: str) -> tuple[E, ...]:
        return tuple(dict.fromkeys(self.enum(item) for item in _texts(value)))


@dataclass(frozen=True, slots=True)
class Words(Kind[tuple[str, ...]]):
    """A list of strings (one string is a list of one)."""

    multiple: ClassVar[bool] = True

    def read(self, table: Table, key: str, default: Raw, root: Path) -> tuple[str, ...]:
        return table.strings(key, _texts(default))

    def parse(self, value: object, flag: str) -> tuple[str, ...]:
        return _texts(value)


@dataclass(frozen=True, slots=True)
class Folder(Kind[Path]):
    """A folder, relative to the file's folder in the file, to this folder on the command
    line; never empty."""

    def read(self, table: Table, key: str, default: Raw, root: Path) -> Path:
        return table.path(key, root, _text(default))


@dataclass(frozen=True, slots=True)
class OptionalPath(Kind[Path | None]):
    """A file or folder, or ``None`` when not set (the default then comes from elsewhere:
    the option's ``shown`` says where)."""

    folder: bool

    def read(self, table: Table, key: str, default: Raw, root: Path) -> Path | None:
        return table.optional_path(key, root)


@dataclass(frozen=True, slots=True)
class Paths(Kind[tuple[Path, ...]]):
    multiple: ClassVar[bool] = True

    def read(self, table: Table, key: str, default: Raw, root: Path) -> tuple[Path, ...]:
        return table.paths(key, root, _texts(default))

    def parse(self, value: object, flag: str) -> tuple[Path, ...]:
        assert isinstance(value, tuple)
        return tuple(Path(item) for item in value)


@dataclass(frozen=True, slots=True)
class Text(Kind[str]):
    """A line of text as written, spaces around it removed; ``required``: never empty.
    Unset, it is empty."""

    required: bool = False

    def read(self, table: Table, key: str, default: Raw, root: Path) -> str:
        if self.required:
            return table.required_string(key)
        return table.string(key, "").strip()


@dataclass(frozen=True, slots=True)
class OptionalText(Kind[str | None]):
    """Text that may be set to ``""`` on purpose; ``None`` only when the key is absent."""

    def read(self, table: Table, key: str, default: Raw, root: Path) -> str | None:
        return table.string(key, "").strip() if key in table.data else None


@dataclass(frozen=True, slots=True)
class WebAddress(Kind[str | None]):
    """An absolute ``http(s)://`` address without query or fragment; ``None`` when unset."""

    def read(self, table: Table, key: str, default: Raw, root: Path) -> str | None:
        return table.url(key)


@dataclass(frozen=True, slots=True)
class Locales(Kind[tuple[str, ...]]):
    """Locale codes, normalized (``zh-hans`` -> ``zh_Hans``), each once, in the order given."""

    def read(self, table: Table, key: str, default: Raw, root: Path) -> tuple[str, ...]:
        from carted_export.i18n.locales import normalize_locale

        found: list[str] = []
        for code in table.strings(key, _texts(default)):
            locale = normalize_locale(code)
            if locale is None:
                raise table.error(
                    key, f"{code!r} in {key} is not a language code such as es or zh_Hans"
                )
            if locale not in found:
                found.append(locale)
        return tuple(found)


#: A Dask scheduler's address: ``tcp://10.0.0.5:8786``, ``tls://host:8786`` or ``host:8786``.
_SCHEDULER_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?[^\s/]+:\d+")


@dataclass(frozen=True, slots=True)
class Address(Kind[str | None]):
    """A scheduler's address (``host:port``, with a scheme or not); ``None`` when unset."""

    def read(self, table: Table, key: str, default: Raw, root: Path) -> str | None:
        value = table.string(key, "").strip()
        problem = self.problem(value) if value else None
        if problem:
            raise table.error(key, f"{key} in {table.name} {problem}")
        return value or None

    def parse(self, value: object, flag: str) -> str | None:
        text = _text(value)
        problem = self.problem(text)
        if problem:
            raise UsageError(f"{flag} {problem}")
        return text

    @staticmethod
    def problem(value: str) -> str | None:
        if _SCHEDULER_ADDRESS.fullmatch(value):
            return None
        return f"must be an address like tcp://10.0.0.5:8786; got {value!r}"


@dataclass(frozen=True, slots=True)
class Option(Generic[T]):
    """One key of ``carted-export.toml`` and the flag that overrides it, if any.

    ``help`` may name ``{what}`` when commands sharing the flag say it differently (``--out``:
    "Folder for {what}."); ``shown`` is the default as ``--help`` says it, when that is not
    the default itself (``locales``: "each document's own language").
    """

    table: str
    key: str
    kind: Kind[T]
    default: Raw
    help: str
    flag: Flag | None = None
    shown: str | None = None

    @property
    def name(self) -> str:
        """``build.paper``: how ``--help`` and the documentation name the key."""
        return f"{self.table}.{self.key}"

    def read(self, table: Table, root: Path) -> T:
        """The value in ``table`` (the file's ``[<table>]``), checked; else the default."""
        return self.kind.read(table, self.key, self.default, root)

    @property
    def default_value(self) -> T:
        """The default as a value (paths relative to the current folder)."""
        return self.read(Table({}, (self.table,), Lines(""), None), Path())

    @property
    def dest(self) -> str:
        """The name of the flag's value among a command's parameters."""
        return (self.flag.dest if self.flag else None) or self.key

    def pick(self, flags: Mapping[str, object], fallback: T) -> T:
        """The flag's value if it was given (``flags`` is keyed by :attr:`dest`, as the
        CLI's parameters are; ``None`` or nothing: not given), else ``fallback``, the
        file's."""
        value = flags.get(self.dest)
        if value is None or value == ():
            return fallback
        return self.kind.parse(value, self.flag.names[0] if self.flag else self.key)

    def help_text(self, **words: str) -> str:
        """The flag's ``--help`` text: what it does, then the key and default it overrides."""
        shown = self.shown or self.kind.show(self.default)
        where = f"config: {self.name}" + (f"; default: {shown}" if shown else "")
        return f"{self.help.format(**words)}  [{where}]"


def _text(value: object) -> str:
    assert isinstance(value, str)
    return value


def _texts(value: object) -> tuple[str, ...]:
    assert isinstance(value, tuple) and all(isinstance(item, str) for item in value)
    return value
