"""Readers: one source file in, one :class:`~carted_export.document.Document` out.

The kind of a source is detected from its content, never its extension: a zip archive
with ``word/document.xml`` is a Word document; a text that opens with a ``---`` line
(YAML front matter) is Markdown; one that opens as HTML (``<!doctype html>``, ``<html>``,
or has a ``<head>``/``<body>`` near its start) is a saved web page; one that contains
Markdown headings, images or links is Markdown; anything else is a plain-text scrape.
Every failure is a :class:`~carted_export.errors.SourceError` with ``path`` and ``line``;
recoverable problems are warnings on the document.
"""

from __future__ import annotations

import re
from pathlib import Path

from carted_export.document import Document, Origin
from carted_export.errors import SourceError
from carted_export.sources.docx import is_docx, read_docx
from carted_export.sources.frontmatter import has_front_matter
from carted_export.sources.html import looks_like_html, read_html
from carted_export.sources.markdown import MAX_NESTING, read_markdown
from carted_export.sources.options import DEFAULT_READING, ReadOptions
from carted_export.sources.scrape import read_scrape
from carted_export.sources.sidecar import read_sidecar, sidecar_name
from carted_export.sources.text import check_size, decode_text, read_bytes

__all__ = [
    "MAX_NESTING",
    "ReadOptions",
    "detect_kind",
    "parse_source",
    "read_source",
]

#: Markdown without front matter: ATX headings, images, inline links, fenced code.
_MARKDOWN_HINT = re.compile(r"(?m)^(#{1,6} \S|```|~~~)|!\[[^\]\n]*\]\(|\[[^\]\n]+\]\([^)\s]+\)")


def detect_kind(text: str) -> str:
    """``"markdown"``, ``"html"`` or ``"scrape"``, from a text's content alone (a Word
    document is recognised from its bytes, see :func:`~.docx.is_docx`)."""
    if has_front_matter(text):
        return "markdown"
    if looks_like_html(text):
        return "html"
    if _MARKDOWN_HINT.search(text):
        return "markdown"
    return "scrape"


def read_source(
    path: Path, *, name: str | None = None, options: ReadOptions = DEFAULT_READING
) -> Document:
    """Read one source file into a Document (see :func:`parse_source`).

    ``name`` is how messages and catalogs name the file (relative to the project); it
    becomes ``Document.source_path`` and the path of every origin.  Default: ``path``.
    The sidecar ``<name>.yaml`` beside it is read too (see :mod:`.sidecar`).
    """
    name = name or str(path)
    data = read_bytes(path, options.max_bytes, name)
    return parse_source(data, name, options, sidecar=read_sidecar(path))


def parse_source(
    data: bytes, name: str, options: ReadOptions = DEFAULT_READING, sidecar: bytes | None = None
) -> Document:
    """A source file's bytes (named ``name``) as a Document (language = the source language).

    ``sidecar`` is the bytes of its ``<name>.yaml``: the metadata of a Word document or a
    saved web page; beside a Markdown file or a scrape it is ignored with a warning.
    Front matter with no body is accepted with a ``body-empty`` warning (a title-only
    page still renders); an empty or binary file, or a scrape with nothing left after
    boilerplate removal, is a ``SourceError``.
    """
    check_size(data, options.max_bytes, name)
    if is_docx(data):
        return read_docx(data, name, sidecar)
    decoded = decode_text(data, name)
    try:
        kind = detect_kind(decoded.text)
        if kind == "html":
            document = read_html(decoded.text, name, sidecar)
        elif kind == "markdown":
            document = read_markdown(decoded.text, name)
        else:
            document = read_scrape(decoded.text, name, options.scrape_rules)
        if sidecar is not None and kind != "html":
            document = document.warn(
                Origin(sidecar_name(name), 1),
                "sidecar-ignored",
                f"{sidecar_name(name)} is only read beside a Word document or a saved web "
                "page; put these keys in the front matter",
            )
    except RecursionError:
        raise SourceError(
            "content is nested too deeply to read; flatten the lists or quotes", path=name, line=1
        ) from None
    if decoded.guessed_at is not None:
        document = document.warn(
            Origin(name, decoded.guessed_at),
            "encoding-guessed",
            f"not valid UTF-8; decoded as {decoded.encoding} (save the file as UTF-8)",
        )
    return document
