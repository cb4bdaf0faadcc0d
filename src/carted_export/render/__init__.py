"""Renderers: ``(Document, RenderContext) -> bytes``, one module per format.

The heavy libraries (WeasyPrint, ebooklib) are imported only when a renderer is requested,
so the CLI starts fast and ``--help`` works without them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import cast

from carted_export.config import Format, RenderContext
from carted_export.document import Document

Renderer = Callable[[Document, RenderContext], bytes]

_MODULES: dict[Format, tuple[str, str]] = {
    Format.HTML: ("carted_export.render.html", "render_html"),
    Format.EPUB: ("carted_export.render.epub", "render_epub"),
    Format.PDF: ("carted_export.render.pdf", "render_pdf"),
    Format.BRF: ("carted_export.render.braille", "render_brf"),
    Format.AUDIO: ("carted_export.render.audio", "render_audio"),
}


def renderer_for(fmt: Format) -> Renderer:
    """The render function for ``fmt``, importing its module on first use."""
    module_name, function_name = _MODULES[Format(fmt)]
    module = importlib.import_module(module_name)
    return cast(Renderer, getattr(module, function_name))


__all__ = ["Renderer", "renderer_for"]
