"""User settings, stored in the database so they travel with the progress they shape."""

from __future__ import annotations

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


class SettingsService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def load(self) -> Settings:
        with self._store.reading() as db:
            stored = repository.load_settings(db)
        known = {f.name: f.type for f in fields(Settings)}
        values: dict[str, Any] = {k: v for k, v in stored.items() if k in known}
        try:
            return replace(Settings(), **values)
        except TypeError:
            return Settings()

    def save(self, settings: Settings) -> Changes:
        with self._store.writing() as session:
            for key, value in asdict(settings).items():
                repository.save_setting(session, key, value)
        return Changes(settings=True)

    def get_value(self, key: str, default: Any = None) -> Any:
        """Free-form UI state (window geometry, last quiz setup) kept beside the settings."""
        with self._store.reading() as db:
            return repository.load_settings(db).get(key, default)

    def set_value(self, key: str, value: Any) -> None:
        """Window layout and the last quiz set-up are conveniences, not progress: when they
        cannot be written (read-only folder, full disk) they are dropped rather than stop
        the person from closing the window or starting a quiz."""
        try:
            with self._store.writing() as session:
                repository.save_setting(session, key, value)
        except WriteFailedError:
            pass
