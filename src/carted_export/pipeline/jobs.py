"""A job: one source in one locale, rendered to every requested format.  Runs in a worker.

A job carries everything it needs as data (the source's bytes or its parsed document, the
local images, the catalogs, the project's template overrides, the options that shape the
output), so it runs the same in this process, in a local process pool or on another
machine, and never reads the project's disk.  It returns bytes; writing is the client's.
"""

from __future__ import annotations

import datetime as dt
import gettext
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from carted_export import __version__
from carted_export.config import Format, Leaflet, Paper, PrintSize, RenderContext
from carted_export.config_build import ALLOW_REMOTE_IMAGES, PAPER, REQUIRE_REVIEW, SIZE, STRICT
from carted_export.document import Diagnostic, Document, Text
from carted_export.errors import CartedError, RenderError
from carted_export.glossary import GlossaryEntry
from carted_export.pipeline.executors import fewer_gc_passes
from carted_export.pipeline.inputs import Catalogs
from carted_export.pipeline.outputs import AUDIO_OPUS, BILINGUAL_PDF, BOOKLET_PDF, SMALL_PDF
from carted_export.render.templating import Templates

if TYPE_CHECKING:
    from carted_export.render.epub import ReadAloud
    from carted_export.render.speech import Narration
from carted_export.sources.images import LocalImage
from carted_export.sources.options import ReadOptions


@dataclass(frozen=True, slots=True)
class JobSettings:
    """The options that shape a job's outputs (the same for every job of a build); the
    defaults are the declared ones (``config_build.py``)."""

    paper: Paper = PAPER.default_value
    size: PrintSize = SIZE.default_value
    strict: bool = STRICT.default_value
    require_review: bool = REQUIRE_REVIEW.default_value
    allow_remote: bool = ALLOW_REMOTE_IMAGES.default_value
    image_cache: Path | None = None  # on the machine that runs the job
    reading: ReadOptions = field(default_factory=ReadOptions)
    export_date: dt.date = field(default_factory=dt.date.today)
    debug: bool = False
    leaflet: Leaflet = field(default_factory=Leaflet)  # clinic (logo as data), base URL
    #: The language-help notice in ``[clinic] notice_languages`` (the catalogs are read once,
    #: when the build is planned, so workers read nothing from disk).
    notices: tuple[Text, ...] = ()


@dataclass(frozen=True, slots=True)
class Job:
    source: str  # the source's name, relative to the project
    data: bytes  # the source file
    document: Document | None  # already parsed by the planner, else parsed from ``data``
    slug: str
    title: str  # for the manifest and the download page
    locale: str
    outputs: tuple[str, ...]  # what to render, in order (:func:`~.outputs.output_names`)
    settings: JobSettings
    images: tuple[LocalImage, ...] = ()
    catalogs: Catalogs = field(default_factory=lambda: Catalogs(None, ()))
    templates: Templates = ()
    glossary: tuple[GlossaryEntry, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()  # found while planning, e.g. slug-collision
    version: str = __version__
    #: The sizes of this article's other outputs in this locale that are up to date.
    sizes: tuple[tuple[str, int], ...] = ()
    languages: tuple[str, ...] = ()  # every locale the article is built in
    #: The cache key of each output (:func:`~.outputs.output_names`), as planned.
    keys: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    sidecar: bytes | None = None  # the source's ``<name>.yaml`` (sources/sidecar.py)
    #: The audio is made in this locale: the EPUB carries it as a media overlay.
    read_aloud: bool = False
    #: The playing time of this article's audio in this locale when it is up to date.
    durations: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class JobResult:
    job: Job
    outputs: tuple[tuple[str, bytes], ...] = ()  # (output name, bytes), e.g. ("pdf", ...)
    warnings: tuple[str, ...] = ()
    failure: str | None = None


def run_job(job: Job) -> JobResult:
    """Read, prepare, translate and render one document in one locale."""
    settings = job.settings
    try:
        if job.version != __version__:
            raise RenderError(
                f"this worker runs carted-export {__version__}, the build {job.version}; "
                "install the same version everywhere",
                path=job.source,
            )
        with fewer_gc_passes():
            document, source, ui = _prepared(job)
            outputs = _render(document, source, job, ui)
    except CartedError as error:
        return JobResult(job, failure=error.format_message())
    except Exception as error:  # a bug in carted-export: report it, keep the build going
        detail = traceback.format_exc() if settings.debug else f"{type(error).__name__}: {error}"
        message = f"{job.source}: internal error in locale {job.locale}: {detail}"
        return JobResult(job, failure=message + " (please report this; --debug shows more)")
    warnings = tuple(str(d) for d in document.diagnostics)
    if settings.strict and warnings:
        return JobResult(job, warnings=warnings, failure=f"{warnings[0]} (--strict)")
    return JobResult(job, outputs=outputs, warnings=warnings)


def print_html(job: Job) -> str:
    """The print HTML of ``job``'s document, as its PDF job makes it: read, prepared,
    translated and laid out by the PDF template (the page ``render_pdf`` lays out, before
    any duplex pad).  For a WeasyPrint baseline given the same page; raises
    :class:`CartedError` as ``run_job`` reports it."""
    from carted_export.render.context import page_context
    from carted_export.render.templating import Flavor, render_page

    with fewer_gc_passes():
        document, _, ui = _prepared(replace(job, outputs=(Format.PDF.value,)))
        context = _render_context(job, ui)
        return render_page(page_context(document, context), context, Flavor.PDF)


def _prepared(job: Job) -> tuple[Document, Document, gettext.NullTranslations]:
    """``job``'s document read, prepared and translated, the prepared source before
    translation, and the job's compiled labels."""
    from carted_export.i18n.ui import compile_ui
    from carted_export.render.glyphs import warn_missing_glyphs
    from carted_export.sources import parse_source
    from carted_export.transforms import prepare
    from carted_export.transforms.translate import reject_labels

    settings = job.settings
    document = job.document or parse_source(job.data, job.source, settings.reading, job.sidecar)
    document = replace(document, diagnostics=(*document.diagnostics, *job.diagnostics))
    document = prepare(
        document,
        images=job.images,
        allow_remote=settings.allow_remote,
        cache_dir=settings.image_cache,
    )
    source = document
    document = _translate(document, job)
    ui = compile_ui(job.catalogs.ui, job.locale)  # labels failing a rule left out
    document = reject_labels(document, ui.rejected)
    if any(name.endswith(Format.PDF.value) for name in job.outputs):
        # say which characters would print as tofu
        document = warn_missing_glyphs(document, job.templates)
    return document, source, ui


def warm_up_worker() -> None:
    """Import the renderers once per worker process, not once per document."""
    import carted_export.render.epub
    import carted_export.render.pdf  # noqa: F401


def _translate(document: Document, job: Job) -> Document:
    from carted_export.i18n.content import parse_content_catalog
    from carted_export.transforms.translate import translate_document

    if job.locale == document.metadata.language:
        return replace(document, language=job.locale)
    content = job.catalogs.content
    catalog = parse_content_catalog(content) if content else None
    return translate_document(document, catalog, job.locale, job.settings.require_review)


def _render(
    document: Document, source: Document, job: Job, ui: gettext.NullTranslations
) -> tuple[tuple[str, bytes], ...]:
    """Every requested output, in order: the web page comes last and states the others'
    sizes (those rendered here and those already up to date)."""
    from carted_export.render import renderer_for
    from carted_export.render.bilingual import render_bilingual_pdf
    from carted_export.render.pdf import render_booklet_pdf, render_small_pdf

    context = _render_context(job, ui)
    done: list[tuple[str, bytes]] = []
    spoken = _Spoken(document, context)
    for name in job.outputs:
        if name == BILINGUAL_PDF:
            done.append((name, render_bilingual_pdf(document, source, context)))
            continue
        if name == SMALL_PDF:
            done.append((name, render_small_pdf(document, context)))
            continue
        if name == BOOKLET_PDF:  # imposed from the small leaflet, rendered just before
            small = dict(done).get(SMALL_PDF) or render_small_pdf(document, context)
            done.append((name, render_booklet_pdf(small, document, context)))
            continue
        if name == AUDIO_OPUS:
            done.append((name, spoken.audio()))
            continue
        if name == Format.EPUB.value and job.read_aloud:  # with its media overlay
            from carted_export.render.epub import render_epub

            done.append((name, render_epub(document, context, spoken.read_aloud())))
            continue
        if name == Format.HTML.value:
            context = replace(
                context,
                downloads=(*job.sizes, *((n, len(d)) for n, d in done)),
                durations=(*job.durations, *spoken.durations()),
            )
        done.append((name, renderer_for(Format(name))(document, context)))
    return tuple(done)


class _Spoken:
    """The narration of a job, spoken once for the audio file and the EPUB's overlay."""

    def __init__(self, document: Document, context: RenderContext) -> None:
        self.document, self.context = document, context
        self._made: tuple[Narration, bytes] | None = None
        self._audio_written = False

    def _narration(self) -> tuple[Narration, bytes]:
        if self._made is None:
            from carted_export.render.audio import encode
            from carted_export.render.speech import narrate

            narration = narrate(self.document, self.context)
            self._made = narration, encode(narration, self.document, self.context)
        return self._made

    def audio(self) -> bytes:
        self._audio_written = True
        return self._narration()[1]

    def read_aloud(self) -> ReadAloud:
        from carted_export.render.epub import ReadAloud

        narration, audio = self._narration()
        return ReadAloud(narration, audio)

    def durations(self) -> tuple[tuple[str, float], ...]:
        """The playing time of the audio file rendered here, if it was."""
        if self._made is None or not self._audio_written:
            return ()  # no audio asked for: the speech code is never imported
        from carted_export.render.audio import playing_time

        return ((AUDIO_OPUS, playing_time(self._made[1])),)


def _render_context(job: Job, ui: gettext.NullTranslations) -> RenderContext:
    """What the renderers need; ``ui``: the job's compiled labels."""
    from carted_export.i18n.locales import lang_tag, text_direction

    return RenderContext(
        locale=job.locale,
        lang_tag=lang_tag(job.locale),
        direction=text_direction(job.locale),
        slug=job.slug,
        ui=ui,
        templates=job.templates,
        paper=job.settings.paper,
        size=job.settings.size,
        export_date=job.settings.export_date,
        glossary=job.glossary,
        leaflet=job.settings.leaflet,
        languages=job.languages,
        notices=job.settings.notices,
    )
