"""Figures that are curves: every value is computed, none drawn by hand."""

from __future__ import annotations

from math import erf, sqrt

import numpy as np

from tools.figures.svgkit import AMBER, BLUE, FILL, GREEN, INK, MUTED, RED, VIOLET, Plot, Svg


def activations() -> Svg:
    svg = Svg(600, 340)
    plot = Plot(svg, 70, 20, 380, 260, (-4, 4), (-1.5, 4))
    plot.axes("input z", "activation f(z)", xticks=range(-4, 5), yticks=[-1, 0, 1, 2, 3, 4])
    z = np.linspace(-4, 4, 161)
    gelu = z * 0.5 * (1 + np.vectorize(erf)(z / sqrt(2)))
    plot.curve(z, 1 / (1 + np.exp(-z)), BLUE, "sigmoid")
    plot.curve(z, np.tanh(z), VIOLET, "tanh")
    plot.curve(z, np.maximum(0, z), RED, "ReLU")
    plot.curve(z, gelu, GREEN, "GELU", dash="6,4")
    plot.draw_legend(475, 60)
    return svg


def sigmoid_gradient() -> Svg:
    svg = Svg(640, 340)
    plot = Plot(svg, 70, 20, 400, 260, (-6, 6), (0, 1.05))
    for left in (-6, 4):
        svg.rect(
            plot.x(left),
            plot.top,
            plot.x(left + 2) - plot.x(left),
            plot.height,
            FILL["amber"],
            None,
            0,
        )
    for centre in (-5, 5):  # mid-height, where neither curve passes through the bands
        for row, words in enumerate(("saturated:", "gradient", "≈ 0")):
            svg.text(plot.x(centre), plot.y(0.69) + row * 15, words, 11)
    plot.axes("input z", "value", xticks=range(-6, 7, 2), yticks=[0, 0.25, 0.5, 0.75, 1.0])
    z = np.linspace(-6, 6, 241)
    s = 1 / (1 + np.exp(-z))
    plot.curve(z, s, BLUE, "sigmoid σ(z)")
    plot.curve(z, s * (1 - s), RED, "derivative σ′(z)")
    svg.circle(plot.x(0), plot.y(0.25), 4, RED, None)
    svg.text(plot.x(0) + 8, plot.y(0.25) - 8, "max 0.25 at z = 0", 12, anchor="start")
    plot.draw_legend(plot.x(6) + 14, plot.y(0.8))
    return svg


def bias_variance() -> Svg:
    svg = Svg(600, 340)
    plot = Plot(svg, 70, 20, 480, 250, (0, 10), (0, 1.2))
    c = np.linspace(0.3, 10, 200)
    # bias² falls fast and variance rises slowly, so the optimum (where the slopes cancel) sits
    # visibly right of the bias² = variance crossing: equal terms are not the optimum
    bias2 = 0.9 * np.exp(-0.8 * c)
    variance = 0.02 * np.exp(0.32 * c)
    noise = np.full_like(c, 0.1)
    total = bias2 + variance + noise
    best = c[np.argmin(total)]
    svg.text(plot.x(best / 2), plot.top + 16, "underfitting", 13, weight="bold")
    svg.text(plot.x((best + 10) / 2), plot.top + 16, "overfitting", 13, weight="bold")
    plot.axes("model complexity", "expected test error", xticks=[], yticks=[0, 0.5, 1.0])
    svg.line(plot.x(best), plot.top + 24, plot.x(best), plot.top + plot.height, MUTED, 1.2, "5,4")
    plot.curve(c, bias2, BLUE, "bias²")
    plot.curve(c, variance, RED, "variance")
    plot.curve(c, noise, MUTED, "irreducible noise", dash="4,4")
    plot.curve(c, total, INK, "total error", width=2.8)
    svg.circle(plot.x(best), plot.y(total.min()), 4.5, INK, None)
    # under the axis, at the foot of the dashed line: no curve passes there
    svg.text(plot.x(best), plot.top + plot.height + 18, "best trade-off", 12)
    plot.draw_legend(plot.x(best) + 30, 100)
    return svg


def learning_rates() -> Svg:
    svg = Svg(600, 340)
    plot = Plot(svg, 70, 20, 380, 260, (0, 50), (0, 2.5))
    plot.axes("epoch", "training loss", xticks=range(0, 51, 10), yticks=[0, 0.5, 1, 1.5, 2, 2.5])
    epochs = np.arange(51)
    rng = np.random.default_rng(3)
    small = 0.15 + 1.85 * np.exp(-0.03 * epochs)
    good = 0.15 + 1.85 * np.exp(-0.22 * epochs)
    large = 0.7 + 1.3 * np.exp(-0.5 * epochs) + 0.25 * np.abs(np.sin(1.7 * epochs))
    diverge = 2.0 * np.exp(0.08 * epochs) - 0.15 * rng.random(51)
    plot.curve(epochs, small, BLUE, "too small")
    plot.curve(epochs, good, GREEN, "good")
    plot.curve(epochs, large, AMBER, "too large")
    leaves = int(np.argmax(diverge > 2.5))  # first epoch above the plot: draw up to the edge
    edge = leaves - 1 + (2.5 - diverge[leaves - 1]) / (diverge[leaves] - diverge[leaves - 1])
    xs, ys = [*epochs[:leaves], edge], [*diverge[:leaves], 2.5]
    plot.curve(xs, ys, RED, "far too large", dash="6,4")
    svg.arrow(plot.x(edge), plot.y(2.3), plot.x(edge), plot.top - 2, RED, 1.5, 7)
    svg.text(plot.x(edge) + 8, plot.top + 14, "diverges (loss → NaN)", 11, RED, anchor="start")
    plot.draw_legend(470, 60)
    return svg


def l1_l2() -> Svg:
    """Constrained optima found numerically: the drawn contour is the one that just touches."""
    svg = Svg(600, 340)
    optimum = np.array([0.9, 1.7])
    tilt = np.deg2rad(-30)
    rotation = np.array([[np.cos(tilt), -np.sin(tilt)], [np.sin(tilt), np.cos(tilt)]])
    hessian = rotation @ np.diag([1.0, 5.0]) @ rotation.T
    turn = np.linspace(0, 2 * np.pi, 20001)
    unit = np.c_[np.cos(turn), np.sin(turn)]
    for index, (name, kind) in enumerate(
        (("L1: |w₁| + |w₂| ≤ 1", "l1"), ("L2: w₁² + w₂² ≤ 1", "l2"))
    ):
        plot = Plot(svg, 14 + index * 300, 20, 260, 260, (-1.6, 3.2), (-1.4, 3.4))
        scale = plot.width / 4.8
        boundary = unit / np.abs(unit).sum(axis=1, keepdims=True) if kind == "l1" else unit
        offsets = boundary - optimum
        losses = np.einsum("ij,jk,ik->i", offsets, hessian, offsets)
        touch = boundary[int(np.argmin(losses))]
        svg.line(plot.x(-1.6), plot.y(0), plot.x(3.2), plot.y(0), INK, 1)
        svg.line(plot.x(0), plot.y(-1.4), plot.x(0), plot.y(3.4), INK, 1)
        svg.text(plot.x(3.05), plot.y(0) + 16, "w₁", 12)
        svg.text(plot.x(0) - 12, plot.y(3.25), "w₂", 12)  # at the positive end, like w₁
        svg.polygon([(plot.x(a), plot.y(b)) for a, b in boundary[::200]], FILL["blue"], BLUE, 1.5)
        for share in (0.12, 0.45, 1.0):  # loss contours around the optimum; the last one touches
            level = share * losses.min()
            svg.ellipse(
                plot.x(optimum[0]),
                plot.y(optimum[1]),
                sqrt(level) * scale,
                sqrt(level / 5.0) * scale,
                RED,
                1.2,
                angle=30.0,
            )
        svg.circle(plot.x(optimum[0]), plot.y(optimum[1]), 3.5, RED, None)
        svg.text(
            plot.x(optimum[0]) + 8,
            plot.y(optimum[1]) - 8,
            "unregularised optimum",
            11,
            anchor="start",
        )
        svg.circle(plot.x(touch[0]), plot.y(touch[1]), 5, INK, None)
        svg.text(plot.x(0.8), 304, name, 13, weight="bold")
        caption = (
            "solution at a corner: w₁ = 0 (sparse)"
            if kind == "l1"
            else f"solution off the axes: w = ({touch[0]:.2f}, {touch[1]:.2f})"
        )
        svg.text(plot.x(0.8), 324, caption, 12)
    return svg


def roc() -> Svg:
    rng = np.random.default_rng(7)
    svg = Svg(600, 340)
    plot = Plot(svg, 70, 20, 280, 260, (0, 1), (0, 1))
    plot.axes(
        "false positive rate",
        "true positive rate",
        xticks=[0, 0.25, 0.5, 0.75, 1],
        yticks=[0, 0.25, 0.5, 0.75, 1],
    )
    plot.curve([0, 1], [0, 1], MUTED, "chance (AUC 0.50)", dash="5,4")

    def curve(separation: float) -> tuple[np.ndarray, np.ndarray, float]:
        y = np.r_[np.ones(2000), np.zeros(2000)]
        scores = np.r_[rng.normal(separation, 1, 2000), rng.normal(0, 1, 2000)]
        order = np.argsort(-scores)
        tpr = np.r_[0, np.cumsum(y[order]) / 2000]
        fpr = np.r_[0, np.cumsum(1 - y[order]) / 2000]
        return fpr, tpr, float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))

    for separation, color in ((0.95, AMBER), (2.0, BLUE)):
        fpr, tpr, auc = curve(separation)
        step = max(1, len(fpr) // 200)
        plot.curve(fpr[::step], tpr[::step], color, f"model, AUC {auc:.2f}")
        if color == BLUE:
            index = int(np.argmin(np.abs(fpr - 0.1)))
            svg.circle(plot.x(fpr[index]), plot.y(tpr[index]), 5, INK, None)
            svg.text(
                plot.x(fpr[index]) + 10,
                plot.y(tpr[index]) + 16,
                f"operating point: FPR {fpr[index]:.2f}, TPR {tpr[index]:.2f}",
                11,
                anchor="start",
            )
    plot.draw_legend(372, 60)
    return svg


def early_stopping() -> Svg:
    svg = Svg(600, 340)
    plot = Plot(svg, 70, 20, 480, 250, (0, 60), (0, 1.1))
    epochs = np.arange(61)
    train = 0.05 + 0.95 * np.exp(-0.07 * epochs)
    val = 0.3 + 0.7 * np.exp(-0.09 * epochs) + 0.0002 * np.maximum(epochs - 12, 0) ** 2
    best = int(np.argmin(val))
    stop = best + 10
    svg.rect(
        plot.x(best), plot.top, plot.x(stop) - plot.x(best), plot.height, FILL["amber"], None, 0
    )
    svg.text((plot.x(best) + plot.x(stop)) / 2, plot.top + 16, "patience", 12)
    plot.axes("epoch", "loss", xticks=range(0, 61, 10), yticks=[0, 0.25, 0.5, 0.75, 1.0])
    plot.curve(epochs, train, BLUE, "training loss")
    plot.curve(epochs, val, RED, "validation loss")
    svg.line(plot.x(best), plot.top + 22, plot.x(best), plot.top + plot.height, INK, 1.3, "5,4")
    svg.text(plot.x(best) - 6, plot.top + 40, "best epoch:", 12, anchor="end")
    svg.text(plot.x(best) - 6, plot.top + 55, "restore these weights", 12, anchor="end")
    svg.line(plot.x(stop), plot.top + 22, plot.x(stop), plot.top + plot.height, MUTED, 1.3, "2,3")
    svg.text(plot.x(stop) + 6, plot.top + 40, "training stops", 12, anchor="start")
    plot.draw_legend(420, 182)
    return svg
