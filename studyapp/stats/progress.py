"""Dashboard figures from card states and review counts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from studyapp.domain import CardPhase, CardState, Question, Topic
from studyapp.scheduling.fsrs_scheduler import SpacedScheduler

MASTERED_STABILITY_DAYS = 21.0


@dataclass(frozen=True)
class TopicMastery:
    topic: Topic
    questions: int
    seen: int
    mastered: int
    mean_recall: float
    lapses: int


@dataclass(frozen=True)
class ProgressSummary:
    total_questions: int
    seen: int
    mastered: int
    due_today: int
    reviews_done: int
    topics: tuple[TopicMastery, ...]


def end_of_local_day(now: datetime, zone: tzinfo) -> datetime:
    local = now.astimezone(zone)
    return datetime.combine(local.date() + timedelta(days=1), time(0), zone)


def is_mastered(state: CardState) -> bool:
    """Mastered: in review with FSRS stability of at least 21 days."""
    return (
        state.phase == CardPhase.REVIEW
        and state.stability is not None
        and state.stability >= MASTERED_STABILITY_DAYS
    )


DEFAULT_WEAK_LAPSES = 4
WEAK_RECALL = 0.6
WEAK_MIN_REPS = 3


def is_weak(state: CardState, recall: float, lapse_threshold: int) -> bool:
    """A leech: forgotten again and again, or still poorly recalled after several reviews."""
    if state.lapses >= lapse_threshold:
        return True
    return state.reps >= WEAK_MIN_REPS and recall < WEAK_RECALL


def is_due(state: CardState, before: datetime) -> bool:
    return state.phase != CardPhase.NEW and state.due is not None and state.due < before


def question_status(
    state: CardState, recall: float, day_end: datetime, lapse_threshold: int
) -> str:
    """One word for lists: weak beats due beats mastered beats learning."""
    if state.phase == CardPhase.NEW:
        return "new"
    if is_weak(state, recall, lapse_threshold):
        return "weak"
    if is_due(state, day_end):
        return "due"
    if is_mastered(state):
        return "mastered"
    return "learning" if state.phase != CardPhase.REVIEW else "review"


def summarize(
    questions: Sequence[Question],
    topics: Sequence[Topic],
    cards: Mapping[int, CardState],
    reviews_done: int,
    scheduler: SpacedScheduler,
    now: datetime,
    zone: tzinfo,
) -> ProgressSummary:
    day_end = end_of_local_day(now, zone)
    states = {q.id: cards.get(q.id) or CardState.new(q.id) for q in questions}
    mastery = []
    for topic in topics:
        members = [states[q.id] for q in questions if q.topic == topic.id]
        if not members:
            continue
        recalls = [scheduler.retrievability(s, now) for s in members]
        mastery.append(
            TopicMastery(
                topic=topic,
                questions=len(members),
                seen=sum(1 for s in members if s.reps > 0),
                mastered=sum(1 for s in members if is_mastered(s)),
                mean_recall=sum(recalls) / len(recalls),
                lapses=sum(s.lapses for s in members),
            )
        )
    mastery.sort(key=lambda m: (m.mean_recall, m.topic.order))
    return ProgressSummary(
        total_questions=len(questions),
        seen=sum(1 for s in states.values() if s.reps > 0),
        mastered=sum(1 for s in states.values() if is_mastered(s)),
        due_today=sum(1 for s in states.values() if is_due(s, day_end)),
        reviews_done=reviews_done,
        topics=tuple(mastery),
    )
