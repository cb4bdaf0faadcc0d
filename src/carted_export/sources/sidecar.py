"""The sidecar ``<name>.yaml`` beside a Word document or a saved web page: the front matter
those files cannot carry (source, url, license, lastReviewed...), with the same keys and the
same validation as a Markdown file's front matter.  Its values win over what the file
itself says (document properties, page metadata).

The planner reads the sidecar with the source (:func:`read_sidecar`) and hands its bytes to
the reader, so a worker never reads the project's disk and a changed sidecar changes the
source's cache key.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from carted_export.document import Block, Document, Metadata
from carted_export.errors import SourceError
from carted_export.sources.frontmatter import MAX_FRONT_MATTER_CHARS, load_front_matter
from carted_export.sources.metadata import Warnings, metadata_from_front_matter


def sidecar_path(source: Path) -> Path:
    """``handout.docx`` -> ``handout.yaml``."""
    return source.with_suffix(".yaml")


def sidecar_name(name: str) -> str:
    """How messages name the sidecar of the source named ``name``."""
    return str(PurePosixPath(name).with_suffix(".yaml"))


def read_sidecar(source: Path) -> bytes | None:
    """The sidecar's bytes (at most a front matter's size and one more), or ``None``."""
    path = sidecar_path(source)
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_FRONT_MATTER_CHARS * 4 + 1)
    except OSError:
        return None


def sidecar_fields(sidecar: bytes | None, name: str) -> dict[str, object]:
    """The sidecar's keys, validated as front matter; ``name`` is the source's name."""
    if sidecar is None:
        return {}
    shown = sidecar_name(name)
    try:
        text = sidecar.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError("sidecar is not UTF-8; save it as UTF-8", path=shown) from None
    return load_front_matter(text, shown, first_line=1)


def metadata_with_sidecar(
    found: Mapping[str, object],
    sidecar: Mapping[str, object],
    fallback_title: str,
    warnings: Warnings,
) -> Metadata:
    """Metadata from what the file says (``found``, front-matter keys), the sidecar's keys
    (:func:`sidecar_fields`) over it."""
    return metadata_from_front_matter(merged_fields(found, sidecar), fallback_title, warnings)


def merged_fields(found: Mapping[str, object], sidecar: Mapping[str, object]) -> dict[str, object]:
    """What the file says (empty values left out), the sidecar's keys over it."""
    fields = {key: value for key, value in found.items() if value not in (None, "", ())}
    fields.update(sidecar)
    return fields


def document_with_sidecar(
    path: str,
    kind: str,
    blocks: tuple[Block, ...],
    found: Mapping[str, object],
    sidecar: Mapping[str, object],
    fallback_title: str,
    warnings: Warnings,
) -> Document:
    """The Document of a file that carries no front matter (Word, HTML): its metadata from
    ``found`` and the sidecar's keys (:func:`metadata_with_sidecar`)."""
    metadata = metadata_with_sidecar(found, sidecar, fallback_title, warnings)
    if not blocks:
        warnings.add("body-empty", "the document has no body text")
    return Document(
        source_path=path,
        kind=kind,
        metadata=metadata,
        blocks=blocks,
        language=metadata.language,
        diagnostics=tuple(warnings.items),
    )
