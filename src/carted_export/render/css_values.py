"""Text that goes into the print stylesheet: safely quoted CSS strings, page counters."""

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
