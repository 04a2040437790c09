"""A new database made from the SQL snapshot is the one the migrations make, byte for byte."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from studyapp.storage.database import (
    HEAD_REVISION,
    MIGRATIONS_DIR,
    current_revision,
    make_engine,
    open_database,
)
from studyapp.storage.head_schema import SCHEMA_REVISION

ROOT = Path(__file__).resolve().parents[2]


def _schema(path: Path) -> tuple[list[tuple[str, str, str, str | None]], list[tuple[str]]]:
    with sqlite3.connect(path) as raw:
        rows = raw.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        version = raw.execute("SELECT version_num FROM alembic_version").fetchall()
    return rows, version


def _by_alembic(path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    engine = make_engine(path)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    engine.dispose()


def test_the_snapshot_is_what_the_migrations_build(tmp_path: Path) -> None:
    migrated = tmp_path / "migrated.sqlite3"
    _by_alembic(migrated)
    created = tmp_path / "created.sqlite3"
    open_database(created).dispose()
    expected = _schema(migrated)
    statements = "\n".join(repr(sql) for _t, _n, _tb, sql in expected[0] if sql)
    assert SCHEMA_REVISION == HEAD_REVISION, "refresh studyapp/storage/head_schema.py"
    assert _schema(created) == expected, f"head_schema.py should hold:\n{statements}"
    with sqlite3.connect(created) as raw:
        assert current_revision(raw) == HEAD_REVISION


def test_a_new_database_is_created_without_importing_alembic(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; "
        "from studyapp.storage.database import open_database; "
        f"open_database(Path({str(tmp_path / 'new.sqlite3')!r})).dispose(); "
        "print('alembic' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_an_existing_database_is_left_to_alembic_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    open_database(path).dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO settings (key, value) VALUES ('theme', '\"dark\"')")
    open_database(path).dispose()  # at head already: nothing is created twice
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT value FROM settings").fetchall() == [('"dark"',)]
        assert raw.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
