"""The end-of-session summary, computed from the reviews a session produced."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from studyapp.domain import CardState, Question, Rating, Review, ReviewMode


@dataclass(frozen=True)
class TopicResult:
    topic: str
    answered: int
    again: int


@dataclass(frozen=True)
class SessionSummary:
    answered: int
    counts: dict[Rating, int]
    total_ms: int
    average_ms: int
    topics: tuple[TopicResult, ...]
    missed: tuple[int, ...]
    next_due: datetime | None


def summarize_session(
    reviews: Sequence[Review],
    questions: Mapping[int, Question],
    cards: Mapping[int, CardState],
) -> SessionSummary:
    """Only scheduling reviews count; follow-up drill answers are practice on top."""
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
    return SessionSummary(
        answered=len(scored),
        counts=counts,
        total_ms=total_ms,
        average_ms=total_ms // len(scored) if scored else 0,
        topics=tuple(
            TopicResult(topic, len(items), sum(1 for r in items if r.rating == Rating.AGAIN))
            for topic, items in by_topic.items()
        ),
        missed=missed,
        next_due=min(dues) if dues else None,
    )
