"""The termbase (locales/<locale>/termbase.toml): ``i18n check`` warns when a translation
drops an approved term; ``i18n stats`` counts how consistently each locale keeps them."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from carted_export.cli.i18n import i18n
from carted_export.i18n.termbase import Term, keeps, terms_used
from test_i18n_guard import poison_file
from test_seeds import NCI

from conftest import NCI_ROOT

ES_NCI = Path("es/LC_MESSAGES/content") / f"{NCI}.po"
FORM_OF = "A form of immunotherapy that has generated tremendous excitement"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(i18n, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    shutil.copytree(NCI_ROOT / "locales", tmp_path / "locales")
    return tmp_path / "locales"


def term(source: tuple[str, ...], approved: tuple[str, ...], case: bool = False) -> Term:
    return Term(source, approved, line=1, case_sensitive=case)


def test_a_longer_term_claims_its_words() -> None:
    car_t = term(("CAR T cells",), ("células CAR T",))
    t_cell = term(("T cells",), ("células T",))
    assert terms_used("CAR T cells attack; T cells help.", [t_cell, car_t]) == [car_t, t_cell]
    assert terms_used("CAR T cells attack.", [t_cell, car_t]) == [car_t]
    assert terms_used("See [T cells](https://x.org/T cells)", [t_cell]) == [t_cell]
    assert terms_used("Multiple T cellsx", [t_cell]) == []  # whole words only


def test_case_sensitive_terms() -> None:
    leukemia = term(("ALL",), ("LLA",), case=True)
    assert terms_used("children with ALL", [leukemia]) == [leukemia]
    assert terms_used("all children", [leukemia]) == []
    assert keeps(term(("immunotherapy",), ("Inmunoterapia",)), "la INMUNOTERAPIA")
    assert not keeps(leukemia, "lla")


def test_shipped_spanish_termbase_is_kept(locales: Path) -> None:
    code, out, _err = run("check", "--locales-dir", str(locales), "--locale", "es")
    assert code == 0 and out.strip().endswith("0 error(s), 0 warning(s)")
    code, out, _err = run("stats", "--locales-dir", str(locales), "--format", "json")
    found = json.loads(out)["termbase"]
    assert list(found) == ["es"]  # the only locale with a termbase
    assert found["es"]["terms"] >= 10 and found["es"]["uses"] >= 40
    assert found["es"]["approved"] == found["es"]["uses"]


def test_a_dropped_term_is_a_warning_naming_both_files(locales: Path) -> None:
    lines = poison_file(locales / ES_NCI, {FORM_OF: ("inmunoterapia", "terapia inmunitaria")})
    code, out, _err = run("check", "--locales-dir", str(locales), "--locale", "es")
    assert code == 0  # a warning, never a rejection
    termbase = (locales / "es" / "termbase.toml").read_text("utf-8").split("\n")
    term_line = (
        next(
            n for n, line in enumerate(termbase, 1) if line.startswith('source = ["immunotherapy"')
        )
        - 1
    )
    assert termbase[term_line - 1] == "[[term]]"
    expected = (
        f"{locales / ES_NCI}:{lines[FORM_OF]}: warning: term “immunotherapy” "
        f"({locales / 'es' / 'termbase.toml'}:{term_line}) is not translated as approved: "
        "“inmunoterapia”, “inmunoterapias”"
    )
    assert expected in out.splitlines(), out
    code, out, _err = run("stats", "--locales-dir", str(locales), "--locale", "es")
    found = re.search(r"termbase es: \d+ terms; (\d+) translated entries use them, (\d+)", out)
    assert found and int(found.group(1)) - int(found.group(2)) == 1


def test_a_broken_termbase_names_its_line(locales: Path) -> None:
    path = locales / "es" / "termbase.toml"
    first = '[[term]]\nsource = "T cell"\napproved = "célula T"\n\n'
    path.write_text(first + '[[term]]\nsource = "B cell"\n', "utf-8")
    code, _out, err = run("check", "--locales-dir", str(locales), "--locale", "es")
    assert code == 1
    assert f"{path}:5: error: each [[term]] needs source and approved" in err
    path.write_text('[[term]]\nsource = "T cell\n', "utf-8")
    code, _out, err = run("stats", "--locales-dir", str(locales), "--locale", "es")
    assert code == 1 and re.search(rf"{re.escape(str(path))}:2: cannot read the termbase", err)


def test_a_termbase_not_in_utf8_names_its_line(locales: Path) -> None:
    path = locales / "es" / "termbase.toml"
    path.write_bytes('[[term]]\nsource = "T cell"\napproved = "célula T"\n'.encode("latin-1"))
    for command in ("check", "stats"):
        code, _out, err = run(command, "--locales-dir", str(locales), "--locale", "es")
        pattern = rf"{re.escape(str(path))}:3: (error: )?catalog is not UTF-8; save it as UTF-8"
        assert code == 1 and re.search(pattern, err), err
