"""Saved web pages as sources (sources/html.py): the article, and none of the site around it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import lxml.html
import pytest

from carted_export.document import Figure, Heading, ListBlock, Paragraph, Table, iter_blocks
from carted_export.errors import SourceError
from carted_export.markup import plain
from carted_export.sources import detect_kind, parse_source
from carted_export.transforms import prepare

from conftest import RunCli, read_manifest

CANONICAL = "https://health.example.org/conditions/asthma/living-with-asthma"
ARTICLE = (
    "Asthma is a common lung condition that causes occasional breathing difficulties.",
    "wheezing",
    "Coughing at night",
    "Worse after exercise",
    "Keep windows closed",
    "Speak to your GP or asthma nurse if your symptoms get worse over time.",
)
AROUND = (
    "We use cookies",
    "Accept all cookies",
    "Conditions A to Z",
    "Contact us",
    "All rights reserved",
    "Privacy policy",
    "Sign up to our newsletter",
)
PAGE = f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Living with asthma | Example Health</title>
<link rel="canonical" href="{CANONICAL}">
<meta name="description" content="How to manage asthma day to day.">
<meta property="og:site_name" content="Example Health">
<meta property="article:modified_time" content="2024-03-05">
<link rel="license" href="https://creativecommons.org/licenses/by/4.0/">
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience
on our website and to show you relevant health information.</p>
<button>Accept all cookies</button><button>Reject</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/conditions">Conditions A to Z</a></li>
<li><a href="/contact">Contact us</a></li></ul></nav></header>
<main><article>
<h1>Living with asthma</h1>
<p>{ARTICLE[0]} It affects people of all ages and often starts in childhood.</p>
<h2>Symptoms</h2>
<p>The main symptoms of asthma are <strong>wheezing</strong>, breathlessness and a
<em>tight chest</em>. See <a href="/conditions/asthma/symptoms">the symptoms page</a>.</p>
<ul><li>Wheezing when you breathe</li><li>{ARTICLE[2]}<ul><li>{ARTICLE[3]}</li></ul></li></ul>
<h3>Triggers</h3>
<p>Common triggers include allergies, smoke, pollution and cold air. Keeping a diary of
your symptoms helps you spot them.</p>
<table><tr><th>Trigger</th><th>What to do</th></tr><tr><td>Pollen</td><td>{ARTICLE[4]}</td></tr>
</table>
<p><img src="/images/inhaler.png" alt="A blue reliever inhaler"></p>
<p>{ARTICLE[5]}</p>
</article>
<aside class="newsletter"><p>Sign up to our newsletter</p></aside>
</main>
<footer><p>© 2024 Example Health. All rights reserved.</p><p>Privacy policy. Terms of use.</p>
</footer>
</body></html>
"""


def _words(document_text: str) -> str:
    return " ".join(document_text.split())


def _all_text(document: object) -> str:
    from carted_export.document import Document, iter_segments

    assert isinstance(document, Document)
    return _words(" ".join(plain(s.text.markdown) for s in iter_segments(document)))


def test_saved_page_is_detected_from_its_content() -> None:
    assert detect_kind(PAGE) == "html"
    assert detect_kind("<!-- saved -->\n<html><body><p>x</p></body></html>") == "html"
    assert detect_kind("# A heading\n\nSome <b>bold</b> text.\n") == "markdown"


def test_the_article_and_none_of_the_site_around_it() -> None:
    document = parse_source(PAGE.encode(), "asthma.html")
    assert document.kind == "html"
    text = _all_text(document)
    for needle in ARTICLE:
        assert needle in text
    for needle in AROUND:
        assert needle not in text
    blocks = list(iter_blocks(document.blocks))
    assert [b.text.markdown for b in blocks if isinstance(b, Heading)][1:] == [
        "Symptoms",
        "Triggers",
    ]
    outer = next(b for b in blocks if isinstance(b, ListBlock))
    assert isinstance(outer.items[1].children[0], ListBlock)
    table = next(b for b in blocks if isinstance(b, Table))
    assert [c.text.markdown for c in table.head[0]] == ["Trigger", "What to do"]
    figure = next(b for b in blocks if isinstance(b, Figure))
    assert figure.alt.markdown == "A blue reliever inhaler"
    first = next(b for b in blocks if isinstance(b, Paragraph))
    assert (
        first.origin.line
        == PAGE.split("\n").index(next(line for line in PAGE.split("\n") if ARTICLE[0] in line)) + 1
    )


def test_metadata_comes_from_the_page() -> None:
    meta = parse_source(PAGE.encode(), "asthma.html").metadata
    assert meta.title.markdown == "Living with asthma"
    assert meta.language == "en_GB"
    assert meta.url == CANONICAL
    assert meta.subtitle is not None and meta.subtitle.markdown.startswith("How to manage")
    assert meta.license_text == "https://creativecommons.org/licenses/by/4.0/"
    assert meta.last_reviewed == dt.date(2024, 3, 5)


def test_links_and_site_images_resolve_against_the_canonical_url() -> None:
    document = prepare(parse_source(PAGE.encode(), "asthma.html"))
    text = " ".join(
        b.text.markdown for b in iter_blocks(document.blocks) if isinstance(b, Paragraph)
    )
    assert "(https://health.example.org/conditions/asthma/symptoms)" in text
    figure = next(b for b in iter_blocks(document.blocks) if isinstance(b, Figure))
    assert figure.src == "https://health.example.org/images/inhaler.png"
    assert figure.image is None  # offline: never fetched
    assert "image-remote" in [d.code for d in document.diagnostics]


def test_the_sidecar_overrides_the_page() -> None:
    sidecar = b"license: public domain\nsource: Example Health\n"
    meta = parse_source(PAGE.encode(), "asthma.html", sidecar=sidecar).metadata
    assert meta.license.value == "public_domain" and meta.publisher == "Example Health"


def test_a_page_with_no_article_is_a_source_error() -> None:
    page = "<html><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(SourceError) as raised:
        parse_source(page.encode(), "empty.html")
    assert raised.value.format_message().startswith("empty.html:1:")


def test_the_built_page_has_the_article_and_none_of_the_rest(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "asthma.htm").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", sources, "--out", out, "--format", "html")
    assert result.exit_code == 0, result.output
    record = next(r for r in read_manifest(out) if r["format"] == "html")
    page = lxml.html.fromstring((out / str(record["path"])).read_bytes())
    article = _words(" ".join(page.xpath("//main//text()")))
    for needle in ARTICLE:
        assert needle in article
    for needle in AROUND:
        assert needle not in _words(page.text_content())
    assert page.xpath("//a[@href='https://health.example.org/conditions/asthma/symptoms']")
