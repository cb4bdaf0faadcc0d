"""Plain-language HTML: one self-contained file (inline CSS, data: images, no JavaScript)."""

from __future__ import annotations

from carted_export.config import RenderContext
from carted_export.document import Document
from carted_export.render.context import page_context
from carted_export.render.templating import Flavor, render_page


def render_html(document: Document, ctx: RenderContext) -> bytes:
    return render_page(page_context(document, ctx), ctx, Flavor.HTML).encode("utf-8")
