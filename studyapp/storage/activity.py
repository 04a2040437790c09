"""SQL aggregates over the review log for the dashboard: the database does the counting.

Every query groups by the user's local calendar day, shifting each review by its zone's offset
(see stats/localtime.py), so a refresh reads a few hundred rows however long the log is.
Follow-up drill answers are practice on top of the schedule and are left out everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session, aliased

from studyapp.domain import ReviewMode
from studyapp.stats.localtime import OffsetSpan
from studyapp.storage.models import ReviewRow

_SCHEDULING = ReviewRow.mode != ReviewMode.FOLLOW_UP.value


def _local_day(spans: Sequence[OffsetSpan]) -> ColumnElement[str]:
    """SQL for 'YYYY-MM-DD', the local calendar day of each review."""

    def shifted(minutes: int) -> ColumnElement[str]:
        return func.date(ReviewRow.reviewed_at, f"{minutes:+d} minutes")

    if len(spans) == 1:
        return shifted(spans[0].minutes)
    whens = [
        (ReviewRow.reviewed_at < span.until, shifted(span.minutes))
        for span in spans
        if span.until is not None
    ]
    return case(*whens, else_=shifted(spans[-1].minutes))


def _between(since: datetime | None, until: datetime | None) -> list[ColumnElement[bool]]:
    """Conditions for reviews in [since, until); either end may be open."""
    conditions = [_SCHEDULING]
    if since is not None:
        conditions.append(ReviewRow.reviewed_at >= since)
    if until is not None:
        conditions.append(ReviewRow.reviewed_at < until)
    return conditions


def fingerprint(session: Session, before: datetime) -> tuple[int, int]:
    """(how many reviews, id of the latest) before `before`: changes whenever a review in
    that part of the log is added or removed (an undo reaching back, a restored backup), so a
    summary of it can be kept until then. Costs about a millisecond at 100,000 reviews:
    SQLite counts a whole table from its b-tree, and the rest are index lookups."""
    everything = session.scalar(select(func.count()).select_from(ReviewRow)) or 0
    recent = session.scalar(select(func.count()).where(ReviewRow.reviewed_at >= before)) or 0
    latest = session.scalar(
        select(ReviewRow.id)
        .where(ReviewRow.reviewed_at < before)
        .order_by(ReviewRow.reviewed_at.desc(), ReviewRow.id.desc())
        .limit(1)
    )
    return int(everything) - int(recent), int(latest or 0)


def totals(
    session: Session, since: datetime | None = None, until: datetime | None = None
) -> tuple[int, int]:
    """(reviews, milliseconds of study) in [since, until)."""
    query = select(func.count(), func.coalesce(func.sum(ReviewRow.duration_ms), 0)).where(
        *_between(since, until)
    )
    count, ms = session.execute(query).one()
    return int(count), int(ms)


def first_review_at(session: Session) -> datetime | None:
    return session.scalar(select(func.min(ReviewRow.reviewed_at)))


def active_days(
    session: Session,
    spans: Sequence[OffsetSpan],
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[date]:
    """Every local day with at least one review in [since, until), for streaks."""
    day = _local_day(spans)
    rows = session.execute(select(day).where(*_between(since, until)).distinct()).scalars()
    return [date.fromisoformat(text) for text in rows]


def daily_ratings(
    session: Session, spans: Sequence[OffsetSpan], since: datetime, until: datetime | None = None
) -> list[tuple[date, tuple[int, int, int, int], int]]:
    """Per local day in [since, until): reviews rated Again, Hard, Good, Easy; milliseconds."""
    day = _local_day(spans)
    rating = ReviewRow.rating
    query = (
        select(
            day,
            *(func.sum(case((rating == value, 1), else_=0)) for value in (1, 2, 3, 4)),
            func.sum(ReviewRow.duration_ms),
        )
        .where(*_between(since, until))
        .group_by(day)
    )
    return [
        (date.fromisoformat(d), (int(a), int(h), int(g), int(e)), int(ms))
        for d, a, h, g, e, ms in session.execute(query)
    ]


def daily_recall(
    session: Session,
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
    previous = aliased(ReviewRow)
    previous_at = (
        select(previous.reviewed_at)
        .where(
            previous.question_id == ReviewRow.question_id,
            previous.reviewed_at < ReviewRow.reviewed_at,
            previous.mode != ReviewMode.FOLLOW_UP.value,
        )
        .order_by(previous.reviewed_at.desc())
        .limit(1)
        .correlate(ReviewRow)
        .scalar_subquery()
    )
    gap = func.julianday(ReviewRow.reviewed_at) - func.julianday(previous_at)
    day = _local_day(spans)
    query = (
        select(day, func.count(), func.sum(case((ReviewRow.rating > 1, 1), else_=0)))
        .where(*_between(since, until), gap >= learned_gap_days)
        .group_by(day)
    )
    return [
        (date.fromisoformat(d), int(total), int(passed))
        for d, total, passed in session.execute(query)
    ]
