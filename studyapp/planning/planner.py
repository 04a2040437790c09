"""Plan the days until an interview so that every chosen question is recalled on the day.

The plan is a simulation. Day by day it decides what the learner studies, reviews each
question with the real FSRS scheduler (assuming the learner recalls it, "Good"), and carries the
states forward to the interview morning, where readiness is each question's FSRS
retrievability. A question never studied counts as not recalled.

Each day, in order, within the budget of reviews the learner's minutes allow:
1. questions still in a learning step, and questions whose recall would be below the target on
   the day and that have become due for it (recall at the end of this day below the goal), the
   weakest on the day first: so reviews follow FSRS's rhythm, and a missed day's backlog is
   spread over the following days instead of landing as a wall;
2. new questions, paced so every one is introduced with days to spare for the reviews that
   make it stick (and more when the budget has room: earlier is stronger);
3. on the last day before the interview, a short final pass over the questions least likely
   to be recalled, and every question that would still fall short.

Re-planned from the real states every time it is asked, so days the learner skipped or
questions they forgot are absorbed without any stored plan to go stale.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from studyapp.domain import CardPhase, CardState, Rating
from studyapp.planning.goal import PlanGoal, interview_moment, study_moment
from studyapp.scheduling.fsrs_scheduler import SpacedScheduler
from studyapp.stats.localtime import start_of_local_day

# Plan toward a little more than the target, so one lapse near the end does not sink a question.
GOAL_MARGIN = 0.03
FINAL_PASS_SIZE = 8
SPARE_DAYS = 3
# Part of each day's budget left unplanned: a forgotten question is asked again after its
# 10-minute relearning step, which the plan (assuming recall) cannot foresee.
LAPSE_RESERVE = 0.15
# Share of the days left in which every new question is introduced: a question seen for the
# first time is fragile for days (FSRS gives it a stability of hours), and only the reviews
# that follow carry it to the target, so new material comes early.
INTRO_SHARE = 0.4


@dataclass(frozen=True)
class DayPlan:
    day: date
    reviews: tuple[int, ...]  # questions already studied, in the order to ask them
    new: tuple[int, ...]  # questions seen for the first time
    final_pass: tuple[int, ...]  # the last day's read-through of the least certain ones
    study_count: int  # reviews including learning steps repeated the same day

    @property
    def questions(self) -> tuple[int, ...]:
        """The questions to ask today, in order (the final pass is read, not asked)."""
        return (*self.reviews, *self.new)


@dataclass(frozen=True)
class Forecast:
    goal: PlanGoal
    days: tuple[DayPlan, ...]
    recall_on_day: Mapping[int, float]  # question id -> predicted recall on the interview day
    readiness_by_day: tuple[tuple[date, float], ...]  # expected questions recalled, each morning

    @property
    def expected_recalled(self) -> float:
        return sum(self.recall_on_day.values())

    @property
    def short_of_target(self) -> tuple[int, ...]:
        """Questions predicted below the target on the day, weakest first."""
        short = [q for q, r in self.recall_on_day.items() if r < self.goal.target]
        return tuple(sorted(short, key=lambda q: self.recall_on_day[q]))

    @property
    def meets_target(self) -> bool:
        return not self.short_of_target

    @property
    def today(self) -> DayPlan | None:
        return self.days[0] if self.days else None


def plan(
    states: Mapping[int, CardState],
    goal: PlanGoal,
    scheduler: SpacedScheduler,
    now: datetime,
    zone: tzinfo,
    done_today: int = 0,
    new_today: int = 0,
    skip_days: Sequence[date] = (),
) -> Forecast:
    """The plan from `now` to the interview. `done_today` reviews already spent today's budget,
    `new_today` of them on questions seen for the first time;
    `skip_days` are days the learner will not study (for "what if I miss" forecasts)."""
    moment = interview_moment(goal, zone)
    today = now.astimezone(zone).date()
    last_day = max(today, goal.interview_day - timedelta(days=1))
    sim = {qid: states.get(qid) or CardState.new(qid) for qid in goal.question_ids}
    goal_recall = min(0.99, goal.target + GOAL_MARGIN)
    capacity = goal.reviews_per_day
    days: list[DayPlan] = []
    readiness: list[tuple[date, float]] = []
    day = today
    while day <= last_day:
        if day not in skip_days and goal.interview_day >= today:
            # Future days keep a reserve for the lapses nobody can foresee; today, replanned
            # as the learner goes, may spend all that is left of it on them.
            if day == today:
                budget = capacity - done_today
            else:
                budget = math.floor(capacity * (1 - LAPSE_RESERVE))
            days.append(
                _plan_day(
                    sim,
                    day,
                    last_day,
                    goal,
                    goal_recall,
                    budget,
                    scheduler,
                    now,
                    zone,
                    moment,
                    new_today,
                )
            )
        morning = start_of_local_day(day + timedelta(days=1), zone) + timedelta(hours=9)
        readiness.append((day + timedelta(days=1), _expected(sim, scheduler, min(morning, moment))))
        day += timedelta(days=1)
    recall = {qid: scheduler.recall_at(state, moment) for qid, state in sim.items()}
    return Forecast(goal, tuple(days), recall, tuple(readiness))


def _plan_day(
    sim: dict[int, CardState],
    day: date,
    last_day: date,
    goal: PlanGoal,
    goal_recall: float,
    budget: int,
    scheduler: SpacedScheduler,
    now: datetime,
    zone: tzinfo,
    moment: datetime,
    new_today: int,
) -> DayPlan:
    """Choose one day's questions and apply their reviews to `sim`."""
    when = study_moment(day, zone, now)
    day_start = start_of_local_day(day, zone)
    day_end = start_of_local_day(day + timedelta(days=1), zone)
    is_last = day == last_day
    # Until the last day, plan as if the interview were a day later: a question forgotten in
    # its final review then still has a day to recover, and the last day stays light.
    spare_moment = moment + timedelta(days=SPARE_DAYS)

    def on_the_day(qid: int) -> float:
        return scheduler.recall_at(sim[qid], moment)

    studied = [q for q in goal.question_ids if sim[q].phase != CardPhase.NEW]
    fresh = [q for q in goal.question_ids if sim[q].phase == CardPhase.NEW]

    def needs_review(qid: int) -> bool:
        state = sim[qid]
        if _in_learning_step(state, day_end):
            return True
        if on_the_day(qid) >= goal_recall and (
            is_last or scheduler.recall_at(state, spare_moment) >= goal_recall
        ):
            return False  # already safe for the day, with a day to spare
        if is_last:
            return True
        if state.last_review is not None and state.last_review >= day_start:
            return False  # once a day: same-day repeats add almost no stability in FSRS
        # The review that makes it safe is done as soon as it can (the final reviews of
        # different questions spread over the last days instead of piling onto the last one);
        # until then, reviews follow FSRS's rhythm, which builds stability fastest.
        if scheduler.recall_at(state, day_end) < goal_recall:
            return True
        after = scheduler.review(state, Rating.GOOD, when)
        return scheduler.recall_at(after, spare_moment) >= goal_recall

    due = [q for q in studied if needs_review(q)]
    due.sort(key=on_the_day)
    if day >= goal.interview_day:
        fresh = []  # the morning of the interview is for a last look, not for new material
    days_left = (last_day - day).days + 1
    intro_days = max(1, math.ceil(days_left * INTRO_SHARE))
    started = new_today if day == now.astimezone(zone).date() else 0
    quota = max(0, math.ceil((len(fresh) + started) / intro_days) - started) if fresh else 0
    spent = 0
    reviews: list[int] = []
    new: list[int] = []

    def take(qid: int, into: list[int]) -> bool:
        nonlocal spent
        cost, after = _study(sim[qid], scheduler, when, day_end)
        if spent + cost > budget:
            return False
        spent += cost
        sim[qid] = after
        into.append(qid)
        return True

    # A question never studied is the weakest of all on the day (recall 0), so the paced
    # share of new ones comes first; then reviews, weakest on the day first; then, while the
    # day has room to spare, more new ones (earlier is stronger).
    for qid in fresh[:quota]:
        if not take(qid, new):
            break
    for qid in due:
        take(qid, reviews)
    for qid in fresh[quota : 2 * max(1, quota)]:
        if spent >= budget * 0.8 or not take(qid, new):
            break
    final: tuple[int, ...] = ()
    if is_last:
        # A read-through, not a test: the short answers and key points of the questions least
        # likely to be recalled (the study sheet's "final pass"); it leaves their schedule alone.
        chosen = set(reviews) | set(new)
        weakest = sorted((q for q in studied if q not in chosen), key=on_the_day)
        final = tuple(weakest[:FINAL_PASS_SIZE])
    return DayPlan(day, tuple(reviews), tuple(new), final, spent)


def _in_learning_step(state: CardState, day_end: datetime) -> bool:
    return (
        state.phase in (CardPhase.LEARNING, CardPhase.RELEARNING)
        and state.due is not None
        and state.due < day_end
    )


def _study(
    state: CardState, scheduler: SpacedScheduler, when: datetime, day_end: datetime
) -> tuple[int, CardState]:
    """Review a question at `when`, then again at each learning step that falls on the same
    day; returns how many reviews that took and the state after them. A question seen for
    the first time is not yet known (Again); after that the learner recalls it."""
    moment = max(when, state.due) if state.due and state.phase != CardPhase.REVIEW else when
    count = 0
    while True:
        rating = Rating.AGAIN if state.phase == CardPhase.NEW else Rating.GOOD
        state = scheduler.review(state, rating, moment)
        count += 1
        if state.phase == CardPhase.REVIEW or state.due is None or state.due >= day_end:
            return count, state
        moment = state.due


def _expected(sim: Mapping[int, CardState], scheduler: SpacedScheduler, at: datetime) -> float:
    return sum(scheduler.recall_at(state, at) for state in sim.values())
