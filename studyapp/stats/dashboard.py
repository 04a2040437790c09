"""Everything the dashboard shows, computed from SQL aggregates (never a loop over reviews).

The database groups reviews by UTC hour; this module folds those hours into the user's local
calendar days, which keeps "a review just after midnight" on the right day in any zone whose
offset is a whole number of hours, and keeps the Python work small however long the log is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from studyapp.domain import CardPhase, CardState, Question, Rating, Topic
from studyapp.scheduling.fsrs_scheduler import SpacedScheduler
from studyapp.stats.progress import (
    end_of_local_day,
    is_due,
    is_mastered,
    is_weak,
    weakness_order,
)
from studyapp.stats.streaks import Streaks, streaks

HISTORY_DAYS = 365
FORECAST_DAYS = 30
RETENTION_WINDOW_DAYS = 30
WEAKEST_COUNT = 10


@dataclass(frozen=True)
class HourBucket:
    """Reviews in one UTC hour with one rating: the unit SQL hands us."""

    hour: datetime
    rating: Rating
    count: int
    duration_ms: int


@dataclass(frozen=True)
class RecallBucket:
    """Reviews of already-learned questions in one UTC hour: how many, how many passed."""

    hour: datetime
    total: int
    passed: int


@dataclass(frozen=True)
class DayActivity:
    day: date
    counts: tuple[int, int, int, int]  # Again, Hard, Good, Easy
    duration_ms: int

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class TopicRow:
    topic: Topic
    questions: int
    seen: int
    mastered: int
    mean_recall: float
    lapses: int


@dataclass(frozen=True)
class WeakQuestion:
    question: Question
    recall: float
    lapses: int
    weak: bool


@dataclass(frozen=True)
class Dashboard:
    today: date
    total_questions: int
    seen: int
    mastered: int
    due_today: int
    reviews_done: int
    study_ms: int
    streak: Streaks
    retention_30d: float | None  # None when no learned question was reviewed
    topics: tuple[TopicRow, ...]  # weakest first
    weakest: tuple[WeakQuestion, ...]
    activity: dict[date, DayActivity]  # the last HISTORY_DAYS days with reviews
    retention_weeks: tuple[tuple[date, float | None], ...]  # week start, share passed
    forecast: tuple[int, ...]  # due per day: index 0 is today (overdue included)

    @property
    def is_empty(self) -> bool:
        return self.reviews_done == 0


def local_days(buckets: Iterable[HourBucket], zone: tzinfo) -> dict[date, DayActivity]:
    counts: dict[date, list[int]] = {}
    durations: dict[date, int] = {}
    for bucket in buckets:
        day = bucket.hour.astimezone(zone).date()
        counts.setdefault(day, [0, 0, 0, 0])[bucket.rating - 1] += bucket.count
        durations[day] = durations.get(day, 0) + bucket.duration_ms
    return {
        day: DayActivity(day, (c[0], c[1], c[2], c[3]), durations[day]) for day, c in counts.items()
    }


def retention(buckets: Iterable[RecallBucket], since: datetime) -> float | None:
    total = passed = 0
    for bucket in buckets:
        if bucket.hour >= since:
            total += bucket.total
            passed += bucket.passed
    return passed / total if total else None


def weekly_retention(
    buckets: Iterable[RecallBucket], zone: tzinfo, first_week: date, weeks: int
) -> tuple[tuple[date, float | None], ...]:
    sums = [[0, 0] for _ in range(weeks)]
    for bucket in buckets:
        index = (bucket.hour.astimezone(zone).date() - first_week).days // 7
        if 0 <= index < weeks:
            sums[index][0] += bucket.total
            sums[index][1] += bucket.passed
    return tuple(
        (first_week + timedelta(weeks=i), (p / t) if t else None) for i, (t, p) in enumerate(sums)
    )


def due_forecast(
    cards: Iterable[CardState], now: datetime, zone: tzinfo, days: int
) -> tuple[int, ...]:
    today = now.astimezone(zone).date()
    counts = [0] * days
    for state in cards:
        if state.phase == CardPhase.NEW or state.due is None:
            continue
        offset = max(0, (state.due.astimezone(zone).date() - today).days)
        if offset < days:
            counts[offset] += 1
    return tuple(counts)


def build_dashboard(
    questions: Sequence[Question],
    topics: Sequence[Topic],
    cards: Mapping[int, CardState],
    hours: Sequence[HourBucket],
    recall_hours: Sequence[RecallBucket],
    scheduler: SpacedScheduler,
    now: datetime,
    zone: tzinfo,
    weak_lapses: int,
) -> Dashboard:
    today = now.astimezone(zone).date()
    states = {q.id: cards.get(q.id) or CardState.new(q.id) for q in questions}
    recalls = {qid: scheduler.retrievability(s, now) for qid, s in states.items()}
    all_days = local_days(hours, zone)
    first_day = today - timedelta(days=HISTORY_DAYS - 1)
    topic_rows = []
    for topic in topics:
        members = [q.id for q in questions if q.topic == topic.id]
        if not members:
            continue
        topic_rows.append(
            TopicRow(
                topic=topic,
                questions=len(members),
                seen=sum(1 for qid in members if states[qid].reps > 0),
                mastered=sum(1 for qid in members if is_mastered(states[qid])),
                mean_recall=sum(recalls[qid] for qid in members) / len(members),
                lapses=sum(states[qid].lapses for qid in members),
            )
        )
    topic_rows.sort(key=lambda row: (row.seen == 0, row.mean_recall, row.topic.order))
    seen_questions = [q for q in questions if states[q.id].reps > 0]
    weakest = sorted(seen_questions, key=lambda q: weakness_order(states[q.id], recalls[q.id]))
    weakest_rows = tuple(
        WeakQuestion(
            q, recalls[q.id], states[q.id].lapses, is_weak(states[q.id], recalls[q.id], weak_lapses)
        )
        for q in weakest[:WEAKEST_COUNT]
    )
    week_start = first_day - timedelta(days=first_day.weekday())
    weeks = (today - week_start).days // 7 + 1
    day_end = end_of_local_day(now, zone)
    return Dashboard(
        today=today,
        total_questions=len(questions),
        seen=len(seen_questions),
        mastered=sum(1 for s in states.values() if is_mastered(s)),
        due_today=sum(1 for s in states.values() if is_due(s, day_end)),
        reviews_done=sum(day.total for day in all_days.values()),
        study_ms=sum(day.duration_ms for day in all_days.values()),
        streak=streaks(all_days, today),
        retention_30d=retention(recall_hours, now - timedelta(days=RETENTION_WINDOW_DAYS)),
        topics=tuple(topic_rows),
        weakest=weakest_rows,
        activity={d: a for d, a in all_days.items() if first_day <= d <= today},
        retention_weeks=weekly_retention(recall_hours, zone, week_start, weeks),
        forecast=due_forecast(states.values(), now, zone, FORECAST_DAYS),
    )
