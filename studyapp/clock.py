"""Time as an injected dependency, so tests decide what "now" is."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware UTC."""
        ...

    def local_tz(self) -> tzinfo:
        """The zone whose calendar days count for streaks and "due today"."""
        ...


class SystemZone(tzinfo):
    """The operating system's local zone, summer time included, for any date.

    `datetime.now().astimezone().tzinfo` is only today's fixed offset: a review made last
    winter would land an hour off in summer. The C library knows every past and future offset.
    """

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SystemZone)

    def __hash__(self) -> int:
        return hash(SystemZone)

    def _offset_at(self, timestamp: float) -> timedelta:
        return timedelta(seconds=time.localtime(timestamp).tm_gmtoff)

    def fromutc(self, dt: datetime) -> datetime:
        utc = dt.replace(tzinfo=UTC)
        return dt + self._offset_at(utc.timestamp())

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return self._offset_at(time.time())
        fields = (dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, 0, 0, -1)
        return self._offset_at(time.mktime(fields))

    def dst(self, dt: datetime | None) -> timedelta:
        stamp = time.time() if dt is None else time.mktime(dt.replace(tzinfo=None).timetuple())
        return timedelta(hours=1) if time.localtime(stamp).tm_isdst > 0 else timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        stamp = time.time() if dt is None else time.mktime(dt.replace(tzinfo=None).timetuple())
        return time.localtime(stamp).tm_zone


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def local_tz(self) -> tzinfo:
        return SystemZone()


class FixedClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime, zone: tzinfo = UTC) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = start.astimezone(UTC)
        self._zone = zone

    def now(self) -> datetime:
        return self._now

    def local_tz(self) -> tzinfo:
        return self._zone

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, moment: datetime) -> None:
        self._now = moment.astimezone(UTC)
