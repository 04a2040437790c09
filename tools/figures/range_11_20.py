"""Figures of questions 11-20, redrawn for the December 2026 content round.

Every label is drawn in ink (contrast above 4.5:1 in both themes); the muted colour is kept for
lines only.
"""

from __future__ import annotations

import numpy as np

from tools.figures.svgkit import FILL, INK, Svg


def rnn_unrolled() -> Svg:
    """The folded cell equals the unrolled chain; h0 enters the first step."""
    svg = Svg(620, 290)

    def weight(x: float, y: float, sub: str, anchor: str = "start") -> None:
        """W with a real subscript (W_hh), as in the answer's formulas."""
        left = x - 11 if anchor == "middle" else x
        svg.text(left, y, "W", 12, INK, anchor="start")
        svg.text(left + 11, y + 4, sub, 9, INK, anchor="start")

    def cell(x: float, label: str, input_label: str, output_label: str) -> None:
        svg.box(x, 110, 70, 50, label, "violet")
        svg.box(x + 10, 220, 50, 34, input_label, "blue")
        svg.box(x + 10, 20, 50, 34, output_label, "green")
        svg.arrow(x + 35, 220, x + 35, 161, INK, 1.4, 7)
        svg.arrow(x + 35, 110, x + 35, 55, INK, 1.4, 7)
        weight(x + 41, 194, "xh")
        weight(x + 41, 86, "hy")

    cell(20, "h", "x", "y")
    # the recurrence: out of the cell's right side and back into it, clear of the W_hy arrow
    svg.polyline([(90, 122), (124, 122), (124, 148), (98, 148)], INK, 1.4)
    svg.polygon([(91, 148), (99, 144), (99, 152)], INK)
    weight(130, 139, "hh")
    svg.text(172, 142, "=", 26, weight="bold")
    # the initial state h0 feeds the first unrolled step
    svg.text(214, 140, "h₀", 13, INK, weight="bold")
    svg.arrow(224, 135, 248, 135, INK, 1.4, 7)
    for index in range(3):
        x = 250 + index * 125
        cell(x, f"h{'₁₂₃'[index]}", f"x{'₁₂₃'[index]}", f"y{'₁₂₃'[index]}")
        if index < 2:
            svg.arrow(x + 70, 135, x + 125, 135, INK, 1.4, 7)
            weight(x + 97, 127, "hh", anchor="middle")
    svg.text(435, 284, "unrolled over time: the same weights at every step", 12, INK)
    return svg


def max_pooling() -> Svg:
    """A 4x4 map and both of its 2x2 / stride-2 summaries, one arrow to each."""
    svg = Svg(620, 290)
    grid = np.array([[1, 3, 2, 0], [4, 6, 1, 1], [0, 2, 5, 7], [1, 1, 3, 2]])
    colours = [
        ["blue", "blue", "green", "green"],
        ["blue", "blue", "green", "green"],
        ["amber", "amber", "violet", "violet"],
        ["amber", "amber", "violet", "violet"],
    ]
    cell, left, top = 40, 30, 75
    for r in range(4):
        for c in range(4):
            svg.rect(left + c * cell, top + r * cell, cell, cell, FILL[colours[r][c]], INK, 0, 1)
            window = grid[r // 2 * 2 : r // 2 * 2 + 2, c // 2 * 2 : c // 2 * 2 + 2]
            bold = "bold" if grid[r, c] == window.max() else "normal"
            svg.text(
                left + c * cell + cell / 2, top + r * cell + 25, str(grid[r, c]), 14, weight=bold
            )
    svg.text(left + 2 * cell, top - 16, "4×4 feature map", 13, weight="bold")
    small = 46
    outputs = [
        ("2×2 max pool, stride 2", "keeps the strongest response", 30, lambda w: f"{w.max():g}"),
        ("2×2 average pool, stride 2", "keeps the mean response", 170, lambda w: f"{w.mean():g}"),
    ]
    x0 = 300
    for title, caption, y0, summary in outputs:
        for r in range(2):
            for c in range(2):
                window = grid[2 * r : 2 * r + 2, 2 * c : 2 * c + 2]
                x, y = x0 + c * small, y0 + r * small
                svg.rect(x, y, small, small, FILL[colours[2 * r][2 * c]], INK, 0, 1)
                svg.text(x + small / 2, y + 28, summary(window), 13, weight="bold")
        svg.text(x0 + 2 * small + 16, y0 + 40, title, 13, INK, anchor="start", weight="bold")
        svg.text(x0 + 2 * small + 16, y0 + 60, caption, 12, INK, anchor="start")
    svg.arrow(left + 4 * cell + 8, top + 50, x0 - 10, 76, INK, 1.5)
    svg.arrow(left + 4 * cell + 8, top + 110, x0 - 10, 216, INK, 1.5)
    return svg
