"""What the learner is preparing for: the interview date, the questions, the target, the time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from studyapp.stats.localtime import start_of_local_day

DEFAULT_TARGET = 0.9
DEFAULT_MINUTES = 30
DEFAULT_SECONDS_PER_REVIEW = 90.0
# Readiness is judged on the morning of the interview; planned study happens around midday.
INTERVIEW_HOUR = 9
STUDY_HOUR = 12


@dataclass(frozen=True)
class PlanGoal:
    interview_day: date
    question_ids: tuple[int, ...]
    target: float = DEFAULT_TARGET
    minutes_per_day: int = DEFAULT_MINUTES
    seconds_per_review: float = DEFAULT_SECONDS_PER_REVIEW

    @property
    def reviews_per_day(self) -> int:
        """How many reviews the daily budget holds, at the learner's own pace."""
        return max(1, int(self.minutes_per_day * 60 // max(1.0, self.seconds_per_review)))


def interview_moment(goal: PlanGoal, zone: tzinfo) -> datetime:
    """The instant readiness is measured at: the interview day's morning, local time."""
    return start_of_local_day(goal.interview_day, zone) + timedelta(hours=INTERVIEW_HOUR)


def study_moment(day: date, zone: tzinfo, now: datetime) -> datetime:
    """When a day's planned reviews are assumed to happen: now for today, midday later on."""
    if day <= now.astimezone(zone).date():
        return now
    return start_of_local_day(day, zone) + timedelta(hours=STUDY_HOUR)
