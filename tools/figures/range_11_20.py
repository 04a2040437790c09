"""Figures of questions 11-20, redrawn for the December 2026 content round.

Every label is drawn in ink (contrast above 4.5:1 in both themes); the muted colour is kept for
lines only.
"""

from __future__ import annotations

from tools.figures.svgkit import INK, Svg


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
