"""The build pipeline end to end through the CLI: outputs, manifest, cache, keep-going."""

from __future__ import annotations

import hashlib
import shutil
import socket
import threading
from pathlib import Path

import lxml.html
import pytest

from conftest import ROOTS, RunCli, read_manifest


def main_text(page: Path) -> str:
    """The text of the page's <main>, read from its DOM."""
    (main,) = lxml.html.fromstring(page.read_bytes()).xpath("//main")
    return " ".join(main.text_content().split())


EPOCH = "1767225600"  # 2026-01-01


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def build(run_cli: RunCli, *args: str | Path, jobs: int = 1):  # type: ignore[no-untyped-def]
    return run_cli("build", *args, "--jobs", str(jobs))


def test_builds_every_format_with_exact_manifest(
    run_cli: RunCli, basic_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = build(run_cli, basic_root, "--out", out)
    assert result.exit_code == 0, result.output
    records = read_manifest(out)
    assert sorted((r["slug"], r["format"]) for r in records) == sorted(
        (slug, fmt)
        for slug in (
            "handwashing-a-simple-way-to-prevent-infection",
            "when-to-call-your-doctor-about-a-fever",
        )
        for fmt in ("epub", "html", "pdf")
    )
    for record in records:
        data = (out / str(record["path"])).read_bytes()
        assert record["bytes"] == len(data) > 0
        assert record["sha256"] == hashlib.sha256(data).hexdigest()
        assert record["locale"] == "en"
        assert str(record["source"]).endswith(".md")
        assert "NCI" not in str(record["title"]) or " - NCI" not in str(record["title"])
    assert not list(out.rglob("*.tmp")), "no temporary files left behind"
    index = lxml.html.fromstring((out / "index.html").read_bytes())
    assert index.get("lang") == "en"
    links = [
        a.get("href")
        for a in index.iter("a")
        if a.get("href", "").endswith((".pdf", ".epub", ".html"))
    ]
    assert sorted(links) == sorted(str(r["path"]) for r in records)


def test_remote_image_warns_and_is_recorded(
    run_cli: RunCli, basic_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = build(run_cli, basic_root, "--out", out, "--format", "html")
    assert result.exit_code == 0
    fever = [r for r in read_manifest(out) if str(r["slug"]).startswith("when-to-call")]
    assert fever and any("thermometer.jpg" in w or "remote" in w for w in fever[0]["warnings"])  # type: ignore[union-attr]
    strict = build(
        run_cli, basic_root, "--out", tmp_path / "strict", "--format", "html", "--strict"
    )
    assert strict.exit_code == 1
    assert "--strict" in strict.output


def test_noop_rebuild_touches_nothing(run_cli: RunCli, basic_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(run_cli, basic_root, "--out", out).exit_code == 0
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.*") if p.parent != out}
    again = build(run_cli, basic_root, "--out", out)
    assert again.exit_code == 0
    assert "0 built, 6 up to date" in again.output
    assert stamps == {p: p.stat().st_mtime_ns for p in out.rglob("*.*") if p.parent != out}
    assert len(read_manifest(out)) == 6


def test_edit_rebuilds_only_that_source_and_delete_removes(
    run_cli: RunCli, basic_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert build(run_cli, basic_root, "--out", out).exit_code == 0
    fever = basic_root / "fevers.md"
    fever.write_text(fever.read_text("utf-8").replace("first sign", "earliest sign"), "utf-8")
    edited = build(run_cli, basic_root, "--out", out)
    assert "3 built, 3 up to date" in edited.output, edited.output
    fever.unlink()
    removed = build(run_cli, basic_root, "--out", out)
    assert removed.exit_code == 0
    assert not list(out.glob("en/when-to-call*"))
    assert {r["slug"] for r in read_manifest(out)} == {
        "handwashing-a-simple-way-to-prevent-infection"
    }


def test_bad_document_does_not_stop_the_others(
    run_cli: RunCli, basic_root: Path, tmp_path: Path
) -> None:
    (basic_root / "broken.md").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    out = tmp_path / "out"
    result = build(run_cli, basic_root, "--out", out, "--format", "html")
    assert result.exit_code == 1
    assert "broken.md" in result.output
    assert "Traceback" not in result.output
    assert len(list((out / "en").glob("*.html"))) == 2


def test_failed_rebuild_keeps_earlier_good_output(
    run_cli: RunCli, basic_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert build(run_cli, basic_root, "--out", out, "--format", "html").exit_code == 0
    target = out / "en" / "when-to-call-your-doctor-about-a-fever.html"
    good = target.read_bytes()
    (basic_root / "fevers.md").write_bytes(b"---\ntitle: [unclosed\n---\nbody\n")
    result = build(run_cli, basic_root, "--out", out, "--format", "html")
    assert result.exit_code == 1
    assert "fevers.md" in result.output
    assert target.read_bytes() == good


def test_same_slug_never_overwrites(run_cli: RunCli, basic_root: Path, tmp_path: Path) -> None:
    twin = basic_root / "zz-twin.md"
    twin.write_text((basic_root / "fevers.md").read_text("utf-8"), "utf-8")
    twin.write_text(twin.read_text("utf-8").replace("A fever can", "Twin: a fever can"), "utf-8")
    out = tmp_path / "out"
    result = build(run_cli, basic_root, "--out", out, "--format", "html")
    assert result.exit_code == 0
    assert "already used" in result.output
    first = main_text(out / "en" / "when-to-call-your-doctor-about-a-fever.html")
    second = main_text(out / "en" / "when-to-call-your-doctor-about-a-fever-2.html")
    assert "Twin: a fever can" not in first and "Twin: a fever can" in second


def test_symlink_leaving_the_source_folder_is_refused(
    run_cli: RunCli, basic_root: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nDo not publish.\n", "utf-8")
    (basic_root / "link.md").symlink_to(secret)
    out = tmp_path / "out"
    result = build(run_cli, basic_root, "--out", out, "--format", "html")
    assert result.exit_code == 1
    assert "symlink points outside the source folder" in result.output
    pages = [lxml.html.fromstring(p.read_bytes()) for p in out.rglob("*.html")]
    assert pages and not any("Do not publish" in page.text_content() for page in pages)


def test_unknown_locale_is_a_usage_error(run_cli: RunCli, basic_root: Path, tmp_path: Path) -> None:
    result = build(run_cli, basic_root, "--out", tmp_path / "out", "--locale", "xx-nope")
    assert result.exit_code == 2
    assert "xx-nope" in result.output


def test_reproducible_and_parallel_builds_are_identical(
    run_cli: RunCli, basic_root: Path, tmp_path: Path
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert build(run_cli, basic_root, "--out", one).exit_code == 0
    assert build(run_cli, basic_root, "--out", two, jobs=2).exit_code == 0
    digests_one = {r["path"]: r["sha256"] for r in read_manifest(one)}
    digests_two = {r["path"]: r["sha256"] for r in read_manifest(two)}
    assert digests_one == digests_two


def test_no_network_access_for_remote_images(
    run_cli: RunCli, basic_root: Path, tmp_path: Path
) -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    connections: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connections.append(listener.accept())
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    page = basic_root / "remote.md"
    page.write_text(
        "---\ntitle: Remote\nlicense: public_domain\n---\n\n# Remote\n\n"
        f"![A chart.](http://127.0.0.1:{port}/chart.png)\n\n"
        f'<img src="http://127.0.0.1:{port}/raw.png" alt="raw">\n\nText.\n',
        "utf-8",
    )
    try:
        result = build(run_cli, page, "--out", tmp_path / "out")
    finally:
        stop.set()
        thread.join()
        listener.close()
    assert result.exit_code == 0, result.output
    assert connections == []
    tree = lxml.html.fromstring((tmp_path / "out" / "en" / "remote.html").read_bytes())
    assert "A chart." in tree.xpath("//main")[0].text_content()  # the alt text stands in


def test_jobs_run_with_fewer_gc_passes_and_restore_the_setting() -> None:
    import gc

    from carted_export.pipeline.executors import JOB_GC_THRESHOLD, fewer_gc_passes

    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_gc_passes():
        assert gc.get_threshold() == (JOB_GC_THRESHOLD, *before[1:])
        raise RuntimeError("a failing job")
    assert gc.get_threshold() == before


def test_replacing_an_image_in_place_rebuilds_its_document(
    run_cli: RunCli, basic_root: Path, tmp_path: Path
) -> None:
    from render_helpers import tiny_png

    out = tmp_path / "out"
    fever = basic_root / "fevers.md"
    fever.write_text(
        fever.read_text("utf-8") + "\n![A red thermometer](thermometer.png)\n", "utf-8"
    )
    (basic_root / "thermometer.png").write_bytes(tiny_png(rgb=(200, 40, 40)))
    assert build(run_cli, basic_root, "--out", out).exit_code == 0
    page = next(out.glob("en/when-to-call*.html"))
    before = page.read_text("utf-8")

    (basic_root / "thermometer.png").write_bytes(tiny_png(rgb=(40, 40, 200)))
    again = build(run_cli, basic_root, "--out", out)
    assert "3 built, 3 up to date" in again.output, again.output
    after = page.read_text("utf-8")
    assert after != before
    images = lxml.html.fromstring(after).xpath("//img[@alt='A red thermometer']/@src")
    assert len(images) == 1 and images[0].startswith("data:image/png")

    (basic_root / "thermometer.png").unlink()  # a missing image changes the key too
    missing = build(run_cli, basic_root, "--out", out)
    assert "3 built, 3 up to date" in missing.output, missing.output
    assert "thermometer.png" in missing.output  # warned: not found

    unchanged = build(run_cli, basic_root, "--out", out)
    assert "0 built, 6 up to date" in unchanged.output, unchanged.output


def _start_time(item: int) -> tuple[int, float]:
    import time

    time.sleep(0.01)
    return item, time.time()


def test_longest_jobs_are_planned_first_and_the_pool_starts_them_in_that_order(
    tmp_path: Path,
) -> None:
    """The planner sorts jobs by source size, biggest first (the long PDQ pages must not
    start last); the local pool starts them in the order given."""
    from carted_export.config_build import BuildOptions
    from carted_export.pipeline.discovery import discover_sources
    from carted_export.pipeline.executors import ProcessPoolExecutor, SerialExecutor
    from carted_export.pipeline.inputs import BuildInputs
    from carted_export.pipeline.outputs import BuildCache
    from carted_export.pipeline.plan import plan_jobs, read_sources
    from carted_export.pipeline.report import BuildReport

    folder = tmp_path / "src"
    folder.mkdir()
    for name, paragraphs in (("small", 1), ("large", 40), ("medium", 8)):
        body = "\n\n".join(f"Paragraph {n} about fevers and care." for n in range(paragraphs))
        text = f"---\ntitle: {name}\nlicense: public_domain\n---\n\n# {name}\n\n{body}\n"
        (folder / f"{name}.md").write_text(text, "utf-8")
    options = BuildOptions(sources=(folder,), out_dir=tmp_path / "out", project_root=tmp_path)
    found, _ = discover_sources(options.sources, options.reading.max_bytes, tmp_path)
    inputs = BuildInputs.collect(options)
    cache, report = BuildCache({}, {}, inputs.code), BuildReport()
    documents = read_sources(found, cache, options, SerialExecutor(), report)
    plan = plan_jobs(found, documents, cache, inputs, report)
    assert [job.title for job in plan.jobs] == ["large", "medium", "small"]

    items = list(range(12))
    with ProcessPoolExecutor(1) as pool:
        started = [item for item, _ in sorted(pool.run(_start_time, items), key=lambda r: r[1])]
    assert started == items


def test_the_cache_does_not_depend_on_the_working_folder(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project built from its own folder, then from a subfolder and from outside with
    --config, is up to date each time: names in the cache are relative to the project."""
    project = tmp_path / "clinic"
    shutil.copytree(ROOTS / "basic", project / "sources")
    (project / "carted-export.toml").write_text('[build]\nformats = ["html"]\n', "utf-8")
    monkeypatch.chdir(project)
    assert "2 built, 0 up to date" in run_cli("build").output
    monkeypatch.chdir(project / "sources")
    assert "0 built, 2 up to date" in run_cli("build").output
    monkeypatch.chdir(tmp_path)
    again = run_cli("build", "--config", project / "carted-export.toml")
    assert "0 built, 2 up to date" in again.output, again.output
    assert {r["source"] for r in read_manifest(project / "build")} == {
        "sources/fevers.md",
        "sources/handwashing.md",
    }


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Лечение рака: что нужно знать", "lechenie-raka-chto-nuzhno-znat"),
        ("细胞疗法", "xi-bao-liao-fa"),
        ("العلاج بالخلايا", "l-lj-blkhly"),
    ],
)
def test_titles_in_other_scripts_give_readable_slugs(
    run_cli: RunCli, tmp_path: Path, title: str, slug: str
) -> None:
    """Not `document`, `document-2`...: the title transliterated to ASCII names the files."""
    sources = tmp_path / "src"
    sources.mkdir()
    (sources / "page.md").write_text(
        f'---\ntitle: "{title}"\nlicense: public_domain\n---\n\nText.\n', "utf-8"
    )
    out = tmp_path / "out"
    assert build(run_cli, sources, "--out", out, "--format", "html").exit_code == 0
    (record,) = read_manifest(out)
    assert record["slug"] == slug and (out / "en" / f"{slug}.html").is_file()


def test_slug_collision_is_a_coded_warning_in_the_manifest(
    run_cli: RunCli, basic_root: Path, tmp_path: Path
) -> None:
    twin = basic_root / "zz-twin.md"
    twin.write_text((basic_root / "fevers.md").read_text("utf-8"), "utf-8")
    out = tmp_path / "out"
    assert build(run_cli, basic_root, "--out", out, "--format", "html").exit_code == 0
    second = next(r for r in read_manifest(out) if str(r["slug"]).endswith("-2"))
    warnings = [str(w) for w in second["warnings"]]  # type: ignore[attr-defined]
    assert any("zz-twin.md:1: slug " in w and "already used" in w for w in warnings), warnings
    strict = build(
        run_cli, basic_root, "--out", tmp_path / "strict", "--format", "html", "--strict"
    )
    assert strict.exit_code == 1 and "slug" in strict.output


def test_an_edit_at_the_end_of_a_long_scrape_rule_changes_every_key(tmp_path: Path) -> None:
    """The rules are part of the code hash; a regex's repr is cut at 200 characters, so an
    edit past that must still count."""
    from carted_export.config_build import BuildOptions
    from carted_export.pipeline.inputs import BuildInputs
    from carted_export.sources import ReadOptions
    from carted_export.sources.scrape_rules import parse_rules

    def code(ending: str) -> str:
        rules = parse_rules({"drop_line": [{"pattern": "^" + "(?:Menu|Home) " * 30 + ending}]})
        options = BuildOptions(
            sources=(tmp_path,),
            out_dir=tmp_path / "out",
            project_root=tmp_path,
            reading=ReadOptions(scrape_rules=rules),
        )
        return BuildInputs.collect(options).code

    assert code("Share$") != code("Print$")
    assert code("Share$") == code("Share$")
