"""Runs of formatted text (from a Word paragraph or an HTML element) to the model's inline
Markdown.

Readers that do not start from Markdown collect :class:`Span` runs and hand them here; the
spans become markdown-it tokens and go through the same serializer as Markdown sources
(:func:`carted_export.markup.serialize`), so every reader escapes and links alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from markdown_it.token import Token

from carted_export.document import Text
from carted_export.markup import HrefMap, serialize

_SPACES = re.compile(r" {2,}")
_BREAK_SPACE = re.compile(r" ?\\\n ?")


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with one formatting; ``\\n`` in ``text`` is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


def inline_text(spans: Iterable[Span], links: HrefMap | None = None) -> Text:
    """The spans as one :class:`Text` (whitespace collapsed); ``links`` rewrites each link
    (:func:`~carted_export.sources.links.href_map`), else links are kept as written."""
    tokens = list(_tokens(_merged(spans)))
    markdown = (serialize(tokens) if links is None else serialize(tokens, links)).markdown
    return Text(_BREAK_SPACE.sub("\\\n", _SPACES.sub(" ", markdown)).strip())


def _merged(spans: Iterable[Span]) -> list[Span]:
    """Adjacent spans with the same formatting as one, so ``**a****b**`` never happens."""
    out: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        last = out[-1] if out else None
        if last and (last.bold, last.italic, last.href) == (span.bold, span.italic, span.href):
            out[-1] = Span(last.text + span.text, span.bold, span.italic, span.href)
        else:
            out.append(span)
    return out


def _tokens(spans: list[Span]) -> Iterator[Token]:
    for span in spans:
        # Emphasis markers must touch the text: ``** bold**`` is not bold in Markdown.
        core = span.text.strip(" \t")
        if not core:
            yield from _text_tokens(span.text)
            continue
        yield from _text_tokens(" " if span.text[0] in " \t" else "")
        if span.href:
            yield _token("link_open", href=span.href)
        if span.bold:
            yield _token("strong_open")
        if span.italic:
            yield _token("em_open")
        yield from _text_tokens(core)
        if span.italic:
            yield _token("em_close")
        if span.bold:
            yield _token("strong_close")
        if span.href:
            yield _token("link_close")
        yield from _text_tokens(" " if span.text[-1] in " \t" else "")


def _text_tokens(text: str) -> Iterator[Token]:
    """Whitespace collapsed to single spaces (the caller squeezes runs across spans)."""
    for index, line in enumerate(text.split("\n")):
        if index:
            yield _token("hardbreak")
        if line:
            yield Token("text", "", 0, content=re.sub(r"\s+", " ", line))


def _token(kind: str, href: str | None = None) -> Token:
    token = Token(kind, "", 0)
    if href is not None:
        token.attrSet("href", href)
    return token
