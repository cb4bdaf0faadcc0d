"""Write the Word example that ``carted-export init`` puts in ``sources/``.

The .docx is shipped in the package (``scaffold/sources/washing-your-hands.docx``) rather
than made at ``init`` time, so every new project gets the same bytes; this script is its
source, made with python-docx as a clinic's Word would save it.  Run it after changing
the text, from the repository root:

    PYTHONPATH=src python scripts/make_scaffold_docx.py

The zip entries get a fixed date and the document properties fixed values, so running it
twice writes the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph

TARGET = (
    Path(__file__).resolve().parents[1]
    / "src/carted_export/scaffold/sources/washing-your-hands.docx"
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WHEN = dt.datetime(2026, 1, 15, 9, 0)
ZIP_DATE = (2026, 1, 15, 9, 0, 0)
TITLE = "Washing your hands"


def _link(paragraph: Paragraph, text: str, url: str) -> None:
    """A Word hyperlink (python-docx has no API for one)."""
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = parse_xml(f'<w:hyperlink xmlns:w="{W_NS}" xmlns:r="{R_NS}" r:id="{rid}"/>')
    link.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:t xml:space="preserve">{text}</w:t></w:r>'))
    paragraph._p.append(link)


def handout() -> bytes:
    """The handout as python-docx saves it: Title, headings, bold, lists, a table, a link."""
    document = docx.Document()
    props = document.core_properties
    props.title, props.language, props.author = TITLE, "en", "Clinic nurses"
    props.created = props.modified = WHEN
    props.last_modified_by, props.revision = "Clinic nurses", 1
    document.add_heading(TITLE, level=0)
    intro = document.add_paragraph("Clean hands are one of the ")
    intro.add_run("best ways").bold = True
    intro.add_run(" to keep germs from spreading to you and the people you care for.")
    document.add_heading("When to wash your hands", level=1)
    for moment in (
        "Before and after you prepare food or eat",
        "After you use the toilet or change a nappy",
        "After you blow your nose, cough or sneeze",
        "Before and after you care for someone who is sick",
    ):
        document.add_paragraph(moment, style="List Bullet")
    document.add_heading("How to wash your hands", level=1)
    for step in (
        "Wet your hands with clean running water.",
        "Lather them with soap. Rub the backs, between the fingers and under the nails.",
        "Scrub for at least 20 seconds.",
        "Rinse well and dry with a clean towel or let them air dry.",
    ):
        document.add_paragraph(step, style="List Number")
    document.add_heading("Soap or hand gel?", level=2)
    table = document.add_table(rows=3, cols=2)
    rows = (
        ("If your hands are", "Use"),
        ("Dirty or greasy", "Soap and water"),
        ("Clean, and there is no sink", "A gel with at least 60% alcohol"),
    )
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader xmlns:w="{W_NS}"/>'))
    more = document.add_paragraph("Read more at ")
    _link(more, "MedlinePlus", "https://medlineplus.gov/handwashing.html")
    more.add_run(".")
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_dates(buffer.getvalue())


def _fixed_dates(data: bytes) -> bytes:
    """The same zip with every entry dated :data:`ZIP_DATE` (python-docx stamps 'now')."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info))
    return out.getvalue()


def main() -> None:
    TARGET.write_bytes(handout())
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
