"""Planning a build: which (source, locale) jobs to run, and which outputs are up to date.

A source the cache knows (by the hash of its bytes) is not even parsed: its slug, title,
language and images come from the cache.  The others are parsed first, in the executor's
workers (:func:`read_sources`), because their slugs name the outputs and catalogs.
:func:`plan_build` is the whole of it, as ``carted-export build`` plans (public: the
benchmark plans with it too).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from carted_export.config import Format
from carted_export.config_build import BuildOptions
from carted_export.document import Document, Text
from carted_export.errors import CartedError, SourceError
from carted_export.i18n.locales import same_language
from carted_export.pipeline.discovery import SourceFile, discover_sources
from carted_export.pipeline.executors import Executor, SerialExecutor
from carted_export.pipeline.inputs import BuildInputs
from carted_export.pipeline.jobs import Job, JobSettings
from carted_export.pipeline.outputs import (
    AUDIO_OPUS,
    BuildCache,
    Identity,
    OutputRecord,
    output_names,
)
from carted_export.pipeline.report import BuildReport
from carted_export.slugs import document_slug, unique_slug
from carted_export.sources.images import read_local_images
from carted_export.sources.options import ReadOptions


@dataclass(frozen=True, slots=True)
class ReadItem:
    name: str
    data: bytes
    options: ReadOptions
    sidecar: bytes | None = None


@dataclass(frozen=True, slots=True)
class ReadResult:
    name: str
    document: Document | None = None
    failure: str | None = None


def read_item(item: ReadItem) -> ReadResult:
    """Parse one source (in a worker)."""
    from carted_export.sources import parse_source

    try:
        return ReadResult(item.name, parse_source(item.data, item.name, item.options, item.sidecar))
    except CartedError as error:
        return ReadResult(item.name, failure=error.format_message())


@dataclass(slots=True)
class Plan:
    jobs: list[Job] = field(default_factory=list)
    fresh: list[OutputRecord] = field(default_factory=list)


@dataclass(slots=True)
class BuildPlan:
    """A planned build: what was found, read and planned, and what went wrong so far."""

    sources: list[SourceFile]
    inputs: BuildInputs
    cache: BuildCache
    plan: Plan
    report: BuildReport


def plan_build(
    options: BuildOptions, executor: Executor | None = None, debug: bool = False
) -> BuildPlan:
    """Find the sources, collect the project's inputs, load the cache of ``options.out_dir``,
    read the new sources in ``executor`` (in this process if None) and plan the jobs: the
    build before any job runs.  ``fail_fast``: nothing is planned once a source failed."""
    report = BuildReport()
    sources, refused = discover_sources(
        options.sources, options.reading.max_bytes, options.project_root
    )
    for message in refused:
        report.fail(message)
    inputs = BuildInputs.collect(options)
    cache = BuildCache.load(options.out_dir, inputs.code)
    documents = read_sources(sources, cache, options, executor or SerialExecutor(), report)
    if report.failures and options.fail_fast:
        sources, documents = [], {}  # stop at the first failed document
    plan = plan_jobs(sources, documents, cache, inputs, report, debug)
    return BuildPlan(sources, inputs, cache, plan, report)


def read_sources(
    sources: list[SourceFile],
    cache: BuildCache,
    options: BuildOptions,
    executor: Executor,
    report: BuildReport,
) -> dict[str, Document]:
    """Parse, in parallel, every source whose identity the cache does not know."""
    unknown = [s for s in sources if options.force or s.digest not in cache.slugs]
    items = []
    for source in unknown:
        try:
            data = source.read(options.reading.max_bytes)
            items.append(ReadItem(source.display, data, options.reading, source.sidecar))
        except SourceError as error:
            report.fail(error.format_message())
    documents: dict[str, Document] = {}
    for result in executor.run(read_item, items):
        if result.document is None:
            report.fail(result.failure or f"{result.name}: cannot be read")
        else:
            documents[result.name] = result.document
    return documents


def plan_jobs(
    sources: list[SourceFile],
    documents: dict[str, Document],
    cache: BuildCache,
    inputs: BuildInputs,
    report: BuildReport,
    debug: bool = False,
) -> Plan:
    """Turn sources into jobs, skipping outputs whose inputs did not change; the biggest
    sources first, so the longest jobs do not finish last on an otherwise idle machine."""
    options = inputs.options
    settings = job_settings(options, debug, inputs.notices)
    for warning in inputs.notice_warnings:
        report.warn(warning)
    plan = Plan()
    taken: dict[str, str] = {}
    for source in sources:
        document = documents.get(source.display)
        known = None if options.force else cache.slugs.get(source.digest)
        if known is None:
            if document is None:
                continue  # it could not be read: already reported
            known = cache.slugs[source.digest] = identity(document)
        slug, collisions = unique_slug(known.slug, source.display, taken)
        images = read_local_images(source.path, (source.root,), known.image_sources)
        data: bytes | None = None
        languages = options.locales or (known.language,)
        for locale in languages:
            try:
                catalogs = inputs.catalogs(locale, slug)
                bilingual = options.leaflet.bilingual and not same_language(locale, known.language)
                names = output_names(options.formats, bilingual, options.leaflet.booklet)
                names = _without_unavailable(names, locale, report)
                keys = inputs.output_keys(source, slug, locale, images, catalogs, names, languages)
                stale, sizes, durations = _stale_outputs(
                    source, slug, locale, keys, options, cache, plan
                )
                if stale and data is None:
                    data = source.read(options.reading.max_bytes)
            except CartedError as error:
                report.fail(error.format_message(), locale)
                continue
            if stale:
                job = Job(
                    source=source.display,
                    data=data or b"",
                    sidecar=source.sidecar,
                    document=document,
                    slug=slug,
                    title=known.title,
                    locale=locale,
                    outputs=tuple(stale),
                    settings=settings,
                    images=images,
                    catalogs=catalogs,
                    templates=inputs.templates,
                    glossary=inputs.glossary,
                    diagnostics=collisions,
                    sizes=sizes,
                    languages=languages,
                    keys=stale,
                    read_aloud=AUDIO_OPUS in names,
                    durations=durations,
                )
                plan.jobs.append(job)
    plan.jobs.sort(key=lambda job: len(job.data), reverse=True)
    return plan


def _without_unavailable(
    names: tuple[str, ...], locale: str, report: BuildReport
) -> tuple[str, ...]:
    """``names`` less the files this machine cannot make in ``locale`` (each warned): the
    braille file of a language liblouis has no table for, the audio of a language with no
    espeak-ng voice (or without espeak-ng and opusenc)."""
    missing = {
        Format.BRF.value: _braille_missing,
        AUDIO_OPUS: _audio_missing,
    }
    kept = []
    for name in names:
        why = missing[name](locale) if name in missing else None
        if why is None:
            kept.append(name)
        else:
            report.add_warnings(locale, [f"{locale}: {why}"])
    return tuple(kept)


def _braille_missing(locale: str) -> str | None:
    from carted_export.render.braille import braille_table

    if braille_table(locale) is not None:
        return None
    return (
        "no braille file: carted-export has no braille table for this language "
        "(docs/braille.md lists the languages)"
    )


def _audio_missing(locale: str) -> str | None:
    """Why there is no audio in ``locale``; checked only in builds that ask for audio."""
    import shutil

    from carted_export.render.speech import installed_voices, voice_name

    tools = [tool for tool in ("espeak-ng", "opusenc") if shutil.which(tool) is None]
    if tools:
        return (
            f"no audio file: {' and '.join(tools)} not installed "
            "(apt-get install espeak-ng opus-tools; make build installs them)"
        )
    name = voice_name(locale)
    if name is None:
        return (
            "no audio file: carted-export has no speech voice for this language "
            "(docs/audio.md lists the languages)"
        )
    if name not in installed_voices():
        return f"no audio file: this espeak-ng has no voice {name} (docs/audio.md)"
    return None


def job_settings(options: BuildOptions, debug: bool, notices: tuple[Text, ...] = ()) -> JobSettings:
    return JobSettings(
        paper=options.paper,
        size=options.size,
        strict=options.strict,
        require_review=options.require_review,
        allow_remote=options.allow_remote,
        image_cache=options.image_cache,
        reading=options.reading,
        export_date=options.export_date,
        debug=debug,
        leaflet=options.leaflet,
        notices=notices,
    )


def identity(document: Document) -> Identity:
    from carted_export.transforms.images import local_image_sources

    meta = document.metadata
    return Identity(
        document_slug(document), meta.title.markdown, meta.language, local_image_sources(document)
    )


def _stale_outputs(
    source: SourceFile,
    slug: str,
    locale: str,
    keys: dict[str, str],
    options: BuildOptions,
    cache: BuildCache,
    plan: Plan,
) -> tuple[dict[str, str], tuple[tuple[str, int], ...], tuple[tuple[str, float], ...]]:
    """The outputs of (source, locale) to rebuild, with their keys, and the sizes (and
    playing times) of those that are up to date (their records go to ``plan.fresh``)."""
    stale: dict[str, str] = {}
    sizes: list[tuple[str, int]] = []
    durations: list[tuple[str, float]] = []
    for name, key in keys.items():
        entry_id = BuildCache.entry_id(source.display, locale, name)
        record = None if options.force else cache.is_fresh(options.out_dir, entry_id, key)
        if record is not None and record.slug == slug:
            plan.fresh.append(record)
            sizes.append((name, record.bytes))
            if record.seconds is not None:
                durations.append((name, record.seconds))
        else:
            stale[name] = key
    return stale, tuple(sizes), tuple(durations)
