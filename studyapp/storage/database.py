"""Opening the progress database safely: refuse what we cannot understand, upgrade the rest.

Alembic is imported only when the schema actually needs upgrading, so a normal start-up pays
one cheap `SELECT` instead of loading the migration machinery.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Every revision this version knows, oldest first; the last is the schema the code expects.
KNOWN_REVISIONS: tuple[str, ...] = ("0001",)
HEAD_REVISION = KNOWN_REVISIONS[-1]


class StorageError(Exception):
    """A problem with the progress database, worded for the person using the app."""


class NewerDatabaseError(StorageError):
    pass


class CorruptDatabaseError(StorageError):
    pass


class DataFolderError(StorageError):
    pass


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _set_pragmas)
    return engine


def open_database(path: Path) -> Engine:
    """Engine for a database at `path`, created or upgraded to HEAD_REVISION as needed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DataFolderError(
            f"The data folder {path.parent} cannot be created ({error.strerror})."
        ) from error
    engine = make_engine(path)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            revision = current_revision(connection)
    except (DatabaseError, sqlite3.DatabaseError) as error:
        engine.dispose()
        reason = getattr(error, "orig", None) or error
        if isinstance(error, OperationalError) and "unable to open" in str(error):
            raise DataFolderError(f"The database {path} cannot be opened: {reason}") from error
        raise CorruptDatabaseError(
            f"The progress database {path} is damaged and cannot be read ({reason})."
        ) from error
    if revision is not None and revision not in KNOWN_REVISIONS:
        engine.dispose()
        raise NewerDatabaseError(
            f"The progress database {path} was written by a newer version of DeepStudy "
            f"(schema {revision}). Install the newer version to open it; nothing was changed."
        )
    if revision != HEAD_REVISION:
        upgrade(engine)
    return engine


def current_revision(connection: Any) -> str | None:
    has_table = connection.execute(
        text("SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'")
    ).first()
    if not has_table:
        return None
    row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return str(row[0]) if row else None


def upgrade(engine: Engine, target: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
