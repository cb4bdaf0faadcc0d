"""Geometry of the report's bar chart (inline SVG, drawn by ``templates/report.html.j2``).

Each document is a row: its name (wrapped, with the grade) above its bar, and behind the bar
only, the target band, as in a bullet graph; so no name ever lies on the band.  The axis
runs below the last bar, padded on both sides so the first and last tick labels show whole.
All sizes are SVG user units; the page scales the SVG to its column.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from carted_export.readability.model import Entry

#: Patient materials should read at grade 6 to 8 (NIH, AMA).
TARGET_GRADES = (6.0, 8.0)
WIDTH = 360
PAD_START = 12  # room for half the "0" tick label
PAD_END = 20  # room for half the last tick label
PAD_TOP = 4  # room for the accents of the first name line
LABEL_SIZE = 14
LINE_HEIGHT = 18
MAX_LINES = 3
BAR_HEIGHT = 16
LABEL_GAP = 6  # between a name's last line and its band: Arabic fonts descend far
BAND_MARGIN = 6  # the band reaches this far above and below its bar
ROW_GAP = 14
TICK_SIZE = 12
AXIS_HEIGHT = 30  # tick marks and their labels under the plot


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Row:
    label: tuple[str, ...]  # the name and grade, one item per line
    baselines: tuple[float, ...]
    bar: Box
    band: Box


@dataclass(frozen=True, slots=True)
class Tick:
    value: int
    x: float


@dataclass(frozen=True, slots=True)
class Chart:
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    width: int
    height: float
    plot: Box  # the bars and the band; the names lie above each bar, inside the plot width
    axis_y: float

    @property
    def label_x(self) -> float:
        return self.plot.x


def text_width(text: str, size: float = LABEL_SIZE) -> float:
    """A generous estimate of the width of ``text`` in a sans-serif font at ``size``: the
    SVG is laid out on the server, where no font can be measured."""
    total = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            total += 1.0
        elif char in " \u00a0.,:;'’!|ilj-":
            total += 0.3
        elif char.isupper() or char.isdigit() or char in "mw—…":
            total += 0.68
        else:
            total += 0.54
    return total * size


def wrap(text: str, width: float) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` (by :func:`text_width`)."""
    lines: list[str] = []
    for word in text.split(" "):  # not at no-break spaces
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines


def label_lines(title: str, grade: float, width: float) -> tuple[str, ...]:
    """``title — grade 13.3`` wrapped to ``width``, in at most :data:`MAX_LINES` lines."""
    suffix = f"\u00a0— grade\u00a0{grade:.1f}"
    lines = wrap(title + suffix, width)
    if len(lines) <= MAX_LINES:
        return tuple(lines)
    kept = wrap(title, width)[:MAX_LINES]
    last = kept[-1].split(" ")
    while len(last) > 1 and text_width(" ".join(last) + "…" + suffix) > width:
        last.pop()
    return (*kept[:-1], " ".join(last) + "…" + suffix)


def chart(entries: tuple[Entry, ...]) -> Chart | None:
    """The chart of the graded entries, or None when none has a grade (Chinese)."""
    graded = [(e.title, e.grade) for e in entries if e.grade is not None]
    if not graded:
        return None
    top = max(20, int(max(grade for _, grade in graded)) + 2)
    plot_width = WIDTH - PAD_START - PAD_END
    scale = plot_width / top
    low, high = (PAD_START + grade * scale for grade in TARGET_GRADES)
    rows: list[Row] = []
    y = float(PAD_TOP)
    for title, grade in graded:
        label = label_lines(title, grade, plot_width)
        baselines = tuple(y + (i + 1) * LINE_HEIGHT - 4 for i in range(len(label)))
        bar_y = y + len(label) * LINE_HEIGHT + LABEL_GAP + BAND_MARGIN
        bar = Box(PAD_START, bar_y, round(grade * scale, 1), BAR_HEIGHT)
        band = Box(
            round(low, 1), bar_y - BAND_MARGIN, round(high - low, 1), BAR_HEIGHT + 2 * BAND_MARGIN
        )
        rows.append(Row(label, baselines, bar, band))
        y = band.y + band.height + ROW_GAP
    axis_y = y - ROW_GAP + 4
    ticks = tuple(Tick(v, round(PAD_START + v * scale, 1)) for v in range(0, top + 1, 2))
    plot = Box(PAD_START, 0, plot_width, axis_y)
    return Chart(tuple(rows), ticks, WIDTH, axis_y + AXIS_HEIGHT, plot, axis_y)
