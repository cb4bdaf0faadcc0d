"""The build: find sources, plan jobs, run them, write outputs, manifest and index.

A job is one source in one locale; it is prepared and translated once and rendered
to every requested format.  Jobs are pure (document + options in, bytes out), so they
run the same way in this process or in a worker pool.  Writing happens here only.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from carted_export.config import BuildOptions, Format, RenderContext
from carted_export.discovery import SourceFile, discover_sources
from carted_export.document import Document
from carted_export.errors import CartedError
from carted_export.executors import fewer_gc_passes
from carted_export.output_keys import Digests
from carted_export.outputs import (
    BuildCache,
    CacheEntry,
    Identity,
    OutputRecord,
    atomic_write,
    remove_output,
    sha256_hex,
    write_manifest,
)

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Job:
    source: SourceFile
    document: Document
    slug: str
    locale: str
    formats: tuple[Format, ...]
    options: BuildOptions
    debug: bool = False
    #: The cache key of each format, as planned (recorded when the output is written).
    keys: dict[Format, str] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class JobResult:
    job: Job
    outputs: tuple[tuple[Format, bytes], ...] = ()
    warnings: tuple[str, ...] = ()
    failure: str | None = None


@dataclass(slots=True)
class BuildReport:
    """What happened, for the CLI summary and the exit code."""

    built: list[OutputRecord] = field(default_factory=list)
    fresh: list[OutputRecord] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _seen_warnings: set[str] = field(default_factory=set)

    def add_warnings(self, warnings: Iterable[str]) -> None:
        """Record warnings once, though a source's warnings recur in each of its locales."""
        for warning in warnings:
            if warning not in self._seen_warnings:
                self._seen_warnings.add(warning)
                self.warnings.append(warning)

    @property
    def records(self) -> list[OutputRecord]:
        return [*self.fresh, *self.built]


def build(options: BuildOptions, progress: Progress, debug: bool = False) -> BuildReport:
    """Build every source in every requested locale and format into ``options.out_dir``."""
    from carted_export.executors import make_executor

    report = BuildReport()
    sources, discovery_failures = discover_sources(options.sources, options.max_source_bytes)
    report.failures.extend(discovery_failures)
    cache = BuildCache.load(options.out_dir)
    digests = Digests.collect(options)
    jobs, fresh = _plan(sources, options, cache, digests, report, debug)
    report.fresh.extend(fresh)
    if jobs:
        progress(f"Building {len(jobs)} document-locale jobs with {options.jobs} worker(s)...")
    executor = make_executor(min(options.jobs, len(jobs)), _warm_up_worker)
    for done, result in enumerate(executor.run(run_job, jobs), start=1):
        _collect(result, options, cache, report)
        job = result.job
        status = "FAILED" if result.failure else "ok"
        progress(f"[{done}/{len(jobs)}] {job.locale}/{job.slug} {status}")
        if result.failure and options.fail_fast:
            executor.cancel()
            break
    _remove_stale(options, cache, sources, report)
    cache.save(options.out_dir)
    write_manifest(options.out_dir, report.records)
    _write_index(options, report.records)
    return report


def run_job(job: Job) -> JobResult:
    """Prepare, translate and render one document in one locale.  Runs in a worker."""
    from carted_export.render import renderer_for
    from carted_export.transforms import prepare

    try:
        with fewer_gc_passes():
            document = prepare(
                job.document,
                source_root=job.source.root,
                allow_remote=job.options.allow_remote,
                cache_dir=job.options.image_cache,
            )
            document = _translate(document, job)
            context = _render_context(document, job)
            outputs = tuple((fmt, renderer_for(fmt)(document, context)) for fmt in job.formats)
    except CartedError as error:
        return JobResult(job, failure=error.format_message())
    except Exception as error:  # a bug in carted-export: report it, keep the build going
        detail = traceback.format_exc() if job.debug else f"{type(error).__name__}: {error}"
        message = f"{job.source.display}: internal error in locale {job.locale}: {detail}"
        return JobResult(job, failure=message + " (please report this; --debug shows more)")
    warnings = tuple(str(d) for d in document.diagnostics)
    if job.options.strict and warnings:
        return JobResult(job, warnings=warnings, failure=f"{warnings[0]} (--strict)")
    return JobResult(job, outputs=outputs, warnings=warnings)


def _warm_up_worker() -> None:
    """Import the renderers once per worker process, not once per document."""
    import carted_export.render.epub
    import carted_export.render.pdf  # noqa: F401


def _translate(document: Document, job: Job) -> Document:
    return translate_for(document, job.slug, job.locale, job.options.locales_dir)


def translate_for(document: Document, slug: str, locale: str, locales_dir: Path) -> Document:
    """``document`` (prepared) presented in ``locale`` through its content catalog, as a
    build does; other commands (``report``) call this too."""
    from carted_export.i18n.content import content_po_path, load_content_catalog
    from carted_export.i18n.translate import translate_document

    if locale == document.metadata.language:
        return replace(document, language=locale)
    path = content_po_path(slug, locale, locales_dir)
    catalog = load_content_catalog(path) if path.exists() else None
    return translate_document(document, catalog, locale)


def _render_context(document: Document, job: Job) -> RenderContext:
    from carted_export.glossary import glossary_path, load_glossary
    from carted_export.i18n.locales import lang_tag, text_direction
    from carted_export.i18n.ui import ui_translations

    return RenderContext(
        locale=job.locale,
        lang_tag=lang_tag(job.locale),
        direction=text_direction(job.locale),
        slug=job.slug,
        source_root=job.source.root,
        templates_dir=job.options.templates_dir,
        ui=ui_translations(job.locale, job.options.locales_dir),
        paper=job.options.paper,
        size=job.options.size,
        export_date=job.options.export_date,
        glossary=load_glossary(glossary_path(job.options.locales_dir)),
    )


def _plan(
    sources: list[SourceFile],
    options: BuildOptions,
    cache: BuildCache,
    digests: Digests,
    report: BuildReport,
    debug: bool,
) -> tuple[list[Job], list[OutputRecord]]:
    """Turn sources into jobs, skipping outputs whose inputs did not change.

    An unchanged source is not even parsed: its slug, title and language come from the
    cache, keyed by the hash of its bytes.
    """
    jobs: list[Job] = []
    fresh: list[OutputRecord] = []
    taken: dict[str, str] = {}
    for source in sources:
        document: Document | None = None
        known = None if options.force else cache.slugs.get(source.digest)
        if known is None:
            document = _read(source, options, report)
            if document is None:
                if options.fail_fast:
                    break
                continue
            known = cache.slugs[source.digest] = _identity(document)
        slug = _unique_slug(known.slug, source, taken, report)
        images = digests.images(source, known.image_sources)
        for locale in options.locales or (known.language,):
            keys = digests.output_keys(source, slug, locale, images)
            stale = _stale_formats(source, slug, locale, keys, options, cache, fresh)
            if stale and document is None:
                document = _read(source, options, report)
            if stale and document is not None:
                job = Job(source, document, slug, locale, tuple(stale), options, debug, stale)
                jobs.append(job)
    return jobs, fresh


def _read(source: SourceFile, options: BuildOptions, report: BuildReport) -> Document | None:
    """The source's document, or None after recording why it cannot be read."""
    from carted_export.sources import read_source

    try:
        return read_source(source.path, root=source.root, max_bytes=options.max_source_bytes)
    except CartedError as error:
        report.failures.append(error.format_message())
        return None


def _identity(document: Document) -> Identity:
    from carted_export.i18n.content import document_slug
    from carted_export.transforms.images import local_image_sources

    meta = document.metadata
    return Identity(
        document_slug(document), meta.title.markdown, meta.language, local_image_sources(document)
    )


def _stale_formats(
    source: SourceFile,
    slug: str,
    locale: str,
    keys: dict[Format, str],
    options: BuildOptions,
    cache: BuildCache,
    fresh: list[OutputRecord],
) -> dict[Format, str]:
    """The formats of (source, locale) to rebuild, with their keys; up-to-date records go
    to ``fresh``."""
    stale: dict[Format, str] = {}
    for fmt, key in keys.items():
        entry_id = BuildCache.entry_id(source.display, locale, fmt.value)
        record = None if options.force else cache.is_fresh(options.out_dir, entry_id, key)
        if record is not None and record.slug == slug:
            fresh.append(record)
        else:
            stale[fmt] = key
    return stale


def _unique_slug(base: str, source: SourceFile, taken: dict[str, str], report: BuildReport) -> str:
    """Never let two sources write the same file: the later one gets a numbered slug."""
    slug = base
    number = 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    if slug != base:
        report.warnings.append(
            f"{source.display}:1: slug '{base}' is already used by {taken[base]}; "
            f"writing this document as '{slug}' instead (set `slug:` in its front matter)"
        )
    taken[slug] = source.display
    return slug


def _collect(
    result: JobResult,
    options: BuildOptions,
    cache: BuildCache,
    report: BuildReport,
) -> None:
    """Write a finished job's outputs atomically and record them."""
    job = result.job
    report.add_warnings(result.warnings)
    if result.failure:
        report.failures.append(result.failure)
        return
    title = job.document.metadata.title.markdown
    for fmt, data in result.outputs:
        relative = f"{job.locale}/{job.slug}.{fmt.value}"
        atomic_write(options.out_dir / relative, data)
        record = OutputRecord(
            source=job.source.display,
            slug=job.slug,
            title=title,
            locale=job.locale,
            format=fmt.value,
            path=relative,
            bytes=len(data),
            sha256=sha256_hex(data),
            warnings=result.warnings,
        )
        report.built.append(record)
        entry_id = BuildCache.entry_id(job.source.display, job.locale, fmt.value)
        cache.entries[entry_id] = CacheEntry(job.keys[fmt], record)


def _remove_stale(
    options: BuildOptions, cache: BuildCache, sources: list[SourceFile], report: BuildReport
) -> None:
    """Delete outputs whose source file no longer exists; keep everything else."""
    current = {record.path for record in report.records}
    for entry_id, entry in list(cache.entries.items()):
        record = entry.record
        if record.path in current:
            continue
        if Path(record.source).exists() and (options.out_dir / record.path).exists():
            report.fresh.append(record)  # another locale or source set: still valid on disk
            continue
        remove_output(options.out_dir, record.path)
        report.removed.append(record.path)
        del cache.entries[entry_id]


def _write_index(options: BuildOptions, records: list[OutputRecord]) -> None:
    from carted_export.download_page import render_download_page

    html = render_download_page(records, options)
    atomic_write(options.out_dir / "index.html", html)
