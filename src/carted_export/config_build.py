"""The options of ``carted-export build``: the declarations of ``[build]`` and ``[project]``
(and ``[leaflet] booklet``, which has a flag), and :class:`BuildOptions`, one build's options
with the flags over the file (:meth:`BuildOptions.from_project`).

To add an option: declare it here (key, kind, default, help, flag), give it a field in
:class:`~carted_export.config.BuildSettings` and, if a build uses it, in :class:`BuildOptions`
and :meth:`BuildOptions.from_project`, and a row in ``docs/configuration.md``.  The file
reader, the flag and its ``--help`` text follow from the declaration (a test holds the
documentation and ``--help`` to it).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from carted_export.config import (
    BuildSettings,
    ExecutorKind,
    Format,
    Leaflet,
    Paper,
    PrintSize,
    Project,
    default_image_cache,
    relative_display,
)
from carted_export.config_options import (
    Address,
    Choice,
    Choices,
    Flag,
    Folder,
    Option,
    OptionalPath,
    Paths,
    Switch,
    Whole,
    Words,
)
from carted_export.config_toml import Table
from carted_export.errors import UsageError
from carted_export.sources.options import MAX_SOURCE_MEGABYTES, MEGABYTE, ReadOptions

# [build], in the order the file is read (the first mistake found is the one reported).
SOURCES = Option("build", "sources", Paths(), ("sources",), "Files and folders to build.")
OUT = Option(
    "build", "out", Folder(), "build", "Folder for {what}.", Flag(("--out",), dest="out_dir")
)
LOCALES = Option(
    "build",
    "locales",
    Words(),
    (),
    "Language to {what} (repeatable), e.g. es, ar, zh_Hans; 'all' for every locale in locales/.",
    Flag(("--locale",), metavar="CODE"),
    shown="each document's own language",
)
FORMATS = Option(
    "build",
    "formats",
    Choices(Format),
    ("pdf", "epub", "html"),  # the leaflet, the ebook and the web page; the others on request
    "Output format (repeatable): pdf, epub, html, and on request brf (braille) and "
    "audio (read aloud, .opus).",
    Flag(("--format",)),
)
PAPER = Option("build", "paper", Choice(Paper), "a4", "Paper size of the PDF.", Flag(("--paper",)))
SIZE = Option(
    "build",
    "size",
    Choice(PrintSize),
    "standard",
    "Print size: standard (12 pt body) or large (18 pt, APH large print).",
    Flag(("--size",)),
)
JOBS = Option(
    "build",
    "jobs",
    Whole(minimum=0),
    0,
    "Worker processes; 0 = one per CPU core.",
    Flag(("--jobs", "-j")),
)
EXECUTOR = Option(
    "build",
    "executor",
    Choice(ExecutorKind),
    "local",
    "Where jobs run: a process pool here, or a Dask cluster (pip install 'carted-export[dask]').",
    Flag(("--executor",)),
)
SCHEDULER = Option(
    "build",
    "scheduler",
    Address(),
    None,  # a LocalCluster of `jobs` workers
    "With --executor dask: the Dask scheduler, e.g. tcp://10.0.0.5:8786; without it, "
    "a LocalCluster of --jobs workers.",
    Flag(("--scheduler",), metavar="ADDRESS"),
)
STRICT = Option(
    "build",
    "strict",
    Switch(),
    False,
    "Treat warnings (missing image, unknown license...) as failures.",
    Flag(("--strict",)),
)
REQUIRE_REVIEW = Option(
    "build",
    "require_review",
    Switch(),
    False,
    "A final build: use only translations a qualified person has reviewed "
    "(`i18n review`); the others show the source text and a draft notice.",
    Flag(("--require-review",), off="--no-require-review"),
)
ALLOW_REMOTE_IMAGES = Option(
    "build",
    "allow_remote_images",
    Switch(),
    False,
    "Download remote images (timeout, size cap, cache); without it, no network.",
    Flag(("--allow-remote-images",), dest="allow_remote"),
)
IMAGE_CACHE = Option(
    "build",
    "image_cache",
    OptionalPath(folder=True),
    None,  # default_image_cache()
    "Where downloaded remote images are kept.",
    Flag(("--image-cache",), metavar="DIR"),
    shown="~/.cache/carted-export/images",
)
MAX_SOURCE_SIZE = Option(
    "build",
    "max_source_size",
    Whole(minimum=1),
    MAX_SOURCE_MEGABYTES,
    "Refuse source files larger than this.",
    Flag(("--max-source-size",), metavar="MB"),
)
SCRAPE_RULES = Option(
    "build",
    "scrape_rules",
    OptionalPath(folder=False),
    None,
    "A TOML rules file for plain-text scrapes.",
    shown="the rules shipped with carted-export",
)
#: What :class:`~carted_export.config.BuildSettings` holds, one field per key.
BUILD: tuple[Option[Any], ...] = (
    SOURCES,
    OUT,
    LOCALES,
    FORMATS,
    PAPER,
    SIZE,
    JOBS,
    EXECUTOR,
    SCHEDULER,
    STRICT,
    REQUIRE_REVIEW,
    ALLOW_REMOTE_IMAGES,
    IMAGE_CACHE,
    MAX_SOURCE_SIZE,
    SCRAPE_RULES,
)
#: ``[build] bilingual`` shapes the leaflet: read with ``[leaflet]`` (config_leaflet.py).
BILINGUAL = Option(
    "build", "bilingual", Switch(), False, "Also write <locale>/<slug>.bilingual.pdf."
)

# [project]
LOCALES_DIR = Option(
    "project", "locales_dir", Folder(), "locales", "Translation catalogs.", Flag(("--locales-dir",))
)
TEMPLATES_DIR = Option("project", "templates_dir", Folder(), "templates", "Template overrides.")

# [leaflet] keys with a flag (the others are read in config_leaflet.py)
BOOKLET = Option(
    "leaflet",
    "booklet",
    Switch(),
    False,
    "Also write <locale>/<slug>.booklet.pdf, the leaflet on A5 (half Letter) pages "
    "imposed two-up on A4 (Letter) sheets to fold and staple (print it double-sided, "
    "flipped on the short edge), and <slug>.small.pdf, the same A5 leaflet tagged for "
    "screen readers.",
    Flag(("--booklet",), off="--no-booklet"),
)

#: Every declared option (the documentation has a row for each, with the same default).
DECLARED: tuple[Option[Any], ...] = (*BUILD, BILINGUAL, LOCALES_DIR, TEMPLATES_DIR, BOOKLET)


def build_settings(table: Table, root: Path) -> BuildSettings:
    """``[build]`` read and checked, key by key in :data:`BUILD`'s order."""
    values: dict[str, Any] = {option.key: option.read(table, root) for option in BUILD}
    return BuildSettings(**values)


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """Everything one ``carted-export build`` needs, already validated: the flags over the
    project's settings (:meth:`from_project`).  Defaults are the declared ones."""

    sources: tuple[Path, ...]
    out_dir: Path
    project_root: Path = field(default_factory=Path.cwd)  # paths in outputs are relative to it
    locales: tuple[str, ...] = LOCALES.default_value  # empty: each document's own language
    formats: tuple[Format, ...] = FORMATS.default_value
    paper: Paper = PAPER.default_value
    size: PrintSize = SIZE.default_value
    jobs: int = JOBS.default_value  # 0: one worker per CPU core (see workers)
    executor: ExecutorKind = EXECUTOR.default_value
    scheduler: str | None = SCHEDULER.default_value  # with Dask: the cluster; None: LocalCluster
    strict: bool = STRICT.default_value
    require_review: bool = REQUIRE_REVIEW.default_value  # only reviewed translations are used
    fail_fast: bool = False
    force: bool = False
    allow_remote: bool = ALLOW_REMOTE_IMAGES.default_value
    image_cache: Path = field(default_factory=default_image_cache)
    reading: ReadOptions = field(default_factory=ReadOptions)
    templates_dir: Path | None = None  # the project's overrides of the built-in templates
    locales_dir: Path = LOCALES_DIR.default_value
    export_date: dt.date = field(default_factory=dt.date.today)
    leaflet: Leaflet = field(default_factory=Leaflet)

    @property
    def workers(self) -> int:
        """How many jobs run at once: ``jobs``, or one per CPU core for 0."""
        return self.jobs or os.cpu_count() or 1

    def display(self, path: str | Path) -> str:
        return relative_display(path, self.project_root)

    @classmethod
    def from_project(
        cls,
        project: Project,
        flags: Mapping[str, object],
        *,
        fail_fast: bool = False,
        force: bool = False,
        export_date: dt.date | None = None,
    ) -> BuildOptions:
        """The options of a build of ``project``: each flag given in ``flags`` (keyed by its
        option's :attr:`~Option.dest`, as the CLI names its parameters; ``None`` or empty:
        not given) over the project's setting, the file's value or the declared default."""
        from carted_export.i18n.locales import resolve_locales

        unknown = set(flags) - {option.dest for option in DECLARED}
        if unknown:
            raise TypeError(f"not flags of declared options: {', '.join(sorted(unknown))}")
        settings = project.build
        executor = EXECUTOR.pick(flags, settings.executor)
        scheduler = _scheduler(flags, executor, settings.scheduler)
        locales_dir = LOCALES_DIR.pick(flags, project.locales_dir)
        return cls(
            sources=existing_sources(SOURCES.pick(flags, ()), project),
            out_dir=OUT.pick(flags, settings.out),
            project_root=project.root,
            locales=resolve_locales(LOCALES.pick(flags, settings.locales), locales_dir),
            formats=FORMATS.pick(flags, settings.formats),
            paper=PAPER.pick(flags, settings.paper),
            size=SIZE.pick(flags, settings.size),
            jobs=JOBS.pick(flags, settings.jobs),
            executor=executor,
            scheduler=scheduler,
            strict=STRICT.pick(flags, settings.strict),
            require_review=REQUIRE_REVIEW.pick(flags, settings.require_review),
            fail_fast=fail_fast,
            force=force,
            allow_remote=ALLOW_REMOTE_IMAGES.pick(flags, settings.allow_remote_images),
            image_cache=IMAGE_CACHE.pick(flags, settings.image_cache) or default_image_cache(),
            reading=read_options(project, MAX_SOURCE_SIZE.pick(flags, settings.max_source_size)),
            templates_dir=project.templates_dir,
            locales_dir=locales_dir,
            export_date=export_date or dt.date.today(),
            leaflet=replace(project.leaflet, booklet=BOOKLET.pick(flags, project.leaflet.booklet)),
        )


def _scheduler(
    flags: Mapping[str, object], executor: ExecutorKind, configured: str | None
) -> str | None:
    """The Dask scheduler's address (None: a LocalCluster, or not Dask at all).  The file's
    address is ignored by the local executor; the flag without Dask is a mistake."""
    if flags.get(SCHEDULER.dest) is not None and executor is not ExecutorKind.DASK:
        raise UsageError('--scheduler needs --executor dask (or executor = "dask" in [build])')
    address = SCHEDULER.pick(flags, configured)
    return address if executor is ExecutorKind.DASK else None


def read_options(project: Project, max_source_size: int | None = None) -> ReadOptions:
    """How the project's sources are read: the size limit (``max_source_size`` megabytes,
    else the setting) and its scrape rules, loaded once here so a broken rules file is a
    usage error naming it."""
    from carted_export.sources.scrape_rules import load_rules

    path = project.build.scrape_rules
    rules = None
    if path is not None:
        try:
            rules = load_rules(path)
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            message = f"cannot use these scrape rules: {reason}"
            raise UsageError(message, project.display(path)) from None
    megabytes = max_source_size or project.build.max_source_size
    return ReadOptions(max_bytes=megabytes * MEGABYTE, scrape_rules=rules)


def existing_sources(paths: tuple[Path, ...], project: Project) -> tuple[Path, ...]:
    """The sources to read: given ones, else the project's; a missing folder is a usage
    error that says where it was looked for."""
    if paths:
        return paths
    missing = [path for path in project.build.sources if not path.exists()]
    if missing:
        where = project.display(missing[0])
        hint = (
            "set [build] sources in carted-export.toml"
            if project.config_path
            else "no carted-export.toml found; run `carted-export init` or pass files or folders"
        )
        raise UsageError(f"source folder {where} does not exist; {hint}")
    return project.build.sources
