"""A small reader of Ogg Opus files for the tests (RFC 3533 pages, RFC 7845 headers),
independent of carted-export's own code: the packets of the stream, the OpusTags comments
and the playing time."""

from __future__ import annotations

import struct


def packets(data: bytes) -> list[bytes]:
    """Every packet of the (single) logical stream, joined across pages."""
    found: list[bytes] = []
    partial = b""
    at = 0
    while at < len(data):
        assert data[at : at + 4] == b"OggS", f"no Ogg page at byte {at}"
        count = data[at + 26]
        lacing = data[at + 27 : at + 27 + count]
        body = at + 27 + count
        for size in lacing:
            partial += data[body : body + size]
            body += size
            if size < 255:
                found.append(partial)
                partial = b""
        at = body
    return found


def comments(data: bytes) -> list[tuple[str, str]]:
    """The OpusTags comments (NAME, value), in order."""
    tags = packets(data)[1]
    assert tags.startswith(b"OpusTags")
    vendor = struct.unpack_from("<I", tags, 8)[0]
    at = 12 + vendor
    (count,) = struct.unpack_from("<I", tags, at)
    at += 4
    found = []
    for _ in range(count):
        (size,) = struct.unpack_from("<I", tags, at)
        name, _, value = tags[at + 4 : at + 4 + size].decode("utf-8").partition("=")
        found.append((name.upper(), value))
        at += 4 + size
    return found


def seconds(data: bytes) -> float:
    """The playing time: the last page's granule position less the pre-skip, at 48 kHz."""
    head = packets(data)[0]
    assert head.startswith(b"OpusHead")
    pre_skip = struct.unpack_from("<H", head, 10)[0]
    last = data.rfind(b"OggS")
    granule = struct.unpack_from("<q", data, last + 6)[0]
    return float((granule - pre_skip) / 48_000)


def chapters(data: bytes) -> list[tuple[float, str]]:
    """(start in seconds, name) of each CHAPTERnnn comment, in number order."""
    tags = dict(comments(data))
    found = []
    number = 1
    while f"CHAPTER{number:03d}" in tags:
        hours, minutes, rest = tags[f"CHAPTER{number:03d}"].split(":")
        start = int(hours) * 3600 + int(minutes) * 60 + float(rest)
        found.append((start, tags.get(f"CHAPTER{number:03d}NAME", "")))
        number += 1
    return found
