"""Inline Markdown (the safe subset in :class:`~carted_export.document.Text`) to safe HTML,
for the templates (:mod:`carted_export.markup_html` renders it).

Both source text and translations are untrusted: markdown-it renders the inline subset with
raw HTML disabled, then nh3 (an allowlist sanitizer) removes anything outside a handful of
inline tags and every link that is not ``http(s):``, ``mailto:`` or an in-page ``#`` anchor.
The result is also well-formed XHTML, so the EPUB can embed it unchanged.
"""

from __future__ import annotations

from markupsafe import Markup

from carted_export.document import Text, with_html
from carted_export.markup_html import render_markdown, sanitize_inline

__all__ = ["inline_html", "sanitize_inline"]


def inline_html(text: Text) -> Markup:
    """Render ``text`` (inline Markdown) to sanitized inline HTML, once per text: the result
    is kept on the text (``Text.html``) for every later format and template call."""
    if text.html is None:
        with_html(text, render_markdown(text.markdown))
    return Markup(text.html)
