"""The dashboard's figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from studyapp.clock import Clock
from studyapp.content.loader import Library
from studyapp.domain import Rating
from studyapp.scheduling.fsrs_scheduler import SpacedScheduler
from studyapp.stats.dashboard import (
    HISTORY_DAYS,
    Dashboard,
    HourBucket,
    RecallBucket,
    build_dashboard,
)
from studyapp.stats.progress import DEFAULT_WEAK_LAPSES
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

    def dashboard(self, weak_lapses: int = DEFAULT_WEAK_LAPSES) -> Dashboard:
        now = self.clock.now()
        since = now - timedelta(days=HISTORY_DAYS + 7)
        with self._sessions() as session:
            cards = repository.all_cards(session)
            hours = repository.hour_buckets(session)
            recalls = repository.recall_buckets(session, since)
        return build_dashboard(
            self.library.questions,
            self.library.topics,
            cards,
            [HourBucket(_hour(h), Rating(r), c, ms) for h, r, c, ms in hours],
            [RecallBucket(_hour(h), total, passed) for h, total, passed in recalls],
            self.scheduler,
            now,
            self.clock.local_tz(),
            weak_lapses,
        )


def _hour(text: str) -> datetime:
    """'YYYY-MM-DD HH' from SQLite as an aware UTC datetime."""
    return datetime.fromisoformat(f"{text}:00:00").replace(tzinfo=UTC)
