"""Inline Markdown is rendered, then sanitized: translations cannot inject markup."""

from __future__ import annotations

import lxml.html
import pytest

from carted_export.document import Text
from carted_export.markup import plain
from carted_export.render.context import lang_attrs
from carted_export.render.css_values import css_string, page_counter_css
from carted_export.render.inline import inline_html


def test_subset_renders() -> None:
    html = inline_html(Text("*em* **strong** `a<b` [NCI](https://www.cancer.gov/?a=1&b=2)"))
    assert html == (
        "<em>em</em> <strong>strong</strong> <code>a&lt;b</code> "
        '<a href="https://www.cancer.gov/?a=1&amp;b=2">NCI</a>'
    )


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<iframe src=https://evil.example></iframe>",
        "<style>body{display:none}</style>",
        '<span onclick="x()">t</span>',
    ],
)
def test_hostile_input_is_neutralized(markdown: str) -> None:
    fragment = lxml.html.fragment_fromstring(str(inline_html(Text(markdown))), create_parent="p")
    for element in fragment.iterdescendants():
        assert element.tag in {"a", "em", "strong", "code", "br", "span"}
        assert not [name for name in element.attrib if name.startswith("on")]
        href = element.get("href")
        assert href is None or href.startswith(("https://", "http://", "mailto:", "#"))


def test_links_only_absolute_http_mailto_or_fragment() -> None:
    html = inline_html(Text("[a](/rel) [b](mailto:x@y.org) [c](#top) [d](//evil.example/x)"))
    assert html == 'a <a href="mailto:x@y.org">b</a> <a href="#top">c</a> d'


def test_output_is_xhtml_compatible() -> None:
    assert inline_html(Text("one  \ntwo\u00a0three")) == "one<br/>\ntwo&#160;three"


def test_plain_text() -> None:
    assert plain("**CAR T** &amp; *you*") == "CAR T & you"
    assert plain("See [NCI](https://cancer.gov),  `x`  \nnow") == "See NCI, x now"


def test_lang_attrs_for_fallback_text() -> None:
    assert lang_attrs(Text("Hello", lang="en"), "ar") == ' lang="en" dir="ltr"'
    assert lang_attrs(Text("مرحبا", lang="ar"), "en") == ' lang="ar" dir="rtl"'
    assert lang_attrs(Text("Hello", lang="en"), "en") == ""
    assert lang_attrs(Text("Hello"), "es") == ""


def test_css_strings_cannot_break_out() -> None:
    value = css_string('a"b\\c</style><script>')
    assert '"' not in value[1:-1] and "<" not in value and "\\\\" not in value
    css = page_counter_css("Página %(page)s de %(pages)s")
    assert css == '"Página " counter(page) " de " counter(pages)'
    assert "counter(page)" in page_counter_css("broken translation")
