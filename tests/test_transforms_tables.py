"""Table header normalization (transforms/tables.py) and how the page shows it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import lxml.html

from carted_export.document import Origin, Table, TableCell, Text
from carted_export.render.html import render_html
from carted_export.transforms.tables import normalize_table

from render_helpers import context, sample_document


def row(*texts: str, header: bool = False) -> tuple[TableCell, ...]:
    return tuple(TableCell(Text(t), header=header) for t in texts)


def table(head: list[tuple[TableCell, ...]], body: list[tuple[TableCell, ...]]) -> Table:
    return Table(Origin("t.md", 1), tuple(head), tuple(body))


def test_empty_header_row_becomes_row_headers_when_rows_are_labelled() -> None:
    fixed = normalize_table(
        table(
            [row("", "", header=True)], [row("**A**", "= Doxorubicin"), row("**B**", "= Bleomycin")]
        )
    )
    assert fixed.head == ()
    assert [[c.header for c in r] for r in fixed.body] == [[True, False], [True, False]]
    assert [c.text.markdown for r in fixed.body for c in r] == [
        "**A**",
        "= Doxorubicin",
        "**B**",
        "= Bleomycin",
    ]


def test_empty_header_row_takes_the_first_complete_row_otherwise() -> None:
    fixed = normalize_table(
        table([row("", "", header=True)], [row("Drug", "Dose"), row("", "10 mg"), row("", "20 mg")])
    )
    assert [c.text.markdown for c in fixed.head[0]] == ["Drug", "Dose"]
    assert len(fixed.body) == 2


def test_real_header_row_is_kept_even_with_an_empty_corner() -> None:
    original = table([row("", "Stage I", "Stage II", header=True)], [row("T1", "a", "b")])
    assert normalize_table(original) == original


def test_empty_header_cell_is_rendered_as_a_plain_cell(tmp_path: Path) -> None:
    original = table([row("", "Stage I", header=True)], [row("T1", "yes")])
    document = replace(sample_document(), blocks=(original,))
    page = lxml.html.fromstring(render_html(document, context(tmp_path)))
    first_row = page.xpath("//thead/tr")[0]
    assert [cell.tag for cell in first_row] == ["td", "th"]
    assert all(th.text_content().strip() for th in page.xpath("//th"))


def test_bold_rows_become_headers_and_empty_columns_go() -> None:
    fixed = normalize_table(
        table(
            [row("", "", "", header=True)],
            [
                row("a footnote", "", ""),
                row("**SSRIs**", "", ""),
                row("***Drug***", "***Dose***", ""),
                row("", "x", ""),
            ],
        )
    )
    assert fixed.head == ()
    assert [len(r) for r in fixed.body] == [2, 2, 2, 2]
    assert [[c.header for c in r] for r in fixed.body] == [
        [False, False],
        [True, False],
        [True, True],
        [False, False],
    ]


def test_ragged_rows_are_padded_to_the_widest_row(tmp_path: Path) -> None:
    fixed = normalize_table(
        table([row("Drug", "Dose", header=True)], [row("A", "1 mg", "daily"), row("B")])
    )
    assert [len(r) for r in (*fixed.head, *fixed.body)] == [3, 3, 3]
    assert [c.text.markdown for c in fixed.body[1]] == ["B", "", ""]
    document = replace(sample_document(), blocks=(fixed,))
    page = lxml.html.fromstring(render_html(document, context(tmp_path)))
    assert [len(tr.xpath("th|td")) for tr in page.xpath("//table//tr")] == [3, 3, 3]
