"""Figures for questions 41-50 redrawn in the December 2026 content round.

Labels are drawn in ink, red, blue or violet only: green, amber and muted text fall below a
4.5:1 contrast on the light background, so those colours are kept for lines and fills.
"""

from __future__ import annotations

import math

from tools.figures.svgkit import BLUE, FILL, INK, MUTED, RED, VIOLET, Svg


def gradient_clipping() -> Svg:
    """Q42: clip by global norm keeps the direction; clip by value bends it."""
    svg = Svg(620, 300)
    c = 56.0  # the threshold, in pixels
    g = (2.5, 1.0)  # the raw gradient, in units of c: norm 2.69 c at 21.8 degrees
    norm = math.hypot(*g)

    # Left panel: the ball of radius c and the rescaled gradient on its edge
    cx, cy = 90.0, 200.0
    svg.text(165, 28, "clip by global norm", 14, weight="bold")
    svg.circle(cx, cy, c, FILL["blue"], BLUE, 1.5)
    tip = (cx + g[0] * c, cy - g[1] * c)
    svg.arrow(cx, cy, *tip, color=RED, width=2.2, head=12)
    svg.text(tip[0] + 4, tip[1] - 12, f"g (norm {norm:.1f} c)", 12, RED, anchor="middle")
    clipped = (cx + g[0] / norm * c, cy - g[1] / norm * c)
    svg.arrow(cx, cy, *clipped, color=BLUE, width=3.2, head=12)
    svg.circle(cx, cy, 3.5, INK, None)
    svg.text(cx, cy + c + 24, "‖g‖ ≤ c", 12)
    svg.text(165, 60, "g ← c · g / ‖g‖", 13, BLUE, weight="bold")
    svg.text(165, 78, "same direction, length c", 12)

    # Right panel: the box [-c, c]^2 and the clamped gradient at its corner
    svg.line(310, 20, 310, 290, MUTED, 1.0, "4,4")
    bx, by = 400.0, 200.0
    svg.text(470, 28, "clip by value", 14, weight="bold")
    svg.rect(bx - c, by - c, 2 * c, 2 * c, FILL["violet"], VIOLET, 0, 1.5)
    tip = (bx + g[0] * c, by - g[1] * c)
    svg.arrow(bx, by, *tip, color=RED, width=2.2, head=12)
    svg.text(tip[0] - 8, tip[1] - 12, "g", 12, RED)
    clamped = (bx + min(g[0], 1.0) * c, by - min(g[1], 1.0) * c)
    svg.arrow(bx, by, *clamped, color=VIOLET, width=3.2, head=12)
    svg.circle(bx, by, 3.5, INK, None)
    svg.text(bx, by + c + 24, "|g_i| ≤ c for each i", 12)
    svg.text(470, 60, "g_i ← clamp(g_i, −c, c)", 13, VIOLET, weight="bold")
    svg.text(470, 78, "direction turns from 22° to 45°", 12)
    return svg
