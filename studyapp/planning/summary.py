"""The plan in words and figures, as the dashboard shows it; Qt-free so it is tested plainly."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from studyapp.planning.advice import Remedy
from studyapp.planning.planner import Forecast


@dataclass(frozen=True)
class TopicReadiness:
    topic: str
    expected: float  # questions expected to be recalled on the day
    count: int

    @property
    def share(self) -> float:
        return self.expected / self.count if self.count else 0.0


@dataclass(frozen=True)
class PlanSummary:
    headline: str
    today: str
    warning: str
    topics: tuple[TopicReadiness, ...]  # weakest first
    by_day: tuple[tuple[date, float], ...]  # share expected recalled each morning


def day_label(day: date) -> str:
    """'Fri 20 Dec', the way people say an interview date."""
    return f"{day:%a} {day.day} {day:%b}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def summarize(
    forecast: Forecast,
    topic_of: Mapping[int, str],
    topic_name: Callable[[str], str],
    today: date,
    remedy: Remedy | None = None,
) -> PlanSummary:
    goal = forecast.goal
    total = len(goal.question_ids)
    expected = forecast.expected_recalled
    share = expected / total if total else 0.0
    when = "today" if goal.interview_day == today else f"on {day_label(goal.interview_day)}"
    headline = (
        f"{when[0].upper()}{when[1:]} you would recall about {round(expected)} of {total} "
        f"({share:.0%})."
    )
    plan_today = forecast.today
    if plan_today is None or not (plan_today.questions or plan_today.final_pass):
        today_line = "Today's plan is done. Come back tomorrow."
    else:
        parts = []
        if plan_today.reviews:
            parts.append(_count(len(plan_today.reviews), "review"))
        if plan_today.new:
            parts.append(_count(len(plan_today.new), "new question"))
        minutes = round(plan_today.study_count * goal.seconds_per_review / 60)
        line = " and ".join(parts)
        today_line = f"Today: {line}, about {max(1, minutes)} min." if parts else ""
        if plan_today.final_pass:
            read = _count(len(plan_today.final_pass), "question")
            today_line = (today_line + " " if today_line else "") + (
                f"Last day: read the answers of the {read} least sure to stick "
                "(the study sheet's final pass)."
            )
    warning = ""
    short = forecast.short_of_target
    if short:
        warning = (
            f"At {goal.minutes_per_day} min a day, {_count(len(short), 'question')} would stay "
            f"below {goal.target:.0%}."
        )
        if remedy is not None:
            options = []
            if remedy.minutes_per_day is not None:
                options.append(f"about {remedy.minutes_per_day} min a day")
            if 0 < remedy.questions < total:
                options.append(f"a plan of {remedy.questions} questions (fewer topics)")
            if options:
                warning += " " + " or ".join(options).capitalize() + " would meet it."
            else:
                warning += " No daily time would meet it before the date; consider a later date."
    topics: dict[str, list[float]] = {}
    for qid, recall in forecast.recall_on_day.items():
        topics.setdefault(topic_of.get(qid, ""), []).append(recall)
    readiness = sorted(
        (TopicReadiness(topic_name(t), sum(v), len(v)) for t, v in topics.items()),
        key=lambda row: (row.share, row.topic),
    )
    by_day = tuple(
        (day, count / total if total else 0.0) for day, count in forecast.readiness_by_day
    )
    return PlanSummary(headline, today_line, warning, tuple(readiness), by_day)
