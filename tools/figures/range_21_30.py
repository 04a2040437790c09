"""Figures for questions 21-30 redrawn in the December 2026 content round.

Labels are drawn in ink, red, blue or violet only: green, amber and muted text fall below a
4.5:1 contrast on the light background, so those colours are kept for lines and fills.
"""

from __future__ import annotations

from math import sqrt

import numpy as np

from tools.figures.svgkit import AMBER, BLUE, GREEN, INK, MUTED, RED, Plot, Svg


def gan() -> Svg:
    """Q21: the data flow, what each loss pushes towards, and where G's gradient goes."""
    svg = Svg(620, 300)
    svg.box(20, 100, 80, 44, "noise z", "neutral")
    svg.box(140, 92, 110, 60, "Generator", "violet", "G")
    svg.box(290, 100, 100, 44, "fake G(z)", "amber")
    svg.box(290, 200, 100, 44, "real data x", "blue")
    svg.box(430, 150, 110, 60, "Discriminator", "green", "D")
    svg.text(585, 176, "P(real)", 12, anchor="middle", weight="bold")
    svg.arrow(100, 122, 138, 122)
    svg.arrow(250, 122, 288, 122)
    svg.arrow(390, 122, 428, 165)
    svg.arrow(390, 222, 428, 198)
    svg.arrow(540, 180, 556, 180)
    # G's loss: routed above the boxes, back through D into G
    svg.polyline([(485, 148), (485, 58), (195, 58)], RED, 1.4, "5,4")
    svg.arrow(195, 58, 195, 90, RED, 1.4, 8, "5,4")
    svg.text(340, 30, "G's loss: fake → 1 (non-saturating, −log D(G(z)))", 11, RED)
    svg.text(340, 48, "its gradient flows back through D into G; D is not updated", 11, RED)
    # D's loss: a label below D with the arrow pointing into D, the network it updates
    svg.arrow(485, 262, 485, 214, GREEN, 1.6, 8, "5,4")
    svg.text(485, 280, "D's loss updates D: real → 1, fake → 0", 11, INK)
    return svg


def momentum() -> Svg:
    """Q28: the answer's quadratic (curvatures 1 and 50), 40 steps of each method."""
    svg = Svg(600, 340)
    curvature = np.array([1.0, 50.0])

    def path(beta: float, lr: float, steps: int = 40) -> np.ndarray:
        p, v, out = np.array([-9.0, 0.8]), np.zeros(2), []
        for _ in range(steps + 1):
            out.append(p.copy())
            v = beta * v + curvature * p
            p = p - lr * v
        return np.array(out)

    plot = Plot(svg, 30, 24, 540, 236, (-10.5, 10.5), (-1.5, 1.5))
    angles = np.linspace(0, 2 * np.pi, 361)
    for rx in (1.0, 2.5, 4.5, 7.0, 9.5):  # contours of 0.5 (x^2 + 50 y^2), all inside the plot
        xs, ys = rx * np.cos(angles), rx / sqrt(50) * np.sin(angles)
        svg.polyline([(plot.x(a), plot.y(b)) for a, b in zip(xs, ys, strict=True)], MUTED, 1.0)
    plain = path(0.0, lr=0.038)  # just under the stability limit 2 / 50 of the steep direction
    heavy = path(0.9, lr=0.006)  # effective step on the flat axis: 0.006 / (1 - 0.9) = 0.06
    plot.curve(
        plain[:, 0], plain[:, 1], RED, "gradient descent, η = 0.038 (limit 2/50 = 0.04)", width=1.8
    )
    plot.curve(
        heavy[:, 0],
        heavy[:, 1],
        BLUE,
        "momentum β = 0.9, η = 0.006: step η/(1−β) = 0.06",
        width=2.2,
    )
    for point, color in ((plain[-1], RED), (heavy[-1], BLUE)):
        svg.circle(plot.x(point[0]), plot.y(point[1]), 4, color, None)
    svg.text(plot.x(plain[-1][0]), plot.y(0) + 58, "GD after 40 steps", 11, RED)
    svg.text(
        plot.x(heavy[-1][0]) + 10,
        plot.y(0) + 40,
        "momentum after 40 steps",
        11,
        BLUE,
        anchor="start",
    )
    svg.circle(plot.x(0), plot.y(0), 4, INK, None)
    svg.text(plot.x(0.3), plot.y(0) - 34, "minimum", 12)
    svg.circle(plot.x(-9), plot.y(0.8), 4, INK, None)
    svg.text(plot.x(-9), plot.y(0.8) - 10, "start", 12)
    plot.draw_legend(60, 296)
    return svg


def init_variance() -> Svg:
    """Q30: activation std per layer (left) and, for the tanh runs, the share of saturated units
    (right), so that "large weights + tanh" no longer looks as healthy as He + ReLU."""
    rng = np.random.default_rng(0)
    width, layers = 256, 10

    def run(weight_std: float, activation) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
        x, stds, saturated = rng.normal(size=(500, width)), [], []
        for _ in range(layers):
            x = activation(x @ (rng.normal(size=(width, width)) * weight_std))
            stds.append(float(x.std()))
            saturated.append(float(np.mean(np.abs(x) > 0.99)))
        return stds, saturated

    relu = lambda z: np.maximum(z, 0)  # noqa: E731
    series = [
        ("small weights (std 0.01), ReLU", run(0.01, relu), RED, "6,4", False),
        ("large weights (std 1.0), tanh", run(1.0, np.tanh), AMBER, None, True),
        ("Xavier, tanh", run(sqrt(1 / width), np.tanh), BLUE, None, True),
        ("He, ReLU", run(sqrt(2 / width), relu), GREEN, None, False),
    ]
    svg = Svg(640, 410)
    left = Plot(svg, 66, 20, 300, 250, (1, 10), (-12, 1))
    left.axes(
        "layer", "std of activations (log₁₀)", xticks=range(1, 11), yticks=[-12, -9, -6, -3, 0]
    )
    right = Plot(svg, 440, 20, 180, 250, (1, 10), (0, 1))
    right.axes(
        "layer", "tanh units with |a| > 0.99", xticks=[1, 4, 7, 10], yticks=[0, 0.25, 0.5, 0.75, 1]
    )
    for label, (stds, saturated), color, dash, is_tanh in series:
        left.curve(range(1, 11), np.log10(stds), color, label, dash=dash)
        if is_tanh:
            right.curve(range(1, 11), saturated, color, label, dash=dash)
    svg.text(530, 120, "saturated: gradient ≈ 0", 11, INK)
    left.draw_legend(80, 326)
    return svg
