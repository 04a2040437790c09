"""How long planning toward an interview takes: the forecast the dashboard and "study now"
ask for, and the search for what would meet a missed target (run off the UI thread).

    .venv/bin/python -m benchmarks.planning [--quick]

Target: planning a 30-day horizon for the 50 questions in <= 50 ms. The baseline is the
same-run cost of asking FSRS for every question's recall on each day of the horizon once,
the least any plan over those days must do.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from benchmarks.harness import Figure, median_ms, run_alone
from studyapp.domain import CardState, Rating
from studyapp.planning.advice import remedy
from studyapp.planning.goal import PlanGoal
from studyapp.planning.planner import plan
from studyapp.scheduling.fsrs_scheduler import SpacedScheduler

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
QUESTIONS = tuple(range(1, 51))


def _lived_in(scheduler: SpacedScheduler) -> dict[int, CardState]:
    """Half the questions studied a few times over the last three weeks."""
    states: dict[int, CardState] = {}
    for qid in QUESTIONS[:25]:
        state = CardState.new(qid)
        when = NOW - timedelta(days=21 - qid % 7)
        for step in range(4):
            rating = Rating.AGAIN if (qid + step) % 5 == 0 else Rating.GOOD
            state = scheduler.review(state, rating, when)
            when += timedelta(days=1 + 2 * step)
        states[qid] = state
    return states


def planning_figures(repeat: int) -> list[Figure]:
    scheduler = SpacedScheduler(0.9)
    states = _lived_in(scheduler)
    goal = PlanGoal(NOW.date() + timedelta(days=30), QUESTIONS, minutes_per_day=30)

    def floor() -> None:
        for day in range(30):
            at = NOW + timedelta(days=day)
            for qid in QUESTIONS:
                scheduler.recall_at(states.get(qid) or CardState.new(qid), at)

    base = median_ms(floor, repeat * 3)
    figures = []
    for label, known in (("fresh start", {}), ("half studied", states)):
        ms = median_ms(lambda known=known: plan(known, goal, scheduler, NOW, UTC), repeat * 3)
        figures.append(
            Figure(
                f"plan a 30-day horizon, 50 questions, {label}",
                ms,
                "ms",
                "recall of every question on every day",
                base,
                "<= 50 ms",
            )
        )
    tight = PlanGoal(NOW.date() + timedelta(days=10), QUESTIONS, minutes_per_day=10)
    forecast = plan(states, tight, scheduler, NOW, UTC)
    ms = median_ms(lambda: remedy(forecast, states, scheduler, NOW, UTC), repeat)
    figures.append(
        Figure(
            "what would meet a missed target (minutes and questions searched)",
            ms,
            "ms",
            note="runs off the UI thread",
        )
    )
    return figures


if __name__ == "__main__":
    raise SystemExit(run_alone(planning_figures, quick=3, full=7))
