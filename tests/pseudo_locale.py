"""A pseudo-translation, as a pseudo-locale makes one: every letter of the prose accented
(``a`` -> ``á``), everything a translator must keep left as it is (link addresses,
placeholders, code, e-mail, web and phone addresses, numbers with their units, markup)."""

from __future__ import annotations

import re

_ACCENTS = str.maketrans("aeiouyAEIOUY", "áéíóúýÁÉÍÓÚÝ")
_KEPT = re.compile(
    r"\]\([^)]*\)"  # a link's address
    r"|<[^<>]*>"  # an autolink or a tag
    r"|%\(\w+\)[sd]|%[sd]|\{\w*\}"  # placeholders
    r"|`[^`]*`"  # code
    r"|(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # plain-text addresses
    r"|\b1-8\d\d-(?:\d-)?[A-Z]{6,7}\b"  # a phone number spelled in letters (1-800-4-CANCER)
    r"|\d[\d.,]*\s*[A-Za-zµμ%]+"  # a number and the word after it (units)
)


def pseudo_translate(text: str) -> str:
    """``text`` with the accents of a pseudo-locale on everything a translator changes."""
    kept = [found.span() for found in _KEPT.finditer(text)]
    out: list[str] = []
    position = 0
    for start, end in kept:
        out.append(text[position:start].translate(_ACCENTS))
        out.append(text[start:end])
        position = end
    out.append(text[position:].translate(_ACCENTS))
    return "".join(out)
