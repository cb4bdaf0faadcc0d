"""Readers make links and site-root image paths absolute against the page's ``url``."""

from __future__ import annotations

from carted_export.document import Figure, Paragraph
from carted_export.sources import parse_source
from carted_export.sources.links import absolute_href, image_src

BASE = "https://www.cancer.gov/about-cancer/treatment/research/car-t-cells"


def _markdown(body: str, url: str | None = BASE) -> bytes:
    front = f"url: {url}\n" if url else ""
    return f"---\ntitle: T\nlanguage: en\n{front}---\n\n{body}\n".encode()


def test_absolute_href() -> None:
    assert absolute_href("/x", BASE) == "https://www.cancer.gov/x"
    assert (
        absolute_href("def/1", BASE)
        == "https://www.cancer.gov/about-cancer/treatment/research/def/1"
    )
    assert absolute_href("#s1", BASE) == BASE + "#s1"
    assert absolute_href("mailto:a@b.org", None) == "mailto:a@b.org"
    assert absolute_href("/x", None) is None
    assert absolute_href("javascript:alert(1)", BASE) is None
    assert image_src("/sites/a.png", BASE) == "https://www.cancer.gov/sites/a.png"
    assert image_src("img/b.png", BASE) == "img/b.png"  # left for the images pass
    assert image_src("/sites/a.png", None) == "/sites/a.png"


def test_markdown_reader_makes_links_and_site_root_images_absolute() -> None:
    body = "See [terms](/def/1) and *more*.\n\n![A cell](/sites/a.png)\n\n![B](img/b.png)"
    document = parse_source(_markdown(body), "page.md")
    para, fig, rel = document.blocks
    assert isinstance(para, Paragraph)
    assert para.text.markdown == "See [terms](https://www.cancer.gov/def/1) and *more*."
    assert isinstance(fig, Figure) and fig.src == "https://www.cancer.gov/sites/a.png"
    assert isinstance(rel, Figure) and rel.src == "img/b.png"


def test_relative_links_without_base_keep_their_text() -> None:
    body = "See [terms](/def/1), [mail](mailto:a@b.org) and [bad](ftp://x.org/f)."
    document = parse_source(_markdown(body, url=None), "page.md")
    (para,) = document.blocks
    assert isinstance(para, Paragraph)
    assert para.text.markdown == "See terms, [mail](mailto:a@b.org) and bad."


def test_saved_page_links_use_the_sidecars_url_over_the_canonical_one() -> None:
    page = (
        b"<!doctype html><html lang='en'><head><title>Handwashing</title>"
        b"<link rel='canonical' href='https://example.org/a/page'></head><body><article>"
        b"<h1>Handwashing</h1><p>Wash your hands often with soap and water, and read "
        b"<a href='/guide'>the guide</a> for the details of how long to wash them.</p>"
        b"</article></body></html>"
    )
    canonical = parse_source(page, "page.html")
    sidecar = parse_source(page, "page.html", sidecar=b"url: https://clinic.example/x/y\n")
    texts = [b.text.markdown for b in canonical.blocks if isinstance(b, Paragraph)]
    assert any("[the guide](https://example.org/guide)" in text for text in texts)
    texts = [b.text.markdown for b in sidecar.blocks if isinstance(b, Paragraph)]
    assert any("[the guide](https://clinic.example/guide)" in text for text in texts)
