"""Frozen configuration objects built by the CLI and read by the pipeline and renderers."""

from __future__ import annotations

import datetime as dt
import enum
import gettext
import os
from dataclasses import dataclass, field
from pathlib import Path

from carted_export import __version__
from carted_export.glossary import GlossaryEntry

#: The installed package: built-in templates, CSS and UI catalogs ship inside it.
PACKAGE_DIR = Path(__file__).resolve().parent
BUILTIN_TEMPLATES = PACKAGE_DIR / "templates"
BUILTIN_LOCALES = PACKAGE_DIR / "locales"


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
class BuildOptions:
    """Everything one ``carted-export build`` needs, already validated."""

    sources: tuple[Path, ...]
    out_dir: Path
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
    max_source_bytes: int = 5 * 1024 * 1024
    templates_dir: Path = BUILTIN_TEMPLATES
    locales_dir: Path = Path("locales")
    export_date: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True, slots=True)
class RenderContext:
    """What a renderer needs besides the document: locale, print options, UI strings."""

    locale: str  # catalog locale, e.g. "zh_Hans"
    lang_tag: str  # BCP 47 tag for lang attributes, e.g. "zh-Hans"
    direction: str  # "ltr" | "rtl", from CLDR via Babel
    slug: str
    source_root: Path  # the only folder a renderer may read local files from
    templates_dir: Path
    ui: gettext.NullTranslations
    paper: Paper = Paper.A4
    size: PrintSize = PrintSize.STANDARD
    export_date: dt.date = field(default_factory=dt.date.today)
    version: str = __version__
    glossary: tuple[GlossaryEntry, ...] = ()  # definitions for the "Words to know" box
