"""PDF/UA-1 tagging that WeasyPrint 70 gets wrong, fixed while it lays out, draws and tags.

WeasyPrint has no public hook for these fixes, so :func:`install` wraps four of its
private functions (and a fifth for :mod:`.pdf_duplex`, which lays a duplex pad out once).
The wrappers do nothing outside :func:`leaflet_tagging`, so a plain
``weasyprint.HTML(...).write_pdf()`` in the same process (tests, the benchmark's baseline)
behaves exactly as stock WeasyPrint.  :func:`install` first checks the WeasyPrint and pydyf
versions and the parameters of every function it wraps; if they are not the ones the
wrappers were written for, every PDF job fails with a message naming the versions, rather
than write leaflets that look right and are not conformant.

- **Running headers and footers.**  WeasyPrint 70 draws the text of ``@page`` margin boxes
  as ``/Span <</MCID n>> BDC`` and builds structure elements for it that are never linked
  into the tree (their ``/P`` is ``/Document``, whose ``/K`` does not list them), which
  PDF/UA forbids (Matterhorn 01-001).  Here that text is drawn as ``/Artifact <</Type
  /Pagination /Subtype /Header|/Footer>> BDC`` instead (wrapping ``draw_page`` and
  ``Stream.marked``) and no structure is built for margin boxes (wrapping
  ``_build_box_tree``), so MCIDs stay dense and the parent tree lists only reachable
  elements.
- **Inline language.**  WeasyPrint writes the document language to the catalog but ignores
  ``lang`` on inner elements, so a paragraph that fell back to English inside an Arabic
  leaflet would be read with an Arabic voice (Matterhorn 11-006).  The ``_build_box_tree``
  wrapper copies an element's ``lang`` onto the structure elements built for it.
- **Table header scope.**  WeasyPrint links each ``TD`` to its ``TH`` with ``/Headers`` but
  writes no ``/Scope``, so a cell that lost its ``/Headers`` (a row moved in from a page
  fragment without headers) has headers nobody can determine.  The same wrapper gives every
  ``TH`` the ``/Scope`` of its HTML ``scope`` attribute (``/Column`` without one, as
  WeasyPrint assumes).
- **Which source table a fragment is.**  A table split across pages becomes one ``/Table``
  per page.  The wrapper records on each the table element it came from (:data:`SOURCE`,
  removed again by the finisher in :mod:`.pdf_structure`), so fragments are joined by
  their source, never because two different tables happen to sit on adjacent pages.
- **One annotation per link.**  WeasyPrint's ``link`` property is inherited, so every box
  inside ``<a>`` (an ``<em>`` in the link text) gets a second link annotation over the same
  area, and its structure element is not a ``/Link`` (Matterhorn 28-011).  Wrapping
  ``gather_anchors`` keeps only the annotation of the outermost linked box.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from typing import Any

import pydyf
import weasyprint.document
import weasyprint.layout
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import tags
from weasyprint.pdf.stream import Stream

from carted_export.errors import RenderError
from carted_export.render.pdf_duplex import dropping_unneeded_pad

log = logging.getLogger(__name__)

_ACTIVE: ContextVar[bool] = ContextVar("carted_export_leaflet_tagging", default=False)
_ARTIFACT = "_carted_export_artifact"  # set on the boxes drawn inside a margin box
_ORIGINAL = "carted_export_wrapped"  # on a wrapper: the function it wraps
_SKIPPED_TAGS = ("html", "body")  # their elements are their children's: never relabel them
#: The structure-element key naming the source ``<table>`` (the identity of its parsed HTML
#: element); private to this package, read and removed by the finisher before writing.
SOURCE = "CartedExportSource"
_SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column"}


@contextmanager
def leaflet_tagging() -> Iterator[None]:
    """Apply the fixes to every ``write_pdf`` inside this block (in this context only)."""
    install()
    token = _ACTIVE.set(True)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


#: The releases whose internals the wrappers are written against (pyproject pins them too).
SUPPORTED_VERSIONS = {"weasyprint": "70.", "pydyf": "0.13."}
#: The parameters of each wrapped function, as the wrappers call them.
SIGNATURES = {
    "draw_page": ("page", "stream"),
    "marked": ("self", "box", "tag"),
    "_build_box_tree": ("box", "parent", "pdf", "page_number", "nums", "annotations", "tags"),
    "gather_anchors": ("box", "anchors", "links", "bookmarks", "forms", "parent_matrix"),
    "make_all_pages": ("context", "root_box", "html", "pages"),
}


def _targets() -> tuple[tuple[Any, str, Callable[[Any], Any]], ...]:
    return (
        (weasyprint.document, "draw_page", _labelling_margin_boxes),
        (Stream, "marked", _marking_artifacts),
        (tags, "_build_box_tree", _fixing_structure),
        (weasyprint.document, "gather_anchors", _outermost_links_only),
        (weasyprint.layout, "make_all_pages", dropping_unneeded_pad),
    )


@functools.cache
def internals_problem() -> str | None:
    """Why the wrappers cannot be trusted with the installed WeasyPrint, or None.

    Checked once per process: the versions of WeasyPrint and pydyf, and the parameters of
    every function we wrap.  A mismatch must never produce a PDF that looks fine and is not
    conformant, so the caller fails the PDF job with this message.
    """
    versions = {"weasyprint": weasyprint.__version__, "pydyf": pydyf.__version__}
    found = ", ".join(f"{name} {version}" for name, version in versions.items())
    for name, prefix in SUPPORTED_VERSIONS.items():
        if not versions[name].startswith(prefix):
            return (
                f"carted-export's PDF/UA fixes support WeasyPrint 70 with pydyf 0.13, not "
                f"{found}; install the versions in its lock file"
            )
    for owner, name, _wrap in _targets():
        function = getattr(owner, name, None)
        original = getattr(function, _ORIGINAL, function)
        if not callable(original):
            return f"WeasyPrint ({found}) has no {name}() any more; PDF/UA fixes cannot apply"
        parameters = tuple(inspect.signature(original).parameters)
        if parameters[: len(SIGNATURES[name])] != SIGNATURES[name]:
            return (
                f"WeasyPrint's {name}{inspect.signature(original)} ({found}) is not the "
                f"{name}({', '.join(SIGNATURES[name])}) carted-export wraps"
            )
    return None


def install() -> None:
    """Wrap WeasyPrint's functions once; :class:`RenderError` when its internals are not
    the ones the wrappers were written for."""
    problem = internals_problem()
    if problem is not None:
        raise RenderError(problem)
    for owner, name, wrap in _targets():
        original = getattr(owner, name)
        if getattr(original, _ORIGINAL, None) is None:
            wrapper = wrap(original)
            setattr(wrapper, _ORIGINAL, original)
            setattr(owner, name, wrapper)


# Margin boxes ----------------------------------------------------------------------------


def _artifact_properties(margin: Any, page: Any) -> pydyf.Dictionary:
    """``/Pagination`` properties for a margin box: header in the top half, else footer."""
    side = str(margin.at_keyword).lstrip("@").split("-")[0]  # top, bottom, left or right
    middle = margin.position_y + margin.margin_height() / 2
    header = side == "top" or (side != "bottom" and middle < page.margin_height() / 2)
    return pydyf.Dictionary(
        {
            "Type": "/Pagination",
            "Subtype": "/Header" if header else "/Footer",
            "Attached": pydyf.Array([f"/{side.capitalize()}"]),
        }
    )


def _label_margin_boxes(page: Any) -> None:
    for margin in page.children:
        if not isinstance(margin, boxes.MarginBox):
            continue
        properties = _artifact_properties(margin, page)
        pending: list[Any] = list(margin.children)
        while pending:
            box = pending.pop()
            setattr(box, _ARTIFACT, properties)
            pending.extend(getattr(box, "children", ()))


def _labelling_margin_boxes(original: Callable[..., None]) -> Callable[..., None]:
    def draw_page(page: Any, stream: Any) -> None:
        if _ACTIVE.get():
            _label_margin_boxes(page)
        original(page, stream)

    return draw_page


@contextmanager
def _artifact(stream: Any, properties: pydyf.Dictionary) -> Iterator[None]:
    stream.begin_marked_content("Artifact", properties)
    try:
        yield
    finally:
        stream.end_marked_content()


def _marking_artifacts(
    original: Callable[..., AbstractContextManager[None]],
) -> Callable[..., AbstractContextManager[None]]:
    def marked(stream: Any, box: Any, tag: str) -> AbstractContextManager[None]:
        properties = getattr(box, _ARTIFACT, None)
        if properties is None or stream._tags is None:
            return original(stream, box, tag)
        return _artifact(stream, properties)  # not registered: no MCID, no structure

    return marked


# Links -----------------------------------------------------------------------------------


def _outermost_links(links: list[Any]) -> list[Any]:
    """``(type, target, rectangle, box)`` entries less those inside another linked box."""
    nested: set[int] = set()
    for *_, box in links:
        if id(box) not in nested:  # pre-order: an outer link comes before what it holds
            nested.update(
                id(descendant) for descendant in box.descendants() if descendant is not box
            )
    return [link for link in links if id(link[-1]) not in nested]


def _outermost_links_only(original: Callable[..., None]) -> Callable[..., None]:
    def gather_anchors(box: Any, anchors: Any, links: list[Any], *args: Any) -> None:
        start = len(links)
        original(box, anchors, links, *args)
        if _ACTIVE.get():
            links[start:] = _outermost_links(links[start:])

    return gather_anchors


# Structure -------------------------------------------------------------------------------


def _attributes(box: Any) -> dict[str, Any]:
    """What the structure elements built for this box get, beyond WeasyPrint's."""
    box = getattr(box, "_box", box)  # AbsolutePlaceholder wraps the real box
    element, tag = getattr(box, "element", None), getattr(box, "element_tag", None)
    if element is None or tag in _SKIPPED_TAGS:
        return {}
    attributes: dict[str, Any] = {}
    if lang := element.get("lang"):
        attributes["Lang"] = str(lang)
    if tag == "th":
        attributes["Scope"] = _SCOPES.get(str(element.get("scope", "")).lower(), "/Column")
    elif tag == "table":
        attributes[SOURCE] = id(element)  # the same parsed element for every page fragment
    return attributes


def _labelled(elements: Iterator[Any], attributes: dict[str, Any]) -> Iterator[Any]:
    for element in elements:
        if "Lang" in attributes and "Lang" not in element:
            element["Lang"] = pydyf.String(attributes["Lang"])
        if "Scope" in attributes and element["S"] == "/TH":  # not its anonymous inner block
            element["A"]["Scope"] = attributes["Scope"]
        if SOURCE in attributes and element["S"] == "/Table":
            element[SOURCE] = attributes[SOURCE]
        yield element


def _fixing_structure(original: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    def build_box_tree(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        if not _ACTIVE.get():
            return original(box, parent, *args)
        if isinstance(box, boxes.MarginBox):
            return iter(())  # its content was drawn as artifacts: nothing to tag
        elements = original(box, parent, *args)
        attributes = _attributes(box)
        # Most boxes need nothing: hand back WeasyPrint's generator untouched.
        return _labelled(elements, attributes) if attributes else elements

    return build_box_tree
