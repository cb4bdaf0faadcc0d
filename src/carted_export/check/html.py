"""HTML checks in a real browser: axe-core (WCAG 2.2 AA + best practice) and reflow at 320 px.

One Chromium (Debian's, launched by Playwright; never a downloaded one) serves every file;
each page loads once and is resized to each width, so media queries apply before axe runs.
Network requests are aborted: a page must not need the network to be checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from carted_export.check import tools
from carted_export.check.findings import Finding

ColorScheme = Literal["light", "dark"]
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
WIDTHS = (1280, 320)
REFLOW_WIDTH = 320  # WCAG 1.4.10: 320 CSS px without horizontal scrolling
HEIGHT = 800
RUN_AXE = "(runOnly) => axe.run(document, {runOnly: runOnly})"
#: In dark mode only colours change, so only the contrast rules are re-run.
CONTRAST_RULES = ("color-contrast", "link-in-text-block")
OVERFLOW = "() => document.documentElement.scrollWidth > window.innerWidth"
#: WCAG 1.4.12 text spacing: the page must still reflow with these overrides.
TEXT_SPACING_CSS = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
    " word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"
)


@dataclass(frozen=True, slots=True)
class Violation:
    """One axe rule that failed on a page at one viewport width."""

    rule: str
    impact: str
    help: str
    width: int
    nodes: int
    target: str

    def format(self) -> str:
        return (
            f"{self.rule} ({self.impact}) at {self.width}px: {self.help}; "
            f"{self.nodes} element(s), first {self.target}"
        )


_Options = tuple[bool, Sequence[str]]  # (text spacing overrides, axe rule ids or all)


@dataclass(frozen=True, slots=True)
class PageReport:
    violations: tuple[Violation, ...]
    overflow_widths: tuple[int, ...]  # widths at which the page scrolls sideways


def _violations(result: dict[str, Any], width: int) -> list[Violation]:
    return [
        Violation(
            rule=item["id"],
            impact=item.get("impact") or "?",
            help=item["help"],
            width=width,
            nodes=len(item["nodes"]),
            target=" ".join(map(str, item["nodes"][0]["target"])) if item["nodes"] else "",
        )
        for item in result["violations"]
    ]


def _check_page(
    page: Any, path: Path, axe: str | None, widths: Sequence[int], options: _Options
) -> PageReport:
    text_spacing, rules = options
    run_only = (
        {"type": "rule", "values": list(rules)}
        if rules
        else {"type": "tag", "values": list(AXE_TAGS)}
    )
    page.set_viewport_size({"width": max(widths), "height": HEIGHT})
    page.goto(path.resolve().as_uri(), wait_until="load")
    if text_spacing:
        page.add_style_tag(content=TEXT_SPACING_CSS)
    if axe is not None:
        page.add_script_tag(content=axe)
    violations: list[Violation] = []
    overflow: list[int] = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        if axe is not None:
            violations += _violations(page.evaluate(RUN_AXE, run_only), width)
        if page.evaluate(OVERFLOW):
            overflow.append(width)
    return PageReport(tuple(violations), tuple(overflow))


def run_pages(
    paths: Sequence[Path],
    widths: Sequence[int] = WIDTHS,
    *,
    axe: bool = True,
    color_scheme: ColorScheme = "light",
    text_spacing: bool = False,
    rules: Sequence[str] = (),
) -> dict[Path, PageReport]:
    """Load every page in one browser at each width: axe-core (optional) and overflow.

    ``color_scheme`` emulates ``prefers-color-scheme`` (dark mode must keep its contrast);
    ``text_spacing`` applies the WCAG 1.4.12 spacing overrides before measuring; ``rules``
    limits axe to those rule ids (default: every WCAG 2.2 A/AA and best-practice rule).
    """
    from playwright.sync_api import sync_playwright  # heavy: only when HTML is checked

    axe_path, chromium = tools.axe_script(), tools.chromium()
    if chromium is None or (axe and axe_path is None):
        raise FileNotFoundError("needs chromium (and tools/validators/node_modules/axe-core)")
    script = axe_path.read_text(encoding="utf-8") if axe and axe_path else None
    reports: dict[Path, PageReport] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), args=list(tools.CHROMIUM_ARGS)
        )
        try:
            context = browser.new_context(color_scheme=color_scheme)
            context.route("**/*", _block_network)
            page = context.new_page()
            for path in paths:
                reports[path] = _check_page(page, path, script, widths, (text_spacing, rules))
        finally:
            browser.close()
    return reports


def _block_network(route: Any) -> None:
    if route.request.url.startswith(("file:", "data:")):
        route.continue_()
    else:
        route.abort()


def check_htmls(paths: Sequence[Path]) -> list[Finding]:
    """axe violations (errors) and horizontal overflow at 320 px (error) as findings."""
    if not paths:
        return []
    needs = tools.missing(
        ("playwright", tools.playwright_available()),
        ("axe-core", tools.axe_script()),
        ("chromium", tools.chromium()),
    )
    if needs:
        return [Finding(path, "axe", tools.not_run(needs), "skipped") for path in paths]
    widths = sorted({*WIDTHS, REFLOW_WIDTH}, reverse=True)
    findings: list[Finding] = []
    for path, report in run_pages(paths, widths).items():
        findings += [Finding(path, "axe", v.format()) for v in report.violations]
        if REFLOW_WIDTH in report.overflow_widths:
            text = f"page scrolls horizontally at {REFLOW_WIDTH}px (WCAG 1.4.10 reflow)"
            findings.append(Finding(path, "reflow", text))
    for path, report in run_pages(
        paths, (REFLOW_WIDTH,), color_scheme="dark", rules=CONTRAST_RULES
    ).items():
        findings += [Finding(path, "axe-dark", v.format()) for v in report.violations]
    spaced = run_pages(paths, (REFLOW_WIDTH,), axe=False, text_spacing=True)
    for path, report in spaced.items():
        if report.overflow_widths:
            text = "page scrolls horizontally with WCAG 1.4.12 text spacing at 320px"
            findings.append(Finding(path, "text-spacing", text))
    return findings
