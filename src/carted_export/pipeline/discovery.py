"""Finding the source files of a build: files and folders, safely."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from carted_export.config import relative_display
from carted_export.errors import SourceError
from carted_export.sources.sidecar import read_sidecar

#: File name endings picked up when walking a folder; the kind is still detected from content.
SOURCE_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text", ".docx", ".html", ".htm"})


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path  # absolute, symlinks resolved
    display: str  # as the user should see it: relative to the project, never absolute
    root: Path  # the folder local images may be read from
    digest: str  # sha256 of the file's bytes, and of its sidecar's if it has one
    sidecar: bytes | None = None  # the ``<name>.yaml`` beside it (sources/sidecar.py)

    def read(self, max_bytes: int) -> bytes:
        """The file's first ``max_bytes + 1`` bytes (enough to tell it is too big), as they
        were when it was found: :class:`SourceError` if the file changed since, so an
        output never mixes two versions of a source."""
        try:
            with self.path.open("rb") as handle:
                data = handle.read(max_bytes + 1)
        except OSError as error:
            raise SourceError(f"cannot read file ({error.strerror})", self.display) from None
        if _identity(data, self.sidecar) != self.digest:
            raise SourceError("the file changed during the build; build again", self.display)
        return data


def discover_sources(
    paths: tuple[Path, ...], max_bytes: int, project_root: Path
) -> tuple[list[SourceFile], list[str]]:
    """Expand files and folders (recursively) into sources, in a stable order.

    Returns the sources and the messages for files that were refused (a symlink that
    leaves its folder).  Oversized files are left for the reader to report.
    """
    sources: list[SourceFile] = []
    failures: list[str] = []
    seen: set[Path] = set()
    for given in paths:
        root = given if given.is_dir() else given.parent
        root = root.resolve()
        candidates = _walk(given) if given.is_dir() else [given]
        for candidate in candidates:
            shown = relative_display(candidate, project_root)
            resolved = candidate.resolve()
            if given.is_dir() and root not in resolved.parents:
                failures.append(
                    f"{shown}:1: symlink points outside the source folder ({resolved}); skipped"
                )
                continue
            if resolved in seen:
                continue
            seen.add(resolved)
            sidecar = read_sidecar(resolved)
            digest = _digest(resolved, max_bytes, sidecar)
            sources.append(SourceFile(resolved, shown, root, digest, sidecar))
    return sources, failures


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith(".") or path.suffix.lower() not in SOURCE_SUFFIXES:
                continue
            found.append(path)
    return found


def _digest(path: Path, max_bytes: int, sidecar: bytes | None) -> str:
    try:
        with path.open("rb") as handle:
            return _identity(handle.read(max_bytes + 1), sidecar)
    except OSError as error:
        return _identity(repr(error).encode(), sidecar)


def _identity(data: bytes, sidecar: bytes | None) -> str:
    """The hash of a source's bytes; with a sidecar, of both (a changed sidecar rebuilds)."""
    digest = hashlib.sha256(data)
    if sidecar is not None:
        digest.update(b"\0sidecar\0" + sidecar)
    return digest.hexdigest()
