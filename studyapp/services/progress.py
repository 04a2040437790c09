"""The dashboard's figures: a handful of per-day SQL aggregates folded by stats/dashboard.py."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from studyapp.clock import Clock
from studyapp.content.loader import Library
from studyapp.scheduling.fsrs_scheduler import SpacedScheduler
from studyapp.stats.dashboard import (
    Dashboard,
    DayActivity,
    DayRecall,
    build_dashboard,
    history_start,
    retention_start,
)
from studyapp.stats.localtime import OffsetSpan, offset_spans, start_of_local_day
from studyapp.stats.progress import DEFAULT_WEAK_LAPSES, LEARNED_GAP_DAYS
from studyapp.stats.streaks import Streaks, streaks
from studyapp.storage import activity, repository


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

    def _spans(self, session: Session, now: datetime) -> tuple[OffsetSpan, ...]:
        """The local zone's offsets over the whole log (and the year the charts show)."""
        zone = self.clock.local_tz()
        year_ago = now - timedelta(days=400)
        first = activity.first_review_at(session)
        start = min(first, year_ago) if first is not None else year_ago
        return offset_spans(zone, start - timedelta(days=1), now + timedelta(days=1))

    def streaks(self) -> Streaks:
        now = self.clock.now()
        with self._sessions() as session:
            days = activity.active_days(session, self._spans(session, now))
        return streaks(days, now.astimezone(self.clock.local_tz()).date())

    def dashboard(self, weak_lapses: int = DEFAULT_WEAK_LAPSES) -> Dashboard:
        now = self.clock.now()
        zone = self.clock.local_tz()
        today = now.astimezone(zone).date()
        with self._sessions() as session:
            spans = self._spans(session, now)
            cards = repository.all_cards(session)
            totals = activity.totals(session)
            days = activity.active_days(session, spans)
            daily = activity.daily_ratings(
                session, spans, start_of_local_day(history_start(today), zone)
            )
            recall = activity.daily_recall(
                session, spans, start_of_local_day(retention_start(today), zone), LEARNED_GAP_DAYS
            )
        return build_dashboard(
            self.library.questions,
            self.library.topics,
            cards,
            totals,
            days,
            [DayActivity(day, counts, ms) for day, counts, ms in daily],
            [DayRecall(day, total, passed) for day, total, passed in recall],
            self.scheduler,
            now,
            zone,
            weak_lapses,
        )
