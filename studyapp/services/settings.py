"""User settings, stored in the database so they travel with the progress they shape."""

from __future__ import annotations

import copy
import math
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime
from typing import Any

from studyapp.clock import Clock
from studyapp.domain import Changes
from studyapp.storage import repository
from studyapp.storage.database import Store, WriteFailedError


@dataclass(frozen=True)
class Settings:
    theme: str = "system"  # "light", "dark" or "system"
    answer_font_px: int = 15
    desired_retention: float = 0.9
    new_per_session: int = 10  # questions in a quiz session
    new_per_day: int = 10  # new questions "study now" may start in a day
    weak_lapses: int = 4
    mock_seconds: int = 180
    type_answer: bool = False
    follow_up_drill: bool = False
    # Recordings of spoken answers kept for replay this many days; 0: never kept.
    audio_keep_days: int = 30
    # The interview plan (planning/): a local date as YYYY-MM-DD, "" for none.
    interview_date: str = ""
    plan_topics: tuple[str, ...] = ()  # empty: every topic
    plan_target: float = 0.9
    plan_minutes: int = 30


# The look is the machine's own (a dark laptop, a light office screen), and so is how long
# its recordings stay (they never leave it); every other setting shapes the study itself and
# travels to the other devices through sync.
LOCAL_SETTINGS = frozenset({"theme", "answer_font_px", "audio_keep_days"})
TRAVELLING_SETTINGS = tuple(f.name for f in fields(Settings) if f.name not in LOCAL_SETTINGS)


class SettingsService:
    """Reads the settings table once and keeps it: start-up alone asked for it five times.
    Every write goes through here and forgets the copy, so it is never stale."""

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self._store = store
        self._clock = clock
        self._stored: dict[str, Any] | None = None

    def _all(self) -> dict[str, Any]:
        if self._stored is None:
            with self._store.reading() as db:
                self._stored = repository.load_settings(db)
        return self._stored

    def forget(self) -> None:
        """Read the table again next time: something other than this service wrote to it
        (a sync took another device's settings)."""
        self._stored = None

    def load(self) -> Settings:
        """The stored settings; a value of the wrong type or out of range (damage, or an
        edit by hand: new_per_day="ten" broke the quiz set-up) falls back to its default."""
        defaults = Settings()
        stored = dict(self._all())
        if isinstance(stored.get("plan_topics"), list):  # JSON has no tuples
            stored["plan_topics"] = tuple(stored["plan_topics"])
        values: dict[str, Any] = {
            f.name: value
            for f in fields(Settings)
            if f.name in stored
            and sensible_setting(f.name, value := stored[f.name], getattr(defaults, f.name))
        }
        return replace(defaults, **values)

    def save(self, settings: Settings) -> Changes:
        before = asdict(self.load())
        self._stored = None
        when = self._clock.now() if self._clock is not None else datetime.now(UTC)
        with self._store.writing() as session:
            for key, value in asdict(settings).items():
                repository.save_setting(session, key, value)
                if key in TRAVELLING_SETTINGS and before.get(key) != value:
                    repository.mark_edited(session, f"setting:{key}", when)
        return Changes(settings=True)

    def get_value(self, key: str, default: Any = None) -> Any:
        """Free-form UI state (window geometry, last quiz setup) kept beside the settings.
        A copy: a caller changing a list or dict it got must not change the kept one."""
        return copy.deepcopy(self._all().get(key, default))

    def set_value(self, key: str, value: Any) -> None:
        """Window layout and the last quiz set-up are conveniences, not progress: when they
        cannot be written (read-only folder, full disk) they are dropped rather than stop
        the person from closing the window or starting a quiz."""
        if key in self._all() and self._all()[key] == value:
            return  # unchanged (the window was not moved): nothing to write at quit
        self._stored = None
        try:
            with self._store.writing_rows() as connection:
                repository.save_setting(connection, key, value)
        except WriteFailedError:
            pass


_THEMES = ("system", "light", "dark")


def sensible_setting(name: str, value: Any, default: Any) -> bool:
    """Whether `value` can stand in for the setting `name`, whose default is `default`."""
    if isinstance(default, bool):
        return type(value) is bool
    if isinstance(default, int):
        return type(value) is int and 0 <= value <= 100_000
    if isinstance(default, float):
        in_range = type(value) in (int, float) and math.isfinite(value)
        return in_range and (0.0 < value < 1.0 if name == "desired_retention" else value >= 0)
    if name == "theme":
        return value in _THEMES
    if isinstance(default, tuple):
        return isinstance(value, tuple) and all(isinstance(item, str) for item in value)
    return isinstance(value, type(default))
