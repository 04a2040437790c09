"""Opening the data folder and its database safely whatever its name, its environment or its
state (review findings D5, D8, C1, C3, M6, M13): each test failed on ff8ef8c."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from studyapp import paths
from studyapp.app import build_services, run
from studyapp.clock import FixedClock
from studyapp.domain import NewReview, Rating
from studyapp.paths import DATABASE_FILE, default_data_dir, resolve_data_dir
from studyapp.storage.database import (
    CorruptDatabaseError,
    DataFolderError,
    NewerDatabaseError,
    open_database,
)
from tests.conftest import FIXTURE_CONTENT


@pytest.mark.parametrize("name", ["a%62c", "q?x=1", "pct%20x", "pct%41", "h#1"])
def test_a_folder_name_with_url_characters_uses_its_own_file(
    tmp_path: Path, clock: FixedClock, name: str
) -> None:
    """D5: `a%62c` read and wrote `abc`'s database, `q?x=1` a file named `q`, and `pct%20x`
    could not open at all: the engine URL was an unescaped f-string."""
    (tmp_path / "abc").mkdir()
    folder = tmp_path / name
    services = build_services(folder, clock=clock, content_root=FIXTURE_CONTENT)
    services.study.rate(NewReview(1, Rating.GOOD, 1000))
    services.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({"abc", name})
    assert not list((tmp_path / "abc").iterdir())
    with sqlite3.connect(folder / DATABASE_FILE) as raw:
        assert raw.execute("SELECT count(*) FROM reviews").fetchone() == (1,)


def test_a_relative_xdg_data_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """D8: XDG_DATA_HOME=rel put progress under whatever folder the app started in."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", "rel")
    monkeypatch.chdir(tmp_path)
    assert default_data_dir() == tmp_path / "home" / ".local" / "share" / "deepstudy"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_dir() == tmp_path / "xdg" / "deepstudy"


def test_no_home_folder_is_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """C3: HOME unset with no passwd entry raised RuntimeError from Path.home()."""

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # no passwd entry either
    monkeypatch.delenv("DEEPSTUDY_DATA_DIR", raising=False)
    with pytest.raises(paths.NoDataFolderError):
        resolve_data_dir("~/x")
    assert run(["--rebuild-state", "--content-dir", str(FIXTURE_CONTENT)]) == 2
    assert "home folder cannot be found" in capsys.readouterr().err


def test_a_path_too_long_is_a_data_folder_error(tmp_path: Path, clock: FixedClock) -> None:
    """C3: a 300-character folder name raised OSError ('File name too long')."""
    with pytest.raises(DataFolderError, match="cannot be"):
        open_database(tmp_path / ("x" * 300) / DATABASE_FILE)
    with pytest.raises(DataFolderError, match="cannot be"):
        build_services(tmp_path / ("x" * 300), clock=clock, content_root=FIXTURE_CONTENT)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a folder of mode 000 anyway")
def test_a_folder_without_permission_is_a_data_folder_error(tmp_path: Path) -> None:
    """C3: a data folder of mode 000 raised PermissionError from path.exists()."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0)
    try:
        with pytest.raises(DataFolderError):
            open_database(folder / DATABASE_FILE)
    finally:
        folder.chmod(0o755)


def _database(data_dir: Path, clock: FixedClock) -> Path:
    services = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    services.study.rate(NewReview(1, Rating.GOOD, 1000))
    services.close()
    return data_dir / DATABASE_FILE


@pytest.mark.parametrize(
    "damage",
    [
        "DROP TABLE settings",
        "DROP TABLE cards",
        "DROP TABLE annotations",
        "DROP TABLE reviews",
        "DROP TABLE alembic_version",
        "DELETE FROM alembic_version",
        "UPDATE alembic_version SET version_num='garbage'",
    ],
)
def test_a_logically_damaged_database_is_offered_for_recovery(
    data_dir: Path, clock: FixedClock, damage: str
) -> None:
    """C1 and M13: a dropped table or an emptied version table ended in a raw traceback
    ('no such table', Alembic re-running 0001: 'table cards already exists'); a garbage
    version was called 'written by a newer version'. Each is damage: recovery is offered."""
    database = _database(data_dir, clock)
    with sqlite3.connect(database) as raw:
        raw.execute(damage)
    before = database.read_bytes()
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    assert database.read_bytes() == before


def test_a_newer_numbered_revision_is_still_newer(data_dir: Path, clock: FixedClock) -> None:
    database = _database(data_dir, clock)
    with sqlite3.connect(database) as raw:
        raw.execute("UPDATE alembic_version SET version_num='0099'")
    with pytest.raises(NewerDatabaseError):
        build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)


def test_a_foreign_database_is_refused_untouched(data_dir: Path, clock: FixedClock) -> None:
    """M6: a browser's history database named deepstudy.sqlite3 got DeepStudy's tables added."""
    database = data_dir / DATABASE_FILE
    with sqlite3.connect(database) as raw:
        raw.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    before = database.read_bytes()
    with pytest.raises(DataFolderError, match="not a DeepStudy progress file"):
        build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    assert database.read_bytes() == before


def test_a_folder_in_place_of_the_database_says_so(data_dir: Path, clock: FixedClock) -> None:
    """M13: a directory named deepstudy.sqlite3 was reported as a 'disk I/O error'."""
    (data_dir / DATABASE_FILE).mkdir()
    with pytest.raises(DataFolderError, match="is a folder"):
        build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
