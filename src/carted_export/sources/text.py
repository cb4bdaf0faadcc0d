"""Bytes to clean text: size limit, binary check, BOM, newlines and encoding fallback.

Everything a reader needs before it can look at the content lives here, so both readers
get the same guarantees: the text is ``str`` with ``\\n`` line ends, no BOM, no NUL, and
at most ``max_bytes`` long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from carted_export.errors import SourceError

#: Share of C0 control characters (other than tab/newline) above which we call a file binary.
_MAX_CONTROL_RATIO = 0.05
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class DecodedText:
    """The decoded text; ``guessed_at`` is the 1-based line of the first non-UTF-8 byte."""

    text: str
    encoding: str
    guessed_at: int | None = None


def read_bytes(path: Path, max_bytes: int, name: str) -> bytes:
    """The file's bytes, at most ``max_bytes``; :class:`SourceError` naming ``name``."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise SourceError(
            f"cannot read file ({exc.strerror or exc}); check the path", path=name
        ) from None
    check_size(raw, max_bytes, name)
    return raw


def check_size(raw: bytes, max_bytes: int, name: str) -> None:
    if len(raw) > max_bytes:
        raise SourceError(
            f"file is larger than the {max_bytes:,}-byte limit (max_bytes); "
            "split the article or raise the limit",
            path=name,
        )


def decode_text(raw: bytes, name: str) -> DecodedText:
    """A source file's bytes as text, or :class:`SourceError` saying why they cannot be."""
    if not raw.strip():
        raise SourceError("empty file; nothing to export", path=name, line=1)
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise SourceError(
            "binary file (NUL byte); expected UTF-8 Markdown or plain text", path=name, line=line
        )
    decoded = _decode(raw)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if len(_CONTROL.findall(text)) > _MAX_CONTROL_RATIO * len(text):
        raise SourceError(
            "binary file (too many control characters); expected text", path=name, line=1
        )
    if not text.strip():
        raise SourceError("empty file; nothing to export", path=name, line=1)
    return DecodedText(text, decoded.encoding, decoded.guessed_at)


def _decode(raw: bytes) -> DecodedText:
    """UTF-8 (with or without BOM) first; then cp1252, then latin-1, which never fails."""
    try:
        return DecodedText(raw.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
    for encoding in ("cp1252", "latin-1"):
        try:
            return DecodedText(raw.decode(encoding), encoding, line)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any byte string")  # pragma: no cover
