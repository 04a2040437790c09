"""Time as an injected dependency, so tests decide what "now" is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware UTC."""
        ...

    def local_tz(self) -> tzinfo:
        """The zone whose calendar days count for streaks and "due today"."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def local_tz(self) -> tzinfo:
        zone = datetime.now().astimezone().tzinfo
        return zone if zone is not None else UTC


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
