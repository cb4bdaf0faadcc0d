"""The build: find sources, plan jobs, run them, write outputs, manifest and index page.

``build`` reads as the flow it runs::

    discover -> read (new sources, in parallel) -> plan (source x locale jobs, cache)
             -> run jobs in the executor (read -> transform -> translate -> render)
             -> write each result atomically -> remove stale outputs -> cache, manifest, index

Jobs are pure (data in, bytes out), so they run the same in this process, in a worker pool
or on a Dask cluster of other machines.  Writing happens here only.
"""

from __future__ import annotations

from typing import Protocol

from carted_export.config import Format
from carted_export.config_build import BuildOptions
from carted_export.files import atomic_write, sha256_hex
from carted_export.pipeline.discovery import SourceFile
from carted_export.pipeline.executors import make_executor
from carted_export.pipeline.inputs import BuildInputs
from carted_export.pipeline.jobs import Job, JobResult, print_html, run_job, warm_up_worker
from carted_export.pipeline.outputs import (
    AUDIO_OPUS,
    BuildCache,
    CacheEntry,
    OutputRecord,
    pdf_pages,
    remove_output,
    write_manifest,
)
from carted_export.pipeline.plan import BuildPlan, plan_build
from carted_export.pipeline.report import BuildReport

__all__ = ["BuildPlan", "BuildReport", "Progress", "build", "plan_build", "print_html"]


class Progress(Protocol):
    """Told when the jobs start and as each one finishes (the CLI's bar or log lines)."""

    def started(self, jobs: int, workers: int) -> None: ...

    def finished(self, locale: str, slug: str, failed: bool) -> None: ...


def build(options: BuildOptions, progress: Progress, debug: bool = False) -> BuildReport:
    """Build every source in every requested locale and format into ``options.out_dir``."""
    executor = make_executor(options.workers, warm_up_worker, options.executor, options.scheduler)
    with executor:
        planned = plan_build(options, executor, debug)
        inputs, cache, plan, report = planned.inputs, planned.cache, planned.plan, planned.report
        report.fresh.extend(plan.fresh)
        _warn_undefined_terms(inputs, plan.jobs, report)
        progress.started(len(plan.jobs), min(executor.workers, len(plan.jobs)))
        for result in executor.run(run_job, plan.jobs):
            _write(result, options, cache, report)
            progress.finished(result.job.locale, result.job.slug, result.failure is not None)
            if result.failure and options.fail_fast:
                executor.cancel()
                break
    _remove_stale(options, cache, planned.sources, report)
    cache.save(options.out_dir)
    write_manifest(options.out_dir, report.records)
    _write_index(options, inputs, report.records)
    return report


def _warn_undefined_terms(inputs: BuildInputs, jobs: list[Job], report: BuildReport) -> None:
    """Once per locale printed in this build: the glossary terms it has no definition for."""
    from carted_export.glossary import glossary_path, undefined_terms_warning

    options = inputs.options
    shown = options.display(glossary_path(options.locales_dir))
    printed = {
        job.locale for job in jobs if any(n.endswith(".pdf") or n == "pdf" for n in job.outputs)
    }
    for locale in sorted(printed):
        warning = undefined_terms_warning(inputs.glossary, locale, shown)
        if warning:
            report.add_warnings(locale, [warning])


def _write(
    result: JobResult, options: BuildOptions, cache: BuildCache, report: BuildReport
) -> None:
    """Write a finished job's outputs atomically and record them."""
    job = result.job
    report.add_warnings(job.locale, result.warnings)
    if result.failure:
        report.fail(result.failure, job.locale)
        return
    for name, data in result.outputs:
        relative = f"{job.locale}/{job.slug}.{name}"
        atomic_write(options.out_dir / relative, data)
        variant, _, fmt = name.rpartition(".")
        record = OutputRecord(
            source=job.source,
            slug=job.slug,
            title=job.title,
            locale=job.locale,
            format=fmt,
            path=relative,
            bytes=len(data),
            sha256=sha256_hex(data),
            warnings=result.warnings,
            variant=variant,
            pages=pdf_pages(data) if fmt == Format.PDF.value else None,
            seconds=_seconds(data) if name == AUDIO_OPUS else None,
        )
        report.built.append(record)
        entry_id = BuildCache.entry_id(job.source, job.locale, name)
        cache.entries[entry_id] = CacheEntry(job.keys[name], record)


def _seconds(data: bytes) -> float:
    from carted_export.render.audio import playing_time

    return playing_time(data)


def _remove_stale(
    options: BuildOptions, cache: BuildCache, sources: list[SourceFile], report: BuildReport
) -> None:
    """Delete outputs whose source file no longer exists; keep everything else."""
    current = {record.path for record in report.records}
    present = {source.display for source in sources}
    for entry_id, entry in list(cache.entries.items()):
        record = entry.record
        if record.path in current:
            continue
        source_exists = record.source in present or (options.project_root / record.source).exists()
        if source_exists and (options.out_dir / record.path).exists():
            report.fresh.append(record)  # another locale or source set: still valid on disk
            continue
        remove_output(options.out_dir, record.path)
        report.removed.append(record.path)
        del cache.entries[entry_id]


def _write_index(options: BuildOptions, inputs: BuildInputs, records: list[OutputRecord]) -> None:
    from carted_export.pipeline.index_page import render_download_page

    html = render_download_page(records, options, inputs.templates)
    atomic_write(options.out_dir / "index.html", html)
