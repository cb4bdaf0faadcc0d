"""What the preview watches, and the saves it reports.

Folders (the sources, the catalogs, the template overrides) are watched with watchfiles
(inotify and its kin: no polling).  Single files, the config and the scrape rules above
all, are compared by their modification time and size every half second instead: an
editor that saves by writing a new file and renaming it over the old one would leave a
watch on the old file behind.  A watched folder that appears later (``templates/`` made
after ``serve`` started) is picked up at the next tick.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

from carted_export.config_build import BuildOptions

TICK_MS = 500


@dataclass(frozen=True, slots=True)
class Saved:
    """One batch of saves: the paths, and whether a project file (config, rules) is one."""

    paths: tuple[Path, ...]
    project_file: bool


@dataclass(frozen=True, slots=True)
class Targets:
    folders: tuple[Path, ...]
    files: tuple[Path, ...]  # compared by mtime and size: single sources, then project files
    project_files: tuple[Path, ...]  # the config, the scrape rules: a save reloads the project
    out_dir: Path

    @classmethod
    def of(cls, options: BuildOptions, project_files: tuple[Path, ...]) -> Targets:
        """The build's inputs: source folders, catalogs, templates; source files and the
        project's files (``project_files``) one by one."""
        sources = [path.absolute() for path in options.sources]
        folders = [path for path in sources if path.is_dir()]
        folders.append(options.locales_dir.absolute())
        if options.templates_dir is not None:
            folders.append(options.templates_dir.absolute())
        project = tuple(path.absolute() for path in project_files)
        files = [path for path in sources if not path.is_dir()]
        return cls(
            tuple(dict.fromkeys(folders)),
            tuple(dict.fromkeys([*files, *project])),
            project,
            options.out_dir,
        )

    def existing_folders(self) -> tuple[Path, ...]:
        return tuple(folder for folder in self.folders if folder.is_dir())

    def describe(self, root: Path) -> str:
        """``sources/, locales/, templates/ (not there yet), carted-export.toml``."""

        def shown(path: Path, folder: bool) -> str:
            try:
                name = path.relative_to(root).as_posix()
            except ValueError:
                name = str(path)
            if folder:
                name += "/" if path.is_dir() else "/ (not there yet)"
            return name

        parts = [shown(f, True) for f in self.folders] + [shown(f, False) for f in self.files]
        return ", ".join(parts)

    def saves(self) -> Iterator[Saved]:
        """Each batch of saves, until a watched folder appears or goes (then it returns, and
        the caller watches anew); the first batch once the watch is running, even empty.
        Ctrl-C raises ``KeyboardInterrupt``."""
        folders = self.existing_folders()
        stamps = _stamps(self.files)
        ignore = DefaultFilter(ignore_paths=[self.out_dir.absolute()])
        batches: Iterator[set[tuple[Change, str]]]
        if folders:
            batches = watch(
                *folders,
                watch_filter=ignore,
                rust_timeout=TICK_MS,
                yield_on_timeout=True,
                debounce=TICK_MS,
            )
        else:  # nothing to watch but single files: tick on our own
            batches = _ticks()
        caught_up = False
        for batch in batches:
            now = _stamps(self.files)
            changed_files = tuple(path for path in self.files if now[path] != stamps[path])
            stamps = now
            paths = tuple(sorted({Path(path) for _, path in batch})) + changed_files
            # The first batch is reported even empty: the watch has begun, and the rebuild
            # it triggers catches a save made before (during the first build); with nothing
            # saved, the incremental cache makes that rebuild a no-op.
            if paths or not caught_up:
                yield Saved(paths, any(path in self.project_files for path in changed_files))
            caught_up = True
            if self.existing_folders() != folders:
                return


def _stamps(files: tuple[Path, ...]) -> dict[Path, tuple[int, int] | None]:
    stamps: dict[Path, tuple[int, int] | None] = {}
    for path in files:
        try:
            info = path.stat()
        except OSError:
            stamps[path] = None
        else:
            stamps[path] = (info.st_mtime_ns, info.st_size)
    return stamps


def _ticks() -> Iterator[set[tuple[Change, str]]]:
    import time

    while True:
        time.sleep(TICK_MS / 1000)
        yield set()
