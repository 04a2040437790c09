"""Figures for questions 21-30 redrawn in the December 2026 content round.

Labels are drawn in ink, red, blue or violet only: green, amber and muted text fall below a
4.5:1 contrast on the light background, so those colours are kept for lines and fills.
"""

from __future__ import annotations

from tools.figures.svgkit import GREEN, INK, RED, Svg


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
