"""The leaflet read aloud: espeak-ng (Debian ``espeak-ng``) speaks each piece of
:mod:`.linear` in its language's voice, after that language's lexicon
(:mod:`carted_export.i18n.lexicon`); the clips are joined with pauses that mark the
structure (a longer one around a heading), and each clip's start and end are kept for
the chapters of the audio file and the media overlay of the EPUB.

The voice of each language is chosen in :data:`VOICES` and nowhere else; a language with
no voice there, or whose voice this espeak-ng lacks, gets no audio (the pipeline warns),
never another language's voice.  A piece of fallback text (shown in the source language)
is spoken in its own language's voice.
"""

from __future__ import annotations

import functools
import shutil
import struct
import subprocess
from dataclasses import dataclass

from carted_export.config import RenderContext
from carted_export.document import Document
from carted_export.errors import RenderError
from carted_export.i18n.lexicon import speakable
from carted_export.render.linear import Kind, Piece, pieces
from carted_export.render.programs import required_program

#: The espeak-ng voice of each language (the locale's own first, then its language).
VOICES: dict[str, str] = {
    "en": "en-us",  # American English
    "en_GB": "en-gb",
    "es": "es-419",  # Latin American Spanish, as US clinics' patients speak it
    "es_ES": "es",  # Spanish of Spain
    "fr": "fr-fr",
    "fr_CA": "fr-fr",  # espeak-ng has no Canadian French voice
    "ar": "ar",  # Modern Standard Arabic
    # Mandarin; the plain "cmn" voice reads its own pinyin tone digits as English numbers
    "zh_Hans": "cmn-latn-pinyin",
    "zh": "cmn-latn-pinyin",
}
#: Silence after each kind of piece, in seconds (before a heading: ``HEADING_BEFORE``).
PAUSES = {
    Kind.TITLE: 0.8,
    Kind.HEADING: 0.5,
    Kind.PARAGRAPH: 0.45,
    Kind.ITEM: 0.35,
    Kind.NOTE: 0.45,
}
HEADING_BEFORE = 0.4
#: espeak-ng's words per minute: a little slower than its default 175, for patients.
RATE = 160


def voice_name(language: str) -> str | None:
    """The voice for a locale or BCP 47 tag (``zh_Hans``, ``es-ES``, ``en``), or None."""
    code = language.replace("-", "_")
    return VOICES.get(code) or VOICES.get(code.split("_")[0])


def voice(language: str) -> str | None:
    """:func:`voice_name` when this machine's espeak-ng has it, else None."""
    name = voice_name(language)
    return name if name is not None and name in installed_voices() else None


@functools.cache
def installed_voices() -> frozenset[str]:
    """The voice names of the installed espeak-ng (empty without espeak-ng)."""
    program = shutil.which("espeak-ng")
    if program is None:
        return frozenset()
    done = subprocess.run(
        [program, "--voices"], capture_output=True, text=True, check=False, encoding="utf-8"
    )
    lines = done.stdout.splitlines()[1:]
    return frozenset(line.split()[1] for line in lines if len(line.split()) > 1)


@dataclass(frozen=True, slots=True)
class Clip:
    piece: Piece
    begin: float  # seconds from the start of the file
    end: float


@dataclass(frozen=True, slots=True)
class Narration:
    """The whole leaflet spoken: 16-bit mono PCM and where each piece is."""

    pcm: bytes
    rate: int  # samples per second
    clips: tuple[Clip, ...]

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / self.rate


def narrate(document: Document, ctx: RenderContext) -> Narration:
    """Speak ``document`` (translated) in ``ctx.locale``'s voice."""
    page_voice = voice(ctx.locale)
    if page_voice is None:
        raise RenderError(f"no speech voice for {ctx.locale}", path=document.source_path)
    rate = ctx.leaflet.audio.rate
    pcm = bytearray()
    clips: list[Clip] = []
    sample_rate = 0
    for piece in pieces(document, ctx):
        language = piece.lang or ctx.locale
        samples, sample_rate = synthesize(
            speakable(piece.text, language), voice(language) or page_voice, rate
        )
        if piece.kind is Kind.HEADING and clips:
            pcm += _silence(HEADING_BEFORE, sample_rate)
        begin = len(pcm) / 2 / sample_rate
        pcm += samples
        clips.append(Clip(piece, begin, len(pcm) / 2 / sample_rate))
        pcm += _silence(PAUSES[piece.kind], sample_rate)
    return Narration(bytes(pcm), sample_rate or 22050, tuple(clips))


def _silence(seconds: float, rate: int) -> bytes:
    return b"\0\0" * round(seconds * rate)


def synthesize(text: str, voice_name: str, rate: int = RATE) -> tuple[bytes, int]:
    """``text`` spoken: its 16-bit mono samples and their rate."""
    done = subprocess.run(
        [_program(), "-v", voice_name, "-s", str(rate), "-b", "1", "--stdout", "--stdin"],
        input=" ".join(text.split()).encode("utf-8"),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0 or not done.stdout.startswith(b"RIFF"):
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[:1] or ["no sound"]
        raise RenderError(f"espeak-ng could not speak with {voice_name}: {detail[0]}")
    return _wav_samples(done.stdout)


def _wav_samples(wav: bytes) -> tuple[bytes, int]:
    """The samples of espeak-ng's WAV (written as a stream: its sizes are placeholders)."""
    channels, sample_rate = struct.unpack_from("<HI", wav, 22)
    bits = struct.unpack_from("<H", wav, 34)[0]
    at = wav.find(b"data", 36)
    if channels != 1 or bits != 16 or at < 0:
        raise RenderError("espeak-ng wrote a WAV file this version cannot read")
    samples = wav[at + 8 :]
    return samples[: len(samples) // 2 * 2], sample_rate


def _program() -> str:
    return required_program("espeak-ng", "audio needs espeak-ng", "espeak-ng opus-tools")
