"""Frozen configuration objects: the project (``carted-export.toml``), one build's options,
and what a renderer needs.

:mod:`carted_export.config_file` reads and validates the file into a :class:`Project`; the
CLI merges its flags over it (flags win) into :class:`BuildOptions`; the pipeline derives a
:class:`RenderContext` per job.  Nothing below the CLI reads the file or the flags.
"""

from __future__ import annotations

import datetime as dt
import enum
import gettext
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from carted_export import __version__

if TYPE_CHECKING:
    from carted_export.sources.scrape_rules import ScrapeRules
from carted_export.glossary import GlossaryEntry

#: The installed package: built-in templates, CSS and UI catalogs ship inside it.
PACKAGE_DIR = Path(__file__).resolve().parent
BUILTIN_TEMPLATES = PACKAGE_DIR / "templates"
BUILTIN_LOCALES = PACKAGE_DIR / "locales"
CONFIG_NAME = "carted-export.toml"


def relative_display(path: str | Path, root: Path) -> str:
    """``path`` as a user and a published manifest should see it: relative to the project
    ``root`` (``seeds/a.md``, ``../shared/b.md``), never an absolute path of this machine.
    A file shipped inside carted-export is named from the package (``carted_export/...``)."""
    absolute = Path(path).absolute()
    if absolute.is_relative_to(PACKAGE_DIR):
        return (PACKAGE_DIR.name / absolute.relative_to(PACKAGE_DIR)).as_posix()
    return Path(os.path.relpath(absolute, root)).as_posix()


def default_image_cache() -> Path:
    """Where ``--allow-remote-images`` keeps what it downloaded (XDG cache folder)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "carted-export" / "images"


class Format(enum.StrEnum):
    PDF = "pdf"
    EPUB = "epub"
    HTML = "html"


class Paper(enum.StrEnum):
    A4 = "a4"
    LETTER = "letter"


class PrintSize(enum.StrEnum):
    STANDARD = "standard"
    LARGE = "large"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How sources are read: the size limit, and the rules that clean plain-text scrapes
    (``None``: the rules shipped with carted-export)."""

    max_bytes: int = 5 * 1024 * 1024
    scrape_rules: ScrapeRules | None = None


DEFAULT_READING = ReadOptions()


@dataclass(frozen=True, slots=True)
class BuildSettings:
    """The ``[build]`` table: what ``carted-export build`` does when given no flags."""

    sources: tuple[Path, ...]
    out: Path
    locales: tuple[str, ...] = ()  # empty: each document's own language; "all" allowed
    formats: tuple[Format, ...] = tuple(Format)
    paper: Paper = Paper.A4
    size: PrintSize = PrintSize.STANDARD
    jobs: int = 0  # 0: one worker per CPU core
    strict: bool = False
    allow_remote_images: bool = False
    image_cache: Path | None = None  # None: default_image_cache()
    max_source_size: int = 5  # megabytes
    scrape_rules: Path | None = None  # None: the shipped rules


@dataclass(frozen=True, slots=True)
class Project:
    """A carted-export project: the folder of its ``carted-export.toml`` and its settings.

    Every path is absolute, resolved against ``root``.  Without a config file the current
    folder is the root and every setting has its default.
    """

    root: Path
    config_path: Path | None
    build: BuildSettings
    locales_dir: Path
    templates_dir: Path

    def display(self, path: str | Path) -> str:
        return relative_display(path, self.root)


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """Everything one ``carted-export build`` needs, already validated."""

    sources: tuple[Path, ...]
    out_dir: Path
    project_root: Path = field(default_factory=Path.cwd)  # paths in outputs are relative to it
    locales: tuple[str, ...] = ()  # empty: each document's source language
    formats: tuple[Format, ...] = (Format.PDF, Format.EPUB, Format.HTML)
    paper: Paper = Paper.A4
    size: PrintSize = PrintSize.STANDARD
    jobs: int = 1
    strict: bool = False
    fail_fast: bool = False
    force: bool = False
    allow_remote: bool = False
    image_cache: Path = field(default_factory=default_image_cache)
    reading: ReadOptions = field(default_factory=ReadOptions)
    templates_dir: Path | None = None  # the project's overrides of the built-in templates
    locales_dir: Path = Path("locales")
    export_date: dt.date = field(default_factory=dt.date.today)

    def display(self, path: str | Path) -> str:
        return relative_display(path, self.project_root)


@dataclass(frozen=True, slots=True)
class RenderContext:
    """What a renderer needs besides the document: locale, print options, UI strings."""

    locale: str  # catalog locale, e.g. "zh_Hans"
    lang_tag: str  # BCP 47 tag for lang attributes, e.g. "zh-Hans"
    direction: str  # "ltr" | "rtl", from CLDR via Babel
    slug: str
    ui: gettext.NullTranslations
    #: The project's template overrides (name, text); the rest are the built-in templates.
    templates: tuple[tuple[str, str], ...] = ()
    paper: Paper = Paper.A4
    size: PrintSize = PrintSize.STANDARD
    export_date: dt.date = field(default_factory=dt.date.today)
    version: str = __version__
    glossary: tuple[GlossaryEntry, ...] = ()  # definitions for the "Words to know" box
