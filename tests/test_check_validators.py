"""The validator harness on tiny hand-written good and bad files (tests/roots/check/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from carted_export.check import tools

from validators import (
    CHECK_ROOT,
    ace_violations,
    axe_violations,
    epubcheck_batch,
    horizontal_overflow,
    require_ace,
    require_axe,
    require_browser,
    require_epubcheck,
    zip_epub,
)

pytestmark = pytest.mark.validators

HTML = CHECK_ROOT / "html"
OPF = "EPUB/package.opf"


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("epub")
    source = CHECK_ROOT / "epub" / "good"
    return {
        "good": zip_epub(source, out / "good.epub"),
        "no-title": zip_epub(
            source, out / "no-title.epub", {OPF: ("<dc:title>Check book</dc:title>", "")}
        ),
        "no-access-mode": zip_epub(
            source,
            out / "no-access-mode.epub",
            {OPF: ('<meta property="schema:accessMode">textual</meta>', "")},
        ),
    }


def test_epubcheck_good_and_bad_in_one_jvm(books: dict[str, Path]) -> None:
    require_epubcheck()
    results = epubcheck_batch([books["good"], books["no-title"]])
    assert results[books["good"]] == []
    bad = results[books["no-title"]]
    assert bad and all(line.startswith(("ERROR ", "WARNING ")) for line in bad)
    assert any("RSC-005" in line and "title" in line for line in bad)


def test_ace_good_and_bad(books: dict[str, Path]) -> None:
    require_ace()
    assert ace_violations(books["good"]) == []
    bad = ace_violations(books["no-access-mode"])
    assert len(bad) == 1
    assert bad[0].startswith("EPUB/package.opf: metadata-accessmode (serious): ")


def test_axe_flags_missing_alt_at_both_widths() -> None:
    require_axe()
    good, bad = HTML / "good.html", HTML / "missing-alt.html"
    results = axe_violations([good, bad])
    assert results[good] == []
    assert [line.split(":")[0] for line in results[bad]] == [
        "image-alt (critical) at 1280px",
        "image-alt (critical) at 320px",
    ]


def test_horizontal_overflow() -> None:
    require_browser()
    assert horizontal_overflow(HTML / "overflow.html")
    assert not horizontal_overflow(HTML / "overflow.html", width=800)
    assert not horizontal_overflow(HTML / "good.html")


@pytest.fixture
def no_node_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARTED_EXPORT_NODE_TOOLS", str(tmp_path / "nothing"))


@pytest.mark.usefixtures("no_node_tools")
def test_missing_tool_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert tools.ace_cli() is None
    with pytest.raises(pytest.skip.Exception, match="ace-cli"):
        require_ace()


@pytest.mark.usefixtures("no_node_tools")
def test_missing_tool_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required in CI"):
        require_ace()


def test_dark_mode_contrast_is_checked(tmp_path: Path) -> None:
    from carted_export.check.html import CONTRAST_RULES, run_pages

    require_axe()
    page = tmp_path / "dark.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Dark</title><style>'
        "@media (prefers-color-scheme: dark) { body { color: #333; background: #000; } }"
        "</style></head><body><main><p>Barely visible at night.</p></main></body></html>",
        "utf-8",
    )
    light = run_pages([page], (320,), rules=CONTRAST_RULES)[page]
    dark = run_pages([page], (320,), color_scheme="dark", rules=CONTRAST_RULES)[page]
    assert light.violations == ()
    assert [v.rule for v in dark.violations] == ["color-contrast"]


@pytest.mark.parametrize(("ci", "outcome"), [("true", "1 error"), ("", "1 skipped")])
def test_missing_msgmerge_fails_in_ci_and_skips_elsewhere(
    tmp_path: Path, ci: str, outcome: str
) -> None:
    """Like every tool the suite needs, a missing GNU msgmerge is a failure under CI=true."""
    import os
    import subprocess
    import sys

    from conftest import REPO

    env = {**os.environ, "CI": ci, "PATH": str(tmp_path)}  # nothing on PATH: no msgmerge
    test = REPO / "tests" / "test_i18n_update.py"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
    result = subprocess.run(
        [*command, str(test), "-k", "no_op"], env=env, cwd=REPO, capture_output=True, text=True
    )
    assert outcome in result.stdout, result.stdout[-2000:]
    if ci:
        assert "msgmerge" in result.stdout and "validators are required in CI" in result.stdout
