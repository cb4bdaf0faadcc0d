"""The CLI surface: help that teaches, version, lazy start-up, usage errors."""

from __future__ import annotations

import subprocess
import sys

from carted_export import __version__

from conftest import REPO, RunCli


def test_help_lists_commands_with_examples(run_cli: RunCli) -> None:
    result = run_cli("--help")
    assert result.exit_code == 0
    for command in ("build", "check", "i18n"):
        assert command in result.output
    build_help = run_cli("build", "--help").output
    assert "Examples:" in build_help and "--locale" in build_help and "Exit status" in build_help


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from carted_export.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('weasyprint', 'ebooklib', 'pikepdf', 'lxml', 'markdown_it', 'babel')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    ).stdout
    assert "HEAVY []" in output


def test_python_dash_m_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "carted_export", "--version"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_bad_option_is_exit_code_2(run_cli: RunCli) -> None:
    assert run_cli("build", "--paper", "a5").exit_code == 2
    assert run_cli("build", "/no/such/folder").exit_code == 2
