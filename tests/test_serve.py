"""``carted-export serve`` as a user runs it: a real process on a real port, read over HTTP.

Each test starts ``serve --port 0`` in a small project (one Markdown source, HTML only),
reads the port from the ``Serving ... at http://127.0.0.1:PORT/`` line, and only ever talks
to 127.0.0.1.  Every wait is a poll with a generous deadline (a loaded 2-core CI machine
can take seconds for the first build); no sleep stands in for an assertion.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import lxml.html
import pytest

import carted_export

T = TypeVar("T")

START_SECONDS = 120.0  # the first build, imports included
REBUILD_SECONDS = 30.0  # a save to the new page served (measured: well under a second idle)
STOP_SECONDS = 30.0
OVERLAY_XPATH = "//*[@id='carted-export-serve-errors']//li"

CONFIG = """\
[build]
sources = ["sources"]
locales = ["en"]
formats = ["html"]
out = "build"
"""


def article(sentence: str) -> str:
    return f"""\
---
title: "Before your visit"
language: en
license: "public domain"
slug: visit
---

# Before your visit

{sentence}
"""


#: Front matter whose quoted title never closes: a YAML error at a known line.
BROKEN = '---\ntitle: "Before your visit\nlanguage: en\n---\n\n# Before\n\nText.\n'


@dataclass
class Server:
    process: subprocess.Popen[str]
    port: int
    source: Path
    lines: queue.Queue[str]

    def url(self, path: str = "/en/visit.html") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def page(self) -> lxml.html.HtmlElement:
        """The served page as a DOM (a 404 page too: the preview serves one with errors)."""
        try:
            with urllib.request.urlopen(self.url(), timeout=10) as response:
                body: bytes = response.read()
        except urllib.error.HTTPError as error:
            body = error.read()
        return lxml.html.fromstring(body)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=STOP_SECONDS)


def paragraphs(page: lxml.html.HtmlElement) -> list[str]:
    return [" ".join(p.text_content().split()) for p in page.xpath("//main//p")]


def errors(page: lxml.html.HtmlElement) -> list[str]:
    return [" ".join(li.text_content().split()) for li in page.xpath(OVERLAY_XPATH)]


def eventually(probe: Callable[[], T], done: Callable[[T], bool], seconds: float) -> T:
    """``probe()`` again until ``done`` says yes; the last value if the deadline passes."""
    deadline = time.monotonic() + seconds
    while True:
        value = probe()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def _follow(stream: Iterator[str], lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))


def _port(process: subprocess.Popen[str], lines: queue.Queue[str]) -> int:
    deadline = time.monotonic() + START_SECONDS
    seen: list[str] = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            assert process.poll() is None, f"serve exited early: {seen}"
            continue
        seen.append(line)
        match = re.search(r"^Serving .* at http://127\.0\.0\.1:(\d+)/$", line)
        if match:
            return int(match.group(1))
    pytest.fail(f"serve did not start within {START_SECONDS} s: {seen}")


def _interruptible() -> None:
    """Ctrl-C as at a terminal: a suite started in the background by a shell (``make test
    &``) has SIGINT ignored, and a child would inherit that and never stop on it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    (tmp_path / "carted-export.toml").write_text(CONFIG, encoding="utf-8")
    source = tmp_path / "sources" / "visit.md"
    source.parent.mkdir()
    source.write_text(article("Bring a list of your medicines."), encoding="utf-8")
    # The package under test, whatever folder the process starts in (PYTHONPATH=src is relative).
    package_root = str(Path(carted_export.__file__).resolve().parents[1])
    path = os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "carted_export", "serve", "--port", "0"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=_interruptible,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    threading.Thread(target=_follow, args=(process.stdout, lines), daemon=True).start()
    try:
        yield Server(process, _port(process, lines), source, lines)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=STOP_SECONDS)


def test_serve_rebuilds_a_saved_source_and_stops_cleanly(server: Server) -> None:
    assert "Bring a list of your medicines." in paragraphs(server.page())

    server.source.write_text(article("Bring every pill bottle you have."), encoding="utf-8")
    served = eventually(
        lambda: paragraphs(server.page()),
        lambda texts: "Bring every pill bottle you have." in texts,
        REBUILD_SECONDS,
    )
    assert "Bring every pill bottle you have." in served, served
    assert "Bring a list of your medicines." not in served
    # What is served is what was built: the file on disk has the new text too.
    built = lxml.html.parse(str(server.source.parents[1] / "build" / "en" / "visit.html"))
    assert "Bring every pill bottle you have." in paragraphs(built.getroot())

    assert server.stop() == 0
    with socket.socket() as probe:  # a new server could listen on the port again
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", server.port))
        probe.listen()


def test_serve_tells_open_pages_to_reload(server: Server) -> None:
    """The page's script long-polls the version: a save answers the poll with a new one."""
    version_url = server.url("/__carted-export__/version")
    with urllib.request.urlopen(f"{version_url}?since=", timeout=10) as response:
        before = response.read().decode()
    assert before

    answer: queue.Queue[str] = queue.Queue()

    def poll() -> None:
        url = f"{version_url}?since={before}"
        with urllib.request.urlopen(url, timeout=REBUILD_SECONDS + 30) as response:
            answer.put(response.read().decode())

    threading.Thread(target=poll, daemon=True).start()
    server.source.write_text(article("Bring your glasses."), encoding="utf-8")
    after = answer.get(timeout=REBUILD_SECONDS + 30)
    assert after != before
    assert "Bring your glasses." in paragraphs(server.page())


@pytest.mark.skipif(sys.platform != "linux", reason="all of 127.0.0.0/8 is loopback on Linux")
def test_serve_listens_on_loopback_only(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10):
        pass
    # A server on 0.0.0.0 would answer on every address; one on 127.0.0.1 answers on no other.
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.2", server.port), timeout=10).close()


def test_serve_shows_a_source_error_and_recovers(server: Server) -> None:
    server.source.write_text(BROKEN, encoding="utf-8")
    page = eventually(server.page, lambda page: bool(errors(page)), REBUILD_SECONDS)
    shown = errors(page)
    assert len(shown) == 1, shown
    assert re.fullmatch(r"sources/visit\.md:[23]: invalid YAML front matter: .+", shown[0]), shown
    # The last good build stays on the page under the overlay, and the terminal says it too.
    assert "Bring a list of your medicines." in paragraphs(page)
    printed = eventually(
        lambda: list(server.lines.queue),
        lambda lines: any(line.startswith("error: sources/visit.md:") for line in lines),
        REBUILD_SECONDS,
    )
    assert any(line == f"error: {shown[0]}" for line in printed), printed
    assert server.process.poll() is None  # still serving

    server.source.write_text(article("Bring a friend if you like."), encoding="utf-8")
    # The file is written before the rebuild's errors are cleared: wait for both.
    page = eventually(
        server.page,
        lambda page: "Bring a friend if you like." in paragraphs(page) and not errors(page),
        REBUILD_SECONDS,
    )
    assert "Bring a friend if you like." in paragraphs(page)
    assert errors(page) == []
    assert server.stop() == 0


def test_serve_prints_the_warnings_of_what_a_save_rebuilt(server: Server) -> None:
    unlicensed = article("Bring your glasses.").replace('license: "public domain"\n', "")
    server.source.write_text(unlicensed, encoding="utf-8")
    expected = "warning: sources/visit.md:1: no license given; reuse rights unknown"
    printed = eventually(
        lambda: list(server.lines.queue), lambda lines: expected in lines, REBUILD_SECONDS
    )
    assert expected in printed, printed
    assert "Bring your glasses." in paragraphs(server.page())  # a warning never stops a page
