"""Images: local files inside the root only, sniffed types, safe SVG, opt-in remote."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import lxml.etree
import pytest

from carted_export.document import Document, Figure, Metadata, Origin, Paragraph, Text
from carted_export.sources.images import ImageLocator, is_local, read_local_images
from carted_export.transforms.images import (
    alt_fallback,
    local_image_sources,
    resolve_images,
    sniff,
)
from carted_export.transforms.svg import sanitize_svg

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16
SVG_NS = "http://www.w3.org/2000/svg"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    b'onload="alert(1)"><script>alert(2)</script><style>@import url(https://x)</style>'
    b'<a xlink:href="javascript:alert(3)"><rect width="1" height="1" onclick="x()"/></a>'
    b'<image href="https://evil.example/track.png"/><use href="#r"/>'
    b"<foreignObject><p>html</p></foreignObject></svg>"
)


def _doc(root: Path, *figures: Figure) -> Document:
    return Document(
        source_path=str(root / "article.md"),
        kind="markdown",
        metadata=Metadata(title=Text("T"), language="en"),
        blocks=figures,
        language="en",
    )


def _figure(src: str, alt: str = "alt", caption: str | None = None) -> Figure:
    return Figure(Origin("article.md", 3), src, Text(alt), Text(caption) if caption else None)


def _read(root: Path, document: Document) -> Document:
    """Read the document's local images as a build does (inside ``root`` only), resolve."""
    srcs = local_image_sources(document)
    images = read_local_images(Path(document.source_path), (root,), srcs)
    return resolve_images(document, images=images)


def _resolved(root: Path, src: str, **kwargs: object) -> tuple[Figure, list[str]]:
    document = _doc(root, _figure(src))
    local = is_local(src)
    document = _read(root, document) if local else resolve_images(document, **kwargs)  # type: ignore[arg-type]
    figure = document.blocks[0]
    assert isinstance(figure, Figure)
    return figure, [d.code for d in document.diagnostics]


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (b"GIF89a...", "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (SVG, "image/svg+xml"),
        (b"not an image", None),
    ],
)
def test_sniff(data: bytes, media_type: str | None) -> None:
    result = sniff(data)
    assert (result[0] if result else None) == media_type


def test_local_image_next_to_source_is_embedded(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "photo.jpg").write_bytes(PNG)  # wrong extension: bytes decide
    figure, codes = _resolved(tmp_path, "img/photo.jpg")
    assert figure.image is not None and figure.image.media_type == "image/png"
    assert figure.image.filename.endswith(".png") and "/" not in figure.image.filename
    assert codes == []


def test_image_found_in_assets_folder(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "chart.png").write_bytes(PNG)
    figure, _ = _resolved(tmp_path, "/sites/files/chart.png")
    assert figure.image is not None


def test_escape_through_symlink_or_dotdot_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(PNG)
    root = tmp_path / "root"
    root.mkdir()
    (root / "link.png").symlink_to(outside / "secret.png")
    for src in ("link.png", "../outside/secret.png"):
        figure, codes = _resolved(root, src)
        assert figure.image is None and codes == ["image-missing"]
    document = _read(root, _doc(root, _figure("link.png")))
    assert "outside the source folder" in document.diagnostics[0].message


def test_missing_and_non_image_files_warn(tmp_path: Path) -> None:
    (tmp_path / "notes.png").write_bytes(b"hello")
    assert _resolved(tmp_path, "nope.png")[1] == ["image-missing"]
    assert _resolved(tmp_path, "notes.png")[1] == ["image-missing"]
    assert _resolved(tmp_path, "ftp://x/y.png")[1] == ["image-missing"]


def test_remote_image_is_not_fetched_offline(tmp_path: Path) -> None:
    figure, codes = _resolved(tmp_path, "https://example.org/x.png")
    assert figure.image is None and codes == ["image-remote"]


def svg_tree(data: bytes) -> lxml.etree._Element:
    """``data`` parsed as XML (no entity expansion, no network); fails if it is no <svg>."""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True)
    root = lxml.etree.fromstring(data, parser)
    assert lxml.etree.QName(root).localname == "svg", root.tag
    return root


def element_names(root: lxml.etree._Element) -> list[str]:
    return [lxml.etree.QName(e).localname for e in root.iter() if isinstance(e.tag, str)]


def test_svg_is_sanitized() -> None:
    cleaned = sanitize_svg(SVG)
    assert cleaned is not None
    root = svg_tree(cleaned)
    assert root.tag == f"{{{SVG_NS}}}svg"
    names = element_names(root)
    assert not {"script", "style", "foreignObject", "p"} & set(names), names
    assert names.count("rect") == 1 and names.count("use") == 1
    attributes = {
        lxml.etree.QName(name).localname: value
        for element in root.iter()
        for name, value in element.attrib.items()
    }
    assert not [name for name in attributes if name.startswith("on")], attributes
    hrefs = [
        value
        for element in root.iter()
        for name, value in element.attrib.items()
        if lxml.etree.QName(name).localname == "href"
    ]
    assert hrefs == ["#r"]  # the javascript: link and the remote image lost theirs
    assert not "".join(root.itertext()).strip()  # no script or style text left over


def test_svg_with_entities_or_not_svg_is_refused() -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>'
    )
    cleaned = sanitize_svg(xxe)
    if cleaned is not None:
        root = svg_tree(cleaned)
        assert root.getroottree().docinfo.internalDTD is None  # the entity declaration is gone
        assert not "".join(root.itertext()).strip() and len(root) == 0
    assert sanitize_svg(b"<html><body/></html>") is None
    assert sanitize_svg(b"<svg") is None


def test_alt_fallback() -> None:
    root = Path("/nonexistent")
    document = alt_fallback(
        _doc(root, _figure("a.png", "", "The caption"), _figure("b.png", ""), _figure("c.png"))
    )
    with_caption, bare, normal = document.blocks
    assert isinstance(with_caption, Figure) and with_caption.alt.markdown == "The caption"
    assert isinstance(bare, Figure) and bare.decorative
    assert isinstance(normal, Figure) and not normal.decorative
    assert [d.code for d in document.diagnostics] == ["image-decorative"]


REQUESTS: list[str] = []  # paths the image server was asked for


@pytest.fixture
def image_server() -> Iterator[str]:
    REQUESTS.clear()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            REQUESTS.append(self.path)
            body, kind = (PNG, "image/png") if self.path == "/ok.png" else (b"<html>", "text/html")
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            del format, args

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_allow_remote_fetches_images_only(tmp_path: Path, image_server: str) -> None:
    figure, codes = _resolved(tmp_path, f"{image_server}/ok.png", allow_remote=True)
    assert figure.image is not None and figure.image.media_type == "image/png" and codes == []
    figure, codes = _resolved(tmp_path, f"{image_server}/page.html", allow_remote=True)
    assert figure.image is None and codes == ["image-remote"]


def test_fetched_images_are_cached(tmp_path: Path, image_server: str) -> None:
    cache = tmp_path / "cache"
    for _ in range(3):
        figure, codes = _resolved(
            tmp_path, f"{image_server}/ok.png", allow_remote=True, cache_dir=cache
        )
        assert figure.image is not None and figure.image.data == PNG and codes == []
    assert REQUESTS == ["/ok.png"]
    assert [p.read_bytes() for p in cache.iterdir()] == [PNG]
    _resolved(tmp_path, f"{image_server}/page.html", allow_remote=True, cache_dir=cache)
    assert len(list(cache.iterdir())) == 1, "refused content is never cached"


def test_non_figures_untouched(tmp_path: Path) -> None:
    paragraph = Paragraph(Origin("a", 1), Text("x"))
    document = _read(tmp_path, _doc(tmp_path, paragraph))  # type: ignore[arg-type]
    assert document.blocks == (paragraph,)


def test_local_image_sources_and_where_they_resolve(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "chart.png").write_bytes(PNG)
    document = _doc(
        tmp_path,
        _figure("assets/chart.png"),
        _figure("https://example.org/remote.png"),
        _figure("//cdn.example.org/x.png"),
        _figure("data:image/png;base64,AAAA"),
        _figure("missing.png"),
        _figure("assets/chart.png"),
        _figure("  "),
    )
    sources = local_image_sources(document)
    assert sources == ("assets/chart.png", "missing.png")
    source_path = tmp_path / "article.md"
    located = ImageLocator(source_path, (tmp_path,)).locate("assets/chart.png")[0]
    assert located == (tmp_path / "assets" / "chart.png").resolve()
    assert ImageLocator(source_path, (tmp_path,)).locate("missing.png")[0] is None
    assert ImageLocator(source_path, (tmp_path / "assets",)).locate("../outside.png")[0] is None
