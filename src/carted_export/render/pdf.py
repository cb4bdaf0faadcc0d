"""Tagged PDF (PDF/UA-1) leaflets: the HTML page with print CSS, laid out by WeasyPrint.

WeasyPrint may only read ``data:`` URLs (:class:`DataOnlyFetcher`): images and stylesheets
are inside the page, so it never touches the network or the disk.  Creation and modification
dates come from ``RenderContext.export_date`` so the same input gives the same bytes.

The PDF/UA fixes happen inside WeasyPrint's single pass (:mod:`.pdf_tagging` while it
draws and tags, :mod:`.pdf_structure` as its finisher), and one font configuration serves
every document of a worker process: the file is laid out and written once, never re-parsed.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import cache
from typing import Any

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from carted_export.config import RenderContext
from carted_export.document import Document
from carted_export.errors import CartedError, RenderError
from carted_export.markup import plain
from carted_export.render.context import PageContext, page_context
from carted_export.render.pdf_duplex import optional_pad
from carted_export.render.pdf_structure import repair_structure
from carted_export.render.pdf_tagging import leaflet_tagging
from carted_export.render.templating import Flavor, render_page

log = logging.getLogger(__name__)

_VARIANT = "pdf/ua-1"


class DataOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """A WeasyPrint fetcher for ``data:`` URLs only: everything a leaflet shows is inside it."""

    def __init__(self) -> None:
        super().__init__(timeout=1, allowed_protocols=("data",), allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.split(":", 1)[0].lower() == "data":
            return super().fetch(url, headers)
        log.warning("not fetching %s: a leaflet may only use data: URLs", url[:200])
        raise ValueError(f"refused to fetch {url[:200]!r}: only data: URLs")


def render_pdf(document: Document, ctx: RenderContext) -> bytes:
    return page_pdf(page_context(document, ctx), ctx, document.source_path)


def render_small_pdf(document: Document, ctx: RenderContext) -> bytes:
    """The tagged leaflet on A5 (or half-Letter) pages: the booklet's accessible twin."""
    page = replace(page_context(document, ctx), booklet=True)
    return page_pdf(page, ctx, document.source_path, "small")


def render_booklet_pdf(small: bytes, document: Document, ctx: RenderContext) -> bytes:
    """``small`` (:func:`render_small_pdf`) imposed to fold and staple (:mod:`.booklet`)."""
    from carted_export.render.booklet import impose_booklet

    booklet = impose_booklet(
        small,
        title=plain(document.metadata.title.markdown),
        lang=ctx.lang_tag,
        accessible_version=f"{ctx.slug}.small.pdf",
        identifier=_identifier(ctx, "booklet"),
        direction="rtl" if ctx.direction == "rtl" else "ltr",
        source=document.source_path,
    )
    return booklet.pdf


def page_pdf(page: PageContext, ctx: RenderContext, source_path: str, variant: str = "") -> bytes:
    """The leaflet of ``page`` (``variant``: e.g. "bilingual", names its PDF /ID apart).

    With ``[leaflet] duplex`` (the default) a leaflet of an odd number of pages gets one
    more page at its very end (:func:`duplex_pads`), so a double-sided print wastes no sheet
    and no blank page falls in the middle.  The first pad is laid out with the leaflet and
    left out when the pages before it are even (:mod:`.pdf_duplex`); only a pad that itself
    runs onto a second page makes a second layout, with the next pad.
    """
    identifier = _identifier(ctx, variant)
    try:
        with leaflet_tagging():
            pads = duplex_pads(page) if ctx.leaflet.duplex else ()
            document, pads = _layout_padded(page, ctx, pads)
            for pad in pads:
                if len(document.pages) % 2 == 0:
                    break
                padded = render_page(replace(page, pad_page=pad), ctx, Flavor.PDF)
                document = _layout(padded, None, DataOnlyFetcher())
            return _write(document, identifier)
    except CartedError:
        raise
    except Exception as exc:  # WeasyPrint raises many unrelated types; report one
        raise RenderError(f"PDF rendering failed: {exc}", path=source_path) from exc


def _layout_padded(
    page: PageContext, ctx: RenderContext, pads: tuple[str, ...]
) -> tuple[Any, tuple[str, ...]]:
    """The leaflet laid out with its first pad, which is dropped if not needed; and the
    pads left to try (none, unless the first did not make the page count even, or the
    template has no pad)."""
    if not pads:
        return _layout(render_page(page, ctx, Flavor.PDF), None, DataOnlyFetcher()), ()
    with optional_pad() as pad:
        padded = render_page(replace(page, pad_page=pads[0]), ctx, Flavor.PDF)
        document = _layout(padded, None, DataOnlyFetcher())
    if not pad.found:  # a project template without the pad: laid out as it is
        return document, pads
    return document, pads[1:]


def duplex_pads(page: PageContext) -> tuple[str, ...]:
    """The pages that may make a leaflet's page count even, best first: more lines for notes
    where the leaflet has "My notes", then a blank page (only its running footer), which
    cannot overflow onto a second page."""
    return ("notes", "blank") if page.notes else ("blank",)


def write_leaflet_pdf(
    html: str,
    base_url: str | None,
    fetcher: URLFetcher | None = None,
    identifier: bytes | None = None,
) -> bytes:
    """``html`` as a tagged PDF/UA-1 file with our fixes; ``fetcher`` None is WeasyPrint's."""
    with leaflet_tagging():
        return _write(_layout(html, base_url, fetcher), identifier)


def _layout(html: str, base_url: str | None, fetcher: URLFetcher | None) -> Any:
    """WeasyPrint's laid-out document (call inside :func:`leaflet_tagging`)."""
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        font_config=worker_font_config(), pdf_variant=_VARIANT
    )


def _write(document: Any, identifier: bytes | None) -> bytes:
    pdf: bytes = document.write_pdf(
        pdf_variant=_VARIANT, pdf_identifier=identifier, finisher=repair_structure
    )
    return pdf


@cache
def worker_font_config() -> FontConfiguration:
    """One font configuration per process: fontconfig and Pango set up once, not per PDF.

    Safe to share because our stylesheets declare no ``@font-face`` (the only per-document
    state it keeps); the output bytes are the same as with a fresh configuration (tested).
    """
    return FontConfiguration()


def _identifier(ctx: RenderContext, variant: str) -> bytes:
    """A stable file identifier (the PDF /ID): same document and options, same id."""
    key = f"{ctx.slug}|{ctx.lang_tag}|{ctx.paper.value}|{ctx.size.value}"
    key += f"|{variant}" if variant else ""
    return key.encode("utf-8")[:64]
