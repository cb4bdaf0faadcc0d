"""EPUB 3 via ebooklib: one content document, a nav document, CSS, images, a11y metadata.

ebooklib 0.20 never writes ``xml:lang`` on the OPF ``<package>`` and stamps the zip entries
with the current time; :func:`_normalize` rewrites the archive so it is both valid and
reproducible (fixed timestamps from ``RenderContext.export_date``, ``mimetype`` first).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ebooklib import epub
from lxml import etree

from carted_export.config import RenderContext
from carted_export.document import Document, Figure, Heading, ImageData, iter_blocks
from carted_export.markup import plain
from carted_export.render.context import PageContext, page_context
from carted_export.render.epub_meta import add_metadata
from carted_export.render.templating import Flavor, environment, render_css, render_page

if TYPE_CHECKING:
    from carted_export.render.media_overlay import Overlay
    from carted_export.render.speech import Narration

CONTENT = "content.xhtml"
NAV = "nav.xhtml"
CSS = "style.css"
OPF_PATH = "EPUB/content.opf"
OVERLAY = "content.smil"
AUDIO = "audio/narration.opus"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True, slots=True)
class ReadAloud:
    """The audio job's narration and its encoded file, which the EPUB carries as a media
    overlay (made once per job for both, :class:`carted_export.pipeline.jobs._Spoken`)."""

    narration: Narration
    audio: bytes


@dataclass
class TocNode:
    heading: Heading
    children: list[TocNode] = field(default_factory=list)


def toc_tree(headings: list[Heading]) -> list[TocNode]:
    """Nest headings by level (a jump from h2 to h4 nests one step, never leaves a gap)."""
    root: list[TocNode] = []
    stack: list[tuple[int, list[TocNode]]] = [(1, root)]
    for heading in headings:
        while len(stack) > 1 and stack[-1][0] >= heading.level:
            stack.pop()
        node = TocNode(heading)
        stack[-1][1].append(node)
        stack.append((heading.level, node.children))
    return root


def _nav_xhtml(page: PageContext, ctx: RenderContext) -> str:
    variables = page.variables(
        toc=toc_tree(list(page.headings)), content_href=CONTENT, css_href=CSS
    )
    return environment(ctx).get_template("nav.xhtml.j2").render(variables)


def _images(document: Document, ctx: RenderContext) -> dict[str, ImageData]:
    """Embedded images by file name (names are content-addressed, so equal names are equal),
    the clinic's logo included."""
    images = {
        block.image.filename: block.image
        for block in iter_blocks(document.blocks)
        if isinstance(block, Figure) and block.image is not None
    }
    clinic = ctx.leaflet.clinic
    if clinic is not None and clinic.logo is not None:
        images[clinic.logo.filename] = clinic.logo
    return images


def _ncx_links(page: PageContext) -> list[epub.Link]:
    links = [epub.Link(CONTENT, page.title_text, "start")]
    for heading in page.headings:
        if heading.level == 2:
            links.append(
                epub.Link(
                    f"{CONTENT}#{heading.anchor}", plain(heading.text.markdown), heading.anchor
                )
            )
    return links


def _build_book(
    document: Document, ctx: RenderContext, read_aloud: ReadAloud | None = None
) -> epub.EpubBook:
    book = epub.EpubBook()
    page = page_context(document, ctx)
    css = render_css(environment(ctx), Flavor.EPUB, page)
    xhtml = render_page(page, ctx, Flavor.EPUB, css_href=CSS)
    overlay = None
    if read_aloud is not None:
        from carted_export.render.media_overlay import ACTIVE_CSS, media_overlay

        overlay = media_overlay(xhtml, read_aloud.narration, CONTENT, AUDIO)
        xhtml, css = overlay.xhtml, css + ACTIVE_CSS
        _add_overlay(book, overlay)
    book.add_item(epub.EpubItem(uid="style", file_name=CSS, media_type="text/css", content=css))
    content = epub.EpubItem(
        uid="content", file_name=CONTENT, media_type="application/xhtml+xml", content=xhtml
    )
    if overlay is not None:
        content.media_overlay = "overlay"  # ebooklib writes media-overlay from this attribute
    nav = epub.EpubItem(
        uid="nav",
        file_name=NAV,
        media_type="application/xhtml+xml",
        content=_nav_xhtml(page, ctx),
    )
    nav.properties = ["nav"]  # ebooklib writes manifest properties from this attribute
    book.add_item(content)
    book.add_item(nav)
    images = _images(document, ctx)
    for index, (name, image) in enumerate(sorted(images.items()), start=1):
        book.add_item(
            epub.EpubItem(
                uid=f"image-{index}",
                file_name=f"images/{name}",
                media_type=image.media_type,
                content=image.data,
            )
        )
    book.add_item(epub.EpubNcx())  # EPUB 2 reading systems; ebooklib's spine needs it
    book.toc = _ncx_links(page)
    book.spine = [content]
    add_metadata(book, document, ctx, has_images=bool(images), overlay=overlay)
    return book


def _add_overlay(book: epub.EpubBook, overlay: Overlay) -> None:
    """The SMIL document and the audio it plays: Ogg Opus, a core media type of EPUB 3.3
    under the type ``audio/ogg; codecs=opus`` (epubcheck rejects a bare ``audio/ogg``)."""
    from carted_export.render.audio import MEDIA_TYPE

    book.add_item(epub.EpubSMIL(uid="overlay", file_name=OVERLAY, content=overlay.smil))
    audio_type = f"{MEDIA_TYPE}; codecs=opus"
    # a placeholder: :func:`_normalize` stores the audio itself (Opus deflates by 3 %)
    book.add_item(
        epub.EpubItem(uid="narration", file_name=AUDIO, media_type=audio_type, content=b"")
    )


def render_epub(
    document: Document, ctx: RenderContext, read_aloud: ReadAloud | None = None
) -> bytes:
    """The EPUB; with ``read_aloud``, one that reads itself aloud (EPUB 3 Media Overlays)."""
    book = _build_book(document, ctx, read_aloud)
    modified = dt.datetime.combine(ctx.export_date, dt.time(0, 0))
    buffer = io.BytesIO()
    options = {"mtime": modified, "epub3_pages": False, "epub3_landmark": False}
    epub.EpubWriter(buffer, book, options).write()
    stored = {f"EPUB/{AUDIO}": read_aloud.audio} if read_aloud is not None else {}
    return _normalize(buffer.getvalue(), ctx, stored)


def _fix_opf(data: bytes, ctx: RenderContext) -> bytes:
    root = etree.fromstring(data)
    root.set(XML_LANG, ctx.lang_tag)
    if ctx.direction == "rtl":
        root.set("dir", "rtl")
    return bytes(etree.tostring(root, encoding="utf-8", xml_declaration=True))


def _normalize(data: bytes, ctx: RenderContext, stored: dict[str, bytes] | None = None) -> bytes:
    """Rewrite the zip: ``mimetype`` first and stored, fixed timestamps, patched OPF; the
    members in ``stored`` get those bytes, uncompressed."""
    stored = stored or {}
    stamp = (max(ctx.export_date.year, 1980), ctx.export_date.month, ctx.export_date.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = ["mimetype", *(n for n in source.namelist() if n != "mimetype")]
        for name in names:
            payload = source.read(name)
            if name == OPF_PATH:
                payload = _fix_opf(payload, ctx)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            if name in stored:
                payload = stored[name]
            keep = name == "mimetype" or name in stored
            info.compress_type = zipfile.ZIP_STORED if keep else zipfile.ZIP_DEFLATED
            target.writestr(info, payload)
    return out.getvalue()
