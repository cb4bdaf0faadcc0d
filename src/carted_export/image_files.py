"""Where a figure's local image file is: inside the allowed folders only, symlinks resolved.

The image transform reads the file it finds; the build's cache keys hash the same file.
Kept free of heavy imports, so that planning a no-op rebuild stays cheap.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit


def is_remote(src: str) -> bool:
    return urlsplit(src).scheme.lower() in ("http", "https") or src.startswith("//")


def is_local(src: str) -> bool:
    """True for a relative or root-relative path (not a URL, not ``data:``, not blank)."""
    return bool(src.strip()) and not urlsplit(src).scheme and not is_remote(src)


class ImageLocator:
    """Finds local image files within the allowed folders; says why it could not."""

    def __init__(self, source_path: str | Path, roots: tuple[Path, ...]) -> None:
        self.source_dir = Path(source_path).parent
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


def locate_image(src: str, source_path: Path, roots: tuple[Path, ...]) -> Path | None:
    """The local file a figure's ``src`` resolves to, as the image transform reads it."""
    return ImageLocator(source_path, roots).locate(src)[0]
