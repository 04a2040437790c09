"""SQL aggregates over the review log for the dashboard: the database does the counting.

Every query groups by the user's local calendar day, shifting each review by its zone's offset
(see stats/localtime.py), so a refresh reads a few hundred rows however long the log is.
Follow-up drill answers are practice on top of the schedule and are left out everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, Connection, case, func, select

from studyapp.domain import ReviewMode
from studyapp.stats.localtime import OffsetSpan
from studyapp.storage.tables import reviews

_SCHEDULING = reviews.c.mode != ReviewMode.FOLLOW_UP.value


def _local_day(spans: Sequence[OffsetSpan]) -> ColumnElement[str]:
    """SQL for 'YYYY-MM-DD', the local calendar day of each review."""

    def shifted(minutes: int) -> ColumnElement[str]:
        return func.date(reviews.c.reviewed_at, f"{minutes:+d} minutes")

    if len(spans) == 1:
        return shifted(spans[0].minutes)
    whens = [
        (reviews.c.reviewed_at < span.until, shifted(span.minutes))
        for span in spans
        if span.until is not None
    ]
    return case(*whens, else_=shifted(spans[-1].minutes))


def _between(since: datetime | None, until: datetime | None) -> list[ColumnElement[bool]]:
    """Conditions for reviews in [since, until); either end may be open."""
    conditions = [_SCHEDULING]
    if since is not None:
        conditions.append(reviews.c.reviewed_at >= since)
    if until is not None:
        conditions.append(reviews.c.reviewed_at < until)
    return conditions


def fingerprint(db: Connection, before: datetime) -> tuple[int, int]:
    """(how many reviews, id of the latest) before `before`: changes whenever a review in
    that part of the log is added or removed (an undo reaching back, a restored backup), so a
    summary of it can be kept until then. Costs about a millisecond at 100,000 reviews:
    SQLite counts a whole table from its b-tree, and the rest are index lookups."""
    everything = db.scalar(select(func.count()).select_from(reviews)) or 0
    recent = db.scalar(select(func.count()).where(reviews.c.reviewed_at >= before)) or 0
    latest = db.scalar(
        select(reviews.c.id)
        .where(reviews.c.reviewed_at < before)
        .order_by(reviews.c.reviewed_at.desc(), reviews.c.id.desc())
        .limit(1)
    )
    return int(everything) - int(recent), int(latest or 0)


def totals(
    db: Connection, since: datetime | None = None, until: datetime | None = None
) -> tuple[int, int]:
    """(reviews, milliseconds of study) in [since, until)."""
    query = select(func.count(), func.coalesce(func.sum(reviews.c.duration_ms), 0)).where(
        *_between(since, until)
    )
    count, ms = db.execute(query).one()
    return int(count), int(ms)


def first_review_at(db: Connection) -> datetime | None:
    first: datetime | None = db.scalar(select(func.min(reviews.c.reviewed_at)))
    return first


def active_days(
    db: Connection,
    spans: Sequence[OffsetSpan],
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[date]:
    """Every local day with at least one review in [since, until), for streaks."""
    day = _local_day(spans)
    rows = db.execute(select(day).where(*_between(since, until)).distinct()).scalars()
    return [date.fromisoformat(text) for text in rows if isinstance(text, str)]


def daily_ratings(
    db: Connection, spans: Sequence[OffsetSpan], since: datetime, until: datetime | None = None
) -> list[tuple[date, tuple[int, int, int, int], int]]:
    """Per local day in [since, until): reviews rated Again, Hard, Good, Easy; milliseconds."""
    day = _local_day(spans)
    rating = reviews.c.rating
    query = (
        select(
            day,
            *(func.sum(case((rating == value, 1), else_=0)) for value in (1, 2, 3, 4)),
            func.sum(reviews.c.duration_ms),
        )
        .where(*_between(since, until))
        .group_by(day)
    )
    return [
        (date.fromisoformat(d), (int(a), int(h), int(g), int(e)), int(ms or 0))
        for d, a, h, g, e, ms in db.execute(query)
        if isinstance(d, str)  # a time damage made unreadable has no day
    ]


def daily_recall(
    db: Connection,
    spans: Sequence[OffsetSpan],
    learned_gap_days: float,
    since: datetime,
    until: datetime | None = None,
) -> list[tuple[date, int, int]]:
    """Per local day in [since, until): reviews of questions already learned, and how many
    of them passed (not rated Again).

    A question counts as learned when its previous review was at least `learned_gap_days`
    earlier: learning steps are minutes apart, graduated intervals days. The previous review
    is found through the (question, time) index, one short backward step per review.
    """
    previous = reviews.alias("previous")
    previous_at = (
        select(previous.c.reviewed_at)
        .where(
            previous.c.question_id == reviews.c.question_id,
            previous.c.reviewed_at < reviews.c.reviewed_at,
            previous.c.mode != ReviewMode.FOLLOW_UP.value,
        )
        .order_by(previous.c.reviewed_at.desc())
        .limit(1)
        .correlate(reviews)
        .scalar_subquery()
    )
    gap = func.julianday(reviews.c.reviewed_at) - func.julianday(previous_at)
    day = _local_day(spans)
    query = (
        select(day, func.count(), func.sum(case((reviews.c.rating > 1, 1), else_=0)))
        .where(*_between(since, until), gap >= learned_gap_days)
        .group_by(day)
    )
    return [
        (date.fromisoformat(d), int(total), int(passed))
        for d, total, passed in db.execute(query)
        if isinstance(d, str)
    ]
