"""The audio leaflet (``<slug>.opus``): the narration of :mod:`.speech` in Ogg Opus.

opus-tools' ``opusenc`` (Debian ``opus-tools``) encodes it at a speech bitrate, with the
title, publisher, language and source as Vorbis comments and one chapter per heading in
the Ogg chapter convention (``CHAPTER001=00:01:02.500``, ``CHAPTER001NAME=...``) that
players such as VLC, foobar2000 and many podcast apps read.  The stream's serial number
comes from the article and locale, so the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import struct
import subprocess
import tempfile
import wave
from pathlib import Path

from carted_export.config import RenderContext
from carted_export.document import Document
from carted_export.errors import RenderError
from carted_export.files import sha256_hex
from carted_export.markup import plain
from carted_export.render.linear import Kind
from carted_export.render.programs import required_program
from carted_export.render.speech import Narration, narrate

#: Opus's bitrate for one synthetic voice, in kbit/s: clear speech, about 180 KB a minute.
BITRATE = 24
#: opusenc's encoder complexity (0-10) and frame size: synthetic speech at 24 kbit/s sounds
#: the same at 2 as at 10, and 60 ms frames cost a third of the default 20 ms ones; the
#: encoding is most of the audio job's time.
COMPLEXITY = 2
FRAME_MS = 60
MEDIA_TYPE = "audio/ogg"  # with codecs=opus where a type may carry parameters


def render_audio(document: Document, ctx: RenderContext) -> bytes:
    return encode(narrate(document, ctx), document, ctx)


def encode(narration: Narration, document: Document, ctx: RenderContext) -> bytes:
    """The narration as an Ogg Opus file with its tags and chapters."""
    meta = document.metadata
    comments = [
        ("TITLE", plain(meta.title.markdown)),
        ("LANGUAGE", ctx.lang_tag),
        ("DATE", ctx.export_date.isoformat()),
    ]
    if meta.publisher:
        comments.append(("ARTIST", meta.publisher))
    if meta.url:
        comments.append(("CONTACT", meta.url))
    comments.extend(chapter_comments(narration))
    serial = int(sha256_hex(f"{ctx.slug}/{ctx.locale}".encode())[:7], 16)
    arguments = ["--quiet", "--speech", "--bitrate", str(BITRATE), "--serial", str(serial)]
    arguments += ["--comp", str(COMPLEXITY), "--framesize", str(FRAME_MS)]
    for name, value in comments:
        arguments += ["--comment", f"{name}={' '.join(value.split())}"]
    return _opusenc(arguments, _wav(narration))


def chapter_comments(narration: Narration) -> list[tuple[str, str]]:
    """``CHAPTERnnn`` (start) and ``CHAPTERnnnNAME`` of each heading."""
    comments: list[tuple[str, str]] = []
    headings = [clip for clip in narration.clips if clip.piece.kind is Kind.HEADING]
    for number, clip in enumerate(headings, start=1):
        comments.append((f"CHAPTER{number:03d}", clock(clip.begin)))
        comments.append((f"CHAPTER{number:03d}NAME", clip.piece.text))
    return comments


def clock(seconds: float) -> str:
    """``HH:MM:SS.mmm``, the time format of Ogg chapters and SMIL clock values."""
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis // 1000:02d}.{millis % 1000:03d}"


def _wav(narration: Narration) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(narration.rate)
        out.writeframes(narration.pcm)
    return buffer.getvalue()


def _opusenc(arguments: list[str], wav: bytes) -> bytes:
    # opusenc reads a WAV from stdin but writes only to a seekable file for the last page
    with tempfile.TemporaryDirectory(prefix="carted-audio-") as folder:
        out = Path(folder) / "out.opus"
        done = subprocess.run(
            [_program(), *arguments, "-", str(out)], input=wav, capture_output=True, check=False
        )
        if done.returncode != 0 or not out.is_file():
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
            raise RenderError(f"opusenc failed: {(detail or ['no output'])[0]}")
        return out.read_bytes()


def playing_time(data: bytes) -> float:
    """An audio file's playing time to the millisecond, as the manifest and pages state it."""
    return round(opus_seconds(data), 3)


def opus_seconds(data: bytes) -> float:
    """An Ogg Opus file's playing time: its last page's granule position less the
    pre-skip, at 48 kHz (RFC 7845)."""
    head = data.find(b"OpusHead")
    last = data.rfind(b"OggS")
    if head < 0 or last < 0:
        return 0.0
    pre_skip: int = struct.unpack_from("<H", data, head + 10)[0]
    granule: int = struct.unpack_from("<q", data, last + 6)[0]
    return max(0.0, (granule - pre_skip) / 48_000)


def _program() -> str:
    return required_program("opusenc", "audio needs opusenc", "opus-tools espeak-ng")
