"""Figures that are structures: networks, cells and tables drawn from boxes and arrows."""

from __future__ import annotations

import itertools

from tools.figures.svgkit import BLUE, FILL, GREEN, INK, MUTED, Svg


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
    svg.text((centres[4][0] + centres[6][1]) / 2, 282, "classifier head", 13, INK, weight="bold")
    svg.text(320, 30, "spatial size shrinks, channels grow", 12, INK)
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
    svg.text(470, 252, "decoder", 13, INK, weight="bold")
    svg.text(310, 190, "bottleneck code", 12)
    svg.text(310, 288, "trained to minimise the reconstruction loss ‖x − x̂‖²", 12, weight="bold")
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
