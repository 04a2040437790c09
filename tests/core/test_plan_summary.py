"""The plan's words: what the dashboard says about the interview date, today and the target."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from studyapp.planning.advice import Remedy
from studyapp.planning.goal import PlanGoal
from studyapp.planning.planner import plan
from studyapp.planning.summary import day_label, summarize
from studyapp.scheduling.fsrs_scheduler import SpacedScheduler

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
IDS = tuple(range(1, 11))
TOPIC_OF = {q: ("optim" if q <= 5 else "basics") for q in IDS}


def _summary(days: int, minutes: int, remedy: Remedy | None = None):  # type: ignore[no-untyped-def]
    goal = PlanGoal(NOW.date() + timedelta(days=days), IDS, minutes_per_day=minutes)
    forecast = plan({}, goal, SpacedScheduler(0.9), NOW, UTC)
    return forecast, summarize(forecast, TOPIC_OF, str.capitalize, NOW.date(), remedy)


def test_the_headline_names_the_day_and_the_expected_count() -> None:
    forecast, summary = _summary(14, 30)
    assert day_label(date(2026, 12, 17)) == "Thu 17 Dec"
    expected = round(forecast.expected_recalled)
    share = forecast.expected_recalled / 10
    assert (
        summary.headline == f"On Thu 17 Dec you would recall about {expected} of 10 ({share:.0%})."
    )
    assert summary.today.startswith("Today: ") and "new question" in summary.today
    assert summary.warning == ""
    assert {row.topic for row in summary.topics} == {"Optim", "Basics"}
    assert [row.share for row in summary.topics] == sorted(row.share for row in summary.topics)
    assert summary.by_day[-1][0] == date(2026, 12, 17)


def test_a_missed_target_says_what_would_meet_it() -> None:
    _, summary = _summary(3, 5, Remedy(minutes_per_day=25, questions=6))
    assert summary.warning.startswith("At 5 min a day, ")
    assert (
        "About 25 min a day or a plan of 6 questions (fewer topics) would meet it."
        in summary.warning
    )
