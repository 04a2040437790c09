"""Everything the dashboard shows, folded from per-day SQL aggregates (never a loop over reviews).

The service hands this module a few hundred rows (one per local day) and the 50 card states;
the rules for each figure live here, in plain Python, so tests can check them by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from studyapp.domain import CardPhase, CardState, Question, Topic
from studyapp.scheduling.fsrs_scheduler import SpacedScheduler
from studyapp.stats.progress import (
    end_of_local_day,
    is_due,
    is_mastered,
    is_weak,
    recall_outlook,
    weakest_first,
)
from studyapp.stats.streaks import Streaks, streaks

HISTORY_DAYS = 365  # the activity calendar and the longest "reviews per day" range
FORECAST_DAYS = 30
RETENTION_WINDOW_DAYS = 30  # the headline retention: the last 30 local days, today included
RETENTION_WEEKS = 26  # the retention chart: this week and the 25 before it
WEAKEST_COUNT = 10


@dataclass(frozen=True)
class DayActivity:
    day: date
    counts: tuple[int, int, int, int]  # Again, Hard, Good, Easy
    duration_ms: int

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class DayRecall:
    """Reviews of already-learned questions on one local day, and how many were not Again."""

    day: date
    total: int
    passed: int


@dataclass(frozen=True)
class TopicRow:
    topic: Topic
    questions: int
    seen: int
    mastered: int
    # Mean predicted recall by tomorrow (`recall_outlook`) over the topic's questions already
    # studied (0 if none): how well what was learned is held. Coverage is `seen`.
    mean_recall: float
    lapses: int
    weak: int = 0  # questions marked weak (leeches), the badge Browse shows

    @property
    def mastered_share(self) -> float:
        return self.mastered / self.questions if self.questions else 0.0


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
    studied_today: bool
    retention_30d: float | None  # None when no learned question was reviewed
    topics: tuple[TopicRow, ...]  # weakest first, topics not started last
    weakest: tuple[WeakQuestion, ...]
    # False while the figures cannot tell the studied questions apart (one studied, or all
    # rated alike): the dashboard then says so instead of ranking a tie.
    weakest_ranked: bool
    activity: dict[date, DayActivity]  # days with reviews from history_start(today) on
    # Monday, share passed (None: no learned reviews that week), how many reviews it is of
    retention_weeks: tuple[tuple[date, float | None, int], ...]
    forecast: tuple[int, ...]  # due per day: index 0 is today (overdue included)

    @property
    def is_empty(self) -> bool:
        return self.reviews_done == 0

    @property
    def new_questions(self) -> int:
        return self.total_questions - self.seen


def history_start(today: date) -> date:
    """First local day the activity calendar and per-day charts need: the Monday of the week
    holding the day a year ago, so the calendar's first column is complete."""
    return week_start(today - timedelta(days=HISTORY_DAYS - 1))


def retention_start(today: date) -> date:
    """First local day whose reviews the retention figures need."""
    first_week = week_start(today) - timedelta(weeks=RETENTION_WEEKS - 1)
    return min(first_week, today - timedelta(days=RETENTION_WINDOW_DAYS - 1))


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def retention(days: Iterable[DayRecall], first: date, last: date) -> float | None:
    """Share of learned-question reviews not rated Again on local days first..last."""
    total = passed = 0
    for row in days:
        if first <= row.day <= last:
            total += row.total
            passed += row.passed
    return passed / total if total else None


def weekly_retention(
    days: Iterable[DayRecall], today: date, weeks: int
) -> tuple[tuple[date, float | None, int], ...]:
    first = week_start(today) - timedelta(weeks=weeks - 1)
    sums = [[0, 0] for _ in range(weeks)]
    for row in days:
        index = (row.day - first).days // 7
        if 0 <= index < weeks:
            sums[index][0] += row.total
            sums[index][1] += row.passed
    return tuple(
        (first + timedelta(weeks=i), (p / t) if t else None, t) for i, (t, p) in enumerate(sums)
    )


def due_forecast(
    cards: Iterable[CardState], now: datetime, zone: tzinfo, days: int
) -> tuple[int, ...]:
    """Questions falling due on each of the next `days` local days; overdue ones count today."""
    today = now.astimezone(zone).date()
    counts = [0] * days
    for state in cards:
        if state.phase == CardPhase.NEW or state.due is None:
            continue
        offset = max(0, (state.due.astimezone(zone).date() - today).days)
        if offset < days:
            counts[offset] += 1
    return tuple(counts)


def topic_rows(
    questions: Sequence[Question],
    topics: Sequence[Topic],
    states: Mapping[int, CardState],
    recalls: Mapping[int, float],
    weak_lapses: int,
) -> tuple[TopicRow, ...]:
    """One row per topic with questions: weakest first (the most questions marked weak,
    then the lowest mean recall of what was studied, to the percent shown), topics not
    started last, in their own order. A topic holding leeches no longer sits below others
    because its other questions pull its mean up to 98 %."""
    rows = []
    for topic in topics:
        members = [q.id for q in questions if q.topic == topic.id]
        if not members:
            continue
        studied = [qid for qid in members if states[qid].reps > 0]
        rows.append(
            TopicRow(
                topic=topic,
                questions=len(members),
                seen=len(studied),
                mastered=sum(1 for qid in members if is_mastered(states[qid])),
                mean_recall=sum(recalls[qid] for qid in studied) / len(studied) if studied else 0.0,
                lapses=sum(states[qid].lapses for qid in members),
                weak=sum(1 for qid in members if is_weak(states[qid], recalls[qid], weak_lapses)),
            )
        )
    rows.sort(
        key=lambda row: (row.seen == 0, -row.weak, _percent(row.mean_recall), row.topic.order)
    )
    return tuple(rows)


def weakest_topic(rows: Sequence[TopicRow]) -> TopicRow | None:
    """The started topic to name as weakest, or None when naming one would mislead: fewer
    than two topics started, or the lowest recall tied (to the percent shown) with the next."""
    started = [row for row in rows if row.seen]
    if len(started) < 2:
        return None
    first, second = started[0], started[1]
    if (first.weak, -_percent(first.mean_recall)) <= (second.weak, -_percent(second.mean_recall)):
        return None
    return first


def _percent(share: float) -> int:
    return int(share * 100 + 1e-6)  # the whole percent the screens show (rounded down)


def build_dashboard(
    questions: Sequence[Question],
    topics: Sequence[Topic],
    cards: Mapping[int, CardState],
    totals: tuple[int, int],
    active_days: Iterable[date],
    daily: Iterable[DayActivity],
    recall_days: Sequence[DayRecall],
    scheduler: SpacedScheduler,
    now: datetime,
    zone: tzinfo,
    weak_lapses: int,
) -> Dashboard:
    today = now.astimezone(zone).date()
    states = {q.id: cards.get(q.id) or CardState.new(q.id) for q in questions}
    recalls = {qid: recall_outlook(scheduler, s, now) for qid, s in states.items()}
    seen_questions = [q for q in questions if states[q.id].reps > 0]
    by_id = {q.id: q for q in seen_questions}
    weakest = [by_id[qid] for qid in weakest_first(by_id, states, recalls, weak_lapses)]
    # What the list shows of each question (badge, whole percent, lapses): all alike, a
    # "ranking" would be the library's order in disguise.
    keys = {
        (
            is_weak(states[q.id], recalls[q.id], weak_lapses),
            _percent(recalls[q.id]),
            states[q.id].lapses,
        )
        for q in seen_questions
    }
    day_end = end_of_local_day(now, zone)
    days = set(active_days)
    first_day = history_start(today)
    return Dashboard(
        today=today,
        total_questions=len(questions),
        seen=len(seen_questions),
        mastered=sum(1 for s in states.values() if is_mastered(s)),
        due_today=sum(1 for s in states.values() if is_due(s, day_end)),
        reviews_done=totals[0],
        study_ms=totals[1],
        streak=streaks(days, today),
        studied_today=today in days,
        retention_30d=retention(
            recall_days, today - timedelta(days=RETENTION_WINDOW_DAYS - 1), today
        ),
        topics=topic_rows(questions, topics, states, recalls, weak_lapses),
        weakest=tuple(
            WeakQuestion(
                q,
                recalls[q.id],
                states[q.id].lapses,
                is_weak(states[q.id], recalls[q.id], weak_lapses),
            )
            for q in weakest[:WEAKEST_COUNT]
        ),
        weakest_ranked=len(keys) > 1,
        activity={a.day: a for a in daily if first_day <= a.day <= today},
        retention_weeks=weekly_retention(recall_days, today, RETENTION_WEEKS),
        forecast=due_forecast(states.values(), now, zone, FORECAST_DAYS),
    )
