"""Resolve figure images to embeddable bytes, offline by default; alt-text fallback.

Local image files were read with the source (:mod:`carted_export.sources.images`: only
inside the source folder, symlinks resolved, so a source cannot pull ``/etc/passwd`` into a
PDF); this pass only turns their bytes into :class:`ImageData`.  The type is sniffed from
the bytes, never trusted from the name.  Images a reader found inside the source (the
pictures embedded in a Word document) arrive as bytes on the figure and are vetted here
the same way.  Remote images are fetched only with
``allow_remote``; otherwise the renderers draw an "image not included" box with the alt
text and caption.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from carted_export.document import Block, Diagnostic, Document, Figure, ImageData, iter_blocks
from carted_export.sources.images import MAX_IMAGE_BYTES, LocalImage, is_local, is_remote
from carted_export.transforms.fetch import FetchError, fetch_image
from carted_export.transforms.svg import sanitize_svg
from carted_export.transforms.walk import map_blocks

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
)


def sniff(data: bytes) -> tuple[str, str] | None:
    """``(media_type, extension)`` from magic bytes; SVG is recognised by its root tag."""
    for magic, media_type, ext in _SIGNATURES:
        if data.startswith(magic):
            return media_type, ext
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", "webp"
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:4096].lower():
        return "image/svg+xml", "svg"
    return None


def image_data(data: bytes) -> ImageData | None:
    """Typed, safe-to-embed image bytes with a content-addressed file name."""
    kind = sniff(data)
    if kind is None:
        return None
    media_type, ext = kind
    if media_type == "image/svg+xml":
        cleaned = sanitize_svg(data)
        if cleaned is None:
            return None
        data = cleaned
    digest = hashlib.sha256(data).hexdigest()[:16]
    return ImageData(media_type, data, f"image-{digest}.{ext}")


def local_image_sources(document: Document) -> tuple[str, ...]:
    """The ``src`` of every figure that names a local file, once each, in document order
    (not those whose bytes came inside the source)."""
    sources = (
        block.src
        for block in iter_blocks(document.blocks)
        if isinstance(block, Figure) and block.image is None
    )
    return tuple(dict.fromkeys(src for src in sources if is_local(src)))


def resolve_images(
    document: Document,
    *,
    images: tuple[LocalImage, ...] = (),
    allow_remote: bool = False,
    cache_dir: Path | None = None,
) -> Document:
    """Fill ``Figure.image`` where possible; warn ``image-remote``/``image-missing`` otherwise.

    ``images`` are the local files the figures name, as the build read them.
    """
    local = {image.src: image for image in images}
    diagnostics: list[Diagnostic] = []

    def resolve(block: Block) -> Block:
        if not isinstance(block, Figure):
            return block
        data: bytes | None
        if block.image is not None:  # embedded in the source: vetted like any other bytes
            data, problem, code = block.image.data, "", "image-missing"
            block = replace(block, image=None)
        else:
            data, problem, code = _load(block.src, local, allow_remote, cache_dir)
        image = image_data(data) if data is not None else None
        if data is not None and image is None:
            problem, code = (
                f"{block.src!r} is not a PNG, JPEG, GIF, WebP or safe SVG",
                ("image-missing"),
            )
        if image is None:
            diagnostics.append(Diagnostic(block.origin, code, problem))
            return block
        return replace(block, image=image)

    blocks = map_blocks(document.blocks, resolve)
    return replace(document, blocks=blocks, diagnostics=(*document.diagnostics, *diagnostics))


def _load(
    src: str, local: dict[str, LocalImage], allow_remote: bool, cache_dir: Path | None
) -> tuple[bytes | None, str, str]:
    """``(bytes, problem, warning code)``: bytes or the reason there are none."""
    if not src.strip():
        return None, "figure has no image source", "image-missing"
    if is_remote(src):
        if not allow_remote:
            return None, f"remote image {src!r} not fetched (offline)", "image-remote"
        try:
            return fetch_image(src, MAX_IMAGE_BYTES, cache_dir), "", ""
        except FetchError as exc:
            return None, f"remote image {src!r} not fetched: {exc}", "image-remote"
    if urlsplit(src).scheme:
        return None, f"image source {src!r} is not a file or http(s) URL", "image-missing"
    image = local.get(src)
    if image is None:
        return None, f"image {src!r} was not read with the source", "image-missing"
    return image.data, image.problem, "image-missing"


def alt_fallback(document: Document) -> Document:
    """Empty alt + caption: the caption is the alt.  Neither: decorative, with a warning."""
    diagnostics: list[Diagnostic] = []

    def fix(block: Block) -> Block:
        if not isinstance(block, Figure) or block.alt:
            return block
        if block.caption:
            return replace(block, alt=block.caption, decorative=False)
        if not block.decorative:
            diagnostics.append(
                Diagnostic(
                    block.origin,
                    "image-decorative",
                    "image has no alt text and no caption; treated as decorative",
                )
            )
        return replace(block, decorative=True)

    blocks = map_blocks(document.blocks, fix)
    return replace(document, blocks=blocks, diagnostics=(*document.diagnostics, *diagnostics))
