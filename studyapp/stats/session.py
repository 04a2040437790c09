"""The end-of-session summary, computed from the reviews a session produced."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from studyapp.domain import CardState, Question, Rating, Review, ReviewMode
from studyapp.stats.progress import end_of_local_day


@dataclass(frozen=True)
class TopicResult:
    topic: str
    answered: int
    again: int
    recalled: int  # rated Good or Easy


@dataclass(frozen=True)
class SessionSummary:
    answered: int
    counts: dict[Rating, int]
    total_ms: int
    average_ms: int
    topics: tuple[TopicResult, ...]
    missed: tuple[int, ...]
    next_due: datetime | None
    due_today: int  # of this session's questions, due again before the local day ends
    due_tomorrow: int
    due_later: int  # after tomorrow
    later_from: datetime | None  # when the first of those comes back
    over_time: int  # mock interview answers that went past the countdown
    follow_ups: int  # follow-up drill answers, practice on top of the scored reviews


def summarize_session(
    reviews: Sequence[Review],
    questions: Mapping[int, Question],
    cards: Mapping[int, CardState],
    now: datetime,
    zone: tzinfo,
    time_limit_ms: int | None = None,
) -> SessionSummary:
    """Only scheduling reviews count; follow-up drill answers are practice on top.

    `cards` is the state after the session, so "next due" is what the scheduler decided.
    """
    scored = [r for r in reviews if r.mode != ReviewMode.FOLLOW_UP]
    counts = {rating: 0 for rating in Rating}
    by_topic: dict[str, list[Review]] = {}
    for review in scored:
        counts[review.rating] += 1
        topic = questions[review.question_id].topic if review.question_id in questions else "?"
        by_topic.setdefault(topic, []).append(review)
    total_ms = sum(r.duration_ms for r in scored)
    missed = tuple(dict.fromkeys(r.question_id for r in scored if r.rating == Rating.AGAIN))
    dues = [
        state.due
        for qid in {r.question_id for r in scored}
        if (state := cards.get(qid)) is not None and state.due is not None
    ]
    today_end = end_of_local_day(now, zone)
    tomorrow_end = end_of_local_day(today_end + timedelta(hours=1), zone)
    later = [due for due in dues if due >= tomorrow_end]
    over = (
        sum(1 for r in scored if r.mode == ReviewMode.MOCK and r.duration_ms > time_limit_ms)
        if time_limit_ms is not None
        else 0
    )
    return SessionSummary(
        answered=len(scored),
        counts=counts,
        total_ms=total_ms,
        average_ms=total_ms // len(scored) if scored else 0,
        topics=tuple(
            TopicResult(
                topic,
                len(items),
                sum(1 for r in items if r.rating == Rating.AGAIN),
                sum(1 for r in items if r.rating >= Rating.GOOD),
            )
            for topic, items in by_topic.items()
        ),
        missed=missed,
        next_due=min(dues) if dues else None,
        due_today=sum(1 for due in dues if due < today_end),
        due_tomorrow=sum(1 for due in dues if today_end <= due < tomorrow_end),
        due_later=len(later),
        later_from=min(later) if later else None,
        over_time=over,
        follow_ups=len(reviews) - len(scored),
    )
