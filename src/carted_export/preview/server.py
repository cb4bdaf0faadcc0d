"""The preview's web server: the output folder as it is on disk, plus, in each HTML response
only, a script that reloads the page after a rebuild and the last rebuild's errors.

Nothing is ever added to the files themselves: what ``serve`` writes is what ``build``
writes.  The script long-polls :data:`VERSION_PATH`, which answers as soon as the version
changes (or after :data:`LONG_POLL_SECONDS` with the same one), so a page reloads within a
few milliseconds of a rebuild and an idle page costs one request every half a minute.
"""

from __future__ import annotations

import html
import socket
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

VERSION_PATH = "/__carted-export__/version"
LONG_POLL_SECONDS = 25.0
OVERLAY_ID = "carted-export-serve-errors"
HTML_TYPE = "text/html; charset=utf-8"

#: Reload when the version differs from the one this page was served with; retry each
#: second while the server is away (restarted, or rebuilding a large project).
RELOAD_SCRIPT = """<script>/* carted-export serve: live reload; not in the built files */
(function () {
  var seen = "%(version)s";
  function poll() {
    fetch("%(path)s?since=" + encodeURIComponent(seen), {cache: "no-store"})
      .then(function (r) { return r.text(); })
      .then(function (v) { if (v !== seen) { location.reload(); } else { poll(); } })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>"""

OVERLAY_STYLE = (
    "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;"
    "margin:0;padding:1em 1.5em;background:#fff4f4;color:#5c0011;border-top:4px solid #b00020;"
    "font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;text-align:left;white-space:pre-wrap"
)


class Status:
    """The last rebuild as the pages see it: a version that changes with every rebuild
    that changed something, and its errors (``path:line: message``)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._started = time.time_ns()
        self._count = 0
        self.errors: tuple[str, ...] = ()

    @property
    def version(self) -> str:
        # Unique across restarts of the server, so a page left open reloads after one.
        return f"{self._started}-{self._count}"

    def publish(self, errors: tuple[str, ...]) -> None:
        with self._changed:
            self._count += 1
            self.errors = errors
            self._changed.notify_all()

    def wait(self, since: str, timeout: float = LONG_POLL_SECONDS) -> str:
        """The version once it differs from ``since``, or the same one after ``timeout``."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != since, timeout)
            return self.version


def injection(status: Status) -> str:
    """What goes before ``</body>`` of a served page: the reload script, and the errors."""
    script = RELOAD_SCRIPT % {"version": status.version, "path": VERSION_PATH}
    errors = status.errors
    if not errors:
        return script
    items = "".join(f"<li>{html.escape(error)}</li>" for error in errors)
    return (
        f'<div id="{OVERLAY_ID}" role="alert" lang="en" dir="ltr" style="{OVERLAY_STYLE}">'
        "<strong>carted-export serve: the last rebuild failed.</strong> "
        "The page shows the last good build; fix these and save:"
        f'<ul style="margin:.5em 0 0;padding-left:1.5em">{items}</ul></div>{script}'
    )


def inject(page: bytes, extra: str) -> bytes:
    """``page`` with ``extra`` before its last ``</body>`` (at the end if it has none)."""
    marker = page.lower().rfind(b"</body>")
    data = extra.encode("utf-8")
    if marker < 0:
        return page + data
    return page[:marker] + data + page[marker:]


class PreviewServer(ThreadingHTTPServer):
    """Serves ``root`` (which a reloaded config may change) and :class:`Status`."""

    daemon_threads = True  # a waiting long poll never holds up Ctrl-C

    def __init__(self, host: str, port: int, root: Path, status: Status) -> None:
        if ":" in host:
            self.address_family = socket.AF_INET6
        self.root = root
        self.status = status
        super().__init__((host, port), PreviewHandler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class PreviewHandler(SimpleHTTPRequestHandler):
    """Files from the server's root; HTML pages with :func:`injection`; the version."""

    def __init__(self, request: object, address: object, server: PreviewServer) -> None:
        self.preview = server
        super().__init__(request, address, server, directory=str(server.root))  # type: ignore[arg-type]

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == VERSION_PATH:
            since = parse_qs(url.query).get("since", [""])[0]
            self._send(self.preview.status.wait(since).encode(), "text/plain; charset=utf-8")
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir() and url.path.endswith("/"):
            path = path / "index.html"
        if path.suffix.lower() not in (".html", ".htm"):
            super().do_GET()  # files as they are; a folder without its slash is redirected
            return
        extra = injection(self.preview.status)
        if path.is_file():
            self._send(inject(path.read_bytes(), extra), HTML_TYPE)
        else:  # not built (yet): the errors say why, and the page appears once it is
            page = f"<!DOCTYPE html><title>Not built</title><p>{html.escape(url.path)}: not built"
            self._send(inject(page.encode(), extra), HTML_TYPE, HTTPStatus.NOT_FOUND)

    def _send(self, body: bytes, content_type: str, code: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload always shows the rebuild
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows rebuilds and errors, not every request."""
