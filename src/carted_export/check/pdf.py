"""A PDF/UA-1 structure checker built on pikepdf (veraPDF and PAC are not available here).

It covers the machine-checkable Matterhorn conditions our leaflets can break: document
settings (tagged, /Lang, title shown, XMP identification), the structure tree (figures,
headings, tables, lists), embedded fonts, and the content streams (every text run tagged or
an artifact, page-margin text an artifact, no tagged content outside the tree).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
from lxml import etree

from carted_export.check.findings import Finding, Severity
from carted_export.check.pdf_content import (
    reachable_elements,
    read_number_tree,
    scan_content,
)
from carted_export.check.pdf_glyphs import notdef_chars
from carted_export.check.pdf_tables import check_table, structure_kids

#: Text starting this close (PDF points) to the top or bottom page edge is page-margin
#: content and must be an artifact.  Body text on our leaflets starts >= 1.5 cm (42 pt) in.
MARGIN_BAND = 36.0
HEADINGS = {f"/H{level}": level for level in range(1, 7)}
LIST_KIDS = {"/L": {"/LI", "/Caption", "/L"}, "/LI": {"/Lbl", "/LBody"}}
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}

Issue = tuple[str, str, Severity]


def _get(obj: Any, key: str) -> Any:
    """``obj[key]``, or an empty dictionary when it is absent."""
    value = obj.get(key)
    return pikepdf.Dictionary() if value is None else value


def _xpath(xmp: Any, query: str) -> list[str]:
    return [str(item).strip() for item in xmp.xpath(query, namespaces=NS)]


def check_pdf(path: Path, *, margin_band: float = MARGIN_BAND) -> list[Finding]:
    """Check one PDF against our PDF/UA-1 rules; an empty list means it passed."""
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as error:
        return [Finding(path, "pdf-readable", f"cannot open the PDF: {error}")]
    with pdf:
        if _is_print_file(pdf):
            note = "an imposed booklet, not tagged by design; check the accessible leaflet"
            return [Finding(path, "print-file", f"{note}: {_subject(pdf)}", "info")]
        issues = [
            *_check_catalog(pdf),
            *_check_metadata(pdf),
            *_check_structure(pdf),
            *_check_fonts(pdf),
            *_check_content(pdf, margin_band),
        ]
    return [Finding(path, rule, message, severity) for rule, message, severity in issues]


def _is_print_file(pdf: pikepdf.Pdf) -> bool:
    """An imposed booklet (:mod:`carted_export.render.booklet`): untagged, and says so."""
    from carted_export.render.booklet import PRINT_FILE_KEYWORD

    keywords = str(pdf.docinfo.get("/Keywords", ""))
    return keywords.startswith(PRINT_FILE_KEYWORD) and "/StructTreeRoot" not in pdf.Root


def _subject(pdf: pikepdf.Pdf) -> str:
    return str(pdf.docinfo.get("/Subject", ""))


def _check_catalog(pdf: pikepdf.Pdf) -> Iterator[Issue]:
    root: Any = pdf.Root
    if not bool(_get(root, "/MarkInfo").get("/Marked", False)):
        yield "tagged", "catalog /MarkInfo /Marked is not true", "error"
    if "/StructTreeRoot" not in root:
        yield "struct-tree", "catalog has no /StructTreeRoot", "error"
    if not str(root.get("/Lang", "")).strip():
        yield "lang", "catalog /Lang is missing or empty; set <html lang>", "error"
    if not bool(_get(root, "/ViewerPreferences").get("/DisplayDocTitle", False)):
        yield "display-doc-title", "/ViewerPreferences /DisplayDocTitle is not true", "error"


def _check_metadata(pdf: pikepdf.Pdf) -> Iterator[Issue]:
    stream = pdf.Root.get("/Metadata")
    if stream is None:
        yield "xmp", "no XMP metadata stream", "error"
        return
    try:
        xmp = etree.fromstring(stream.read_bytes())
    except etree.XMLSyntaxError as error:
        yield "xmp", f"XMP metadata is not well-formed: {error}", "error"
        return
    if not any(_xpath(xmp, "//dc:title//rdf:li/text()")):
        yield "xmp-title", "XMP dc:title is missing or empty", "error"
    parts = _xpath(xmp, "//@pdfuaid:part | //pdfuaid:part/text()")
    if parts != ["1"]:
        yield "pdfua-id", f"XMP pdfuaid:part should be 1, found {parts or 'none'}", "error"


def _walk(struct_root: Any, role_map: dict[str, str]) -> Iterator[tuple[str, Any]]:
    """Every structure element in document order, with its role-mapped type."""
    stack = list(reversed(structure_kids(struct_root)))
    seen: set[tuple[int, int]] = set()
    while stack:
        element = stack.pop()
        if element.is_indirect:
            if element.objgen in seen:
                continue
            seen.add(element.objgen)
        kind = str(element.S)
        yield role_map.get(kind, kind), element
        stack.extend(reversed(structure_kids(element)))


def _check_structure(pdf: pikepdf.Pdf) -> Iterator[Issue]:
    struct_root = pdf.Root.get("/StructTreeRoot")
    if struct_root is None:
        return
    role_map = {str(k): str(v) for k, v in _get(struct_root, "/RoleMap").items()}
    elements = list(_walk(struct_root, role_map))
    previous = 0
    languages: list[str] = []
    linked: set[tuple[int, int]] = set()  # annotations nested in a /Link element
    for kind, element in elements:
        if "/Lang" in element:
            languages.append(str(element.Lang))
        if kind == "/Link":
            linked.update(_annotations_of(element))
        elif kind == "/Figure" and not str(element.get("/Alt", "")).strip():
            yield "figure-alt", "a /Figure has no /Alt text", "error"
        elif kind in HEADINGS:
            level = HEADINGS[kind]
            if level > previous + 1:
                found = f"H{level} follows H{previous}" if previous else f"first is H{level}"
                yield "heading-order", f"{found}; expected H{previous + 1}", "error"
            previous = level
        elif kind in LIST_KIDS:
            wrong = sorted(
                {role_map.get(str(kid.S), str(kid.S)) for kid in structure_kids(element)}
            )
            wrong = [name for name in wrong if name not in LIST_KIDS[kind]]
            if wrong:
                yield "list-structure", f"{kind} contains {', '.join(wrong)}", "error"
        elif kind == "/Table":
            yield from check_table(element, role_map)
    yield from _check_link_annotations(pdf, linked)
    found = ", ".join(sorted(set(languages))) or "none"
    message = f"{len(languages)} structure elements carry /Lang ({found})"
    yield "lang-spans", message, "info"


def _annotations_of(element: Any) -> Iterator[tuple[int, int]]:
    """The annotations an element holds through ``/OBJR`` kids."""
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.OBJR:
            yield kid.Obj.objgen


def _check_link_annotations(pdf: pikepdf.Pdf, linked: set[tuple[int, int]]) -> Iterator[Issue]:
    """Every link annotation is the object of an ``/OBJR`` in a ``/Link`` (Matterhorn 28-011)."""
    for number, page in enumerate(pdf.pages, start=1):
        annotations: Any = page.obj.get("/Annots", [])
        for index, annotation in enumerate(annotations, start=1):
            if annotation.get("/Subtype") == pikepdf.Name.Link and annotation.objgen not in linked:
                message = f"page {number}: link annotation {index} is not in a /Link element"
                yield "link-annotation", message, "error"


def _fonts(resources: Any, seen: set[tuple[int, int]]) -> Iterator[Any]:
    """Every font reachable from a resource dictionary, through form XObjects."""
    if not isinstance(resources, pikepdf.Dictionary):
        return
    for font in _get(resources, "/Font").values():
        if font.objgen not in seen or font.objgen == (0, 0):
            seen.add(font.objgen)
            yield font
    for xobject in _get(resources, "/XObject").values():
        if xobject.get("/Subtype") == pikepdf.Name.Form and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            yield from _fonts(xobject.get("/Resources"), seen)


def _check_fonts(pdf: pikepdf.Pdf) -> Iterator[Issue]:
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        for font in _fonts(page.obj.get("/Resources"), seen):
            if font.get("/Subtype") == pikepdf.Name.Type3:
                continue  # glyphs are content streams in the file itself
            descendants = font.get("/DescendantFonts", [font])
            for part in descendants:
                descriptor = _get(part, "/FontDescriptor")
                if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    name = str(part.get("/BaseFont", "?"))
                    yield "font-embedded", f"font {name} is not embedded", "error"


def _check_content(pdf: pikepdf.Pdf, margin_band: float) -> Iterator[Issue]:
    struct_root = pdf.Root.get("/StructTreeRoot")
    numbers: dict[int, Any] = {}
    reachable: set[tuple[int, int]] = set()
    if struct_root is not None:
        numbers = read_number_tree(_get(struct_root, "/ParentTree"))
        reachable = reachable_elements(struct_root)
    for number, page in enumerate(pdf.pages, start=1):
        key = page.obj.get("/StructParents")
        parents = numbers.get(int(key), []) if key is not None else []
        instructions = list(pikepdf.parse_content_stream(page))
        counts = _page_counts(page, instructions, parents, reachable, margin_band)
        for rule, count in counts.items():
            if count:
                yield rule, f"page {number}: {count} {CONTENT_MESSAGES[rule]}", "error"
        if tofu := notdef_chars(page, instructions):
            message = f"page {number}: {len(tofu)} characters drawn with the .notdef glyph"
            found = ", ".join(sorted(set(tofu)))
            yield "notdef-glyph", f"{message} ({found}): no embedded font has them", "error"


CONTENT_MESSAGES = {
    "untagged-content": "text/image operators outside any tagged or /Artifact sequence",
    "parent-tree": "MCIDs have no entry in the /ParentTree",
    "orphan-content": "tagged runs belong to no element reachable from /StructTreeRoot",
    "margin-artifact": "text runs in the page margin are not marked /Artifact",
}


def _page_counts(
    page: pikepdf.Page,
    instructions: list[Any],
    parents: Any,
    reachable: set[tuple[int, int]],
    margin_band: float,
) -> dict[str, int]:
    counts = dict.fromkeys(CONTENT_MESSAGES, 0)
    box = [float(value) for value in page.obj.MediaBox]
    bottom, top = min(box[1], box[3]) + margin_band, max(box[1], box[3]) - margin_band
    xobjects = _get(_get(page.obj, "/Resources"), "/XObject")
    for drawn in scan_content(instructions):
        if drawn.is_artifact:
            continue
        is_image = _get(xobjects, drawn.name).get("/Subtype") == pikepdf.Name.Image
        if drawn.operator == "Do" and not is_image:
            continue  # form XObjects: their own content is not inspected

        mcid = drawn.mcid
        if mcid is None:
            counts["untagged-content"] += 1
        elif mcid >= len(parents) or not isinstance(parents[mcid], pikepdf.Dictionary):
            counts["parent-tree"] += 1
        elif parents[mcid].objgen not in reachable:
            counts["orphan-content"] += 1
        if drawn.operator != "Do" and not bottom <= drawn.y <= top:
            counts["margin-artifact"] += 1
    return counts
