"""The quiz's own look: key caps, key-point rows, the clock and rating buttons.

Kept beside the quiz rather than in the app-wide sheet because only these panels use the names;
the panels set it on themselves, so it cascades to their children and follows theme changes.
"""

from __future__ import annotations

from studyapp.content.theme import Theme
from studyapp.domain import Rating


def keycap_style(t: Theme) -> str:
    """A key drawn as a key cap: the quiz's hints and the F1 list of shortcuts."""
    return f"""
QLabel#keycap {{
    color: {t.muted}; background: {t.window}; border: 1px solid {t.border};
    border-bottom-width: 2px; border-radius: 4px; padding: 0px 5px;
    font-size: 11px; font-weight: 600; font-family: monospace;
}}
"""


# Highlight tints for the key points' evidence in a typed answer, in key order (Q W E R T Y U I),
# and their swatches. Soft enough that the theme's text stays readable on them (contrast
# >= 10:1 in the light look, >= 4.9:1 in the dark one), distinct enough to tell eight apart.
_LIGHT_POINTS = (
    "#fde68a",
    "#bfdbfe",
    "#bbf7d0",
    "#fbcfe8",
    "#ddd6fe",
    "#fed7aa",
    "#a5f3fc",
    "#d9f99d",
)
_DARK_POINTS = (
    "#7a5d12",
    "#2a4f8f",
    "#1d6b3b",
    "#8a2b5e",
    "#5540a0",
    "#8a4515",
    "#17697a",
    "#4d6614",
)


def point_colours(t: Theme) -> tuple[str, ...]:
    return _DARK_POINTS if t.dark else _LIGHT_POINTS


def swatch_style(t: Theme, colour: str) -> str:
    """A key point's colour swatch, edged so a pale tint still shows on a pale row."""
    edge = "rgba(255, 255, 255, 0.45)" if t.dark else "rgba(0, 0, 0, 0.30)"
    return f"background: {colour}; border: 1px solid {edge}; border-radius: 3px;"


def quiz_style(t: Theme) -> str:
    good = t.ratings[Rating.GOOD - 1]
    return (
        keycap_style(t)
        + f"""
QLabel#keyhints {{ color: {t.muted}; font-size: 12px; }}
QFrame#point {{ border: 1px solid transparent; border-radius: 7px; background: transparent; }}
QFrame#point:hover {{ border-color: {t.border}; }}
QFrame#point[checked="true"] {{ background: {t.accent_soft}; }}
QLabel#pointtext {{ font-size: 13px; }}
QLabel#suggestedtag {{
    color: {good}; border: 1px solid {good}; border-radius: 8px;
    padding: 0px 6px; font-size: 11px; font-weight: 600;
}}
QLabel#clock {{ font-size: 15px; font-weight: 600; font-family: monospace; }}
QLabel#clock[state="mock"] {{ color: {t.accent}; }}
QLabel#clock[state="warn"], QLabel#clock[state="over"] {{ color: {t.ratings[Rating.HARD - 1]}; }}
QPushButton:checked {{
    background: {t.accent_soft}; border-color: {t.accent}; color: {t.accent_text};
}}
QLabel#suggestion {{ color: {t.muted}; font-size: 12px; }}
QLabel#misconception {{
    color: {t.text}; background: {t.surface}; font-size: 13px;
    border: 1px solid {t.ratings[Rating.AGAIN - 1]}; border-left-width: 4px;
    border-radius: 6px; padding: 6px 10px;
}}
QLabel#sectionnote {{ color: {t.muted}; font-size: 12px; }}
QFrame#tile {{ background: {t.window}; border: none; border-radius: 8px; }}
QLabel#tilevalue {{ font-size: 22px; font-weight: 700; }}
QLabel#tilelabel {{ color: {t.muted}; font-size: 12px; }}
"""
    )


def _mix(colour: str, base: str, share: float) -> str:
    """`colour` laid over `base` at `share` opacity, as one solid hex colour."""
    a, b = int(colour[1:], 16), int(base[1:], 16)
    channels = (
        round(((a >> shift) & 255) * share + ((b >> shift) & 255) * (1 - share))
        for shift in (16, 8, 0)
    )
    return "#" + "".join(f"{c:02x}" for c in channels)


def rating_button_style(t: Theme, rating: Rating, suggested: bool) -> str:
    """Outlined in the rating's colour. The suggested one gets a thick edge and a light tint
    of its colour, with the page's own text: a filled button read as already chosen
    (gui.md 34), and text on the bright fills was hard to read (gui.md 20)."""
    colour = t.ratings[rating - 1]
    tint = _mix(colour, t.surface, 0.16)
    hover = _mix(colour, t.surface, 0.24)
    if suggested:
        return (
            f"QPushButton {{ background: {tint}; color: {t.text}; border: 3px solid {colour}; "
            f"font-weight: 700; border-radius: 8px; padding: 2px 8px; }}"
            f"QPushButton:hover {{ background: {hover}; }}"
        )
    return (
        f"QPushButton {{ border: 1px solid {colour}; color: {t.text}; font-weight: 600; "
        f"border-radius: 8px; padding: 4px 10px; }}"
        f"QPushButton:hover {{ background: {hover}; }}"
    )
