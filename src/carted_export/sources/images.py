"""The local image files a source's figures name: found inside the allowed folders only
(symlinks resolved), read within a size limit.

Reading them is part of reading the source: the build reads each local image once, hashes
its bytes into the cache keys and hands the bytes to the job, so a worker (another process,
or another machine) never reads the project's disk.  Kept free of heavy imports, so that
planning a no-op rebuild stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

MAX_IMAGE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class LocalImage:
    """One local image a figure names: its bytes, or why there are none."""

    src: str  # as the figure names it
    data: bytes | None
    problem: str = ""


def is_remote(src: str) -> bool:
    return urlsplit(src).scheme.lower() in ("http", "https") or src.startswith("//")


def is_local(src: str) -> bool:
    """True for a relative or root-relative path (not a URL, not ``data:``, not blank)."""
    return bool(src.strip()) and not urlsplit(src).scheme and not is_remote(src)


class ImageLocator:
    """Finds local image files within the allowed folders; says why it could not."""

    def __init__(self, source_path: Path, roots: tuple[Path, ...]) -> None:
        self.source_dir = source_path.parent
        self.roots = tuple(root.resolve() for root in roots)

    def candidates(self, src: str) -> list[Path]:
        rel = unquote(urlsplit(src).path).lstrip("/")
        if not rel:
            return []
        name = Path(rel).name
        paths = [self.source_dir / rel]
        for root in self.roots:
            paths += [root / rel, root / "assets" / rel, root / name, root / "assets" / name]
        return paths

    def locate(self, src: str) -> tuple[Path | None, str]:
        """The file ``src`` names inside the allowed folders, or why there is none."""
        refused = False
        for candidate in self.candidates(src):
            resolved = candidate.resolve()
            if not any(resolved.is_relative_to(root) for root in self.roots):
                refused = refused or candidate.exists()
                continue
            if resolved.is_file():
                return resolved, ""
        if refused:
            return None, f"image {src!r} is outside the source folder; refused"
        return None, f"image {src!r} not found next to the source or in assets/"

    def read(self, src: str) -> LocalImage:
        path, problem = self.locate(src)
        if path is None:
            return LocalImage(src, None, problem)
        try:
            if path.stat().st_size > MAX_IMAGE_BYTES:
                return LocalImage(
                    src, None, f"image {src!r} is larger than {MAX_IMAGE_BYTES:,} bytes"
                )
            return LocalImage(src, path.read_bytes())
        except OSError as error:
            return LocalImage(src, None, f"image {src!r} cannot be read ({error.strerror})")


def read_local_images(
    source_path: Path, roots: tuple[Path, ...], sources: tuple[str, ...]
) -> tuple[LocalImage, ...]:
    """Every local image ``sources`` name, read from next to the source or ``roots``."""
    locator = ImageLocator(source_path, roots)
    return tuple(locator.read(src) for src in sources)
