"""User settings, stored in the database so they travel with the progress they shape."""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

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
    # The interview plan (planning/): a local date as YYYY-MM-DD, "" for none.
    interview_date: str = ""
    plan_topics: tuple[str, ...] = ()  # empty: every topic
    plan_target: float = 0.9
    plan_minutes: int = 30


class SettingsService:
    """Reads the settings table once and keeps it: start-up alone asked for it five times.
    Every write goes through here and forgets the copy, so it is never stale."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._stored: dict[str, Any] | None = None

    def _all(self) -> dict[str, Any]:
        if self._stored is None:
            with self._store.reading() as db:
                self._stored = repository.load_settings(db)
        return self._stored

    def load(self) -> Settings:
        known = {f.name: f.type for f in fields(Settings)}
        values: dict[str, Any] = {k: v for k, v in self._all().items() if k in known}
        if isinstance(values.get("plan_topics"), list):  # JSON has no tuples
            values["plan_topics"] = tuple(str(topic) for topic in values["plan_topics"])
        try:
            return replace(Settings(), **values)
        except TypeError:
            return Settings()

    def save(self, settings: Settings) -> Changes:
        self._stored = None
        with self._store.writing() as session:
            for key, value in asdict(settings).items():
                repository.save_setting(session, key, value)
        return Changes(settings=True)

    def get_value(self, key: str, default: Any = None) -> Any:
        """Free-form UI state (window geometry, last quiz setup) kept beside the settings.
        A copy: a caller changing a list or dict it got must not change the kept one."""
        return copy.deepcopy(self._all().get(key, default))

    def set_value(self, key: str, value: Any) -> None:
        """Window layout and the last quiz set-up are conveniences, not progress: when they
        cannot be written (read-only folder, full disk) they are dropped rather than stop
        the person from closing the window or starting a quiz."""
        self._stored = None
        try:
            with self._store.writing() as session:
                repository.save_setting(session, key, value)
        except WriteFailedError:
            pass
