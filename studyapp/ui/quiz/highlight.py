"""The typed answer as HTML, the checker's evidence for each key point highlighted in that
point's colour and the words stating a misconception underlined in the 'Again' colour."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from studyapp.content.theme import Theme
from studyapp.domain import Rating
from studyapp.ui.quiz.style import point_colours

if TYPE_CHECKING:  # the checker loads its stemmer at the first graded answer
    from studyapp.grading.checker import Grade


def highlighted_html(text: str, grade: Grade | None, theme: Theme) -> str:
    colours = point_colours(theme)
    # Each character's point (the first point whose evidence holds it) and misconception flag.
    owner: list[int | None] = [None] * len(text)
    wrong = [False] * len(text)
    if grade is not None:
        for point in grade.points:
            for span in point.evidence:
                for i in range(span.start, min(span.end, len(text))):
                    if owner[i] is None:
                        owner[i] = point.index
        for found in grade.misconceptions:
            for span in found.evidence:
                for i in range(span.start, min(span.end, len(text))):
                    wrong[i] = True
    wrong_colour = theme.ratings[Rating.AGAIN - 1]
    parts: list[str] = []
    start = 0
    for end in range(1, len(text) + 1):
        if end < len(text) and (owner[end], wrong[end]) == (owner[start], wrong[start]):
            continue
        piece = html.escape(text[start:end]).replace("\n", "<br>")
        style = []
        holder = owner[start]
        if holder is not None:
            style.append(f"background-color: {colours[holder % len(colours)]}")
        if wrong[start]:
            style.append(f"color: {wrong_colour}; text-decoration: underline")
        parts.append(f'<span style="{"; ".join(style)}">{piece}</span>' if style else piece)
        start = end
    return f'<div style="color: {theme.text}; line-height: 140%;">{"".join(parts)}</div>'
