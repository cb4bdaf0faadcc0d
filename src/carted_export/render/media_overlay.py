"""EPUB 3 Media Overlays: the EPUB that reads itself aloud, highlighting what it reads.

The audio job's narration (:mod:`.speech`) already knows where each piece of the leaflet
starts and ends in the audio file; this module finds the element of the content document
that shows each piece and pairs them in a SMIL document, one ``<par>`` per piece.  The
pieces are matched to the elements in the order of both (the narration's order is the
page's reading order), by their text: a piece is found in an element that shows exactly its
text, or its text after a short spoken label ("What the image shows:", "Source:"), or, for a
table row, every cell of it in turn.  A piece with no such element (a notice the page shows
elsewhere, a definition the page only links) is spoken in the audio file but left out of the
overlay, so the overlay never highlights the wrong text; every element it names gets an
``id`` if it had none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from carted_export.render.audio import clock
from carted_export.render.speech import Clip, Narration

XHTML = "http://www.w3.org/1999/xhtml"
SMIL = "http://www.w3.org/ns/SMIL"
#: The elements a piece can be shown in (a table row is one piece: "Dose: 2 mg; ...").
_SHOWN = frozenset(
    ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "caption", "figcaption", "tr")
)
#: The longest spoken label before a piece's text ("What the image shows: ", "Web address: ").
_LABEL = 40
#: The class a reading system puts on the element being read (``media:active-class``).
ACTIVE_CLASS = "reading-aloud"
ACTIVE_CSS = (
    f"\n/* the passage being read aloud (EPUB Media Overlays) */\n"
    f".{ACTIVE_CLASS} {{ background-color: #fff3a8; color: #000; }}\n"
)


@dataclass(frozen=True, slots=True)
class Overlay:
    """The content document with the ids the overlay points to, and the overlay itself."""

    xhtml: str
    smil: str
    seconds: float  # the sum of the clips' lengths, as ``media:duration`` states it
    complete: bool  # every element with text is read by a clip of the overlay


@dataclass(frozen=True, slots=True)
class _Shown:
    element: etree._Element
    texts: tuple[str, ...]  # the element's text; a table row: each cell's


def media_overlay(xhtml: str, narration: Narration, content_href: str, audio_href: str) -> Overlay:
    """The overlay of ``content_href`` (whose markup is ``xhtml``) read from ``audio_href``."""
    root = etree.fromstring(xhtml.encode("utf-8"))
    shown = [item for item in _shown(root) if any(item.texts)]
    pairs = list(_pairs(narration.clips, shown))
    taken = {id(item.element) for _, item in pairs}
    ids = {str(e.get("id")) for e in root.iter(f"{{{XHTML}}}*") if e.get("id")}
    smil = etree.fromstring(f'<smil xmlns="{SMIL}" version="3.0"><body/></smil>')
    body = smil[0]
    seconds = 0.0
    for number, (clip, item) in enumerate(pairs, start=1):
        target = _id(item.element, ids, number)
        par = etree.SubElement(body, f"{{{SMIL}}}par", id=f"par-{number}")
        etree.SubElement(par, f"{{{SMIL}}}text", src=f"{content_href}#{target}")
        begin, end = clock(clip.begin), clock(clip.end)
        etree.SubElement(par, f"{{{SMIL}}}audio", src=audio_href, clipBegin=begin, clipEnd=end)
        seconds += _millis(end) - _millis(begin)
    return Overlay(
        xhtml=_serialize(xhtml, root),
        smil=etree.tostring(smil, encoding="utf-8", xml_declaration=True, pretty_print=True).decode(
            "utf-8"
        ),
        seconds=round(seconds / 1000, 3),
        complete=len(taken) == len(shown),
    )


def _shown(root: etree._Element) -> Iterator[_Shown]:
    """The elements that show a piece, in document order, each with its own text only (a
    list item's text without its nested list's, which are elements of their own)."""
    for element in root.iter(f"{{{XHTML}}}*"):
        name = etree.QName(element).localname
        if name == "tr":
            cells = element.findall(f"{{{XHTML}}}td")
            yield _Shown(
                element, tuple(_words("".join(map(str, cell.itertext()))) for cell in cells)
            )
        elif name in _SHOWN and not _inside_row(element):
            yield _Shown(element, (_words(_own_text(element)),))
        elif name == "img" and element.get("alt"):
            yield _Shown(element, (_words(element.get("alt", "")),))


def _inside_row(element: etree._Element) -> bool:
    return any(etree.QName(up).localname == "tr" for up in element.iterancestors())


def _own_text(element: etree._Element) -> str:
    """The text of ``element`` less that of descendants that show pieces of their own."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname not in _SHOWN:
            parts.append(_own_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _words(text: str) -> str:
    return " ".join(text.split())


def _pairs(clips: tuple[Clip, ...], shown: list[_Shown]) -> Iterator[tuple[Clip, _Shown]]:
    """Each clip with the first element after the last one paired that shows its piece."""
    at = 0
    for clip in clips:
        spoken = _words(clip.piece.text)
        for index in range(at, len(shown)):
            if _shows(shown[index], spoken):
                yield clip, shown[index]
                at = index + 1
                break


def _shows(item: _Shown, spoken: str) -> bool:
    if len(item.texts) == 1:
        text = item.texts[0]
        return spoken.endswith(text) and len(spoken) - len(text) <= _LABEL
    at = 0  # a table row: its cells in turn
    for text in item.texts:
        found = spoken.find(text, at) if text else at
        if found < 0:
            return False
        at = found + len(text)
    return True


def _id(element: etree._Element, ids: set[str], number: int) -> str:
    existing = element.get("id")
    if existing:
        return str(existing)
    candidate = f"read-{number}"
    while candidate in ids:
        candidate += "-"
    ids.add(candidate)
    element.set("id", candidate)
    return candidate


def _millis(value: str) -> int:
    hours, minutes, seconds = value.split(":")
    return (int(hours) * 3600 + int(minutes) * 60) * 1000 + round(float(seconds) * 1000)


def _serialize(original: str, root: etree._Element) -> str:
    """The document again, with its own XML declaration and doctype."""
    head = original.partition("<html")[0]
    return head + etree.tostring(root, encoding="unicode")
