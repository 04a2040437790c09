"""Small helpers for the counts the screens spell out in words."""

from __future__ import annotations

import math


def plural(count: int, word: str) -> str:
    """'1 day', '3 days', '3,053 reviews': English plurals of the regular words the screens
    count, with thousands separated as everywhere else (gui.md 22)."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def percent_down(share: float) -> str:
    """'99%' for 0.996: a predicted recall rounded down, so nothing short of certain reads as
    100% (a tiny epsilon keeps 0.29 from flooring to 28)."""
    return f"{max(0, math.floor(share * 100 + 1e-6))}%"
