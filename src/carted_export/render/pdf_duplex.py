"""Duplex padding in one layout: the pad page is laid out with the leaflet, and dropped
before the running footers are made when the leaflet is even without it.

A duplex leaflet of an odd number of pages gets one more page at its very end ("My notes"
lines, or a blank page; :func:`carted_export.render.pdf.duplex_pads`).  Whether it is needed
is known only after pagination, and laying the whole leaflet out a second time with the
pad cost about a third of a PDF job on half the leaflets.  The pad starts with a forced
page break and nothing follows it, so the pages before it are laid out exactly as without
it.  WeasyPrint makes the margin boxes (where "Page 3 of 4" is written) only after
pagination, from the number of pages it was given: so :func:`dropping_unneeded_pad` wraps
``weasyprint.layout.make_all_pages`` (installed with the other wrappers,
:mod:`.pdf_tagging`) and, inside :func:`optional_pad`, leaves out the pad's pages when the
pages before it are even.  The file is then the one laid out without the pad, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

#: The classes of the pad's element in ``document.html.j2`` (one per kind of pad).
PAD_CLASSES = frozenset({"notes-page", "blank-page"})
_FULL = "_carted_export_all_pages"  # on WeasyPrint's layout context: pages, pad included


@dataclass(slots=True)
class PadLayout:
    """What the layout found: the pages before the pad, and the pad's own pages."""

    found: bool = False
    before: int = 0
    pages: int = 0

    @property
    def dropped(self) -> bool:
        return self.found and self.before % 2 == 0


_STATE: ContextVar[PadLayout | None] = ContextVar("carted_export_optional_pad", default=None)


@contextmanager
def optional_pad() -> Iterator[PadLayout]:
    """Lay out the page inside this block with its pad left out when it is not needed."""
    state = PadLayout()
    token = _STATE.set(state)
    try:
        yield state
    finally:
        _STATE.reset(token)


def _is_pad(box: Any) -> bool:
    element = getattr(box, "element", None)
    return element is not None and element.get("class") in PAD_CLASSES


def pad_start(pages: list[Any]) -> int | None:
    """The index of the first page holding the pad (the pages at the end), or None."""
    start = None
    for index in range(len(pages) - 1, -1, -1):
        if not any(_is_pad(box) for box in pages[index].descendants()):
            break
        start = index
    return start


def dropping_unneeded_pad(original: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    def make_all_pages(context: Any, root_box: Any, html: Any, pages: Any) -> Iterator[Any]:
        state = _STATE.get()
        if state is None:
            yield from original(context, root_box, html, pages)
            return
        # A repagination passes back the pages it was given: hand WeasyPrint its own list.
        made = list(original(context, root_box, html, getattr(context, _FULL, pages)))
        setattr(context, _FULL, made)
        start = pad_start(made)
        state.found = start is not None
        if start is not None:
            state.before, state.pages = start, len(made) - start
        yield from made[: state.before] if state.dropped else made

    return make_all_pages
