"""The colour of search matches, shared by the question list and the reading pane."""

from __future__ import annotations

from PySide6.QtGui import QColor

from studyapp.content.theme import Theme


def match_colour(theme: Theme, current: bool = False) -> QColor:
    """Amber under the text: strong for the match F3 moved to, soft for the others.

    The soft alpha keeps body text readable on both the light and the dark page."""
    colour = QColor(theme.ratings[1])
    colour.setAlphaF(0.85 if current else (0.45 if theme.dark else 0.35))
    return colour
