"""The interview plan, followed by a simulated learner who recalls with the probability FSRS
predicts: every chosen question at the target on the day, each day within the budget."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from studyapp.domain import CardPhase, CardState, Rating
from studyapp.planning.goal import PlanGoal, interview_moment
from studyapp.planning.planner import Forecast, plan
from studyapp.scheduling.fsrs_scheduler import SpacedScheduler

START = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
QUESTIONS = tuple(range(1, 51))


def _follow_plan(
    goal: PlanGoal, seed: int, missed: tuple[int, ...] = ()
) -> tuple[dict[int, CardState], list[int], list[Forecast]]:
    """A learner who studies each day's plan (except on the `missed` day numbers), recalling a
    question with its predicted probability; returns final states, reviews per day, and the
    forecast made each morning."""
    scheduler = SpacedScheduler(0.9)
    rng = random.Random(seed)
    states: dict[int, CardState] = {}
    per_day: list[int] = []
    forecasts: list[Forecast] = []
    day_number = 0
    day = START.date()
    while day < goal.interview_day:
        now = datetime.combine(day, START.timetz())
        forecast = plan(states, goal, scheduler, now, UTC)
        forecasts.append(forecast)
        count = 0
        if day_number not in missed:
            # "Study now" follows the plan each time it is asked: the learner keeps asking
            # for the next question until today's plan is done (or the budget is spent).
            day_end = datetime.combine(day + timedelta(days=1), datetime.min.time(), UTC)
            at = now
            started = 0
            for _session in range(30):
                today = plan(
                    states, goal, scheduler, at, UTC, done_today=count, new_today=started
                ).today
                if today is None or not today.questions:
                    break
                queue = list(today.questions)
                while queue and count < goal.reviews_per_day:
                    qid = queue.pop(0)
                    state = states.get(qid) or CardState.new(qid)
                    started += state.phase == CardPhase.NEW
                    if state.phase != CardPhase.REVIEW and state.due and state.due > at:
                        at = state.due  # wait for its learning step
                    recalled = rng.random() < scheduler.recall_at(state, at)
                    rating = Rating.GOOD if recalled else Rating.AGAIN
                    state = scheduler.review(state, rating, at)
                    states[qid] = state
                    count += 1
                    at += timedelta(seconds=goal.seconds_per_review)
                    if state.phase != CardPhase.REVIEW and state.due and state.due < day_end:
                        queue.append(qid)  # its learning step comes round again today
                assert at < day_end
        per_day.append(count)
        day += timedelta(days=1)
        day_number += 1
    return states, per_day, forecasts


def _recall_on_day(goal: PlanGoal, states: dict[int, CardState]) -> list[float]:
    scheduler = SpacedScheduler(0.9)
    moment = interview_moment(goal, UTC)
    return [scheduler.recall_at(states.get(q) or CardState.new(q), moment) for q in QUESTIONS]


@pytest.mark.parametrize(("days", "minutes"), [(14, 90), (30, 45)])
def test_a_learner_following_the_plan_is_ready_on_the_day(days: int, minutes: int) -> None:
    """Over eight simulated learners. FSRS's own model makes a question forgotten several
    times a "leech" (difficulty at its ceiling, stability that barely grows), and a lapse in
    the last day's reviews cannot be undone overnight, so "every question of every learner"
    is out of reach; the floors are 90 % of questions at the target, and the mean above it."""
    goal = PlanGoal(START.date() + timedelta(days=days), QUESTIONS, minutes_per_day=minutes)
    at_target = 0
    means = []
    for seed in range(1, 9):
        states, per_day, forecasts = _follow_plan(goal, seed)
        assert forecasts[0].meets_target  # the plan said it could be done
        assert max(per_day) <= goal.reviews_per_day, per_day  # every day within the budget
        recall = _recall_on_day(goal, states)
        at_target += sum(r >= goal.target for r in recall)
        means.append(sum(recall) / len(recall))
    assert at_target >= 0.9 * 8 * len(QUESTIONS)
    assert min(means) >= goal.target


def test_three_missed_days_are_absorbed_or_announced() -> None:
    goal = PlanGoal(START.date() + timedelta(days=21), QUESTIONS, minutes_per_day=45)
    ready = announced = 0
    for seed in range(1, 7):
        states, per_day, forecasts = _follow_plan(goal, seed, missed=(9, 10, 11))
        assert max(per_day) <= goal.reviews_per_day
        assert per_day[12] > 0  # the backlog is picked up at once, within the budget
        recall = dict(zip(QUESTIONS, _recall_on_day(goal, states), strict=True))
        warned = {q for forecast in forecasts[12:-1] for q in forecast.short_of_target}
        ready += sum(r >= 0.85 for r in recall.values())
        announced += sum(r < 0.85 and q in warned for q, r in recall.items())
    assert ready + announced >= 0.95 * 6 * len(QUESTIONS)


def test_the_backlog_after_missed_days_is_spread_weakest_first() -> None:
    goal = PlanGoal(START.date() + timedelta(days=21), QUESTIONS, minutes_per_day=20)
    _, _, forecasts = _follow_plan(goal, 4, missed=(9, 10, 11, 12, 13))
    back = forecasts[14].today
    assert back is not None
    on_day = forecasts[14].recall_on_day
    assert list(back.reviews) == sorted(back.reviews, key=lambda q: on_day[q])
    assert back.study_count <= goal.reviews_per_day


def test_too_little_time_is_said_in_advance() -> None:
    goal = PlanGoal(START.date() + timedelta(days=5), QUESTIONS, minutes_per_day=10)
    forecast = plan({}, goal, SpacedScheduler(0.9), START, UTC)
    assert not forecast.meets_target
    assert len(forecast.short_of_target) > 0


def test_never_studied_questions_count_as_not_recalled() -> None:
    goal = PlanGoal(START.date(), QUESTIONS)  # the interview is today: no day left to study
    forecast = plan({}, goal, SpacedScheduler(0.9), START, UTC)
    assert forecast.expected_recalled == 0
    assert len(forecast.short_of_target) == 50


def test_the_last_day_has_a_final_pass_over_the_least_certain() -> None:
    goal = PlanGoal(START.date() + timedelta(days=14), QUESTIONS, minutes_per_day=60)
    states, _, _ = _follow_plan(
        PlanGoal(START.date() + timedelta(days=13), QUESTIONS, minutes_per_day=60), 5
    )
    now = datetime.combine(goal.interview_day - timedelta(days=1), START.timetz())
    forecast = plan(states, goal, SpacedScheduler(0.9), now, UTC)
    last = forecast.today
    assert last is not None and last.final_pass
    scheduler = SpacedScheduler(0.9)
    moment = interview_moment(goal, UTC)
    recall = {q: scheduler.recall_at(states[q], moment) for q in QUESTIONS}
    untouched = [q for q in QUESTIONS if q not in (*last.questions, *last.final_pass)]
    assert max(recall[q] for q in last.final_pass) <= min(recall[q] for q in untouched)


def test_readiness_rises_day_by_day_towards_the_date() -> None:
    goal = PlanGoal(START.date() + timedelta(days=14), QUESTIONS, minutes_per_day=60)
    forecast = plan({}, goal, SpacedScheduler(0.9), START, UTC)
    counts = [count for _, count in forecast.readiness_by_day]
    assert counts[0] < counts[-1]
    assert forecast.readiness_by_day[-1][0] == goal.interview_day
    assert counts[-1] == pytest.approx(forecast.expected_recalled)


def test_only_the_chosen_topics_are_planned() -> None:
    goal = PlanGoal(START.date() + timedelta(days=10), (1, 2, 3), minutes_per_day=30)
    forecast = plan({}, goal, SpacedScheduler(0.9), START, UTC)
    planned = {q for day in forecast.days for q in day.questions}
    assert planned == {1, 2, 3}
    assert set(forecast.recall_on_day) == {1, 2, 3}


def test_a_date_in_the_past_plans_nothing() -> None:
    goal = PlanGoal(date(2026, 11, 20), QUESTIONS)
    forecast = plan({}, goal, SpacedScheduler(0.9), START, UTC)
    assert forecast.days == ()


def test_an_unreachable_goal_says_what_would_reach_it() -> None:
    from studyapp.planning.advice import remedy

    scheduler = SpacedScheduler(0.9)
    goal = PlanGoal(START.date() + timedelta(days=10), QUESTIONS, minutes_per_day=10)
    forecast = plan({}, goal, scheduler, START, UTC)
    assert not forecast.meets_target
    fix = remedy(forecast, {}, scheduler, START, UTC)
    assert fix.minutes_per_day is not None and fix.minutes_per_day > 10
    assert plan(
        {}, replace(goal, minutes_per_day=fix.minutes_per_day), scheduler, START, UTC
    ).meets_target
    assert not plan(
        {}, replace(goal, minutes_per_day=fix.minutes_per_day - 5), scheduler, START, UTC
    ).meets_target
    assert 0 < fix.questions < len(QUESTIONS)


def test_study_now_follows_the_plan_once_a_date_is_set(real_services) -> None:  # type: ignore[no-untyped-def]
    from studyapp.services.study import QueueKind, QueueSpec

    services = real_services
    before = services.study.build_queue(QueueSpec(kind=QueueKind.MIXED, limit=0))
    assert len(before) == services.study.new_per_day  # today's new-question limit
    today = services.clock.now().date()
    services.plan.set_goal(today + timedelta(days=10), ("foundations",), 0.9, 30)
    planned = services.study.build_queue(QueueSpec(kind=QueueKind.MIXED, limit=0))
    status = services.plan.status()
    assert status is not None and status.forecast is not None and status.forecast.today
    assert planned == list(status.forecast.today.questions)
    topic = {q.id: q.topic for q in services.library.questions}
    assert planned and {topic[q] for q in planned} == {"foundations"}
    assert set(status.forecast.recall_on_day) == {
        q.id for q in services.library.questions if q.topic == "foundations"
    }
    services.plan.clear_goal()
    assert services.study.build_queue(QueueSpec(kind=QueueKind.MIXED, limit=0)) == before


def test_after_the_date_the_plan_stops_and_says_so(real_services) -> None:  # type: ignore[no-untyped-def]
    services = real_services
    services.plan.set_goal(services.clock.now().date() - timedelta(days=1), (), 0.9, 30)
    status = services.plan.status()
    assert status is not None and status.passed and status.forecast is None
    assert services.plan.today_queue() is None
