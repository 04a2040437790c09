"""The interview plan as the screens use it: the goal from the settings, the forecast from the
real card states, today's questions for "study now", and what would meet a missed target."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from studyapp.clock import Clock
from studyapp.content.loader import Library
from studyapp.domain import CardState, Changes
from studyapp.planning.advice import Remedy, remedy
from studyapp.planning.goal import DEFAULT_SECONDS_PER_REVIEW, PlanGoal
from studyapp.planning.planner import Forecast, plan
from studyapp.services.settings import SettingsService
from studyapp.services.study import StudyService
from studyapp.stats.localtime import start_of_local_day
from studyapp.storage import repository
from studyapp.storage.database import Store

PACE_SAMPLE = 200  # the latest reviews the learner's own time per question is measured on
PACE_BOUNDS = (20.0, 600.0)  # seconds; a question left open over lunch does not count


@dataclass(frozen=True)
class PlanStatus:
    goal: PlanGoal
    forecast: Forecast | None  # None once the interview day has passed
    today: date
    # What the forecast was made from, so a remedy search starts from the same moment
    # without reading the database again.
    states: Mapping[int, CardState] = field(default_factory=dict)
    made_at: datetime | None = None
    done_today: int = 0
    new_today: int = 0

    @property
    def passed(self) -> bool:
        return self.goal.interview_day < self.today

    @property
    def days_left(self) -> int:
        return (self.goal.interview_day - self.today).days


class PlanService:
    def __init__(
        self,
        library: Library,
        store: Store,
        study: StudyService,
        settings: SettingsService,
        clock: Clock,
    ) -> None:
        self._library = library
        self._store = store
        self._study = study
        self._settings = settings
        self._clock = clock

    def goal(self) -> PlanGoal | None:
        """The goal the settings describe, or None when no interview date is set."""
        settings = self._settings.load()
        try:
            day = date.fromisoformat(settings.interview_date) if settings.interview_date else None
        except ValueError:
            day = None  # a damaged setting means no plan, not a crash
        if day is None:
            return None
        topics = set(settings.plan_topics)
        ids = tuple(q.id for q in self._library.questions if not topics or q.topic in topics)
        return PlanGoal(
            interview_day=day,
            question_ids=ids,
            target=min(0.98, max(0.5, float(settings.plan_target))),
            minutes_per_day=max(5, int(settings.plan_minutes)),
            seconds_per_review=self.seconds_per_review(),
        )

    def seconds_per_review(self) -> float:
        """The learner's own median time per question, or a default before they have any."""
        with self._store.reading() as db:
            durations = repository.recent_durations_ms(db, PACE_SAMPLE)
        if len(durations) < 5:
            return DEFAULT_SECONDS_PER_REVIEW
        low, high = PACE_BOUNDS
        return min(high, max(low, statistics.median(durations) / 1000))

    def _today_counts(self) -> tuple[int, int]:
        zone = self._clock.local_tz()
        midnight = start_of_local_day(self._clock.now().astimezone(zone).date(), zone)
        with self._store.reading() as db:
            return repository.reviewed_since(db, midnight), repository.first_reviewed_since(
                db, midnight
            )

    def status(self) -> PlanStatus | None:
        goal = self.goal()
        if goal is None:
            return None
        now, zone = self._clock.now(), self._clock.local_tz()
        today = now.astimezone(zone).date()
        if goal.interview_day < today:
            return PlanStatus(goal, None, today)
        done, started = self._today_counts()
        states = self._study.states()
        forecast = plan(states, goal, self._study.scheduler, now, zone, done, started)
        return PlanStatus(goal, forecast, today, states, now, done, started)

    def today_queue(self) -> list[int] | None:
        """Today's questions in the plan's order, or None when no plan applies today."""
        status = self.status()
        if status is None or status.forecast is None or status.forecast.today is None:
            return None
        return list(status.forecast.today.questions)

    def remedy_job(self, status: PlanStatus) -> Callable[[], Remedy | None]:
        """What would meet the target, as work to run off the UI thread: it plans again from
        the states the forecast was made from, and only computes (about 0.1 s)."""
        forecast, now = status.forecast, status.made_at
        if forecast is None or forecast.meets_target or now is None:
            return lambda: None
        scheduler, zone = self._study.scheduler, self._clock.local_tz()
        states, done, started = status.states, status.done_today, status.new_today
        return lambda: remedy(forecast, states, scheduler, now, zone, done, started)

    def set_goal(self, day: date, topics: tuple[str, ...], target: float, minutes: int) -> Changes:
        settings = replace(
            self._settings.load(),
            interview_date=day.isoformat(),
            plan_topics=tuple(topics),
            plan_target=float(target),
            plan_minutes=int(minutes),
        )
        return self._settings.save(settings)

    def clear_goal(self) -> Changes:
        """Back to normal scheduling; the topics, target and minutes stay for next time."""
        return self._settings.save(replace(self._settings.load(), interview_date=""))

    def suggested_day(self) -> date:
        """The date the set-up dialog proposes: two weeks from today."""
        return self._clock.now().astimezone(self._clock.local_tz()).date() + timedelta(days=14)
