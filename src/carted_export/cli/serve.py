"""``carted-export serve``: a live preview of the web pages (thin Click layer)."""

from __future__ import annotations

from pathlib import Path

import click

from carted_export.cli.options import (
    build_options,
    config_option,
    locale_option,
    locales_dir_option,
    out_option,
    project,
)
from carted_export.config import Format, Project


@click.command()
@config_option
@out_option("the outputs served")
@locale_option("preview")
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice([f.value for f in Format]),
    help="Also rebuild these formats on each save (repeatable); the web pages (html) are "
    "always rebuilt.  [default: html only]",
)
@click.option(
    "--port",
    type=click.IntRange(min=0, max=65535),
    default=8000,
    show_default=True,
    help="Port to listen on; 0 picks a free one.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on.  Only this computer can see the preview unless you give "
    "another one, e.g. 0.0.0.0 for every network (anyone on it can then read the pages).",
)
@locales_dir_option
def serve(
    config_path: Path | None,
    out_dir: Path | None,
    locales: tuple[str, ...],
    formats: tuple[str, ...],
    port: int,
    host: str,
    locales_dir: Path | None,
) -> None:
    """Preview the web pages; rebuild and reload them as you save.

    Build the project, serve its web pages to this computer only (unless --host), and
    rebuild and reload the page in the browser each time a source, a translation catalog
    (.po), carted-export.toml, the scrape rules or a template is saved.

    It watches the project's sources (files and folders), locales/ (or --locales-dir)
    and templates/.  A save rebuilds only what it changed (the incremental cache of
    `build`): the web pages (HTML), as they are what a browser previews; --format adds
    others.  An error (a source that cannot be read, a broken .po, a bad config) is
    printed here and shown over the page as path:line: message; the server keeps
    running with the last good pages, so fix it and save.

    \b
    Examples:
      carted-export serve                      # http://127.0.0.1:8000/, the download page
      carted-export serve --locale es          # a translator: save es .po files, watch es/
      carted-export serve --port 0             # any free port (printed at start)
      carted-export serve --format pdf         # also remake the PDF leaflets (slower)
      carted-export serve --host 0.0.0.0       # let phones on this network look (explicit)

    Ctrl-C stops it.
    """
    from carted_export.preview import Setup
    from carted_export.preview import serve as run_serve

    first = project(config_path)

    def setup(proj: Project) -> Setup:
        options = build_options(
            proj,
            out_dir=out_dir,
            locales=locales,
            formats=tuple(dict.fromkeys((Format.HTML.value, *formats))),  # pages first
            jobs=1,  # in this process: warm for each rebuild, no worker start-up
            executor="local",
            locales_dir=locales_dir,
        )
        watched = [path for path in (proj.config_path, proj.build.scrape_rules) if path]
        return Setup(options, tuple(watched))

    def echo(message: str, error: bool = False) -> None:
        click.echo(message, err=error)

    # A saved config is read again from the same file (the first one found).
    run_serve(lambda: setup(project(first.config_path)), setup(first), host, port, echo)
