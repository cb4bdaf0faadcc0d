"""Text that goes into the print stylesheet: safely quoted CSS strings, page counters, the
writing lines of "My notes"."""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")


def css_string(value: str) -> str:
    """A double-quoted CSS string; escapes anything that could end it or the <style> element."""
    out = []
    for char in value:
        if char.isalnum() or char in " .,:;-_()/'" or ord(char) > 0x7F:
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x}")
    return '"' + "".join(out) + '"'


def page_counter_css(label: str) -> str:
    """Turn a translated "Page %(page)s of %(pages)s" into a CSS ``content`` value."""
    parts: list[str] = []
    pos = 0
    for match in _PLACEHOLDER.finditer(label):
        if match.start() > pos:
            parts.append(css_string(label[pos : match.start()]))
        parts.append(f"counter({match.group(1)})")
        pos = match.end()
    if pos < len(label):
        parts.append(css_string(label[pos:]))
    if not any(part.startswith("counter(page)") for part in parts):
        parts.append('" " counter(page)')  # a translation lost the placeholder: keep numbering
    return " ".join(parts)


#: The gap between two writing lines, in millimetres (a ruled notebook's 8-10 mm).
LINE_GAP_MM = 10


def ruled_lines(count: int) -> str:
    """CSS for ``count`` writing lines in the bottom padding of an element: an SVG image
    (grey #767676, 0.6 mm thick) as background.  WeasyPrint paints it, as an artifact."""
    height = count * LINE_GAP_MM
    rules = "".join(
        f"%3Crect x='0' y='{(n + 1) * LINE_GAP_MM - 0.6:g}' width='100' height='0.6'/%3E"
        for n in range(count)
    )
    svg = (
        "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' "
        f"viewBox='0 0 100 {height}' preserveAspectRatio='none' fill='%23767676'%3E"
        f"{rules}%3C/svg%3E"
    )
    return (
        f'padding-block-end: {height}mm; background-image: url("{svg}"); '
        f"background-size: 100% {height}mm; background-position: left bottom; "
        "background-repeat: no-repeat;"
    )
