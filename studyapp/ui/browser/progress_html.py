"""The reading pane's "your progress" and "your notes" sections, as HTML for QTextBrowser."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime, tzinfo

from studyapp.content.theme import Theme
from studyapp.domain import Question, Review, ReviewMode
from studyapp.services.study import QuestionOverview
from studyapp.wording import percent_down


def _when(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%d %b %Y, %H:%M")


SHOWN_REVIEWS = 12


def progress_html(
    overview: QuestionOverview,
    reviews: Sequence[Review],
    theme: Theme,
    zone: tzinfo,
    total: int | None = None,
) -> str:
    """`reviews` may be only the latest ones, with `total` saying how many there are."""
    total = len(reviews) if total is None else total
    if not reviews:
        return (
            "<h2>Your progress</h2><p class='muted'>Not studied yet. "
            "“Quiz me on this” asks it now.</p>"
        )
    due = _when(overview.due, zone) if overview.due else "–"
    summary = (
        f"<p>Status <b>{overview.status}</b> · predicted recall tomorrow "
        f"<b>{percent_down(overview.recall)}</b> · "
        f"next due <b>{due}</b> · {overview.reps} review{'s' if overview.reps != 1 else ''}, "
        f"{overview.lapses} lapse{'s' if overview.lapses != 1 else ''}</p>"
    )
    rows = []
    for review in reversed(reviews[-SHOWN_REVIEWS:]):
        colour = theme.ratings[review.rating - 1]
        mode = "" if review.mode == ReviewMode.NORMAL else f" ({review.mode})"
        points = f"{len(review.ticked)} key points" if review.ticked else ""
        rows.append(
            f"<tr><td>{_when(review.reviewed_at, zone)}</td>"
            f"<td><span style='color:{colour}; font-weight:600'>{review.rating.label}</span>"
            f"{html.escape(mode)}</td><td>{review.duration_ms // 1000} s</td><td>{points}</td></tr>"
        )
    table = (
        "<table class='grid' cellspacing='0' cellpadding='5' border='1' width='99.5%'>"
        "<tr><th align='left'>When</th><th align='left'>Rating</th><th align='left'>Time</th>"
        f"<th align='left'>Ticked</th></tr>{''.join(rows)}</table>"
    )
    more = (
        f"<p class='muted'>Latest {SHOWN_REVIEWS} of {total} reviews.</p>"
        if total > SHOWN_REVIEWS
        else ""
    )
    return f"<h2>Your progress</h2>{summary}{table}{more}"


def note_html(rendered_note: str) -> str:
    if not rendered_note.strip():
        return ""
    return f"<h2>Your notes</h2>{rendered_note}"


def unshowable_html(question: Question, error: BaseException) -> str:
    """What the reading pane says when this question's answer or its history cannot be shown
    (content nested too deep, a damaged review row): which question, and why, in words."""
    if isinstance(error, RecursionError):
        reason = "its content is nested too deeply to lay out"
    else:
        reason = f"part of it could not be read ({type(error).__name__}: {error})"
    return (  # the title is already above the pane
        f"<p class='muted'>The answer to Q{question.id} cannot be shown: {html.escape(reason)}. "
        "Your note and "
        "progress on it are kept; File &gt; Restore backup can bring back an undamaged "
        "history.</p>"
    )
