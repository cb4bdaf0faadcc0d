"""Property tests: whatever a PO file contains, loading and checking it raises only
CatalogError, and well-formed catalogs survive a write/read round trip unchanged."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carted_export.errors import CatalogError
from carted_export.i18n.check import check_file, check_pair
from carted_export.i18n.content import load_content_catalog
from carted_export.i18n.po import new_po, parse_po, save_po
from carted_export.i18n.ui import compile_ui_catalog

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
PO_PIECES = st.sampled_from(
    [
        'msgid "a"\n',
        'msgstr "b"\n',
        'msgctxt "alt"\n',
        '"continued"\n',
        "#, fuzzy\n",
        '#| msgid "old"\n',
        '#~ msgid "gone"\n',
        'msgid_plural "as"\n',
        'msgstr[0] "x"\n',
        'msgstr[1] "y"\n',
        "\n",
        '"',
        "\\",
        'msgid "unterminated\n',
        "msgstr\n",
        "#: f.md:1\n",
    ]
)
LOOSE_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200
)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def load_everything(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.po"
        path.write_bytes(data)
        with contextlib.suppress(CatalogError):
            load_content_catalog(path)
        check_file(path)  # reports problems, never raises
        with contextlib.suppress(CatalogError):
            compile_ui_catalog(data.decode("utf-8", "replace"), "es", str(path))


@SETTINGS
@given(st.lists(st.one_of(PO_PIECES, LOOSE_TEXT), max_size=30))
def test_random_po_text_raises_only_catalog_error(pieces: list[str]) -> None:
    load_everything((HEADER + "".join(pieces)).encode("utf-8"))


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_raise_only_catalog_error(data: bytes) -> None:
    load_everything(data)


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["paragraph", "alt", "heading", "table-cell"]),
            LOOSE_TEXT.filter(lambda t: t != ""),
            LOOSE_TEXT,
            st.booleans(),
        ),
        max_size=10,
        unique_by=lambda item: (item[0], item[1]),
    )
)
def test_catalog_round_trip(entries: list[tuple[str, str, str, bool]]) -> None:
    po = new_po({"Language": "es", "X-Reviewed-By": ""})
    for context, msgid, msgstr, fuzzy in entries:
        po.append(
            polib.POEntry(msgctxt=context, msgid=msgid, msgstr=msgstr, flags=["fuzzy"] * fuzzy)
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.po"
        save_po(po, path)
        catalog = load_content_catalog(path)
    assert {key: (t.msgstr, t.fuzzy) for key, t in catalog.entries.items()} == {
        (context, msgid): (msgstr, fuzzy) for context, msgid, msgstr, fuzzy in entries
    }


@SETTINGS
@given(LOOSE_TEXT, LOOSE_TEXT, st.sampled_from([None, "alt", "paragraph"]))
def test_check_pair_never_raises(msgid: str, msgstr: str, context: str | None) -> None:
    for severity, message in check_pair(msgid, msgstr, context):
        assert severity in {"error", "warning"} and message


def test_parse_po_reports_line_of_stray_text() -> None:
    try:
        parse_po(HEADER + 'msgid "a"\nmsgstr "b"\noops\n', "t.po")
    except CatalogError as error:
        assert (error.path, error.line) == ("t.po", 7)
    else:
        raise AssertionError("expected CatalogError")
