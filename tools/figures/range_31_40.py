"""Figures for questions 31-40 redrawn in the December 2026 content round.

Labels are drawn in ink, red, blue or violet only: green, amber and muted text fall below a
4.5:1 contrast on the light background, so those colours are kept for lines and fills.
"""

from __future__ import annotations

from tools.figures.svgkit import BLUE, FILL, INK, VIOLET, Svg


def confusion_matrix() -> Svg:
    """Q34: precision is read down the predicted-positive column, recall along the positive row.

    Every label sits inside the 620 x 340 canvas (the old figure put the precision value at
    y = 332 in a 320-high view box, so it was clipped)."""
    svg = Svg(620, 340)
    left, top, size = 170, 60, 110
    cells = [("TP", 80, "green"), ("FN", 20, "red"), ("FP", 40, "red"), ("TN", 860, "green")]
    for index, (name, count, fill) in enumerate(cells):
        r, c = divmod(index, 2)
        svg.rect(left + c * size, top + r * size, size, size, FILL[fill], INK, 0, 1.2)
        svg.text(left + c * size + size / 2, top + r * size + 48, name, 16, weight="bold")
        svg.text(left + c * size + size / 2, top + r * size + 72, str(count), 14)
    svg.text(left + size / 2, top - 14, "predicted +", 12, weight="bold")
    svg.text(left + 1.5 * size, top - 14, "predicted −", 12, weight="bold")
    svg.text(left - 12, top + size / 2 + 4, "actual +", 12, anchor="end", weight="bold")
    svg.text(left - 12, top + 1.5 * size + 4, "actual −", 12, anchor="end", weight="bold")
    # Precision: the predicted-positive column.
    svg.rect(left - 4, top - 4, size + 8, 2 * size + 8, "none", BLUE, 4, 2.4)
    bottom = top + 2 * size
    svg.text(left + size / 2, bottom + 28, "precision = TP / (TP + FP)", 12, BLUE, weight="bold")
    svg.text(left + size / 2, bottom + 46, "= 80 / 120 = 0.67", 12, BLUE)
    # Recall: the actual-positive row.
    svg.rect(left - 7, top - 7, 2 * size + 14, size + 14, "none", VIOLET, 4, 2.4)
    x = left + 2 * size + 18
    svg.text(x, top + size / 2 - 4, "recall = TP / (TP + FN)", 12, VIOLET, "start", "bold")
    svg.text(x, top + size / 2 + 14, "= 80 / 100 = 0.80", 12, VIOLET, "start")
    # What the matrix does not show: accuracy hides both errors, and precision needs the base rate.
    svg.text(x, top + 1.5 * size - 12, "accuracy = 940 / 1000 = 0.94", 12, INK, "start")
    svg.text(x, top + 1.5 * size + 10, "same model at 1% positives:", 12, INK, "start")
    svg.text(x, top + 1.5 * size + 28, "precision falls to 0.15", 12, INK, "start", "bold")
    return svg
