"""Make an SVG safe to embed, or refuse it.

An SVG is a document, not a picture: it can carry scripts, event handlers, external
references (``xlink:href="https://..."``, ``@import``) and entity expansions.  We parse
it without network or entity resolution and keep only SVG elements, dropping scripts,
``foreignObject``, ``style`` elements, ``on*`` attributes and any reference that is not
a same-document fragment (``#id``).
"""

from __future__ import annotations

from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_DROP = {"script", "foreignObject", "style", "iframe", "object", "embed", "handler"}
_REF_ATTRS = {"href", f"{{{XLINK_NS}}}href", "src"}
MAX_SVG_BYTES = 2 * 1024 * 1024


def sanitize_svg(data: bytes) -> bytes | None:
    """The sanitized SVG bytes, or ``None`` if it is not a well-formed SVG."""
    if len(data) > MAX_SVG_BYTES:
        return None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    if root.tag not in (f"{{{SVG_NS}}}svg", "svg"):
        return None
    for element in list(root.iter()):
        if not isinstance(element.tag, str):  # comments, processing instructions
            _remove(element)
            continue
        namespace, _, local = str(element.tag).rpartition("}")
        if local in _DROP or namespace.lstrip("{") not in ("", SVG_NS):
            _remove(element)
            continue
        _clean_attributes(element)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _clean_attributes(element: etree._Element) -> None:
    for key in list(element.attrib):
        name = key.decode() if isinstance(key, bytes) else str(key)
        value = str(element.attrib[key]).strip()
        local = name.rpartition("}")[2].lower()
        unsafe = (
            local.startswith("on")
            or (name in _REF_ATTRS and not value.startswith("#"))
            or ("url(" in value.lower() and "url(#" not in value.lower().replace(" ", ""))
        )
        if unsafe:
            del element.attrib[key]
