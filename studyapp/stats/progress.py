"""Rules for what state a question is in: due, mastered, weak; and how weak ones sort."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, tzinfo

from studyapp.domain import CardPhase, CardState
from studyapp.scheduling.fsrs_scheduler import SpacedScheduler
from studyapp.stats.localtime import start_of_local_day

MASTERED_STABILITY_DAYS = 21.0
# A review counts towards retention only if the question was already learned: its previous
# review was at least half a day earlier (FSRS learning steps are minutes apart, graduated
# intervals days). Retention is the share of those reviews not rated Again.
LEARNED_GAP_DAYS = 0.5


def end_of_local_day(now: datetime, zone: tzinfo) -> datetime:
    return start_of_local_day(now.astimezone(zone).date() + timedelta(days=1), zone)


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
    """A leech: forgotten again and again, or still poorly recalled after several reviews.

    Lapses never decrease, so a question that has since been mastered again leaves the weak
    list; otherwise one bad month would brand it for good and hide what is weak now."""
    if state.lapses >= lapse_threshold and not is_mastered(state):
        return True
    return state.reps >= WEAK_MIN_REPS and recall < WEAK_RECALL


# Recall is read a day ahead. Recall *now* is about 100 % for anything reviewed in the last
# hours, a question just forgotten included (the `fsrs` package even counts whole days, so it
# is exactly 100 % all day one): it says nothing about what was learned today. A day on, FSRS
# separates an answer rated Again (stability of hours, about 75 %) from Good (about 96 %),
# while a question learned weeks ago moves by a point or less.
RECALL_HORIZON = timedelta(days=1)


def recall_outlook(scheduler: SpacedScheduler, state: CardState, now: datetime) -> float:
    """Predicted recall by this time tomorrow, counted to the hour; 0 for a new question.
    Every screen that says "recall" or ranks by weakness reads this one figure."""
    return scheduler.recall_at(state, now + RECALL_HORIZON)


def weakness_order(state: CardState, recall: float) -> tuple[float, int, float]:
    """Sort key, weakest first: lowest recall, then most lapses, then highest FSRS difficulty
    (recall only changes day by day, so same-day reviews tie on it)."""
    return (recall, -state.lapses, -(state.difficulty or 0.0))


def weakest_first(
    ids: Iterable[int],
    states: Mapping[int, CardState],
    recalls: Mapping[int, float],
    lapse_threshold: int,
) -> list[int]:
    """Questions weakest first: those marked weak (the badge Browse shows) before the rest,
    each group by `weakness_order`; so the dashboard's list and "weakest first" agree with the
    badges."""
    return sorted(
        ids,
        key=lambda qid: (
            not is_weak(states[qid], recalls[qid], lapse_threshold),
            *weakness_order(states[qid], recalls[qid]),
        ),
    )


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
