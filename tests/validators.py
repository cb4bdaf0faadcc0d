"""Validator harness for the test suite: epubcheck, DAISY Ace, axe-core, reflow.

Import from tests as ``from validators import ...``.
"""

from __future__ import annotations

from pathlib import Path

CHECK_ROOT = Path(__file__).resolve().parent / "roots" / "check"


def render_pdf_ua(html_path: Path) -> bytes:
    """Render an HTML file exactly as WeasyPrint 70 does for our leaflets (pdf/ua-1)."""
    import weasyprint

    html = weasyprint.HTML(filename=str(html_path))
    pdf: bytes = html.write_pdf(pdf_variant="pdf/ua-1")
    return pdf
