"""Print contrast: every string drawn in the leaflets has >= 7:1 contrast on white paper."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from conftest import SEED_LOCALES

TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}


def luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_on_white(rgb: tuple[float, float, float]) -> float:
    return 1.05 / (luminance(rgb) + 0.05)


def text_colours(path: Path) -> set[tuple[float, float, float]]:
    """The fill colour in force at every text-showing operator (WCAG: text on white paper)."""
    found: set[tuple[float, float, float]] = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            fill = (0.0, 0.0, 0.0)
            stack: list[tuple[float, float, float]] = []
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "q":
                    stack.append(fill)
                elif op == "Q" and stack:
                    fill = stack.pop()
                elif op == "rg":
                    fill = (float(operands[0]), float(operands[1]), float(operands[2]))
                elif op == "g":
                    fill = (float(operands[0]),) * 3
                elif op in TEXT_OPERATORS:
                    found.add(fill)
    return found


@pytest.mark.parametrize("locale", SEED_LOCALES)
def test_leaflet_text_contrast_is_at_least_7_to_1(seed_build: Path, locale: str) -> None:
    for pdf in sorted((seed_build / locale).glob("*.pdf")):
        colours = text_colours(pdf)
        assert colours, f"no text found in {pdf.name}"
        worst = min(contrast_on_white(c) for c in colours)
        assert worst >= 7.0, f"{pdf.name}: a text colour has only {worst:.2f}:1 on white"


def test_the_check_itself_catches_grey_text() -> None:
    assert contrast_on_white((0.6, 0.6, 0.6)) < 7.0 <= contrast_on_white((0.2, 0.2, 0.2))
