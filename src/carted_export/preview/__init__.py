"""``carted-export serve``: build, serve the output folder, rebuild on save, reload the page.

``serve`` reads as the flow it runs::

    bind the port -> build -> serve (a thread) -> watch: each save -> rebuild -> publish
                                                  (a config save: reload the project first)

A rebuild is the pipeline's own :func:`carted_export.pipeline.build` with its incremental
cache, so a save rebuilds only the outputs whose inputs changed: the source's pages for a
source, that locale's pages for a catalog, everything for a template.  It runs in this
process (a warm serial executor: no worker start-up per save).  Publishing bumps the
version the served pages long-poll, so they reload; the errors of a failed rebuild show
in the terminal and over the page, and the server goes on with the last good outputs.
"""

from __future__ import annotations

import errno
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from carted_export.config_build import BuildOptions
from carted_export.errors import CartedError, UsageError
from carted_export.preview.server import PreviewServer, Status

__all__ = ["Echo", "Setup", "serve"]


@dataclass(frozen=True, slots=True)
class Setup:
    """One load of the project: the build's options and the project files to watch
    (the config file, the scrape rules)."""

    options: BuildOptions
    project_files: tuple[Path, ...]


class Echo(Protocol):
    """Prints a line: on stdout, or on stderr with ``error``."""

    def __call__(self, message: str, error: bool = False) -> None: ...


class _Quiet:
    """The pipeline's progress, unshown: ``serve`` prints one line per rebuild instead."""

    def started(self, jobs: int, workers: int) -> None:
        return None

    def finished(self, locale: str, slug: str, failed: bool) -> None:
        return None


def serve(load: Callable[[], Setup], setup: Setup, host: str, port: int, echo: Echo) -> None:
    """Serve ``setup``'s build until Ctrl-C; ``load`` reads the project anew when its
    config file is saved (a broken one is shown and the last good setup kept)."""
    from carted_export.preview.watch import Targets

    status = Status()
    server = _bind(host, port, setup.options.out_dir, status)
    rebuild(setup.options, status, echo, first=True)
    root = setup.options.project_root
    echo(f"Serving {setup.options.display(setup.options.out_dir)}/ at {_url(host, server.port)}")
    thread = threading.Thread(target=server.serve_forever, name="serve", daemon=True)
    thread.start()
    watching = ""
    try:
        while True:
            targets = Targets.of(setup.options, setup.project_files)
            if targets.describe(root) != watching:
                watching = targets.describe(root)
                echo(f"Watching {watching} (Ctrl-C stops)")
            for saved in targets.saves():
                if saved.project_file:
                    try:
                        setup = load()
                    except CartedError as error:
                        _show((str(error),), status, echo, changed=False)
                        continue
                    server.root = setup.options.out_dir
                    rebuild(setup.options, status, echo)
                    break  # the folders to watch may have changed
                rebuild(setup.options, status, echo)
    except KeyboardInterrupt:
        echo("Stopped.")
    finally:
        server.shutdown()
        server.server_close()


def rebuild(options: BuildOptions, status: Status, echo: Echo, first: bool = False) -> None:
    """Build as ``carted-export build`` would; print what changed; publish; the errors."""
    from carted_export.pipeline import build

    start = time.perf_counter()
    try:
        report = build(options, _Quiet())
    except CartedError as error:
        return _show((str(error),), status, echo, changed=False)
    except Exception as error:  # a bug must not stop the preview: say it, go on serving
        message = f"internal error: {type(error).__name__}: {error}"
        return _show((message,), status, echo, changed=False)
    seconds = time.perf_counter() - start
    built = [record.path for record in report.built]
    if built or report.removed or first:
        shown = ", ".join(built[:6]) + (f" and {len(built) - 6} more" if len(built) > 6 else "")
        what = "Built" if first else "Rebuilt"
        echo(f"{what} {len(built)} file(s) in {seconds:.2f} s{': ' if built else ''}{shown}")
    # What was just rebuilt warns as `build` would: a translator whose entry a check rejected
    # (a changed number, say) sees why the page still shows the source text.
    for warning in dict.fromkeys(w for record in report.built for w in record.warnings):
        echo(f"warning: {warning}", error=True)
    errors = tuple(failure.message for failure in report.failures)
    _show(errors, status, echo, changed=bool(built or report.removed))


def _show(errors: tuple[str, ...], status: Status, echo: Echo, changed: bool) -> None:
    """Print the errors; publish (the pages reload) if outputs or the errors changed."""
    for error in errors:
        echo(f"error: {error}", error=True)
    if changed or errors != status.errors:
        status.publish(errors)


def _bind(host: str, port: int, root: Path, status: Status) -> PreviewServer:
    try:
        return PreviewServer(host, port, root, status)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise UsageError(
                f"port {port} is in use on {host}; pass --port with another one (0: any free one)"
            ) from None
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"
