"""Colours for rendered answers, shared by the HTML renderer and the Qt style sheets.

Figures are drawn with a fixed light palette (see content/STYLE.md); the dark theme swaps each
of those colours for a partner chosen to keep the same contrast on a dark page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FIGURE_DARK_SWAP: dict[str, str] = {
    "#1f2937": "#e5e7eb",
    "#9ca3af": "#6b7280",
    "#2563eb": "#60a5fa",
    "#dc2626": "#f87171",
    "#059669": "#34d399",
    "#d97706": "#fbbf24",
    "#7c3aed": "#a78bfa",
    "#dbeafe": "#1e3a5f",
    "#fee2e2": "#4c1d1d",
    "#d1fae5": "#113b2e",
    "#fef3c7": "#4a3410",
    "#ede9fe": "#2e1f57",
    "#f3f4f6": "#1f2937",
}
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
# WCAG 2 AA: normal text needs 4.5:1 against what it is drawn on; outlines and other parts a
# control is recognised by need 3:1.
TEXT_CONTRAST = 4.5
NON_TEXT_CONTRAST = 3.0


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a `#rrggbb` colour (0 black, 1 white)."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(int(value[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two `#rrggbb` colours, from 1 (same) to 21 (black on white);
    the one measure every contrast check in the app and its tests uses."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@dataclass(frozen=True)
class Theme:
    name: str
    dark: bool
    window: str
    surface: str
    text: str
    muted: str
    border: str
    accent: str
    accent_soft: str
    # Accent-coloured text on the soft accent (badges, checked toggles): 4.5:1 on both.
    accent_text: str
    # Filled buttons, the current page and selections carry white text: the dark look's
    # light accent would leave it at 2.5:1, so they fill with a deeper blue there.
    accent_fill: str
    code_bg: str
    # Inline `code` in a sentence: QTextDocument paints a span's background the full line
    # height, so it needs a tint close to the page, not the code block's deep background.
    inline_code_bg: str
    pygments_style: str
    ratings: tuple[str, str, str, str]
    figure_swap: dict[str, str] = field(default_factory=dict)

    def recolour_svg(self, svg: str) -> str:
        """Swap palette colours in one pass, so a swapped colour is never swapped again."""
        if not self.figure_swap:
            return svg
        swap = self.figure_swap
        return _HEX.sub(lambda m: swap.get(m.group(0).lower(), m.group(0)), svg)


LIGHT = Theme(
    name="light",
    dark=False,
    window="#f5f6f8",
    surface="#ffffff",
    text="#1f2937",
    muted="#636b78",  # 4.5:1 on the window, the surface and the soft accent
    border="#d9dde3",
    accent="#2563eb",
    accent_soft="#e8effd",
    accent_text="#1d4ed8",  # the accent itself reaches 4.48:1 on accent_soft
    accent_fill="#2563eb",
    code_bg="#f6f8fa",
    inline_code_bg="#eff1f4",
    pygments_style="friendly",
    # Text in these colours on the window or a card, and white text on them, reads at
    # 4.5:1 (red-600, amber-600 and emerald-600 reached only 4.5, 3.2 and 3.8).
    ratings=("#c81e1e", "#b45309", "#047857", "#2563eb"),
)

DARK = Theme(
    name="dark",
    dark=True,
    window="#15181e",
    surface="#1c2027",
    text="#e5e7eb",
    muted="#9ca3af",
    border="#323844",
    accent="#60a5fa",
    accent_soft="#1e2a3d",
    accent_text="#60a5fa",
    accent_fill="#2563eb",
    code_bg="#111419",
    inline_code_bg="#272c35",
    pygments_style="github-dark",
    ratings=("#f87171", "#fbbf24", "#34d399", "#60a5fa"),
    figure_swap=FIGURE_DARK_SWAP,
)

THEMES = {LIGHT.name: LIGHT, DARK.name: DARK}
