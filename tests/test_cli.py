"""The CLI surface: help that teaches, version, lazy start-up, usage errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from carted_export import __version__

from conftest import REPO, SEEDS, RunCli


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
        "heavy = [m for m in ('weasyprint', 'ebooklib', 'pikepdf', 'lxml', 'markdown_it', 'babel',"
        " 'carted_export.config', 'carted_export.document', 'carted_export.cli.build')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    ).stdout
    assert "HEAVY []" in output


def test_listing_shows_each_commands_own_short_help(run_cli: RunCli) -> None:
    """The listing is written without importing the commands (from ``SHORT_HELP``): each
    line must be the short help Click makes from the command's own docstring, said whole,
    and a group's line must name every one of its sub-commands (it is all a user sees
    before ``i18n --help``)."""
    import click

    from carted_export.cli import main

    listing = run_cli("--help").output
    context = click.Context(main)
    names = main.list_commands(context)
    shown = dict(re.findall(r"^  ([\w-]+) +(\S.*)$", listing.partition("Commands:")[2], re.M))
    assert list(shown) == names
    for name in names:
        command = main.get_command(context, name)
        assert command is not None and command.help
        own = click.Command(name, help=command.help).get_short_help_str(limit=200)
        assert not own.endswith("..."), (name, own)  # the docstring's first sentence is short
        assert command.get_short_help_str(limit=200) == own, name  # no other short help
        assert shown[name] == own, (name, shown[name], own)
        if isinstance(command, click.Group):
            named = set(re.findall(r"[\w-]+", own.partition(":")[2]))
            assert named == set(command.list_commands(context)), (name, own)


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


def _build_output(sources: Path, out: Path, *, terminal: bool) -> str:
    """stderr of a real build, either to a pipe (a CI log) or to a pseudo-terminal.

    The seeds' PDFs take over a second each, long enough for the bar to estimate an ETA.
    """
    import os
    import pty

    command = [sys.executable, "-m", "carted_export", "build", str(sources), "--out", str(out)]
    command += ["--format", "pdf", "--locale", "en", "--locale", "es", "--jobs", "1"]
    if not terminal:
        return subprocess.run(command, capture_output=True, text=True, check=True).stderr
    leader, follower = pty.openpty()
    with subprocess.Popen(command, stderr=follower, stdout=subprocess.DEVNULL) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait() == 0
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_is_a_bar_on_a_terminal_and_lines_in_a_log(tmp_path: Path) -> None:
    log = _build_output(SEEDS, tmp_path / "log", terminal=False)
    assert "[1/4] " in log and "[4/4] " in log and "\r" not in log
    bar = _build_output(SEEDS, tmp_path / "bar", terminal=True)
    assert "[1/4] " not in bar
    assert "\r" in bar and "4/4" in bar  # redrawn in place, with the position...
    assert re.search(r"\d\d:\d\d:\d\d", bar)  # ... and an ETA
    for output in (log, bar):
        rows = {line.split()[0]: line.split()[1:] for line in output.splitlines()[-4:-1]}
        assert rows["en"][:2] == rows["es"][:2] == ["2", "0"], output
        assert rows["en"][3] == rows["es"][3] == "0", output
        assert output.splitlines()[-1].startswith("4 built, 0 up to date")
