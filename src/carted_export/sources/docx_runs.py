"""The inside of one Word paragraph: its runs as :class:`~.inline.Span` s, the images drawn in
it and the footnotes it references.

python-docx gives the runs, hyperlinks and related parts; the few things it has no API for
(footnote references, the ``descr`` alt text of a drawing) are read from the run's XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.opc.part import Part
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run
from lxml import etree

from carted_export.document import ImageData
from carted_export.sources.images import MAX_IMAGE_BYTES
from carted_export.sources.inline import Span

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


@dataclass(frozen=True, slots=True)
class Drawn:
    """An image drawn in a paragraph: its bytes as stored (vetted later by the images
    pass, like any image), its alt text, and why there are no bytes if there are none."""

    src: str  # the part's name inside the .docx, e.g. ``word/media/image1.png``
    alt: str
    image: ImageData | None
    problem: str = ""


@dataclass(slots=True)
class ParagraphContent:
    spans: list[Span] = field(default_factory=list)
    images: list[Drawn] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)  # footnote ids, in reference order


class RunReader:
    """Reads paragraphs; numbers footnote references in the order they are first met."""

    def __init__(self) -> None:
        self.footnote_numbers: dict[str, int] = {}

    def paragraph(self, paragraph: WordParagraph) -> ParagraphContent:
        content = ParagraphContent()
        for item in paragraph.iter_inner_content():
            if isinstance(item, Hyperlink):
                href = item.url or None
                for run in item.runs:
                    self._run(run, paragraph.part, content, href)
            else:
                self._run(item, paragraph.part, content, None)
        return content

    def _run(self, run: Run, part: Part, content: ParagraphContent, href: str | None) -> None:
        bold, italic = bool(run.bold), bool(run.italic)
        for child in run._r:
            tag = child.tag
            if tag == f"{{{W}}}t":
                content.spans.append(Span(child.text or "", bold, italic, href))
            elif tag in (f"{{{W}}}tab", f"{{{W}}}noBreakHyphen"):
                content.spans.append(Span(" " if tag.endswith("tab") else "-", bold, italic, href))
            elif tag in (f"{{{W}}}br", f"{{{W}}}cr"):
                if child.get(f"{{{W}}}type") not in ("page", "column"):
                    content.spans.append(Span("\n", bold, italic, href))
            elif tag == f"{{{W}}}footnoteReference":
                note_id = child.get(f"{{{W}}}id") or ""
                number = self.footnote_numbers.setdefault(note_id, len(self.footnote_numbers) + 1)
                content.footnotes.append(note_id)
                content.spans.append(Span(f"[{number}]", href=None))
            elif tag == f"{{{W}}}drawing":
                content.images.extend(_drawn(child, part))


def _drawn(drawing: etree._Element, part: Part) -> list[Drawn]:
    """Every picture in a ``w:drawing`` (one, in practice), with its Alt Text."""
    found: list[Drawn] = []
    for doc_pr in drawing.iter(f"{{{WP}}}docPr"):
        alt = " ".join((doc_pr.get("descr") or "").split())
        container = doc_pr.getparent()
        blips = list(container.iter(f"{{{A}}}blip")) if container is not None else []
        rid = blips[0].get(f"{{{R}}}embed") if blips else None
        if not rid or rid not in part.related_parts:
            linked = blips[0].get(f"{{{R}}}link") if blips else None
            problem = "linked image, not embedded" if linked else "image has no picture data"
            found.append(Drawn("", alt, None, problem))
            continue
        image_part = part.related_parts[rid]
        src = str(image_part.partname).lstrip("/")
        blob = image_part.blob
        if len(blob) > MAX_IMAGE_BYTES:
            found.append(Drawn(src, alt, None, f"image {src!r} is larger than {MAX_IMAGE_BYTES:,}"))
            continue
        name = src.rsplit("/", 1)[-1]
        found.append(Drawn(src, alt, ImageData(image_part.content_type, blob, name)))
    return found
