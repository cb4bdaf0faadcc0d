"""Word documents as sources (sources/docx.py): a .docx made here with python-docx, read into
the model, then built to HTML, EPUB and PDF and found in each."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import lxml.etree
import lxml.html
import pikepdf
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from carted_export.document import (
    Document,
    Figure,
    Heading,
    ListBlock,
    Note,
    Paragraph,
    Table,
    iter_blocks,
)
from carted_export.errors import SourceError
from carted_export.sources import parse_source, read_source
from carted_export.transforms import prepare

from conftest import read_manifest
from render_helpers import tiny_png

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LINK = "https://www.example.org/bring-list"
ALT = "A hospital wristband with a name and date of birth"
FOOTNOTE = "Ask the ward if you are not sure what to bring."
FOOTNOTES_XML = f"""<w:footnotes xmlns:w="{W_NS}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0">
<w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t>{FOOTNOTE}</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""


def _add_link(paragraph: docx.text.paragraph.Paragraph, text: str, url: str) -> None:
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = parse_xml(f'<w:hyperlink xmlns:w="{W_NS}" xmlns:r="{RT_NS}" r:id="{rid}"/>')
    run = parse_xml(f'<w:r xmlns:w="{W_NS}"><w:t xml:space="preserve">{text}</w:t></w:r>')
    link.append(run)
    paragraph._p.append(link)


RT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _add_footnote(
    paragraph: docx.text.paragraph.Paragraph, document: docx.document.Document
) -> None:
    """python-docx has no footnotes API: add the part and a reference by hand."""
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        FOOTNOTES_XML.encode(),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    paragraph._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:footnoteReference w:id="1"/></w:r>'))


def make_docx(*, alt: str = ALT, title: str = "Getting ready for your operation") -> bytes:
    """Two heading levels, bold and italic, a link, a nested list, a table with a header
    row, a footnote and an image with alt text; document properties set."""
    document = docx.Document()
    props = document.core_properties
    props.title, props.language, props.author = title, "en-GB", "Ward 7 nurses"
    props.modified = dt.datetime(2025, 4, 1, 9, 30)
    document.add_heading(title, level=0)  # the Title style
    document.add_heading("Before you come in", level=1)
    intro = document.add_paragraph("Please read this ")
    intro.add_run("carefully").bold = True
    intro.add_run(" and keep it ")
    intro.add_run("safe").italic = True
    intro.add_run(". See ")
    _add_link(intro, "the full bring list", LINK)
    intro.add_run(" online.")
    _add_footnote(intro, document)
    document.add_heading("What to bring", level=2)
    document.add_paragraph("Your medicines", style="List Bullet")
    document.add_paragraph("In their boxes", style="List Bullet 2")
    document.add_paragraph("Night clothes", style="List Bullet")
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(
        table.rows,
        (("Time", "What happens"), ("7:00", "Stop eating"), ("11:00", "Stop drinking")),
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(parse_xml(f'<w:tblHeader xmlns:w="{W_NS}"/>'))
    document.add_picture(io.BytesIO(tiny_png(40, 30)))
    doc_pr = document.inline_shapes[0]._inline.docPr
    doc_pr.set("descr", alt)
    document.add_paragraph("Call the ward on 01234 567890 if you feel unwell.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def handout() -> bytes:
    return make_docx()


def _read(data: bytes, name: str = "handout.docx", sidecar: bytes | None = None) -> Document:
    return parse_source(data, name, sidecar=sidecar)


def test_every_part_of_the_handout_is_in_the_document(handout: bytes) -> None:
    document = _read(handout)
    assert document.kind == "docx"
    meta = document.metadata
    assert meta.title.markdown == "Getting ready for your operation"
    assert meta.language == "en_GB"
    assert meta.authors == ("Ward 7 nurses",)
    assert meta.last_reviewed == dt.date(2025, 4, 1)
    blocks = list(iter_blocks(document.blocks))
    headings = [(b.level, b.text.markdown) for b in blocks if isinstance(b, Heading)]
    assert headings == [(2, "Before you come in"), (3, "What to bring")]
    intro = next(b for b in blocks if isinstance(b, Paragraph))
    assert intro.text.markdown == (
        f"Please read this **carefully** and keep it *safe*. See [the full bring list]({LINK}) "
        "online.\\[1\\]"
    )
    outer = next(b for b in blocks if isinstance(b, ListBlock) and not b.ordered)
    assert [item.text.markdown for item in outer.items] == ["Your medicines", "Night clothes"]
    inner = outer.items[0].children[0]
    assert isinstance(inner, ListBlock)
    assert [item.text.markdown for item in inner.items] == ["In their boxes"]
    table = next(b for b in blocks if isinstance(b, Table))
    assert [c.text.markdown for c in table.head[0]] == ["Time", "What happens"]
    assert all(c.header for c in table.head[0])
    assert [[c.text.markdown for c in row] for row in table.body] == [
        ["7:00", "Stop eating"],
        ["11:00", "Stop drinking"],
    ]
    figure = next(b for b in blocks if isinstance(b, Figure))
    assert figure.alt.markdown == ALT
    assert figure.image is not None and figure.image.data.startswith(b"\x89PNG")
    notes = document.blocks[-1]
    assert isinstance(notes, Note)
    footnotes = notes.children[0]
    assert isinstance(footnotes, ListBlock) and footnotes.ordered
    assert [item.text.markdown for item in footnotes.items] == [FOOTNOTE]


def test_origins_are_paragraph_numbers(handout: bytes) -> None:
    document = _read(handout)
    headings = [b for b in document.blocks if isinstance(b, Heading)]
    assert [h.origin.line for h in headings] == [2, 4]  # paragraph 1 is the Title
    assert str(headings[0].origin) == "handout.docx:para 2"
    figure = next(b for b in iter_blocks(document.blocks) if isinstance(b, Figure))
    assert figure.origin.paragraphs and figure.origin.line == 9


def test_the_images_pass_vets_the_embedded_bytes(handout: bytes) -> None:
    prepared = prepare(_read(handout))
    figure = next(b for b in iter_blocks(prepared.blocks) if isinstance(b, Figure))
    assert figure.image is not None
    assert figure.image.media_type == "image/png"
    assert figure.image.filename.startswith("image-")  # named by image_data, like any image
    assert not [d for d in prepared.diagnostics if d.code.startswith("image")]


def test_an_image_without_alt_text_warns_as_in_markdown() -> None:
    prepared = prepare(_read(make_docx(alt="")))
    codes = [(d.code, str(d.origin)) for d in prepared.diagnostics]
    assert ("image-decorative", "handout.docx:para 9") in codes


def test_a_picture_in_a_table_cell_follows_the_table_with_its_alt_text() -> None:
    word = docx.Document()
    word.add_paragraph("Your medicines", style="Heading 1")
    table = word.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Morning"
    run = table.rows[0].cells[1].paragraphs[0].add_run()
    run.add_picture(io.BytesIO(tiny_png(20, 20)))
    run._r.xpath(".//wp:docPr")[0].set("descr", "One white tablet")
    word.add_paragraph("Take it with water.")
    buffer = io.BytesIO()
    word.save(buffer)
    document = _read(buffer.getvalue())
    kinds = [type(block).__name__ for block in document.blocks]
    assert kinds == ["Heading", "Table", "Figure", "Paragraph"]
    figure = document.blocks[2]
    assert isinstance(figure, Figure) and figure.alt.markdown == "One white tablet"
    assert figure.image is not None and figure.image.media_type == "image/png"
    moved = [d for d in document.diagnostics if d.code == "image-moved"]
    assert [str(d.origin) for d in moved] == ["handout.docx:para 2"]


def test_the_sidecar_overrides_the_document_properties(handout: bytes) -> None:
    sidecar = (
        b"title: Your operation\nsource: Ward 7\nurl: https://www.example.org/ward7\n"
        b"license: public domain\nlastReviewed: 2025-06-01\nlanguage: en\n"
    )
    meta = _read(handout, sidecar=sidecar).metadata
    assert meta.title.markdown == "Your operation"
    assert meta.publisher == "Ward 7"
    assert meta.url == "https://www.example.org/ward7"
    assert meta.license.value == "public_domain"
    assert meta.last_reviewed == dt.date(2025, 6, 1)
    assert meta.language == "en"


def test_a_bad_sidecar_names_its_file_and_line(handout: bytes) -> None:
    with pytest.raises(SourceError) as raised:
        _read(handout, sidecar=b"title: ok\nlicense: [unclosed\n")
    assert raised.value.format_message().startswith("handout.yaml:")


def test_read_source_finds_the_sidecar_and_detects_by_content(
    handout: bytes, tmp_path: Path
) -> None:
    source = tmp_path / "leaflet.bin"  # not the extension: the content says Word
    source.write_bytes(handout)
    (tmp_path / "leaflet.yaml").write_text("source: Ward 7\n", encoding="utf-8")
    document = read_source(source, name="leaflet.bin")
    assert document.kind == "docx" and document.metadata.publisher == "Ward 7"


def test_a_zip_that_is_not_word_is_not_read_as_word(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(SourceError):
        _read(buffer.getvalue(), "notes.docx")


def test_a_damaged_docx_is_a_source_error() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<not-word/>")
    with pytest.raises(SourceError) as raised:
        _read(buffer.getvalue())
    assert "not a readable Word document" in raised.value.format_message()


# --- built: HTML DOM, EPUB XHTML, PDF structure tree -------------------------------------


@pytest.fixture(scope="module")
def built(handout: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from carted_export.cli import main

    root = tmp_path_factory.mktemp("docx-project")
    (root / "sources").mkdir()
    (root / "sources" / "handout.docx").write_bytes(handout)
    (root / "sources" / "handout.yaml").write_text("license: public domain\n", encoding="utf-8")
    out = root / "out"
    with pytest.MonkeyPatch.context() as patch:  # module scope: outside the autouse chdir
        patch.chdir(root)
        patch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        result = CliRunner().invoke(main, ["build", "sources", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _output(out: Path, fmt: str) -> Path:
    record = next(r for r in read_manifest(out) if r["format"] == fmt)
    return out / str(record["path"])


def _check_dom(tree: lxml.etree._Element) -> None:
    """The handout's parts in an HTML or XHTML tree (namespaces dropped first)."""
    for element in tree.iter():
        if isinstance(element.tag, str):
            element.tag = lxml.etree.QName(element).localname

    def texts(xpath: str) -> list[str]:
        return [" ".join("".join(e.itertext()).split()) for e in tree.xpath(xpath)]

    assert "Before you come in" in texts("//h2")
    assert "What to bring" in texts("//h3")
    assert tree.xpath(f"//a[@href='{LINK}']")
    assert tree.xpath("//strong[.='carefully']")
    assert tree.xpath("//em[.='safe']")
    assert "In their boxes" in texts("//ul/li/ul/li")
    assert texts("//table//th") == ["Time", "What happens"]
    assert tree.xpath(f"//img[@alt='{ALT}']")
    assert any(FOOTNOTE in text for text in texts("//ol/li"))


def test_the_html_page_has_every_part(built: Path) -> None:
    _check_dom(lxml.html.fromstring(_output(built, "html").read_bytes()))


def test_the_epub_xhtml_has_every_part(built: Path) -> None:
    with zipfile.ZipFile(_output(built, "epub")) as book:
        pages = [n for n in book.namelist() if n.endswith(".xhtml") and "nav" not in n.lower()]
        trees = [lxml.etree.fromstring(book.read(name)) for name in pages]
    article = next(t for t in trees if "Before you come in" in "".join(t.itertext()))
    _check_dom(article)


def test_the_pdf_structure_tree_has_every_part(built: Path) -> None:
    from validators import structure_elements, tagged_texts

    pdf = _output(built, "pdf")
    texts = tagged_texts(pdf)
    kinds = {kind for kind, _lang, _text in texts}
    assert {"/H2", "/H3", "/L", "/LI", "/Table", "/TH", "/Link"} <= kinds
    joined = " ".join(text for _kind, _lang, text in texts)
    for needle in ("Before you come in", "In their boxes", "Stop drinking", FOOTNOTE[:20]):
        assert needle in joined
    with pikepdf.open(pdf) as document:
        figures = [e for e in structure_elements(document.Root.StructTreeRoot) if e.S == "/Figure"]
        assert [str(f.get("/Alt")) for f in figures] == [ALT]


@pytest.mark.validators
def test_the_docx_pdf_passes_page_validation(built: Path) -> None:
    from validators import page_validation_failures

    assert page_validation_failures(_output(built, "pdf")) == []


@pytest.mark.validators
def test_the_docx_epub_passes_epubcheck_and_ace(built: Path) -> None:
    from validators import ace_violations, epubcheck_messages, require_ace, require_epubcheck

    require_epubcheck()
    epub = _output(built, "epub")
    assert epubcheck_messages(epub) == []
    require_ace()
    assert ace_violations(epub) == []


@pytest.mark.validators
def test_the_docx_page_passes_axe(built: Path) -> None:
    from validators import axe_violations, require_axe

    require_axe()
    html = _output(built, "html")
    assert axe_violations([html]) == {html: []}
