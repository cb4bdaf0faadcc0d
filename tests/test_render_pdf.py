"""Tagged PDF: structure via pikepdf, text via pypdf, fetching policy via a loopback listener."""

from __future__ import annotations

import collections
import io
import socket
from pathlib import Path

import pikepdf
import pypdf
import pytest

from carted_export.config import Paper, PrintSize
from carted_export.render.pdf import DataOnlyFetcher, render_pdf

from render_helpers import context, sample_document, tiny_png, translated_document

TITLE = "CAR T Cells: Engineering Immune Cells to Treat Cancer"
ZH_TITLE = "CAR T 细胞：改造免疫细胞治疗癌症"
ZH_PARA = "这种疗法使用您自己的免疫细胞。"
AR_TITLE = "خلايا CAR T: هندسة الخلايا المناعية لعلاج السرطان"
AR_PARA = "يستخدم هذا العلاج خلاياك المناعية."


def struct_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        kids = stack.pop().get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids else []:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                stack.append(kid)
    return found


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def body_font_size_pt(data: bytes) -> float:
    """The most used font size on page 1 (WeasyPrint draws in CSS px: 0.75 pt each)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        sizes = collections.Counter(
            float(op.operands[1])
            for op in pikepdf.parse_content_stream(pdf.pages[0])
            if str(op.operator) == "Tf"
        )
    return sizes.most_common(1)[0][0] * 0.75


@pytest.fixture(scope="module")
def english_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return render_pdf(sample_document(), context(tmp_path_factory.mktemp("src")))


def test_tagged_pdf_ua(english_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(english_pdf)) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "en"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        assert str(pdf.docinfo.Title) == TITLE
        with pdf.open_metadata() as xmp:
            assert xmp.get("dc:title") == TITLE
            assert xmp.get("pdfuaid:part") == "1"
        kinds = collections.Counter(str(e.S) for e in struct_elements(pdf))
        assert kinds["/H1"] == 1 and kinds["/H2"] >= 2 and kinds["/H3"] == 1
        assert {"/Table", "/TH", "/TD", "/L", "/LI", "/Caption"} <= set(kinds)
        figures = [e for e in struct_elements(pdf) if e.S == "/Figure"]
        assert sorted(str(f.Alt) for f in figures) == [
            "A red T cell grabbing a cancer cell",
            "Diagram of the CAR T process",  # the "image not included" placeholder keeps it
        ]
        assert float(pdf.pages[0].MediaBox[2]) == pytest.approx(595.28, abs=0.1)  # A4


def test_footer_and_citation_text(english_pdf: bytes) -> None:
    pages = page_texts(english_pdf)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "NCI, 2025" in text  # running citation on every page
    full = " ".join(" ".join(pages).split())
    assert "Last reviewed December 30, 2025" in full
    assert "Image not included" in full and "Diagram of the CAR T process" in full
    assert "This leaflet does not replace advice from your doctor." in full


def test_reproducible(tmp_path: Path, english_pdf: bytes) -> None:
    again = render_pdf(sample_document(), context(tmp_path))
    assert again == english_pdf
    with pikepdf.open(io.BytesIO(again)) as pdf:
        assert str(pdf.docinfo.CreationDate).startswith("D:20260115")


def test_letter_and_large_print(tmp_path: Path, english_pdf: bytes) -> None:
    large = render_pdf(
        sample_document(), context(tmp_path, paper=Paper.LETTER, size=PrintSize.LARGE)
    )
    with pikepdf.open(io.BytesIO(large)) as pdf:
        assert [float(v) for v in pdf.pages[0].MediaBox[2:]] == pytest.approx([612, 792], abs=0.1)
    assert body_font_size_pt(english_pdf) >= 12
    assert body_font_size_pt(large) >= 18
    assert len(page_texts(large)) > len(page_texts(english_pdf))


@pytest.mark.parametrize(
    ("locale", "direction", "title", "para"),
    [("zh_Hans", "ltr", ZH_TITLE, ZH_PARA), ("ar", "rtl", AR_TITLE, AR_PARA)],
)
def test_cjk_and_arabic_round_trip(
    tmp_path: Path, locale: str, direction: str, title: str, para: str
) -> None:
    doc = translated_document(locale.replace("_", "-"), title, para)
    data = render_pdf(doc, context(tmp_path, locale=locale, direction=direction))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == locale.replace("_", "-")
        fonts = {
            str(font.get("/BaseFont"))
            for page in pdf.pages
            for font in page.Resources.Font.values()
        }
    assert any("CJK" in f or "Arabic" in f for f in fonts), fonts
    text = "".join("".join(page_texts(data)).split())
    if direction == "ltr":
        assert "".join(para.split()) in text
    else:  # extraction order of Arabic varies by tool; every letter must survive
        assert set(para.replace(" ", "")) <= set(text)
    assert "\ufffd" not in text and "This sentence is still in English." in " ".join(
        page_texts(data)
    )


class Listener:
    """A loopback TCP server that only records whether anyone connected."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.setblocking(False)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def connections(self) -> int:
        count = 0
        while True:
            try:
                conn, _ = self.sock.accept()
            except BlockingIOError:
                return count
            conn.close()
            count += 1


def test_fetcher_never_reaches_network_or_files(tmp_path: Path) -> None:
    """Everything a leaflet shows is inside its HTML: the renderer reads no file (a job may
    run on another machine) and no URL."""
    import base64

    import weasyprint

    root = tmp_path / "src"
    root.mkdir()
    (root / "ok.png").write_bytes(tiny_png())
    (tmp_path / "secret.png").write_bytes(tiny_png())
    listener = Listener()
    fetcher = DataOnlyFetcher()
    for url in (
        f"{listener.url}/x.png",
        "https://127.0.0.1/x",
        (tmp_path / "secret.png").as_uri(),
        (root / "ok.png").as_uri(),
    ):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    inline = "data:image/png;base64," + base64.b64encode(tiny_png()).decode()
    assert fetcher.fetch(inline) is not None
    html = (
        f'<html lang="en"><body><img src="{listener.url}/a.png" alt="a">'
        f'<img src="../secret.png" alt="b"><link rel="stylesheet" href="{listener.url}/s.css">'
        "</body></html>"
    )
    weasyprint.HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher).write_pdf()
    assert listener.connections() == 0
