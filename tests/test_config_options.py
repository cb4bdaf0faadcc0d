"""The declared options (``config_build.py``): one declaration per option serves the file
reader, the flags, ``build --help`` and the documentation, and the build's options are the
flags given over the file (``BuildOptions.from_project``)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from carted_export.config import ExecutorKind, Paper, PrintSize
from carted_export.config_build import DECLARED, JOBS, SOURCES, BuildOptions
from carted_export.config_file import ConfigError, load_project
from carted_export.config_leaflet import LEAFLET_OPTIONS
from carted_export.config_options import Option, Text
from carted_export.errors import UsageError

from conftest import REPO, RunCli

DOCS = REPO / "docs" / "configuration.md"
#: Flags of ``build`` that are not settings of the file: they belong to one run.
#: Every declared option: [build], [project], [leaflet] booklet; [clinic], [publish], [leaflet],
#: [braille], [audio].
EVERY = (*DECLARED, *LEAFLET_OPTIONS)
RUN_ONLY = {"--config", "--fail-fast", "--force", "--quiet", "-q", "--debug", "--help"}


def documented_row(option: Option[object]) -> list[str]:
    """The cells of ``option``'s row in its table's section of docs/configuration.md."""
    text = DOCS.read_text(encoding="utf-8")
    heading = re.search(rf"^## `\[{option.table}\]`.*$", text, re.MULTILINE)
    assert heading, f"docs/configuration.md has no [{option.table}] section"
    section = text[heading.end() :].split("\n## ", 1)[0]
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0] == f"`{option.key}`":
            return cells
    raise AssertionError(f"{option.name} has no row in docs/configuration.md")


@pytest.mark.parametrize("option", EVERY, ids=lambda option: option.name)
def test_every_declared_option_is_documented_with_its_default_and_flag(
    option: Option[object],
) -> None:
    cells = documented_row(option)
    default, flag = cells[2], cells[-1]
    if isinstance(option.default, tuple):
        expected = [
            f'"{item}"' if default.startswith("`[") else f"`{item}`" for item in option.default
        ]
        assert all(item in default for item in expected) or (
            not option.default and default.startswith("`[]`")
        ), (option.name, default)
    elif isinstance(option.default, bool):
        assert default == f"`{str(option.default).lower()}`", (option.name, default)
    elif option.default is not None:
        assert default == f"`{option.default}`", (option.name, default)
    elif isinstance(option.kind, Text) and option.kind.required:
        assert default == "—", (option.name, default)
    else:
        assert (option.shown or "none") in default, (option.name, default)
    if option.shown:
        assert option.shown in default, (option.name, default)
    if option.flag is None:
        # SOURCES are the command's arguments, not a flag.
        assert flag == ("`SOURCES` arguments" if option is SOURCES else "—"), (option.name, flag)
    else:
        names = [*option.flag.names, *([option.flag.off] if option.flag.off else [])]
        assert re.findall(r"`(-[^`]+)`", flag) == names, (option.name, flag)


def test_build_help_is_made_from_the_declarations(run_cli: RunCli) -> None:
    """Each declared flag is a flag of ``build`` and in its ``--help`` with the key it
    overrides and the default; every other flag of ``build`` belongs to a single run."""
    from carted_export.cli.build import build

    result = run_cli("build", "--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())  # Click wraps the help text
    params = {param.name: param for param in build.params}
    declared: set[str] = set()
    for option in EVERY:
        if option.flag is None:
            assert f"[config: {option.name}" not in text, option.name
            continue
        param = params[option.dest]
        names = {*option.flag.names, *([option.flag.off] if option.flag.off else [])}
        assert {*param.opts, *param.secondary_opts} == names, option.name
        declared |= names
        shown = option.shown or option.kind.show(option.default)
        marker = f"[config: {option.name}" + (f"; default: {shown}]" if shown else "]")
        assert marker in text, (option.name, marker)
        if "{" not in option.help:  # else each command words it (--out: "Folder for ...")
            # Click may break a line after a hyphen ("two-" "up"): compare without spaces.
            assert "".join(option.help_text().split()) in "".join(text.split()), option.name
    flags = {
        name
        for param in build.params
        if isinstance(param, click.Option)
        for name in (*param.opts, *param.secondary_opts)
    }
    assert flags - declared - RUN_ONLY == set()
    assert isinstance(params["sources"], click.Argument)  # none given: [build] sources


def test_one_default_for_jobs_everywhere(tmp_path: Path) -> None:
    """``jobs`` was 1 in BuildOptions and 0 in the file's settings: now both are the
    declared 0 (one worker per CPU core), and a build's workers say how many that is."""
    settings = load_project(cwd=tmp_path).build
    options = BuildOptions(sources=(), out_dir=tmp_path)
    assert settings.jobs == options.jobs == JOBS.default == 0
    assert options.workers >= 1
    assert BuildOptions(sources=(), out_dir=tmp_path, jobs=3).workers == 3


def write_project(folder: Path, text: str) -> Path:
    (folder / "sources").mkdir(parents=True)
    (folder / "carted-export.toml").write_text(text, encoding="utf-8")
    return folder


def test_flags_given_win_over_the_file_and_the_rest_comes_from_it(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        '[build]\npaper = "letter"\nsize = "large"\njobs = 3\nstrict = true\n'
        "max_source_size = 2\n[leaflet]\nbooklet = true\n",
    )
    project = load_project(cwd=root)
    options = BuildOptions.from_project(
        project, {"paper": "a4", "strict": False, "booklet": None, "jobs": None}
    )
    assert (options.paper, options.size, options.jobs) == (Paper.A4, PrintSize.LARGE, 3)
    assert options.strict is False and options.leaflet.booklet is True
    assert options.reading.max_bytes == 2 * 1024 * 1024
    assert options.sources == (root / "sources",) and options.out_dir == root / "build"
    unset = BuildOptions.from_project(project, {"formats": (), "locales": ()})
    assert unset.formats == project.build.formats and unset.locales == ()
    repeated = BuildOptions.from_project(project, {"formats": ("pdf", "html", "pdf")})
    assert [fmt.value for fmt in repeated.formats] == ["pdf", "html"]


def test_the_executor_checks_live_in_one_place(tmp_path: Path) -> None:
    project = load_project(cwd=write_project(tmp_path, '[build]\nscheduler = "tcp://h:8786"\n'))
    local = BuildOptions.from_project(project, {})
    assert (local.executor, local.scheduler) == (ExecutorKind.LOCAL, None)  # file's ignored
    dask = BuildOptions.from_project(project, {"executor": "dask"})
    assert dask.scheduler == "tcp://h:8786"
    with pytest.raises(UsageError, match="--scheduler needs --executor dask"):
        BuildOptions.from_project(project, {"scheduler": "tcp://other:8786"})
    with pytest.raises(UsageError, match="--scheduler must be an address like"):
        BuildOptions.from_project(project, {"executor": "dask", "scheduler": "nowhere"})
    with pytest.raises(TypeError, match="paper_size"):
        BuildOptions.from_project(project, {"paper_size": "a4"})


def test_the_file_is_checked_by_the_same_declaration(tmp_path: Path) -> None:
    write_project(tmp_path, '[build]\njobs = -1\nscheduler = "nowhere"\n')
    with pytest.raises(ConfigError, match="jobs in \\[build\\] must be 0 or more, not -1"):
        load_project(cwd=tmp_path)
    (tmp_path / "carted-export.toml").write_text('[build]\nscheduler = "nowhere"\n')
    with pytest.raises(ConfigError, match="scheduler in \\[build\\] must be an address like"):
        load_project(cwd=tmp_path)
