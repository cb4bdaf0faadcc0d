"""Validator harness for the test suite: epubcheck, DAISY Ace, axe-core, reflow.

Import from tests as ``from validators import ...``.  Each ``require_*`` helper skips the
calling test when its tool is missing on a developer machine, but FAILS it when the ``CI``
environment variable is "true": ``make test`` installs every validator, so a missing one
there is a broken setup, not a reason to pass.

    def test_book_is_valid(book: Path) -> None:
        require_epubcheck()
        assert epubcheck_messages(book) == []
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest

from carted_export.check import tools
from carted_export.check.epub import run_ace, run_epubcheck
from carted_export.check.html import WIDTHS, run_pages

CHECK_ROOT = Path(__file__).resolve().parent / "roots" / "check"


def _require(tool: str, needs: list[str]) -> None:
    if not needs:
        return
    message = f"{tool} needs {', '.join(needs)} (run `make test-deps`)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; validators are required in CI", pytrace=False)
    pytest.skip(message)


def require_epubcheck() -> None:
    _require(
        "epubcheck", tools.missing(("java", tools.java()), ("epubcheck", tools.epubcheck_jar()))
    )


def require_ace() -> None:
    _require(
        "DAISY Ace", tools.missing(("ace-cli", tools.ace_cli()), ("chromium", tools.chromium()))
    )


def require_browser() -> None:
    needs = tools.missing(
        ("playwright", tools.playwright_available()), ("chromium", tools.chromium())
    )
    _require("the browser checks", needs)


def require_msgmerge() -> None:
    """GNU gettext's msgmerge (``i18n update``): skipped on a laptop without it, a failure
    in CI like every other tool the suite needs."""
    found = shutil.which("msgmerge")
    _require("i18n update", [] if found else ["msgmerge (apt-get install gettext)"])


def require_liblouis() -> None:
    """liblouis (braille): skipped on a laptop without it, a failure in CI."""
    found = shutil.which("lou_translate")
    _require("braille", [] if found else ["lou_translate (apt-get install liblouis-bin)"])


def require_speech() -> None:
    """espeak-ng and opus-tools (audio): skipped on a laptop without them, a failure in CI."""
    needs = [
        f"{tool} (apt-get install espeak-ng opus-tools)"
        for tool in ("espeak-ng", "opusenc", "opusinfo")
        if shutil.which(tool) is None
    ]
    _require("audio", needs)


def require_axe() -> None:
    require_browser()
    _require("axe", tools.missing(("axe-core", tools.axe_script())))


def page_validation_failures(pdf: Path | bytes) -> list[str]:
    """The independent PDF/UA-1 validator's failures (PyPI ``page-validation``), as
    ``RULE-ID: message``; an empty list means the file is compliant."""
    _require("page-validation", [] if importlib.util.find_spec("page") else ["page-validation"])
    import page

    if isinstance(pdf, bytes):
        report = page.validate_pdf_bytes(pdf, profile="ua1")
    else:
        report = page.validate_pdf(str(pdf), profile="ua1")
    return [f"{failure.rule_id}: {failure.message}" for failure in report.failures]


def epubcheck_messages(path: Path) -> list[str]:
    """epubcheck's errors and warnings for one book, as ``SEVERITY ID location: text``."""
    return epubcheck_batch([path])[path]


def epubcheck_batch(paths: Sequence[Path]) -> dict[Path, list[str]]:
    """:func:`epubcheck_messages` for several books in one JVM (~7 s in all, not per book)."""
    return {
        path: [f"{m.severity.upper()} {m.rule} {m.format()}" for m in messages]
        for path, messages in run_epubcheck(paths).items()
    }


def ace_violations(path: Path) -> list[str]:
    """Ace's failed checks, one line per (document, rule) with a count."""
    return [message.format() for message in run_ace(path)]


def axe_violations(
    html_paths: Iterable[Path], widths: Sequence[int] = WIDTHS
) -> dict[Path, list[str]]:
    """axe-core violations per page at each width, all pages in one browser."""
    reports = run_pages(list(html_paths), widths)
    return {path: [v.format() for v in report.violations] for path, report in reports.items()}


def horizontal_overflow(html_path: Path, width: int = 320) -> bool:
    """True when the page scrolls sideways at ``width`` CSS px (WCAG 1.4.10 reflow)."""
    report = run_pages([html_path], [width], axe=False)[html_path]
    return width in report.overflow_widths


def zip_epub(
    directory: Path, target: Path, replace: dict[str, tuple[str, str]] | None = None
) -> Path:
    """Package an unpacked EPUB (``mimetype`` first, stored), optionally editing files.

    ``replace`` maps a member path to ``(old, new)``; ``old`` must occur in it.
    """
    replace = replace or {}
    members = sorted(p for p in directory.rglob("*") if p.is_file() and p.name != "mimetype")
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for member in members:
            name = member.relative_to(directory).as_posix()
            data = member.read_text(encoding="utf-8")
            if name in replace:
                old, new = replace[name]
                assert old in data, f"{old!r} not in {name}"
                data = data.replace(old, new)
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def render_pdf_ua(html_path: Path) -> bytes:
    """Render an HTML file as stock WeasyPrint 70 does (pdf/ua-1), without our fixes."""
    import weasyprint

    html = weasyprint.HTML(filename=str(html_path))
    pdf: bytes = html.write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def render_leaflet(html_path: Path) -> bytes:
    """Render an HTML file as our PDF renderer does: tagged, with our PDF/UA fixes."""
    from carted_export.render.pdf import write_leaflet_pdf

    base_url = html_path.parent.resolve().as_uri() + "/"
    return write_leaflet_pdf(html_path.read_text(encoding="utf-8"), base_url)


def structure_elements(top: Any) -> list[Any]:
    """Every structure element below ``top`` (a pikepdf ``/StructTreeRoot`` or element),
    in document order."""
    found: list[Any] = []

    def kids(node: Any) -> list[Any]:
        value = node.get("/K")
        items = list(value) if isinstance(value, pikepdf.Array) else [value]
        return [k for k in items if isinstance(k, pikepdf.Dictionary) and "/S" in k]

    stack = list(reversed(kids(top)))
    while stack:
        element = stack.pop()
        found.append(element)
        stack.extend(reversed(kids(element)))
    return found


def tagged_texts(pdf: Path | bytes) -> list[tuple[str, str, str]]:
    """``(type, /Lang, text)`` of every structure element, in document order; the text is
    everything drawn in its marked content and its descendants' (read by pypdf, matched to
    MCIDs by the element's page).  ``/Lang`` is "" when the element has none of its own."""
    import io
    from collections import defaultdict

    data = pdf if isinstance(pdf, bytes) else pdf.read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    drawn: dict[tuple[int, int], str] = defaultdict(str)  # (page objgen num, MCID) -> text
    for page in reader.pages:
        _read_marked_text(page, drawn)
    with pikepdf.open(io.BytesIO(data)) as document:
        return [_element_text(e, drawn) for e in structure_elements(document.Root.StructTreeRoot)]


def _read_marked_text(page: Any, drawn: dict[tuple[int, int], str]) -> None:
    """Add the text of each marked-content sequence of ``page`` to ``drawn``."""
    stack: list[int | None] = []
    number = page.indirect_reference.idnum

    def before(operator: bytes, args: list[Any], *_: Any) -> None:
        if operator == b"BDC":
            properties = args[1] if len(args) > 1 else None
            mcid = properties.get("/MCID") if hasattr(properties, "get") else None
            stack.append(None if mcid is None else int(mcid))
        elif operator == b"BMC":
            stack.append(None)
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(value: str, *_: Any) -> None:
        mcid = next((m for m in reversed(stack) if m is not None), None)
        if mcid is not None:
            drawn[(number, mcid)] += value

    page.extract_text(visitor_operand_before=before, visitor_text=text)


def _element_text(element: Any, drawn: dict[tuple[int, int], str]) -> tuple[str, str, str]:
    parts: list[str] = []
    stack = [(element, element.get("/Pg"))]
    while stack:
        node, page = stack.pop()
        page = node.get("/Pg", page) if isinstance(node, pikepdf.Dictionary) else page
        if isinstance(node, int) and page is not None:
            parts.append(drawn.get((page.objgen[0], node), ""))
            continue
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.get("/Type") == "/MCR" and page is not None:
            parts.append(drawn.get((page.objgen[0], int(node.MCID)), ""))
        kids = node.get("/K")
        items = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
        stack.extend((kid, page) for kid in reversed(items))
    return str(element.S), str(element.get("/Lang", "")), "".join(parts)
