"""``carted-export.toml``: found from any folder of the project, validated with file:line,
relative paths resolved against the file, flags over settings, one set of defaults."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from carted_export.config import ExecutorKind, Format, Paper, PrintSize
from carted_export.config_file import ConfigError, load_project

from conftest import REPO, ROOTS, RunCli, read_manifest

DOCS = REPO / "docs" / "configuration.md"


def write_config(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "carted-export.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_defaults_rooted_here(tmp_path: Path) -> None:
    project = load_project(cwd=tmp_path)
    assert project.config_path is None and project.root == tmp_path
    assert project.build.sources == (tmp_path / "sources",)
    assert project.build.out == tmp_path / "build"
    assert project.build.formats == (Format.PDF, Format.EPUB, Format.HTML)
    assert (project.build.paper, project.build.size, project.build.jobs) == (
        Paper.A4,
        PrintSize.STANDARD,
        0,
    )
    assert project.locales_dir == tmp_path / "locales"


def test_found_from_a_subfolder_and_paths_resolve_against_the_file(tmp_path: Path) -> None:
    config = write_config(
        tmp_path / "clinic",
        '[build]\nsources = ["articles", "../shared/extra.md"]\nout = "site"\n'
        'paper = "letter"\nsize = "large"\nlocales = ["es"]\nformats = ["pdf"]\n'
        '[project]\nlocales_dir = "translations"\n',
    )
    deep = tmp_path / "clinic" / "articles" / "2026"
    deep.mkdir(parents=True)
    project = load_project(cwd=deep)
    assert project.config_path == config and project.root == tmp_path / "clinic"
    assert project.build.sources == (
        tmp_path / "clinic" / "articles",
        tmp_path / "shared" / "extra.md",
    )
    assert project.build.out == tmp_path / "clinic" / "site"
    assert (project.build.paper, project.build.size) == (Paper.LETTER, PrintSize.LARGE)
    assert project.build.locales == ("es",) and project.build.formats == (Format.PDF,)
    assert project.locales_dir == tmp_path / "clinic" / "translations"
    assert project.display(tmp_path / "shared" / "extra.md") == "../shared/extra.md"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('[build]\nout = "x"\npaper = "a5"\n', 3, "paper in [build] must be one of a4, letter"),
        ("[build]\n\njobs = -1\n", 3, "jobs in [build] must be 0 or more"),
        ("[build]\njobs = true\n", 2, "jobs in [build] must be a whole number, not a boolean"),
        ('[build]\nstrict = "yes"\n', 2, "strict in [build] must be true or false"),
        ('[build]\nsources = "a"\nformats = ["pdf", "docx"]\n', 3, "formats in [build]"),
        ("[build]\nlocales = [1, 2]\n", 2, "locales in [build] must be a list of strings"),
        ('[build]\npapr = "a4"\n', 2, "unknown key 'papr' in [build]; did you mean 'paper'?"),
        ('[biuld]\nout = "x"\n', 1, "unknown key 'biuld' in the top level"),
        ('[build]\nout = "x\n', 2, "invalid TOML"),
        ('build = "x"\n', 1, "build must be a table"),
        ("[project]\n# comment\nlocales_dir = ''\n", 3, "locales_dir in [project] must not"),
        ('[build]\nexecutor = "ray"\n', 2, "executor in [build] must be one of local, dask"),
        ('[build]\nscheduler = "my cluster"\n', 2, "scheduler in [build] must be an address"),
    ],
)
def test_mistakes_name_the_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    config = write_config(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_project(config)
    assert info.value.exit_code == 2
    assert info.value.line == line, info.value.format_message()
    assert message in info.value.message


def test_executor_and_scheduler(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    write_config(project, '[build]\nexecutor = "dask"\nscheduler = "tcp://10.0.0.5:8786"\n')
    build = load_project(cwd=project).build
    assert (build.executor, build.scheduler) == (ExecutorKind.DASK, "tcp://10.0.0.5:8786")
    assert load_project(cwd=tmp_path).build.executor is ExecutorKind.LOCAL


def test_broken_config_exits_2_with_file_and_line_and_no_traceback(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "proj"
    write_config(project, '# settings\n[build]\nsources = ["sources"]\nsize = "huge"\n')
    monkeypatch.chdir(project)
    for args in (["build"], ["i18n", "stats"], ["check"]):
        result = run_cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert re.search(r"^Error: carted-export\.toml:4: size in \[build\]", result.output, re.M)
        assert "Traceback" not in result.output


def test_flags_override_the_file(run_cli: RunCli, tmp_path: Path) -> None:
    project = tmp_path / "proj"
    write_config(
        project,
        f'[build]\nsources = ["{ROOTS / "basic"}"]\nformats = ["pdf"]\nout = "from-config"\n',
    )
    out = tmp_path / "flag-out"
    result = run_cli(
        "build", "--config", project / "carted-export.toml", "--format", "html", "--out", out
    )
    assert result.exit_code == 0, result.output
    assert {r["format"] for r in read_manifest(out)} == {"html"}
    assert not (project / "from-config").exists()


def test_config_drives_the_build_and_i18n_alike(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file's locales folder is used by `build` and by `i18n`: one set of settings."""
    project = tmp_path / "proj"
    write_config(
        project,
        f'[build]\nsources = ["{ROOTS / "basic"}"]\nformats = ["html"]\nlocales = ["de"]\n'
        '[project]\nlocales_dir = "translations"\n',
    )
    monkeypatch.chdir(project)
    assert run_cli("i18n", "extract").exit_code == 0
    assert sorted(p.name for p in (project / "translations" / "content").glob("*.pot"))
    assert run_cli("i18n", "init", "--locale", "de").exit_code == 0
    assert (project / "translations" / "de" / "LC_MESSAGES" / "carted_export.po").is_file()
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    assert {r["locale"] for r in read_manifest(project / "build")} == {"de"}


def test_every_key_is_documented() -> None:
    """docs/configuration.md has a row for every key the reader accepts: the declared
    options (test_config_options.py checks their rows in full) and the keys
    config_leaflet.py reads itself."""
    from carted_export.config_build import DECLARED
    from carted_export.config_leaflet import LEAFLET_OPTIONS

    text = DOCS.read_text(encoding="utf-8")
    source = (REPO / "src" / "carted_export" / "config_leaflet.py").read_text(encoding="utf-8")
    tables = {"project", "build", "clinic", "publish", "leaflet", "braille", "audio"}
    keys = set(re.findall(r'\.(?:\w+)\(\s*"(\w+)"', source)) - tables
    assert keys, "no keys found in config_leaflet.py"
    keys |= {option.key for option in (*DECLARED, *LEAFLET_OPTIONS)}
    for key in sorted(keys):
        assert f"| `{key}` |" in text, f"{key} is not documented in docs/configuration.md"


def test_project_templates_override_the_built_in_ones_by_name(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/configuration.md's example: the clinic's colour on the leaflets' headings, from
    a copy of the built-in print.css; the other files stay built in.  The override is part of
    the outputs' cache keys."""
    import pdfplumber

    from carted_export.config import BUILTIN_TEMPLATES

    project = tmp_path / "proj"
    write_config(project, f'[build]\nsources = ["{ROOTS / "basic"}"]\nformats = ["pdf", "html"]\n')
    monkeypatch.chdir(project)
    assert run_cli("build").exit_code == 0
    css = (BUILTIN_TEMPLATES / "css" / "print.css").read_text(encoding="utf-8")
    assert "h1 { color: #0a3d60; }" in css
    (project / "templates" / "css").mkdir(parents=True)
    (project / "templates" / "css" / "print.css").write_text(
        css.replace("h1 { color: #0a3d60; }", "h1 { color: #5b2a86; }"), encoding="utf-8"
    )
    (project / "templates" / "footer.html.j2").write_text(
        '<footer class="citation"><p>Printed by the clinic.</p></footer>\n', encoding="utf-8"
    )
    rebuilt = run_cli("build")
    assert rebuilt.exit_code == 0 and "4 built, 0 up to date" in rebuilt.output, rebuilt.output
    pdf = next((project / "build" / "en").glob("handwashing*.pdf"))
    with pdfplumber.open(pdf) as document:
        title = document.pages[0].chars[0]
        assert [round(c * 255) for c in title["non_stroking_color"]] == [0x5B, 0x2A, 0x86]
        assert "Printed by the clinic." in "".join(p.extract_text() or "" for p in document.pages)
    tree = lxml.html.fromstring(
        next((project / "build" / "en").glob("handwashing*.html")).read_bytes()
    )
    assert "Printed by the clinic." in tree.text_content()
    styles = " ".join(tree.xpath("//style/text() | //@style")).lower()
    assert "#5b2a86" not in styles  # print.css only in the PDF
