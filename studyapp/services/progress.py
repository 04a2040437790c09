"""The dashboard's figures."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from studyapp.clock import Clock
from studyapp.content.loader import Library
from studyapp.scheduling.fsrs_scheduler import SpacedScheduler
from studyapp.stats.progress import ProgressSummary, summarize
from studyapp.stats.streaks import Streaks, streaks
from studyapp.storage import repository


class ProgressService:
    def __init__(
        self,
        library: Library,
        sessions: sessionmaker[Session],
        scheduler: SpacedScheduler,
        clock: Clock,
    ) -> None:
        self.library = library
        self._sessions = sessions
        self.scheduler = scheduler
        self.clock = clock

    def streaks(self) -> Streaks:
        zone = self.clock.local_tz()
        with self._sessions() as session:
            hours = repository.review_hours(session)
        days = {hour.astimezone(zone).date() for hour in hours}
        return streaks(days, self.clock.now().astimezone(zone).date())

    def summary(self) -> ProgressSummary:
        with self._sessions() as session:
            cards = repository.all_cards(session)
            count = repository.review_count(session)
        return summarize(
            self.library.questions,
            self.library.topics,
            cards,
            count,
            self.scheduler,
            self.clock.now(),
            self.clock.local_tz(),
        )
