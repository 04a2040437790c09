"""The user's calendar day for a UTC instant, in a form SQL can apply to every review.

A day of study is a local calendar day: a review at 00:30 in Berlin belongs to the new day even
though it is still yesterday in UTC. Zones change their offset (summer time), and some offsets
are not whole hours (India, Nepal), so the offset is worked out per span of time: between two
changes it is constant, and SQL can shift every review in that span by the same minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

SCAN_STEP = timedelta(days=7)


@dataclass(frozen=True)
class OffsetSpan:
    """Instants before `until` (UTC; None = open-ended) are `minutes` ahead of UTC."""

    until: datetime | None
    minutes: int


def _offset_minutes(zone: tzinfo, moment: datetime) -> int:
    """How far local wall-clock time is ahead of UTC at `moment` (unambiguous, unlike
    utcoffset() of a wall time in the repeated hour when summer time ends)."""
    utc = moment.astimezone(UTC)
    shift = utc.astimezone(zone).replace(tzinfo=None) - utc.replace(tzinfo=None)
    return round(shift.total_seconds() / 60)


def offset_spans(zone: tzinfo, start: datetime, end: datetime) -> tuple[OffsetSpan, ...]:
    """The zone's offsets from `start` to `end` (aware datetimes), as consecutive spans.

    Zones change offset a few times a year at most, and never twice within a week, so a
    weekly scan finds every change; a bisection then pins it to the second.
    """
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    spans: list[OffsetSpan] = []
    current = _offset_minutes(zone, start)
    cursor = start
    while cursor < end:
        step = min(cursor + SCAN_STEP, end)
        following = _offset_minutes(zone, step)
        if following != current:
            low, high = cursor, step  # offset(low) == current, offset(high) != current
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _offset_minutes(zone, middle) == current:
                    low = middle
                else:
                    high = middle
            spans.append(OffsetSpan(high.replace(microsecond=0), current))
            current = following
        cursor = step
    spans.append(OffsetSpan(None, current))
    return tuple(spans)


def start_of_local_day(day: date, zone: tzinfo) -> datetime:
    """The UTC instant at which local `day` begins."""
    return datetime.combine(day, time(0), zone).astimezone(UTC)
