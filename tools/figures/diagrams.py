"""Figures that are structures: networks, cells and tables drawn from boxes and arrows."""

from __future__ import annotations

import itertools

import numpy as np

from tools.figures.svgkit import AMBER, BLUE, FILL, GREEN, INK, MUTED, RED, Svg


def network() -> Svg:
    svg = Svg(600, 330)
    layers = [3, 4, 4, 2]
    names = ["Input", "Hidden 1", "Hidden 2", "Output"]
    fills = ["blue", "violet", "violet", "green"]
    xs = [90, 240, 390, 520]
    positions = []
    for count, x in zip(layers, xs, strict=True):
        top = 165 - (count - 1) * 30
        positions.append([(x, top + 60 * i) for i in range(count)])
    for left, right in itertools.pairwise(positions):
        for a in left:
            for b in right:
                svg.line(a[0] + 16, a[1], b[0] - 16, b[1], MUTED, 1.0)
    for index, (points, name, fill) in enumerate(zip(positions, names, fills, strict=True)):
        for x, y in points:
            svg.circle(x, y, 16, FILL[fill], INK, 1.4)
        svg.text(xs[index], 300, name, 13, weight="bold")
    for index, label in enumerate(["W⁽¹⁾", "W⁽²⁾", "W⁽³⁾"]):
        svg.text((xs[index] + xs[index + 1]) / 2, 40, label, 14, weight="bold")
    return svg


def cnn() -> Svg:
    svg = Svg(640, 300)
    # the same network as the Q10 code block and shape table: stem, two stride-2 residual
    # stages, then global pooling and a linear layer; softmax turns logits into probabilities
    stages = [
        ("input", "32×32×3", "blue", 58),
        ("stem + conv·BN·ReLU", "32×32×32", "violet", 58),
        ("residual + block, /2", "16×16×64", "violet", 44),
        ("residual + block, /2", "8×8×128", "violet", 32),
        ("global + avg pool", "128", "neutral", 24),
        ("fully + connected", "10 logits", "green", 24),
        ("softmax", "10 probs", "green", 24),
    ]
    x = 10
    centres = []
    for label, shape, fill, half in stages:
        width = 78  # wide enough that "32×32×32" keeps a margin inside its box
        svg.rect(x, 130 - half, width, 2 * half, FILL[fill], INK, 5, 1.2)
        svg.text(x + width / 2, 130 + 4, shape, 10.5, weight="bold")
        words = label.split(" + ")
        for index, word in enumerate(words):
            svg.text(x + width / 2, 215 + index * 15, word, 11)
        centres.append((x, x + width))
        x += width + 10
    for (_, right), (left, _) in itertools.pairwise(centres):
        svg.arrow(right + 1, 130, left - 1, 130, INK, 1.2, 6)
    svg.line(centres[1][0], 262, centres[3][1], 262, BLUE, 2)
    svg.text((centres[1][0] + centres[3][1]) / 2, 282, "feature extractor", 13, BLUE, weight="bold")
    svg.line(centres[4][0], 262, centres[6][1], 262, GREEN, 2)
    svg.text((centres[4][0] + centres[6][1]) / 2, 282, "classifier head", 13, GREEN, weight="bold")
    svg.text(320, 30, "spatial size shrinks, channels grow", 12, INK)
    return svg


def max_pooling() -> Svg:
    svg = Svg(600, 260)
    grid = np.array([[1, 3, 2, 0], [4, 6, 1, 1], [0, 2, 5, 7], [1, 1, 3, 2]])
    colours = [
        ["blue", "blue", "green", "green"],
        ["blue", "blue", "green", "green"],
        ["amber", "amber", "violet", "violet"],
        ["amber", "amber", "violet", "violet"],
    ]
    cell, left, top = 40, 30, 50
    for r in range(4):
        for c in range(4):
            svg.rect(left + c * cell, top + r * cell, cell, cell, FILL[colours[r][c]], INK, 0, 1)
            window = grid[r // 2 * 2 : r // 2 * 2 + 2, c // 2 * 2 : c // 2 * 2 + 2]
            bold = "bold" if grid[r, c] == window.max() else "normal"
            svg.text(
                left + c * cell + cell / 2, top + r * cell + 25, str(grid[r, c]), 14, weight=bold
            )
    svg.text(left + 2 * cell, top - 16, "4×4 feature map", 13, weight="bold")
    outputs = [
        ("2×2 max pool, stride 2", 290, lambda w: f"{w.max():g}"),
        ("2×2 average pool", 450, lambda w: f"{w.mean():g}"),
    ]
    for title, x0, summary in outputs:
        for r in range(2):
            for c in range(2):
                window = grid[2 * r : 2 * r + 2, 2 * c : 2 * c + 2]
                svg.rect(
                    x0 + c * cell * 1.3,
                    top + 20 + r * cell * 1.3,
                    cell * 1.3,
                    cell * 1.3,
                    FILL[colours[2 * r][2 * c]],
                    INK,
                    0,
                    1,
                )
                svg.text(
                    x0 + c * cell * 1.3 + cell * 0.65,
                    top + 20 + r * cell * 1.3 + 31,
                    summary(window),
                    14,
                    weight="bold",
                )
        svg.text(x0 + cell * 1.3, top - 16, title, 13, weight="bold")
    svg.arrow(200, 130, 275, 130, INK, 1.5)
    svg.text(300 + 40, 215, "keeps the strongest response", 11, MUTED)
    svg.text(460 + 40, 215, "keeps the mean response", 11, MUTED)
    return svg


def rnn_unrolled() -> Svg:
    svg = Svg(620, 290)

    def weight(x: float, y: float, sub: str, anchor: str = "start") -> None:
        """W with a real subscript (W_hh), as in the answer's formulas."""
        left = x - 11 if anchor == "middle" else x
        svg.text(left, y, "W", 12, MUTED, anchor="start")
        svg.text(left + 11, y + 4, sub, 9, MUTED, anchor="start")

    def cell(x: float, label: str, input_label: str, output_label: str) -> None:
        svg.box(x, 110, 70, 50, label, "violet")
        svg.box(x + 10, 220, 50, 34, input_label, "blue")
        svg.box(x + 10, 20, 50, 34, output_label, "green")
        svg.arrow(x + 35, 220, x + 35, 161, INK, 1.4, 7)
        svg.arrow(x + 35, 110, x + 35, 55, INK, 1.4, 7)
        weight(x + 41, 194, "xh")
        weight(x + 41, 86, "hy")

    cell(30, "h", "x", "y")
    # the recurrence: out of the cell's right side and back into it, clear of the W_hy arrow
    svg.polyline([(100, 122), (134, 122), (134, 148), (108, 148)], INK, 1.4)
    svg.polygon([(101, 148), (109, 144), (109, 152)], INK)
    weight(140, 139, "hh")
    svg.text(188, 142, "=", 26, weight="bold")
    for index in range(3):
        x = 230 + index * 130
        cell(x, f"h{'₁₂₃'[index]}", f"x{'₁₂₃'[index]}", f"y{'₁₂₃'[index]}")
        if index < 2:
            svg.arrow(x + 70, 135, x + 130, 135, INK, 1.4, 7)
            weight(x + 100, 127, "hh", anchor="middle")
    svg.text(425, 284, "unrolled over time: the same weights at every step", 12, MUTED)
    return svg


def _subscripted(
    svg: Svg, x: float, y: float, parts: list[tuple[str, bool]], size: float = 13
) -> None:
    """Text with real subscripts, e.g. h_(t-1): SVG Tiny has no baseline-shift, so each
    piece is its own <text>, placed with an estimated advance width."""
    for text, lowered in parts:
        piece = size * 0.72 if lowered else size
        svg.text(x, y + (size * 0.3 if lowered else 0), text, piece, anchor="start", weight="bold")
        x += sum(_BOLD_ADVANCE.get(char, 0.66) for char in text) * piece


# approximate advance widths of bold sans-serif glyphs, in ems
_BOLD_ADVANCE = {"i": 0.34, "f": 0.44, "t": 0.48, ",": 0.38, " ": 0.35, "−": 0.84, "1": 0.7}


def lstm_cell() -> Svg:
    svg = Svg(620, 330)
    svg.rect(90, 40, 440, 245, FILL["neutral"], INK, 14, 1.2)
    svg.arrow(20, 80, 600, 80, INK, 2.4, 10)
    _subscripted(svg, 22, 68, [("c", False), ("t−1", True)])
    _subscripted(svg, 566, 68, [("c", False), ("t", True)])
    svg.text(250, 62, "cell state", 12, MUTED)
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
    # every gate reads the previous hidden state and the current input
    svg.polyline([(40, 318), (40, 262), (430, 262)], INK, 1.3)
    for x, _, _, _ in gates:
        svg.line(x, 262, x, 235, INK, 1.0)
    _subscripted(svg, 48, 312, [("h", False), ("t−1", True), (", x", False), ("t", True)], 12)
    return svg


def attention() -> Svg:
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
            # a heat map: the accent blue, more opaque for larger weights (opacity survives
            # the dark theme's colour swap, so the scale reads the same in both themes)
            svg.parts.append(
                f'<rect x="{x + 1}" y="{y + 1}" width="{cell - 2}" height="{cell - 2}" '
                f'fill="{BLUE}" fill-opacity="{0.04 + 0.6 * level:.2f}"/>'
            )
            svg.text(
                x + cell / 2,
                y + cell / 2 + 5,
                f"{level:.2f}",
                12,
                INK if level >= 0.2 else MUTED,
                weight="bold" if level >= 0.5 else "normal",
            )
    for c, word in enumerate(source):
        svg.text(left + c * cell + cell / 2, top + 4 * cell + 20, word, 13)
    svg.text(left + 2 * cell, top + 4 * cell + 44, "source (encoder) words", 12, MUTED)
    svg.parts.append(
        f'<text x="0" y="0" font-family="sans-serif" font-size="12" fill="{MUTED}" '
        f'text-anchor="middle" transform="translate(40,{top + 2 * cell}) rotate(-90)">'
        "target (decoder) words</text>"
    )
    note = ["each row sums to 1:", "how much each output", "word attends to each", "input word"]
    for index, line in enumerate(note):
        svg.text(left + 4 * cell + 28, 80 + index * 16, line, 12, anchor="start")
    return svg


def autoencoder() -> Svg:
    svg = Svg(620, 300)
    layers = [
        ("x", "784", 200, "blue"),
        ("", "256", 140, "neutral"),
        ("z", "32", 60, "violet"),
        ("", "256", 140, "neutral"),
        ("x̂", "784", 200, "green"),
    ]
    xs = [40, 150, 280, 410, 520]
    for (label, size, height, fill), x in zip(layers, xs, strict=True):
        svg.rect(x, 130 - height / 2, 60, height, FILL[fill], INK, 6)
        svg.text(x + 30, 130 + 5, size, 13, weight="bold")
        if label:
            svg.text(x + 30, 130 - height / 2 - 10, label, 14, weight="bold")
    for left, right in itertools.pairwise(xs):
        svg.arrow(left + 62, 130, right - 2, 130, INK, 1.3, 7)
    svg.text(150, 252, "encoder", 13, BLUE, weight="bold")
    svg.text(470, 252, "decoder", 13, GREEN, weight="bold")
    svg.text(310, 190, "bottleneck code", 12)
    svg.text(310, 288, "trained to minimise the reconstruction loss ‖x − x̂‖²", 12, weight="bold")
    return svg


def gan() -> Svg:
    svg = Svg(620, 300)
    svg.box(20, 60, 80, 44, "noise z", "neutral")
    svg.box(140, 52, 110, 60, "Generator", "violet", "G")
    svg.box(290, 60, 100, 44, "fake G(z)", "amber")
    svg.box(290, 170, 100, 44, "real data x", "blue")
    svg.box(430, 110, 110, 60, "Discriminator", "green", "D")
    svg.text(585, 136, "P(real)", 12, anchor="middle", weight="bold")
    svg.arrow(100, 82, 138, 82)
    svg.arrow(250, 82, 288, 82)
    svg.arrow(390, 82, 428, 125)
    svg.arrow(390, 192, 428, 158)
    svg.arrow(540, 140, 556, 140)
    # routed above the boxes so it crosses none of them
    svg.polyline([(485, 108), (485, 18), (195, 18)], RED, 1.4, "5,4")
    svg.arrow(195, 18, 195, 50, RED, 1.4, 8, "5,4")
    svg.text(340, 36, "generator's gradient flows back through D into G", 11, RED)
    svg.arrow(485, 172, 485, 240, GREEN, 1.4, 8, "5,4")
    svg.text(485, 258, "D's loss: real → 1, fake → 0", 11, GREEN)
    return svg


def confusion_matrix() -> Svg:
    svg = Svg(600, 320)
    left, top, size = 180, 70, 110
    cells = [("TP", 80, "green"), ("FN", 20, "red"), ("FP", 40, "red"), ("TN", 860, "green")]
    for index, (name, count, fill) in enumerate(cells):
        r, c = divmod(index, 2)
        svg.rect(left + c * size, top + r * size, size, size, FILL[fill], INK, 0, 1.2)
        svg.text(left + c * size + size / 2, top + r * size + 48, name, 16, weight="bold")
        svg.text(left + c * size + size / 2, top + r * size + 72, str(count), 14)
    svg.text(left + size / 2, top - 12, "predicted +", 12, weight="bold")
    svg.text(left + 1.5 * size, top - 12, "predicted −", 12, weight="bold")
    svg.text(left - 12, top + size / 2 + 4, "actual +", 12, anchor="end", weight="bold")
    svg.text(left - 12, top + 1.5 * size + 4, "actual −", 12, anchor="end", weight="bold")
    svg.rect(left - 4, top - 4, size + 8, 2 * size + 8, "none", BLUE, 4, 2.4)
    svg.text(
        left + size / 2, top + 2 * size + 26, "precision = TP / (TP + FP)", 12, BLUE, weight="bold"
    )
    svg.text(left + size / 2, top + 2 * size + 42, "= 80 / 120 = 0.67", 12, BLUE)
    svg.rect(left - 6, top - 6, 2 * size + 12, size + 12, "none", AMBER, 4, 2.4)
    svg.text(
        left + 2 * size + 14,
        top + size / 2 - 4,
        "recall = TP / (TP + FN)",
        12,
        AMBER,
        anchor="start",
        weight="bold",
    )
    svg.text(
        left + 2 * size + 14, top + size / 2 + 12, "= 80 / 100 = 0.80", 12, AMBER, anchor="start"
    )
    return svg


def k_fold() -> Svg:
    svg = Svg(600, 300)
    left, top, block, height = 110, 40, 80, 30
    for fold in range(5):
        y = top + fold * 44
        svg.text(left - 14, y + 20, f"Fold {fold + 1}", 13, anchor="end", weight="bold")
        for part in range(5):
            fill = "amber" if part == fold else "blue"
            svg.rect(left + part * block, y, block - 4, height, FILL[fill], INK, 4, 1)
            svg.text(
                left + part * block + block / 2 - 2,
                y + 20,
                "validate" if part == fold else "train",
                11,
            )
        svg.text(left + 5 * block + 14, y + 20, f"score {fold + 1}", 12, anchor="start")
    svg.text(
        300,
        top + 5 * 44 + 24,
        "final estimate: average (± spread) of the 5 scores",
        13,
        weight="bold",
    )
    return svg
