"""What would make an unreachable goal reachable: more minutes a day, or fewer questions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from studyapp.domain import CardState
from studyapp.planning.planner import Forecast, plan
from studyapp.scheduling.fsrs_scheduler import SpacedScheduler

MINUTE_STEP = 5
MAX_MINUTES = 240


@dataclass(frozen=True)
class Remedy:
    minutes_per_day: int | None  # the least daily time that meets the target, if any does
    questions: int  # the most questions that the current daily time brings to the target


def remedy(
    forecast: Forecast,
    states: Mapping[int, CardState],
    scheduler: SpacedScheduler,
    now: datetime,
    zone: tzinfo,
    done_today: int = 0,
    new_today: int = 0,
) -> Remedy:
    """Search the daily time (in 5-minute steps, by bisection) and the number of questions
    (keeping the ones closest to the target) that would meet it."""
    goal = forecast.goal

    def meets(candidate_goal: object) -> bool:
        assert isinstance(candidate_goal, type(goal))
        trial = plan(states, candidate_goal, scheduler, now, zone, done_today, new_today)
        return trial.meets_target

    low, high = goal.minutes_per_day // MINUTE_STEP, MAX_MINUTES // MINUTE_STEP
    minutes: int | None = None
    if meets(replace(goal, minutes_per_day=high * MINUTE_STEP)):
        while low + 1 < high:
            middle = (low + high) // 2
            if meets(replace(goal, minutes_per_day=middle * MINUTE_STEP)):
                high = middle
            else:
                low = middle
        minutes = high * MINUTE_STEP
    strongest_first = sorted(goal.question_ids, key=lambda q: -forecast.recall_on_day.get(q, 0))
    fewest, most = 0, len(strongest_first)
    while fewest < most:  # the most questions that still meet the target
        middle = (fewest + most + 1) // 2
        if meets(replace(goal, question_ids=tuple(strongest_first[:middle]))):
            fewest = middle
        else:
            most = middle - 1
    return Remedy(minutes, fewest)
