"""Inline Markdown (the safe subset in :class:`~carted_export.document.Text`) to safe HTML.

Both source text and translations are untrusted: markdown-it renders the inline subset with
raw HTML disabled, then nh3 (an allowlist sanitizer) removes anything outside a handful of
inline tags and every link that is not ``http(s):``, ``mailto:`` or an in-page ``#`` anchor.
The result is also well-formed XHTML, so the EPUB can embed it unchanged.
"""

from __future__ import annotations

import functools
import html
import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from carted_export.document import Text

_TAGS = {"a", "em", "strong", "code", "br", "span"}
_ATTRIBUTES = {"a": {"href", "title"}, "span": {"lang", "dir"}}
_URL_SCHEMES = {"http", "https", "mailto"}
# Relative hrefs other than "#fragment" (e.g. "/path", "page.html", "//host") are dropped:
# readers make every link absolute, so anything else cannot work in a standalone file.
_SAFE_HREF = re.compile(r"^(?:https?://|mailto:|#)", re.IGNORECASE)
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL)
_HREF = re.compile(r'\shref="([^"]*)"')


@functools.cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image"])  # an image inside running text has no place to carry its alt
    return md


def _unwrap_unsafe_link(match: re.Match[str]) -> str:
    href = _HREF.search(match.group(1))
    if href and _SAFE_HREF.match(href.group(1).replace("&amp;", "&").strip()):
        return match.group(0)
    return match.group(2)  # keep the link text, lose the link


def sanitize_inline(html: str) -> str:
    """Allowlist-sanitize an inline HTML fragment and make it XHTML-compatible."""
    cleaned: str = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    cleaned = _LINK.sub(_unwrap_unsafe_link, cleaned)
    # nh3 serializes as HTML; the only void tag allowed is <br>, and the only named entity
    # html5ever emits beyond XML's five is &nbsp;.  Both spellings below are valid HTML too.
    return cleaned.replace("<br>", "<br/>").replace("&nbsp;", "&#160;")


def inline_html(text: Text) -> Markup:
    """Render ``text`` (inline Markdown) to sanitized inline HTML, once per text: the result
    is kept on the text (``Text.html``) for every later format and template call."""
    html = text.html
    if html is None:
        html = sanitize_inline(_markdown().renderInline(text.markdown.strip()).rstrip("\n"))
        object.__setattr__(text, "html", html)  # a cache on the frozen text
    return Markup(html)


_TAG = re.compile(r"<[^>]+>")


def inline_text(text: Text) -> str:
    """Plain text of ``text`` (for ``<title>``, PDF metadata, running footers)."""
    return " ".join(html.unescape(_TAG.sub("", inline_html(text))).split())
