"""The database: created by migrations, reopened intact, newer or damaged files refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.storage.database import (
    HEAD_REVISION,
    CorruptDatabaseError,
    NewerDatabaseError,
    open_database,
)


def test_new_database_is_migrated_to_head_in_wal_mode(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "sub" / "db.sqlite3")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            HEAD_REVISION
        )
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        tables = {
            row[0]
            for row in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='table'"
            )
        }
    assert {"cards", "reviews", "annotations", "settings"} <= tables
    engine.dispose()


def test_migrations_match_the_models(tmp_path: Path) -> None:
    """Alembic's autogenerate finds nothing to add: the first migration equals the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from studyapp.storage.models import Base

    engine = open_database(tmp_path / "db.sqlite3")
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert [d for d in diff if d[0] not in ("remove_index",)] == []


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    open_database(path).dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num='9999'")
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError, match="newer version of DeepStudy"):
        open_database(path)
    assert path.read_bytes() == before


def test_random_bytes_are_reported_as_damage(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        open_database(path)
