"""Inline language changes in the PDF structure (``/Lang`` on structure elements).

WeasyPrint 70 writes the document language to the catalog but ignores ``lang`` on inner
elements, so a paragraph that fell back to English inside an Arabic leaflet would be read
with an Arabic voice.  PDF/UA (Matterhorn 11-006) wants such changes declared.  WeasyPrint
has no hook for this, so :func:`install` wraps its private ``_build_box_tree`` to copy an
element's ``lang`` attribute onto the structure element built for it.  The wrapper is
version-checked and tested (tests/test_pdf_lang.py); if WeasyPrint's internals change, the
build still works and the test fails, telling us to update this module.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import pydyf
from weasyprint.pdf import tags

log = logging.getLogger(__name__)
_SKIPPED_TAGS = ("html", "body")  # their elements are their children's: never relabel them


def _element_lang(box: Any) -> str | None:
    box = getattr(box, "_box", box)  # AbsolutePlaceholder wraps the real box
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) in _SKIPPED_TAGS:
        return None
    lang = element.get("lang")
    return str(lang) if lang else None


def _labelled(elements: Iterator[Any], lang: str) -> Iterator[Any]:
    for element in elements:
        if "Lang" not in element:
            element["Lang"] = pydyf.String(lang)
        yield element


def _with_lang(original: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    def build_box_tree(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        elements = original(box, parent, *args)
        lang = _element_lang(box)
        # Most boxes have no lang of their own: hand back WeasyPrint's generator untouched.
        return _labelled(elements, lang) if lang else elements

    build_box_tree.carted_export_lang = True  # type: ignore[attr-defined]
    return build_box_tree


def install() -> bool:
    """Wrap WeasyPrint's structure builder once; False when its internals are not as expected."""
    original = getattr(tags, "_build_box_tree", None)
    if original is None:
        log.warning("WeasyPrint internals changed: inline lang is not written to the PDF")
        return False
    if not getattr(original, "carted_export_lang", False):
        tags._build_box_tree = _with_lang(original)
    return True
