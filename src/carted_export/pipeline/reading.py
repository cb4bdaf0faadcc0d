"""Documents read exactly as a build reads them, for the commands that need the documents
and not the outputs: ``i18n extract``, ``report`` and ``init``."""

from __future__ import annotations

from pathlib import Path

from carted_export.document import Document
from carted_export.errors import CartedError
from carted_export.pipeline.discovery import discover_sources
from carted_export.slugs import document_slug, unique_slug
from carted_export.sources import read_source
from carted_export.sources.options import DEFAULT_READING, ReadOptions
from carted_export.transforms import prepare


def read_documents(
    sources: tuple[Path, ...], project_root: Path, options: ReadOptions = DEFAULT_READING
) -> tuple[list[tuple[str, Document]], list[str]]:
    """Read and prepare documents exactly as a build does: ``(slug, document)`` pairs and the
    messages of sources that failed.  The slug is taken before ``prepare`` (as the pipeline
    does), and a colliding one is numbered as the build numbers it (``x-2``), so a catalog
    always matches the build's output name."""
    found, failures = discover_sources(sources, options.max_bytes, project_root)
    documents: list[tuple[str, Document]] = []
    taken: dict[str, str] = {}
    for source in found:
        try:
            document = read_source(source.path, name=source.display, options=options)
            slug, _collision = unique_slug(document_slug(document), source.display, taken)
            documents.append((slug, prepare(document)))
        except CartedError as exc:
            failures.append(exc.format_message())
    return documents, failures
