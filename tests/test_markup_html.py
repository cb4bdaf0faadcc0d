"""The Markdown reader renders each text's HTML from the tokens it parsed (``Text.html``):
it must be exactly what rendering the text's Markdown gives, whatever the source says, or
be left for the renderer (None)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from carted_export.document import Paragraph, iter_segments
from carted_export.markup_html import render_markdown
from carted_export.sources import parse_source

#: Pieces of inline Markdown, many of them ones whose serialization is delicate: markers
#: inside words and next to punctuation, nested and adjacent emphasis, code spans with
#: spaces and backticks, links with queries, entities and unusual characters.
_PIECES = st.sampled_from(
    [
        "a",
        "word",
        "中文",
        " ",
        "  ",
        "\n",
        "  \n",
        "\\\n",
        ",",
        ".",
        ":",
        "(",
        ")",
        '"',
        "*",
        "**",
        "_",
        "__",
        "***",
        "*a*",
        "**b**",
        "_c_",
        "__d__",
        "***e***",
        "*f **g** h*",
        "_i *j* k_",
        "x*y*z",
        "x_y_z",
        "**k:**",
        "*(l)*",
        "`m`",
        "`` n ` ``",
        "`  o  `",
        "` `",
        "``",
        "\\*",
        "\\_",
        "&amp;",
        "&copy;",
        "&#35;",
        "& b",
        "<",
        ">",
        "<b>x</b>",
        "[p](https://e.org/p?a=1&b=2)",
        "[q](/rel)",
        "[r](https://e.org/(x))",
        "[*s*](https://e.org/s)",
        "[t](<https://e.org/a b>)",
        "<https://e.org/u>",
        "![v](/v.png)",
        "[w](javascript:x)",
        "[x](mailto:a@e.org)",
        "\xa0",
        "é",
        # written straight from the tokens: text escapes, and the link targets the
        # sanitizer keeps as they are or not (a port, an IDNA label, upper case, anchors)
        "&quot;",
        "'",
        "[y](https://e.org:8080/p)",
        "[z](https://xn--bcher-kva.example/b)",
        "[A](HTTPS://E.ORG/A)",
        "[#](#section-2)",
        '[q&a](https://e.org/?q="x"&r=<y>)',
        "[ü](https://bücher.example/ü)",
        "[d](https://e.org/a%20b%zz)",
        "[m](mailto:a+b@e.org?subject=Hi%20there)",
    ]
)


def _page(body: str) -> bytes:
    return f"---\ntitle: T\nlanguage: en\nurl: https://e.org/a/b\n---\n\n{body}\n".encode()


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=12).map("".join))
def test_reader_html_is_the_rendered_markdown(inline: str) -> None:
    document = parse_source(_page(f"Start {inline} end.\n\n- {inline}"), "p.md")
    for segment in iter_segments(document):
        text = segment.text
        if text.html is not None:
            assert text.html == render_markdown(text.markdown), text.markdown


def test_most_texts_come_rendered() -> None:
    """The common case (links, emphasis, code) needs no second parse."""
    body = "See **the guide** and [*terms*](/def/1?a=1&b=2), `code` and *more*.\n\n- An item"
    document = parse_source(_page(body), "p.md")
    paragraph, _items = document.blocks
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text.html == (
        'See <strong>the guide</strong> and <a href="https://e.org/def/1?a=1&amp;b=2">'
        "<em>terms</em></a>, <code>code</code> and <em>more</em>."
    )
    assert all(
        segment.text.html is not None
        for segment in iter_segments(document)
        if segment.role.name != "TITLE"
    )


def test_corpus_texts_are_the_rendered_markdown(corpus: Path) -> None:
    """Every text of the 240 NCI pages the reader renders itself is what rendering its
    Markdown gives (markdown-it's renderer, then the nh3 sanitizer)."""
    checked = 0
    for path in sorted(corpus.rglob("*.md")):
        document = parse_source(path.read_bytes(), path.name)
        for segment in iter_segments(document):
            if segment.text.html is not None:
                assert segment.text.html == render_markdown(segment.text.markdown), path
                checked += 1
    assert checked > 25_000
