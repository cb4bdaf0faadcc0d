"""What an output depends on, hashed: the keys of the incremental build cache.

An output is rebuilt when its key changes, that is when any of these change: the source's
bytes, the local image files its figures name, its locale's UI and content catalogs, the
package's code, the templates and CSS, the options that change its bytes, or the
carted-export version.  ``--force`` ignores the keys.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from carted_export import __version__
from carted_export.config import BuildOptions, Format
from carted_export.discovery import SourceFile
from carted_export.image_files import locate_image
from carted_export.outputs import sha256_hex

#: Options that change a format's bytes; the rest (jobs, strict...) do not.
_FORMAT_OPTIONS: dict[Format, tuple[str, ...]] = {
    Format.PDF: ("paper", "size"),
    Format.EPUB: (),
    Format.HTML: (),
}


@dataclass(frozen=True, slots=True)
class Digests:
    """Hashes of what outputs depend on, computed once per build."""

    options: BuildOptions
    code: str
    templates: str

    @classmethod
    def collect(cls, options: BuildOptions) -> Digests:
        package = Path(__file__).parent
        templates = sorted(p for p in options.templates_dir.rglob("*") if p.is_file())
        return cls(options, hash_files(sorted(package.rglob("*.py"))), hash_files(templates))

    def catalogs(self, locale: str, slug: str) -> str:
        from carted_export.glossary import glossary_path

        messages = self.options.locales_dir / locale / "LC_MESSAGES"
        return hash_files(
            [
                messages / "carted_export.po",
                messages / "content" / f"{slug}.po",
                glossary_path(self.options.locales_dir),
            ]
        )

    @staticmethod
    def images(source: SourceFile, image_sources: tuple[str, ...]) -> str:
        """Hash of the local image files the source's figures name, missing ones included."""
        digest = hashlib.sha256()
        for src in image_sources:
            path = locate_image(src, source.path, (source.root,))
            digest.update(src.encode() + b"\0")
            digest.update(hash_files([path]).encode() if path else b"<missing>")
        return digest.hexdigest()

    def output_keys(
        self, source: SourceFile, slug: str, locale: str, images: str
    ) -> dict[Format, str]:
        """The key of each requested format of (source, locale); ``images`` is
        :meth:`images` of the source."""
        options = self.options
        common = {
            "version": __version__,
            "code": self.code,
            "templates": self.templates,
            "catalogs": self.catalogs(locale, slug),
            "source": source.digest,
            "images": images,
            "slug": slug,
            "locale": locale,
            "export_date": options.export_date.isoformat(),
            "allow_remote": options.allow_remote,
            "strict": options.strict,
        }
        keys = {}
        for fmt in options.formats:
            shaping = {name: str(getattr(options, name)) for name in _FORMAT_OPTIONS[fmt]}
            parts = {**common, "format": fmt.value, **shaping}
            keys[fmt] = sha256_hex(json.dumps(parts, sort_keys=True).encode())
        return keys


def hash_files(paths: Iterable[Path]) -> str:
    """One hash of the paths and their bytes (a missing file counts as such)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()
