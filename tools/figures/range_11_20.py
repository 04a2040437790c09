"""Figures of questions 11-20, redrawn for the December 2026 content round.

Every label is drawn in ink (contrast above 4.5:1 in both themes); the muted colour is kept for
lines only.
"""

from __future__ import annotations

import numpy as np

from tools.figures.diagrams import _subscripted
from tools.figures.svgkit import BLUE, FILL, INK, Svg


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


def lstm_cell() -> Svg:
    """The LSTM cell; gates get arrowheads from the shared input bus, and h_t also leaves
    downwards as the next step's input."""
    svg = Svg(620, 340)
    svg.rect(90, 40, 440, 245, FILL["neutral"], INK, 14, 1.2)
    svg.arrow(20, 80, 600, 80, INK, 2.4, 10)
    _subscripted(svg, 22, 68, [("c", False), ("t−1", True)])
    _subscripted(svg, 566, 68, [("c", False), ("t", True)])
    svg.text(250, 62, "cell state", 12, INK)
    for x, symbol in ((190, "×"), (310, "+")):
        svg.circle(x, 80, 14, FILL["amber"], INK, 1.4)
        svg.text(x, 86, symbol, 18, weight="bold")
    gates = [  # centre, function, name, fill
        (190, "σ", "forget", "red"),
        (270, "σ", "input", "blue"),
        (350, "tanh", "candidate", "violet"),
        (430, "σ", "output", "green"),
    ]
    for x, fn, name, fill in gates:
        svg.box(x - 35, 190, 70, 44, fn, fill, sublabel=name)
    # forget gate scales the old cell state
    svg.arrow(190, 190, 190, 95, INK, 1.3, 7)
    _subscripted(svg, 196, 150, [("f", False), ("t", True)], 12)
    # input gate times candidate is added to it
    svg.circle(310, 145, 12, FILL["amber"], INK, 1.2)
    svg.text(310, 150, "×", 15, weight="bold")
    svg.arrow(270, 190, 302, 155, INK, 1.3, 6)
    svg.arrow(350, 190, 318, 155, INK, 1.3, 6)
    _subscripted(svg, 262, 166, [("i", False), ("t", True)], 12)
    svg.arrow(310, 133, 310, 95, INK, 1.3, 7)
    # output: tanh of the new cell state, scaled by the output gate
    svg.line(490, 80, 490, 105, INK, 1.3)
    svg.box(460, 105, 60, 30, "tanh", "violet")
    svg.circle(490, 175, 12, FILL["amber"], INK, 1.2)
    svg.text(490, 180, "×", 15, weight="bold")
    svg.arrow(490, 135, 490, 162, INK, 1.3, 6)
    svg.arrow(430, 190, 478, 179, INK, 1.3, 6)
    _subscripted(svg, 436, 176, [("o", False), ("t", True)], 12)
    svg.arrow(502, 175, 600, 175, INK, 1.6, 9)
    _subscripted(svg, 566, 165, [("h", False), ("t", True)])
    # h_t is also the next step's recurrent input
    svg.line(550, 175, 550, 318, INK, 1.3)
    svg.arrow(550, 318, 600, 318, INK, 1.3, 7)
    svg.text(575, 308, "to t+1", 11, INK)
    # every gate reads the previous hidden state and the current input
    svg.polyline([(40, 318), (40, 262), (430, 262)], INK, 1.3)
    for x, _, _, _ in gates:
        svg.arrow(x, 262, x, 236, INK, 1.0, 6)
    _subscripted(svg, 48, 312, [("h", False), ("t−1", True), (", x", False), ("t", True)], 12)
    return svg


def attention() -> Svg:
    """Illustrative attention weights; every label in ink."""
    source = ["the", "cat", "sat", "down"]
    target = ["le", "chat", "s'est", "assis"]
    weights = np.array(
        [
            [0.85, 0.08, 0.04, 0.03],
            [0.07, 0.86, 0.04, 0.03],
            [0.03, 0.06, 0.62, 0.29],
            [0.02, 0.03, 0.35, 0.60],
        ]
    )
    svg = Svg(600, 320)
    cell, left, top = 56, 130, 40
    for r, word in enumerate(target):
        svg.text(left - 12, top + r * cell + cell / 2 + 5, word, 13, anchor="end")
        for c in range(4):
            level = float(weights[r, c])
            x, y = left + c * cell, top + r * cell
            svg.rect(x, y, cell, cell, FILL["neutral"], INK, 0, 0.8)
            # a heat map: the accent blue, more opaque for larger weights, at most 0.47 so the
            # ink label on the darkest cell keeps 4.5:1 in both themes (opacity survives
            # the dark theme's colour swap, so the scale reads the same in both themes)
            svg.parts.append(
                f'<rect x="{x + 1}" y="{y + 1}" width="{cell - 2}" height="{cell - 2}" '
                f'fill="{BLUE}" fill-opacity="{0.04 + 0.5 * level:.2f}"/>'
            )
            svg.text(
                x + cell / 2,
                y + cell / 2 + 5,
                f"{level:.2f}",
                12,
                INK,
                weight="bold" if level >= 0.5 else "normal",
            )
    for c, word in enumerate(source):
        svg.text(left + c * cell + cell / 2, top + 4 * cell + 20, word, 13)
    svg.text(left + 2 * cell, top + 4 * cell + 44, "source (encoder) words", 12, INK)
    svg.parts.append(
        f'<text x="0" y="0" font-family="sans-serif" font-size="12" fill="{INK}" '
        f'text-anchor="middle" transform="translate(40,{top + 2 * cell}) rotate(-90)">'
        "target (decoder) words</text>"
    )
    note = ["each row sums to 1:", "how much each output", "word attends to each", "input word"]
    for index, line in enumerate(note):
        svg.text(left + 4 * cell + 28, 80 + index * 16, line, 12, anchor="start")
    return svg
