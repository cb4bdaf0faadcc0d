"""What a build leaves behind besides the outputs: the manifest and the incremental cache."""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import NamedTuple

from carted_export import __version__
from carted_export.config import Format
from carted_export.files import atomic_write

CACHE_NAME = ".carted-export-cache.json"
MANIFEST_NAME = "manifest.json"
#: The leaflet in the patient's language and the source language: <slug>.bilingual.pdf.
BILINGUAL = "bilingual"
BILINGUAL_PDF = f"{BILINGUAL}.{Format.PDF.value}"
#: The leaflet on A5 (half-Letter) pages, tagged: the accessible twin of the booklet.
SMALL_PDF = f"small.{Format.PDF.value}"
#: The A5 leaflet imposed two-up on A4 (Letter) sheets to fold and staple: a print file.
BOOKLET_PDF = f"booklet.{Format.PDF.value}"
#: The audio leaflet, named by its container: <slug>.opus.
AUDIO_OPUS = "opus"


def output_names(
    formats: tuple[Format, ...], bilingual: bool, booklet: bool = False
) -> tuple[str, ...]:
    """The files of one (source, locale): ``pdf``, ``bilingual.pdf``, ``small.pdf``,
    ``booklet.pdf``, ``epub``, ``brf``, ``opus``, ``html`` (those asked for).

    Each name is ``<slug>.<name>`` on disk and has its own cache entry.  The web page comes
    last: it states the other files' sizes, so it is rendered (and keyed) after them; the
    audio comes before the EPUB, which carries it as a media overlay.
    """
    names = [fmt.value for fmt in formats if fmt not in (Format.HTML, Format.AUDIO)]
    if Format.AUDIO in formats:
        at = names.index(Format.EPUB.value) if Format.EPUB in formats else len(names)
        names.insert(at, AUDIO_OPUS)
    if bilingual and Format.PDF in formats:
        names.insert(names.index(Format.PDF.value) + 1, BILINGUAL_PDF)
    if booklet and Format.PDF in formats:
        at = names.index(BILINGUAL_PDF if BILINGUAL_PDF in names else Format.PDF.value) + 1
        names[at:at] = [SMALL_PDF, BOOKLET_PDF]  # the booklet is imposed from the small one
    if Format.HTML in formats:
        names.append(Format.HTML.value)
    return tuple(names)


def output_format(name: str) -> Format:
    """The format an output name is made in: ``bilingual.pdf`` -> pdf, ``opus`` -> audio."""
    extension = name.rpartition(".")[2]
    return Format.AUDIO if extension == AUDIO_OPUS else Format(extension)


@dataclass(frozen=True, slots=True)
class OutputRecord:
    """One manifest entry: one built file."""

    source: str
    slug: str
    title: str
    locale: str
    format: str
    path: str  # relative to the output folder, with forward slashes
    bytes: int
    sha256: str
    warnings: tuple[str, ...] = ()
    variant: str = ""  # "bilingual", "small", "booklet": <slug>.<variant>.pdf
    pages: int | None = None  # a PDF's page count (what a clinic prints); None otherwise
    seconds: float | None = None  # an audio file's playing time; None otherwise

    @property
    def name(self) -> str:
        """The output's name within its (source, locale): ``pdf``, ``bilingual.pdf``..."""
        return f"{self.variant}.{self.format}" if self.variant else self.format

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["warnings"] = list(self.warnings)
        if not self.variant:
            del data["variant"]
        if self.pages is None:
            del data["pages"]
        if self.seconds is None:
            del data["seconds"]
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> OutputRecord:
        warnings = data.get("warnings", [])
        return cls(
            source=str(data["source"]),
            slug=str(data["slug"]),
            title=str(data["title"]),
            locale=str(data["locale"]),
            format=str(data["format"]),
            path=str(data["path"]),
            bytes=int(str(data["bytes"])),
            sha256=str(data["sha256"]),
            warnings=tuple(str(w) for w in warnings) if isinstance(warnings, list) else (),
            variant=str(data.get("variant", "")),
            pages=int(str(data["pages"])) if data.get("pages") is not None else None,
            seconds=float(str(data["seconds"])) if data.get("seconds") is not None else None,
        )


def pdf_pages(data: bytes) -> int:
    """The number of pages of a PDF file (its page tree's count)."""
    import io

    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


@dataclass(slots=True)
class CacheEntry:
    key: str  # hash of everything the output depends on
    record: OutputRecord


class Identity(NamedTuple):
    """What planning needs to know of a source without parsing it."""

    slug: str
    title: str
    language: str
    image_sources: tuple[str, ...]  # every local image's ``src``: their bytes are in the keys


@dataclass(slots=True)
class BuildCache:
    """What the last build produced, keyed by (source, locale, format).

    ``slugs`` maps a source's content hash to its :data:`Identity` (slug, title, language
    and the local images it names), so an unchanged source is not even parsed on a no-op
    rebuild.  Both are valid only for the carted-export code that wrote them (``code``).
    """

    entries: dict[str, CacheEntry]
    slugs: dict[str, Identity]
    code: str = ""

    @staticmethod
    def entry_id(source: str, locale: str, fmt: str) -> str:
        return f"{source}\x1f{locale}\x1f{fmt}"

    @classmethod
    def load(cls, out_dir: Path, code: str) -> BuildCache:
        """The cache of the last build into ``out_dir`` by this ``code``, else an empty one."""
        try:
            raw = json.loads((out_dir / CACHE_NAME).read_text("utf-8"))
        except (OSError, ValueError):
            return cls({}, {}, code)
        if not isinstance(raw, dict) or (raw.get("version"), raw.get("code")) != (
            __version__,
            code,
        ):
            return cls({}, {}, code)
        try:
            entries = {
                name: CacheEntry(str(item["key"]), OutputRecord.from_json(item["record"]))
                for name, item in raw["entries"].items()
            }
            slugs = {
                h: Identity(str(v[0]), str(v[1]), str(v[2]), tuple(str(src) for src in v[3]))
                for h, v in raw["slugs"].items()
            }
        except (KeyError, IndexError, TypeError, ValueError):  # an older or damaged cache
            return cls({}, {}, code)
        return cls(entries, slugs, code)

    def save(self, out_dir: Path) -> None:
        data = {
            "version": __version__,
            "code": self.code,
            "entries": {
                name: {"key": entry.key, "record": entry.record.to_json()}
                for name, entry in sorted(self.entries.items())
            },
            "slugs": {
                h: [v.slug, v.title, v.language, list(v.image_sources)]
                for h, v in sorted(self.slugs.items())
            },
        }
        atomic_write(out_dir / CACHE_NAME, json.dumps(data, indent=1).encode("utf-8"))

    def is_fresh(self, out_dir: Path, entry_id: str, key: str) -> OutputRecord | None:
        """The cached record if its key matches and the file on disk is unchanged."""
        entry = self.entries.get(entry_id)
        if entry is None or entry.key != key:
            return None
        path = out_dir / entry.record.path
        try:
            if path.stat().st_size != entry.record.bytes:
                return None
        except OSError:
            return None
        return entry.record


def write_manifest(out_dir: Path, records: list[OutputRecord]) -> None:
    ordered = sorted(records, key=lambda r: (r.locale, r.slug, r.format, r.variant))
    payload = {
        "generator": f"carted-export {__version__}",
        "outputs": [record.to_json() for record in ordered],
    }
    text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    atomic_write(out_dir / MANIFEST_NAME, text.encode("utf-8"))


def remove_output(out_dir: Path, relative: str) -> None:
    """Delete a stale output (its source or locale is gone); never outside ``out_dir``."""
    target = (out_dir / relative).resolve()
    if out_dir.resolve() in target.parents:
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
