"""Frozen configuration objects: the project (``carted-export.toml``) and what a renderer
needs.

:mod:`carted_export.config_file` reads and validates the file into a :class:`Project`; the
CLI puts its flags over it (flags win) into
:class:`~carted_export.config_build.BuildOptions`; the pipeline derives a
:class:`RenderContext` per job.  Nothing below the CLI reads the file or the flags.
"""

from __future__ import annotations

import datetime as dt
import enum
import gettext
import os
from dataclasses import dataclass, field
from pathlib import Path

from carted_export import __version__
from carted_export.document import ImageData, Text
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
    try:
        return Path(os.path.relpath(absolute, root)).as_posix()
    except ValueError:  # another drive (Windows): no relative path exists
        return absolute.as_posix()


def default_image_cache() -> Path:
    """Where ``--allow-remote-images`` keeps what it downloaded (XDG cache folder)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "carted-export" / "images"


class Format(enum.StrEnum):
    PDF = "pdf"
    EPUB = "epub"
    HTML = "html"
    BRF = "brf"  # Braille Ready Format, on request (liblouis)
    AUDIO = "audio"  # the leaflet read aloud, <slug>.opus, on request (espeak-ng, opusenc)


class Paper(enum.StrEnum):
    A4 = "a4"
    LETTER = "letter"


class PrintSize(enum.StrEnum):
    STANDARD = "standard"
    LARGE = "large"


class ExecutorKind(enum.StrEnum):
    """Where jobs run: this machine's process pool, or a Dask distributed cluster."""

    LOCAL = "local"
    DASK = "dask"


@dataclass(frozen=True, slots=True)
class BuildSettings:
    """The ``[build]`` table: what ``carted-export build`` does when given no flags.

    One field per declared key, read by :func:`carted_export.config_build.build_settings`;
    the defaults, types and checks are the declarations' (``config_build.py``).
    """

    sources: tuple[Path, ...]
    out: Path
    locales: tuple[str, ...]  # empty: each document's own language; "all" allowed
    formats: tuple[Format, ...]
    paper: Paper
    size: PrintSize
    jobs: int  # 0: one worker per CPU core
    executor: ExecutorKind
    scheduler: str | None  # a Dask scheduler's address; None: a LocalCluster
    strict: bool
    require_review: bool  # unreviewed translations shown as drafts in English
    allow_remote_images: bool
    image_cache: Path | None  # None: default_image_cache()
    max_source_size: int  # megabytes
    scrape_rules: Path | None  # None: the shipped rules


@dataclass(frozen=True, slots=True)
class Clinic:
    """The ``[clinic]`` table: who hands the leaflet out and how to reach them.

    Names, numbers and addresses are shown as written; the labels are translated.  The logo
    was read and sanitized when the config was loaded, so jobs carry it as data.
    """

    name: str
    phone: str
    address: str = ""
    website: str | None = None
    hours: str = ""
    logo: ImageData | None = None
    logo_alt: str = ""
    #: The notice that free language help and other formats are available (Section 1557):
    #: ``None`` the built-in, translated notice; ``""`` none; else the clinic's own text, in
    #: English, translated through the interface catalogs; ``%(phone)s`` is the phone.
    language_help: str | None = None
    #: More languages the notice is printed in, on the last page (each marked with its own).
    notice_languages: tuple[str, ...] = ()

    @property
    def tel(self) -> str:
        """The phone number as a ``tel:`` link (digits and a leading +)."""
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+")


@dataclass(frozen=True, slots=True)
class BrailleLayout:
    """The braille page (``[braille]``): cells per line and lines per page of the embosser
    or display; 40 by 25 is the common embosser page (11 by 11.5 inches)."""

    cells: int = 40
    lines: int = 25


@dataclass(frozen=True, slots=True)
class AudioSettings:
    """The audio leaflet (``[audio]``): espeak-ng's speaking rate in words per minute
    (its default is 175; a little slower is easier to follow)."""

    rate: int = 160


@dataclass(frozen=True, slots=True)
class Leaflet:
    """What every output carries besides the article: the clinic block, the way back online
    (``[publish] base_url``), the bilingual PDF and the optional last-page sections."""

    clinic: Clinic | None = None
    base_url: str | None = None  # where build/ is published; always ends with "/"
    bilingual: bool = False  # also <locale>/<slug>.bilingual.pdf
    questions: tuple[str, ...] = ()  # "Questions to ask your care team"
    questions_language: str = "en"  # the language the questions are written in
    notes: bool = False  # "My notes": writing lines, in print only
    duplex: bool = True  # pad each PDF leaflet to an even number of pages
    booklet: bool = False  # also <locale>/<slug>.booklet.pdf, A5 imposed on A4 (print file)
    braille: BrailleLayout = field(default_factory=BrailleLayout)  # <slug>.brf pages
    audio: AudioSettings = field(default_factory=AudioSettings)  # <slug>.opus speech

    def online_url(self, locale: str, slug: str) -> str | None:
        """The published web page of (``slug``, ``locale``), if the build is published."""
        return f"{self.base_url}{locale}/{slug}.html" if self.base_url else None


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
    leaflet: Leaflet = field(default_factory=Leaflet)

    def display(self, path: str | Path) -> str:
        return relative_display(path, self.root)


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
    leaflet: Leaflet = field(default_factory=Leaflet)
    #: The other outputs of this article in this locale, (name, bytes): ("pdf", 81234).
    downloads: tuple[tuple[str, int], ...] = ()
    #: The playing time of the audio among ``downloads``, (name, seconds): ("opus", 612.3).
    durations: tuple[tuple[str, float], ...] = ()
    #: Every locale this article is built in (this one included), for the language links.
    languages: tuple[str, ...] = ()
    #: The language-help notice in ``[clinic] notice_languages``, translated when planned.
    notices: tuple[Text, ...] = ()
