"""The model's inline Markdown as safe inline HTML, rendered from a ``Text.markdown`` string
(:func:`render_markdown`) or, by a reader, from the tokens it has just parsed
(:func:`render_tokens`), so the text of a page is parsed once.

Both source text and translations are untrusted: markdown-it renders the inline subset with
raw HTML disabled, then nh3 (an allowlist sanitizer) removes anything outside a handful of
inline tags and every link that is not ``http(s):``, ``mailto:`` or an in-page ``#`` anchor.
The result is also well-formed XHTML, so the EPUB can embed it unchanged.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.token import Token

from carted_export.markup import HrefMap, Parser

_TAGS = {"a", "em", "strong", "code", "br", "span"}
_ATTRIBUTES = {"a": {"href", "title"}, "span": {"lang", "dir"}}
_URL_SCHEMES = {"http", "https", "mailto"}
# Relative hrefs other than "#fragment" (e.g. "/path", "page.html", "//host") are dropped:
# readers make every link absolute, so anything else cannot work in a standalone file.
_SAFE_HREF = re.compile(r"^(?:https?://|mailto:|#)", re.IGNORECASE)
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL)
_HREF = re.compile(r'\shref="([^"]*)"')
#: Link targets whose serialized destination markdown-it might read back differently
#: (spaces, controls, non-ASCII, escapes, an entity it would decode).
_UNSURE_HREF = re.compile(r"[^\x21-\x7e]|[\\<>()]|&(?=#?[A-Za-z0-9]+;)")
#: Link targets the sanitizer keeps exactly as they are: a plain web address (no port, no
#: IDNA label, which the URL parser might refuse), an e-mail link or an in-page anchor.
_PLAIN_HREF = re.compile(
    r"(?:https?://(?![^/?#]*xn--)[A-Za-z0-9.-]+(?:[/?#][!-~]*)?|mailto:[!-~]+|#[!-~]*)\Z"
)
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\xa0": "&#160;"})
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", '"': "&quot;", "\xa0": "&#160;"})
_EMPHASIS = {"em_open": "em", "em_close": "em", "strong_open": "strong", "strong_close": "strong"}


@functools.cache
def _markdown() -> MarkdownIt:
    md = Parser("commonmark", {"html": False, "linkify": False, "typographer": False})
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


def render_markdown(markdown: str) -> str:
    """Inline Markdown (a ``Text.markdown``) as sanitized inline HTML."""
    return sanitize_inline(_markdown().renderInline(markdown.strip()).rstrip("\n"))


def render_tokens(tokens: Sequence[Token] | None, href_map: HrefMap) -> str | None:
    """What :func:`render_markdown` makes of ``serialize(tokens, href_map).markdown``
    (:func:`carted_export.markup.serialize`), from the tokens themselves; ``None`` where the
    serialized Markdown might read back otherwise (raw HTML, emphasis that would not open
    or close, adjacent code spans, unusual link targets), so the text is rendered from its
    Markdown instead."""
    md = _markdown()
    out: list[Token] = []
    links: list[bool] = []
    for token in tokens or ():
        kind = token.type
        if kind in ("text", "image"):  # an image inside text is its alt text
            out.append(Token("text", "", 0, content=token.content))
        elif kind == "softbreak":
            out.append(Token("text", "", 0, content=" "))
        elif kind == "hardbreak":
            out.append(Token("hardbreak", "br", 0))
        elif kind == "code_inline":
            code = _code_content(token.content)
            if code is None or (out and out[-1].type == "code_inline"):
                return None
            out.append(Token("code_inline", "code", 0, content=code))
        elif kind in _EMPHASIS:
            out.append(Token(kind, _EMPHASIS[kind], 1 if kind.endswith("_open") else -1))
        elif kind == "link_open":
            target = href_map(str(token.attrGet("href") or ""))
            links.append(target is not None)
            if target is not None:
                href = md.normalizeLink(target)
                if _UNSURE_HREF.search(target) or not md.validateLink(href):
                    return None
                out.append(Token("link_open", "a", 1, attrs={"href": href}))
        elif kind == "link_close":
            if links.pop() if links else False:
                out.append(Token("link_close", "a", -1))
        else:
            return None  # raw HTML, which the serializer reduces to text, or anything new
    kept = _stripped(out)
    if kept is None or not _plain_emphasis(kept):
        return None
    html = "".join(_write(token) for token in kept)
    hrefs = (str(token.attrGet("href")) for token in kept if token.type == "link_open")
    if all(_PLAIN_HREF.match(href) for href in hrefs):
        return html  # already what the sanitizer makes of it (test_markup_html checks)
    return sanitize_inline(html)


def _write(token: Token) -> str:
    """One token as the sanitizer serializes it (html5ever: ``&``, ``<``, ``>`` and the
    no-break space escaped in text; ``&`` and ``"`` in attributes; ``<br/>`` for XHTML)."""
    kind = token.type
    if kind == "text":
        return token.content.translate(_TEXT_ESCAPES)
    if kind == "code_inline":
        return f"<code>{token.content.translate(_TEXT_ESCAPES)}</code>"
    if kind == "hardbreak":
        return "<br/>\n"
    if kind == "link_open":
        return f'<a href="{str(token.attrGet("href")).translate(_ATTRIBUTE_ESCAPES)}">'
    if kind == "link_close":
        return "</a>"
    return f"<{token.tag}>" if token.nesting == 1 else f"</{token.tag}>"  # em, strong


def _code_content(content: str) -> str | None:
    """The content markdown-it reads back from ``markup._code(content)``."""
    if not content:
        return None
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    read = f"{pad}{content}{pad}"
    if read.startswith(" ") and read.endswith(" ") and read.strip():
        read = read[1:-1]
    return read


def _stripped(tokens: list[Token]) -> list[Token] | None:
    """The tokens with the whitespace ``serialize`` strips off the ends left out."""
    while tokens and tokens[0].type == "text" and not tokens[0].content.strip():
        tokens = tokens[1:]
    while tokens and tokens[-1].type == "text" and not tokens[-1].content.strip():
        tokens = tokens[:-1]
    if not tokens or "hardbreak" in (tokens[0].type, tokens[-1].type):
        return None
    for index, strip in ((0, str.lstrip), (-1, str.rstrip)):
        if tokens[index].type == "text":
            tokens[index] = Token("text", "", 0, content=strip(tokens[index].content))
    return tokens


def _plain_emphasis(tokens: list[Token]) -> bool:
    """Whether each emphasis marker of the serialized text (``*`` or ``**``) reads back as
    the token it came from: an opener that can open, a closer that can close (CommonMark's
    flanking rules, from the characters around it), no two markers touching, and none that
    could both open and close inside another emphasis (where it might pair otherwise)."""
    depth = 0
    for index, token in enumerate(tokens):
        if token.type not in _EMPHASIS:
            continue
        before = _edge(tokens[index - 1], last=True) if index else " "
        after = _edge(tokens[index + 1], last=False) if index + 1 < len(tokens) else " "
        if before is None or after is None:
            return False
        left, right = _flanking(before, after)
        opening = token.type.endswith("_open")
        if not (left if opening else right) or (left and right and depth > (0 if opening else 1)):
            return False
        depth += 1 if opening else -1
    return True


def _edge(token: Token, last: bool) -> str | None:
    """The character the serialized ``token`` ends (``last``) or starts with; None for an
    emphasis marker or empty text (markers must not touch)."""
    kind = token.type
    if kind == "text":
        return (token.content[-1] if last else token.content[0]) if token.content else None
    if kind == "hardbreak":
        return "\\" if not last else "\n"
    if kind == "code_inline":
        return "`"
    if kind == "link_open":
        return "["
    if kind == "link_close":
        return ")" if last else "]"
    return None


def _flanking(before: str, after: str) -> tuple[bool, bool]:
    """CommonMark's left- and right-flanking of a marker run between ``before`` and
    ``after`` (as markdown-it's ``scanDelims`` decides it)."""
    before_punct = isMdAsciiPunct(ord(before)) or isPunctChar(before)
    after_punct = isMdAsciiPunct(ord(after)) or isPunctChar(after)
    before_space, after_space = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))
    left = not (after_space or (after_punct and not (before_space or before_punct)))
    right = not (before_space or (before_punct and not (after_space or after_punct)))
    return left, right
