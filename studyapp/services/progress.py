"""The dashboard's figures: a handful of per-day SQL aggregates folded by stats/dashboard.py.

The log is append-only, so everything before today's local midnight is summarised once and
kept, together with a fingerprint of that part of the log; a refresh then only aggregates
today's reviews, plus one index-only query that proves the past is unchanged (an undo that
reaches back, or a restored backup, changes the fingerprint and the past is read again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import Connection

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
from studyapp.storage.database import Store


@dataclass(frozen=True)
class _Period:
    """Aggregates of one stretch of the log."""

    totals: tuple[int, int]
    days: tuple[date, ...]
    daily: tuple[DayActivity, ...]
    recall: tuple[DayRecall, ...]


@dataclass(frozen=True)
class _Past:
    key: tuple[object, ...]  # zone, today, fingerprint of the reviews before today
    spans: tuple[OffsetSpan, ...]
    period: _Period


class ProgressService:
    def __init__(
        self,
        library: Library,
        store: Store,
        scheduler: SpacedScheduler,
        clock: Clock,
    ) -> None:
        self.library = library
        self._store = store
        self.scheduler = scheduler
        self.clock = clock
        self._past: _Past | None = None

    def _spans(self, db: Connection, zone: tzinfo, now: datetime) -> tuple[OffsetSpan, ...]:
        """The local zone's offsets over the whole log (and at least the year charted)."""
        year_ago = now - timedelta(days=400)
        first = activity.first_review_at(db)
        start = (min(first, year_ago) if first is not None else year_ago) - timedelta(days=1)
        return offset_spans(zone, start, now + timedelta(days=1))

    def _period(
        self,
        db: Connection,
        spans: tuple[OffsetSpan, ...],
        today: date,
        zone: tzinfo,
        since: datetime | None,
        until: datetime | None,
    ) -> _Period:
        """Aggregate [since, until) of the log; `since` None means from the first review."""
        chart_start = start_of_local_day(history_start(today), zone)
        recall_start = start_of_local_day(retention_start(today), zone)
        daily = activity.daily_ratings(
            db, spans, max(chart_start, since) if since else chart_start, until
        )
        recall = activity.daily_recall(
            db,
            spans,
            LEARNED_GAP_DAYS,
            max(recall_start, since) if since else recall_start,
            until,
        )
        return _Period(
            totals=activity.totals(db, since, until),
            days=tuple(activity.active_days(db, spans, since, until)),
            daily=tuple(DayActivity(day, counts, ms) for day, counts, ms in daily),
            recall=tuple(DayRecall(day, total, passed) for day, total, passed in recall),
        )

    def _history(self, db: Connection, now: datetime, zone: tzinfo) -> _Period:
        """The past (cached while its fingerprint holds) joined with today."""
        today = now.astimezone(zone).date()
        midnight = start_of_local_day(today, zone)
        key = (zone, today, activity.fingerprint(db, midnight))
        past = self._past
        if past is None or past.key != key:
            spans = self._spans(db, zone, now)
            past = _Past(key, spans, self._period(db, spans, today, zone, None, midnight))
            self._past = past
        recent = self._period(db, past.spans, today, zone, midnight, None)
        before = past.period
        return _Period(
            totals=(before.totals[0] + recent.totals[0], before.totals[1] + recent.totals[1]),
            days=before.days + recent.days,
            daily=before.daily + recent.daily,
            recall=before.recall + recent.recall,
        )

    def streaks(self) -> Streaks:
        now = self.clock.now()
        zone = self.clock.local_tz()
        with self._store.reading() as db:
            history = self._history(db, now, zone)
        return streaks(history.days, now.astimezone(zone).date())

    def dashboard(self, weak_lapses: int = DEFAULT_WEAK_LAPSES) -> Dashboard:
        now = self.clock.now()
        zone = self.clock.local_tz()
        with self._store.reading() as db:
            cards = repository.all_cards(db)
            history = self._history(db, now, zone)
        return build_dashboard(
            self.library.questions,
            self.library.topics,
            cards,
            history.totals,
            history.days,
            history.daily,
            history.recall,
            self.scheduler,
            now,
            zone,
            weak_lapses,
        )
