"""[clinic], [publish] and [leaflet] in carted-export.toml: validated with file:line, the
logo sanitized like any image, and incremental builds that keep the web page's stated
sizes true (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pikepdf
import pytest

from carted_export.config_file import ConfigError, load_project
from test_transforms_images import element_names, svg_tree

from conftest import RunCli, read_manifest
from validators import structure_elements

LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>'
)
CLINIC = """\
[clinic]
name = "Hilltop Family Clinic"
phone = "+44 20 7946 0000"
logo = "logo.svg"
logo_alt = "Hilltop logo"
"""


def project(folder: Path, text: str, sources: Path | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "logo.svg").write_bytes(LOGO)
    head = f'[build]\nsources = ["{sources}"]\n' if sources else ""
    path = folder / "carted-export.toml"
    path.write_text(head + text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (CLINIC.replace('logo_alt = "Hilltop logo"\n', ""), 4, "logo in [clinic] needs logo_alt"),
        (CLINIC.replace("logo.svg", "missing.svg"), 4, "cannot read the logo"),
        (CLINIC.replace('name = "Hilltop Family Clinic"\n', ""), 1, "name in [clinic] is required"),
        (CLINIC.replace('phone = "+44 20 7946 0000"', 'phone = ""'), 3, "phone in [clinic]"),
        (CLINIC + 'website = "riverside.example.org"\n', 6, "website in [clinic] must be an http"),
        (CLINIC + "fax = 1\n", 6, "unknown key 'fax' in [clinic]"),
        ('[publish]\nbase_url = "ftp://x.org/"\n', 2, "base_url in [publish] must be an http"),
        ('[publish]\n\nbase_url = "https://x.org/?a=1"\n', 3, "must not have a ?query"),
        ("[leaflet]\nquestions = [1]\n", 2, "questions in [leaflet] must be a list of strings"),
        ('[build]\nbilingual = "yes"\n', 2, "bilingual in [build] must be true or false"),
    ],
)
def test_clinic_mistakes_name_the_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_project(project(tmp_path, text))
    assert info.value.exit_code == 2
    assert info.value.line == line, info.value.format_message()
    assert message in info.value.message


def test_a_logo_that_is_not_an_image_exits_2_from_the_cli(
    run_cli: RunCli, tmp_path: Path, basic_root: Path
) -> None:
    config = project(tmp_path / "proj", CLINIC, basic_root)
    (config.parent / "logo.svg").write_text("not an image", encoding="utf-8")
    result = run_cli("build", "--config", config)
    assert result.exit_code == 2
    assert re.search(r"carted-export\.toml:6: logo .*is not a PNG", result.output)
    assert "Traceback" not in result.output


def test_logo_is_sanitized_and_base_url_gets_its_slash(tmp_path: Path) -> None:
    config = project(tmp_path, CLINIC + '[publish]\nbase_url = "https://x.org/leaflets"\n')
    (tmp_path / "logo.svg").write_bytes(LOGO.replace(b"<rect", b"<script>alert(1)</script><rect"))
    leaflet = load_project(config).leaflet
    assert leaflet.clinic is not None and leaflet.clinic.logo is not None
    assert leaflet.clinic.logo.media_type == "image/svg+xml"
    names = element_names(svg_tree(leaflet.clinic.logo.data))
    assert "script" not in names and names.count("rect") == 1
    assert leaflet.online_url("es", "a") == "https://x.org/leaflets/es/a.html"


def test_without_clinic_or_base_url_there_is_no_block_and_no_code(
    run_cli: RunCli, tmp_path: Path, basic_root: Path
) -> None:
    out = tmp_path / "out"
    assert (
        run_cli("build", basic_root, "--out", out, "--format", "pdf", "--format", "html").exit_code
        == 0
    )
    html = lxml.html.fromstring(next(out.glob("*/*.html")).read_bytes())
    assert not html.find_class("clinic-band") and not html.xpath('//img[@class="qr"]')
    with pikepdf.open(next(out.glob("*/*.pdf"))) as pdf:
        alts = [str(e.get("/Alt", "")) for e in structure_elements(pdf.Root.StructTreeRoot)]
    assert not [alt for alt in alts if alt.startswith("QR code")]


def stated_pdf_size(html_path: Path) -> str:
    html = lxml.html.fromstring(html_path.read_bytes())
    link = html.xpath('//nav[@class="page-links"]//a[@download]')[0]
    return str(link.getparent().text_content())


def test_incremental_rebuild_keeps_the_stated_sizes_true(
    run_cli: RunCli, tmp_path: Path, basic_root: Path
) -> None:
    config = project(
        tmp_path / "proj", CLINIC + '[publish]\nbase_url = "https://x.org/"\n', basic_root
    )
    out = tmp_path / "out"
    args = ["build", "--config", config, "--out", out, "--format", "pdf", "--format", "html"]
    assert "4 built, 0 up to date" in run_cli(*args).output
    assert "0 built, 4 up to date" in run_cli(*args).output
    # A PDF option changes the PDFs' sizes: the pages that state them are rebuilt too.
    letter = run_cli(*args, "--paper", "letter")
    assert "4 built, 0 up to date" in letter.output, letter.output
    for page in out.glob("*/*.html"):
        pdf = page.with_suffix(".pdf")
        assert f"({round(pdf.stat().st_size / 1024)} kB)" in stated_pdf_size(page)
    # A new language of the build: the English PDFs stay up to date, the English pages
    # are rebuilt to link it and state the sizes of the PDFs they did not render.
    spanish = run_cli(*args, "--paper", "letter", "--locale", "en", "--locale", "es")
    assert "6 built, 2 up to date" in spanish.output, spanish.output
    for page in out.glob("en/*.html"):
        pdf = page.with_suffix(".pdf")
        assert f"({round(pdf.stat().st_size / 1024)} kB)" in stated_pdf_size(page)
        html = lxml.html.fromstring(page.read_bytes())
        assert html.xpath('//nav[@class="page-links"]//a[@hreflang="es"]/@href') == [
            f"../es/{page.name}"
        ]
    # The clinic changes every output; the manifest lists each once.
    config.write_text(config.read_text("utf-8").replace("Hilltop", "Valley"), "utf-8")
    changed = run_cli(*args, "--paper", "letter", "--locale", "en", "--locale", "es")
    assert "8 built, 0 up to date" in changed.output
    assert len(read_manifest(out)) == 8
