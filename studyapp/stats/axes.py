"""Axis tick values that read well: steps of 1, 2 or 5 times a power of ten.

Shared by the dashboard charts and the figure generator, so both label axes the same way.
"""

from __future__ import annotations

import math


def nice_ticks(maximum: float, target: int = 4, minimum: float = 0.0) -> list[float]:
    """Round tick values from `minimum` (rounded down to a step) up to cover `maximum`."""
    span = maximum - minimum
    if span <= 0:
        return [minimum, minimum + 1.0]
    raw = span / target
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    start = math.floor(minimum / step + 1e-9) * step
    count = math.ceil((maximum - start) / step - 1e-9)
    return [round(start + i * step, 10) for i in range(count + 1)]
