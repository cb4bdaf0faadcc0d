"""The text of the model, shared by readers and transforms: the safe inline-Markdown subset
(``Text.markdown``) and clean display lines (titles and other metadata).

Inline Markdown in, safe inline-Markdown subset out.

We serialize from markdown-it tokens instead of copying source text, so what reaches
translators and renderers is exactly the subset the model promises: text, ``*em*``,
``**strong**``, `` `code` ``, ``[text](url)`` and line breaks.  Raw inline HTML is reduced
to its text by nh3 (scripts and styles dropped with their content) and reported.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.common import normalize_url
from markdown_it.token import Token

#: Characters that would otherwise start inline syntax when plain text is re-read.
_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_DEST_SPECIAL = re.compile(r"([()<>\\ ])")
#: Elements whose text is code or styling, never readable content.
_DROP_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}

HrefMap = Callable[[str], str | None]


class Parser(MarkdownIt):
    """markdown-it with its link normalizer remembered: percent-encoding a destination
    (``mdurl``) is a tenth of a page's parsing, and a corpus repeats most of its links."""

    def normalizeLink(self, url: str) -> str:  # markdown-it calls it by this name
        return _normalize_link(url)


@functools.lru_cache(maxsize=8192)
def _normalize_link(url: str) -> str:
    return normalize_url.normalizeLink(url)


def new_parser() -> MarkdownIt:
    """The one markdown-it configuration: CommonMark + tables, raw HTML recognised."""
    return Parser("commonmark", {"maxNesting": 100}).enable("table")


def escape(text: str) -> str:
    """Plain text to inline Markdown that renders as the same text."""
    return _ENTITY.sub("&amp;", _SPECIAL.sub(r"\\\1", text))


def strip_html(fragment: str) -> str:
    """Text content of an HTML fragment: every tag removed, script/style bodies dropped."""
    return nh3.clean(fragment, tags=set(), clean_content_tags=_DROP_CONTENT)


@dataclass(slots=True)
class Serialized:
    markdown: str
    sanitized: bool = False  # raw HTML was present and removed


def _keep(href: str) -> str | None:
    return href


def serialize(tokens: Sequence[Token] | None, href_map: HrefMap = _keep) -> Serialized:
    """Serialize inline ``tokens``; ``href_map`` may rewrite a link or return None to unlink."""
    out: list[str] = []
    links: list[str | None] = []
    html: list[str] = []
    for token in tokens or ():
        kind = token.type
        if kind == "text":
            out.append(escape(token.content))
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("\\\n")
        elif kind == "code_inline":
            out.append(_code(token.content))
        elif kind in ("em_open", "em_close"):
            out.append("*")
        elif kind in ("strong_open", "strong_close"):
            out.append("**")
        elif kind == "link_open":
            target = href_map(str(token.attrGet("href") or ""))
            links.append(target)
            if target is not None:
                out.append("[")
        elif kind == "link_close":
            target = links.pop() if links else None
            if target is not None:
                out.append("](" + _DEST_SPECIAL.sub(r"\\\1", target) + ")")
        elif kind == "image":
            out.append(escape(token.content))
        elif kind == "html_inline":
            html.append(token.content)
            out.append(token.content)
    text = "".join(out)
    if html:
        text = strip_html(text)
    return Serialized(text.strip(), bool(html))


def _code(content: str) -> str:
    """A code span with a fence longer than any backtick run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def plain_text(tokens: Sequence[Token] | None) -> str:
    """The readable text of inline tokens (for titles, anchors, matching)."""
    parts: list[str] = []
    for token in tokens or ():
        if token.type in ("text", "code_inline", "image"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def plain(markdown: str) -> str:
    """The readable text of a ``Text.markdown`` string (no markup, no link targets)."""
    tokens = _shared_parser().parseInline(markdown)
    return plain_text(tokens[0].children if tokens else None)


@functools.cache
def _shared_parser() -> MarkdownIt:
    return new_parser()


def reserialize(markdown: str, href_map: HrefMap) -> str:
    """Re-read a ``Text.markdown`` string and serialize it again with ``href_map``."""
    tokens = _shared_parser().parseInline(markdown)
    children = tokens[0].children if tokens else None
    return serialize(children, href_map).markdown


#: Site names some publishers append to every page title; removed from ``Metadata.title``.
TITLE_SUFFIXES: tuple[str, ...] = (
    " - NCI",
    " | NCI",
    " - National Cancer Institute",
    " | National Cancer Institute",
    " - ClinicalMetric",
    " | ClinicalMetric",
)
#: Bidi overrides/isolates and marks: invisible, and able to reorder a title on screen.
_BIDI = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean_line(text: str) -> str:
    """One display line: no control or bidi-override characters, single spaces.

    Used for titles and other metadata strings that end up in PDF/EPUB metadata,
    where an invisible override could make a title read differently than it is.
    """
    text = _BIDI.sub("", text)
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return " ".join(text.split())


def clean_title(title: str, suffixes: tuple[str, ...] = TITLE_SUFFIXES) -> str:
    """Strip control/bidi characters and a known site suffix (" - NCI")."""
    title = clean_line(title)
    for suffix in suffixes:
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)].rstrip()
    return title
