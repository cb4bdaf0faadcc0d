"""The ``carted-export i18n`` commands end to end, through Click."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from click.testing import CliRunner

from carted_export.cli.i18n import i18n
from carted_export.config import BUILTIN_LOCALES
from carted_export.i18n.po import load_po

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"
TEST_LOCALES = ROOT / "tests" / "roots" / "i18n" / "locales"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(i18n, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def joined(lines: list[str]) -> str:
    return "\n".join(lines)


def test_stats_min_100_fails_for_partial_locales() -> None:
    code, out, err = run("stats", "--locales-dir", str(LOCALES), "--min", "100")
    assert code == 1
    assert "ar is below 100% translated" in err and "zh_Hans is below" in err
    assert "es is below" not in err
    assert "es " in out and "ui" in out


def test_stats_min_0_passes_and_spanish_is_complete() -> None:
    assert run("stats", "--locales-dir", str(LOCALES), "--min", "0")[0] == 0
    assert run("stats", "--locales-dir", str(LOCALES), "--locale", "es", "--min", "100")[0] == 0


def test_stats_json() -> None:
    code, out, _err = run("stats", "--locales-dir", str(LOCALES), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["locales"]["es"]["percent"] == 100.0
    assert 0 < data["locales"]["ar"]["percent"] < 100
    nci = next(
        row
        for row in data["catalogs"]
        if row["locale"] == "zh_Hans" and row["catalog"].startswith("car-t-cells-engineering")
    )
    assert nci["translated"] >= 10 and nci["untranslated"] > 0


def test_shipped_catalogs_pass_check() -> None:
    code, out, err = run("check", "--locales-dir", str(LOCALES))
    assert code == 0, err
    assert "0 error(s)" in out


def test_check_catches_link_placeholder_number_and_broken_file() -> None:
    code, _out, err = run("check", "--locales-dir", str(TEST_LOCALES))
    assert code == 1
    es = "tests/roots/i18n/locales/es/LC_MESSAGES/content/doc.po"
    lines = [line.replace(str(ROOT) + "/", "") for line in err.splitlines()]
    assert f"{es}:11: error: link targets differ: missing https://www.cancer.gov/; " in joined(
        lines
    )
    assert f"{es}:11: error: doses differ: missing 10 mg; added 100 mg" in lines
    assert f"{es}:16: error: placeholders differ: missing %(steps)s" in lines
    assert any(line.startswith(f"{es}:21: error: blank alt text") for line in lines)
    de = "tests/roots/i18n/locales/de/LC_MESSAGES/content/doc.po"
    assert any(line.startswith(f"{de}:11: error: invalid PO syntax") for line in lines)
    assert not any("/fr/" in line for line in lines)  # the clean locale, still checked


def test_broken_catalog_does_not_stop_other_locales() -> None:
    code, out, err = run("stats", "--locales-dir", str(TEST_LOCALES))
    assert code == 1
    assert "de/LC_MESSAGES/content/doc.po:11:" in err
    assert "fr " in out and "es " in out


def test_unknown_locale_is_a_usage_error() -> None:
    result = CliRunner().invoke(i18n, ["stats", "--locales-dir", str(LOCALES), "--locale", "xx"])
    assert result.exit_code == 2
    assert "unknown locale 'xx'" in result.output


def test_init_creates_every_catalog(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    locales.mkdir()
    shutil.copytree(LOCALES / "content", locales / "content")
    code, out, _err = run("init", "--locale", "pt-BR", "--locales-dir", str(locales))
    assert code == 0
    assert out.count("created") == 1 + len(list((locales / "content").glob("*.pot")))
    po = load_po(locales / "pt_BR" / "LC_MESSAGES" / "carted_export.po")
    assert po.metadata["Language"] == "pt_BR"
    assert "X-Reviewed-By" not in po.metadata  # review state lives in the entries
    # Plural rules are CLDR data that Babel owns (they changed in Babel 2.19): ask it.
    plural = get_plural("pt_BR")
    expected = f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"
    assert po.metadata["Plural-Forms"] == expected
    template = load_po(BUILTIN_LOCALES / "carted_export.pot")
    plurals = [entry for entry in po if entry.msgid_plural]
    assert len(plurals) == sum(bool(entry.msgid_plural) for entry in template)
    assert all(len(entry.msgstr_plural) == plural.num_plurals for entry in plurals)
    assert run("init", "--locale", "pt_BR", "--locales-dir", str(locales))[1] == ""


def test_shipped_templates_match_the_sources(tmp_path: Path) -> None:
    """Every string the code and seeds produce is in the shipped templates (line numbers in
    references may lag behind template edits; ``i18n extract && i18n update`` refreshes them)."""
    locales = tmp_path / "locales"
    assert run("extract", "--ui", "--locales-dir", str(locales))[0] == 0
    assert run("extract", str(ROOT / "seeds"), "--locales-dir", str(locales))[0] == 0
    ui_pot = locales / "carted_export.pot"
    assert keys(ui_pot) == keys(BUILTIN_LOCALES / ui_pot.name), "run `make ui-catalogs`"
    for pot in sorted((locales / "content").glob("*.pot")):
        shipped = LOCALES / pot.relative_to(locales)
        assert keys(pot) == keys(shipped), f"{shipped} is stale: run i18n extract and update"


def keys(path: Path) -> list[tuple[str, str]]:
    return [(e.msgctxt or "", e.msgid) for e in load_po(path)]


@pytest.mark.parametrize("module", ["weasyprint", "ebooklib", "pikepdf"])
def test_i18n_commands_do_not_import_heavy_modules(module: str) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from carted_export.cli.i18n import i18n\n"
        f"CliRunner().invoke(i18n, ['stats', '--locales-dir', {str(LOCALES)!r}])\n"
        f"CliRunner().invoke(i18n, ['check', '--locales-dir', {str(LOCALES)!r}])\n"
        f"assert {module!r} not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
