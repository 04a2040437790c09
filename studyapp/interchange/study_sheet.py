"""The study sheet: chosen questions as one printable document (short answer, key points,
formulas and figures), built as HTML that the UI lays out onto PDF pages.

Light colours only (paper is white), one question a page, a header with the date on each.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from enum import StrEnum

from studyapp.content.render import AnswerRenderer
from studyapp.domain import Question

# Widest a figure is printed, in points (the sheet lays pixels out one to a point; an A4 page
# with its margins holds 480): a figure a little narrower than the page lets most questions
# with a figure fit on one page.
FIGURE_MAX_PT = 400
_IMG_SIZE = re.compile(r'(<img [^>]*?)width="(\d+)" height="(\d+)"')


def fit_images(text: str, width: int) -> str:
    """Scale every image in rendered HTML that is wider than `width` down to it."""

    def scale(match: re.Match[str]) -> str:
        w, h = int(match.group(2)), int(match.group(3))
        if w <= width:
            return match.group(0)
        return f'{match.group(1)}width="{width}" height="{round(h * width / w)}"'

    return _IMG_SIZE.sub(scale, text)


class SheetChoice(StrEnum):
    WEAKEST = "weakest"
    TOPIC = "topic"
    STARRED = "starred"
    ALL = "all"


def choose_questions(
    questions: Sequence[Question],
    choice: SheetChoice,
    recall: Mapping[int, float],
    starred: Iterable[int] = (),
    topic: str = "",
    count: int = 10,
) -> list[Question]:
    """The questions a choice names, in the order they are printed."""
    if choice == SheetChoice.WEAKEST:
        studied = [q for q in questions if q.id in recall]
        return sorted(studied, key=lambda q: (recall[q.id], q.id))[: max(1, count)]
    if choice == SheetChoice.TOPIC:
        return [q for q in questions if q.topic == topic]
    if choice == SheetChoice.STARRED:
        marked = set(starred)
        return [q for q in questions if q.id in marked]
    return list(questions)


def sheet_html(
    questions: Sequence[Question],
    renderer: AnswerRenderer,
    title: str,
    today: date,
    topic_name: Callable[[str], str],
    progress: Callable[[int], bool] | None = None,
) -> str | None:
    """The whole sheet; `progress(done)` is told after each question and may return False to
    cancel, which returns None."""
    pages: list[str] = []
    header = f"DeepStudy study sheet · {html.escape(title)} · {today:%d %B %Y}"
    for index, question in enumerate(questions):
        figures = "\n\n".join(f"![]({figure})" for figure in question.figures)
        body = renderer.render_markdown(question.short_answer + "\n\n" + figures).html
        body = fit_images(body, FIGURE_MAX_PT)
        points = "".join(f"<li>{html.escape(point)}</li>" for point in question.key_points)
        brk = ' style="page-break-before: always"' if index else ""
        pages.append(
            f'<div{brk}><p class="sheethead">{header} · {index + 1} of {len(questions)}</p>'
            f"<h2>Q{question.id}. {html.escape(question.title)}</h2>"
            f'<p class="sheetmeta">{html.escape(topic_name(question.topic))} · '
            f"{html.escape(question.difficulty_label)}</p>"
            f"<h3>Short answer</h3>{body}"
            f"<h3>Key points</h3><ul>{points}</ul></div>"
        )
        if progress is not None and not progress(index + 1):
            return None
    style = (
        "<style>h2 { font-size: large; } h3 { font-size: medium; color: #333333; }"
        " p.sheethead { color: #555555; font-size: small; }"
        " p.sheetmeta { color: #555555; }</style>"
    )
    return style + "".join(pages)
