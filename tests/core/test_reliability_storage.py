"""Guarantees 3, 4 and 7 in the core: damaged and newer databases, unwritable folders, full
disks. Every test uses the real SQLite file in a temporary data folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from studyapp.app import AppServices, build_services, run
from studyapp.clock import FixedClock
from studyapp.domain import NewReview, Rating
from studyapp.paths import DATABASE_FILE
from studyapp.storage.backups import list_backups, make_backup
from studyapp.storage.database import (
    CorruptDatabaseError,
    NewerDatabaseError,
    WriteFailedError,
    open_database,
    start_check,
)
from studyapp.storage.recovery import RecoveryChoice, offer_recovery, recover
from tests.conftest import FIXTURE_CONTENT, ROOT
from tests.core.damage import break_table_page, random_bytes, truncate

DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated": truncate,
    "random bytes": random_bytes,
    "failing integrity check": break_table_page,
}


def _history(services: AppServices, clock: FixedClock, count: int) -> None:
    for n in range(count):
        services.study.rate(NewReview(1 + n % 3, Rating(1 + n % 4), 500))
        clock.advance(timedelta(hours=7))


def _open(data_dir: Path, clock: FixedClock) -> AppServices:
    return build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)


@pytest.fixture(scope="module")
def grown_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with a backup of 40 reviews, then 300 more reviews in the database (so
    the file spans many pages and truncation really cuts into tables). Built once, copied
    for each test."""
    data_dir = tmp_path_factory.mktemp("grown") / "data"
    clock = FixedClock(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    services = _open(data_dir, clock)
    _history(services, clock, 40)
    make_backup(services.engine, data_dir, clock.now())
    _history(services, clock, 300)
    services.library.set_note(1, "x" * 20000)  # overflow pages, too
    services.close()
    return data_dir


@pytest.fixture
def grown(grown_template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(grown_template, tmp_path / "grown"))


@pytest.mark.parametrize("kind", DAMAGE)
def test_damage_is_detected_and_the_newest_good_backup_offered(
    grown: Path, clock: FixedClock, kind: str
) -> None:
    database = grown / DATABASE_FILE
    DAMAGE[kind](database)
    damaged_bytes = database.read_bytes()
    with pytest.raises(CorruptDatabaseError) as caught:
        _open(grown, clock)
    assert "damaged" in str(caught.value)
    assert database.read_bytes() == damaged_bytes  # nothing touched before the choice

    offer = offer_recovery(database, str(caught.value))
    assert offer.backup is not None and offer.backup.reviews == 40
    assert offer.choices == (RecoveryChoice.BACKUP, RecoveryChoice.FRESH)
    text = offer.message(clock.local_tz())
    assert "damaged" in text and "40 reviews" in text and "Nothing will be deleted" in text

    clock.advance(timedelta(minutes=1))
    aside = recover(offer, RecoveryChoice.BACKUP, clock.now())
    assert aside.name == f"{DATABASE_FILE}.damaged-{clock.now():%Y%m%d-%H%M%S}"
    assert aside.read_bytes() == damaged_bytes  # kept, byte for byte
    services = _open(grown, clock)
    try:
        assert sum(len(services.library.history(q)) for q in (1, 2, 3)) == 40
        services.study.rate(NewReview(2, Rating.GOOD, 1))
    finally:
        services.close()


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_fresh_start_keeps_the_damaged_file(grown: Path, clock: FixedClock, kind: str) -> None:
    database = grown / DATABASE_FILE
    shutil.rmtree(grown / "backups")
    DAMAGE[kind](database)
    with pytest.raises(CorruptDatabaseError) as caught:
        _open(grown, clock)
    offer = offer_recovery(database, str(caught.value))
    assert offer.backup is None and offer.choices == (RecoveryChoice.FRESH,)
    assert "no backup" in offer.message(clock.local_tz())
    with pytest.raises(ValueError):
        recover(offer, RecoveryChoice.BACKUP, clock.now())
    aside = recover(offer, RecoveryChoice.FRESH, clock.now())
    assert aside.exists()
    services = _open(grown, clock)
    try:
        assert services.study.cards() == {}
    finally:
        services.close()


def test_a_damaged_backup_is_never_offered(grown: Path, clock: FixedClock) -> None:
    [backup] = list_backups(grown)
    random_bytes(backup.path)
    random_bytes(grown / DATABASE_FILE)
    assert [b.good for b in list_backups(grown)] == [False]
    assert offer_recovery(grown / DATABASE_FILE, "damaged").backup is None


def test_a_locked_database_is_not_mistaken_for_damage(data_dir: Path, clock: FixedClock) -> None:
    import sqlite3

    _open(data_dir, clock).close()
    holder = sqlite3.connect(data_dir / DATABASE_FILE, isolation_level=None)
    holder.execute("PRAGMA busy_timeout=0")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        services = _open(data_dir, clock)
        with pytest.raises(WriteFailedError, match="another program"):
            services.study.rate(NewReview(1, Rating.GOOD, 1))
        services.close()
    finally:
        holder.rollback()
        holder.close()


def test_a_crash_mid_transaction_is_rolled_back_at_the_next_start(
    data_dir: Path, clock: FixedClock
) -> None:
    """Found by the SIGKILL test: a crash during a write in rollback-journal mode (as while
    the file is first created) leaves a hot journal that a read-only connection may not
    replay, and every later start failed. Now the next start replays it."""
    import sqlite3

    services = _open(data_dir, clock)
    _history(services, clock, 5)
    services.close()
    database = data_dir / DATABASE_FILE
    crash = f"""
import os, sqlite3
raw = sqlite3.connect({str(database)!r}, isolation_level=None)
raw.execute("PRAGMA journal_mode=DELETE")
raw.execute("PRAGMA cache_size=1")  # spill changed pages into the file before the commit
raw.execute("BEGIN")
raw.executemany("INSERT INTO settings VALUES (?, ?)", [(f"k{{i}}", "x" * 500) for i in range(500)])
os._exit(0)  # die in the middle of the transaction
"""
    subprocess.run([sys.executable, "-c", crash], check=True)
    assert (data_dir / f"{DATABASE_FILE}-journal").stat().st_size > 0
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        sqlite3.connect(f"file:{database}?mode=ro", uri=True).execute(
            "SELECT count(*) FROM reviews"
        ).fetchone()
    services = _open(data_dir, clock)
    try:
        assert not services.read_only  # recovered, not merely opened for reading
        assert sum(len(services.library.history(q)) for q in (1, 2, 3)) == 5
        assert services.settings.get_value("k1") is None  # the unfinished work is undone
    finally:
        services.close()
    with sqlite3.connect(database) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_newer_database_rolled_back_by_sqlite_does_not_claim_nothing_changed(
    data_dir: Path, clock: FixedClock
) -> None:
    """M7: a newer database with a hot journal is rolled back by SQLite's own recovery (its
    bytes change, the journal goes) and then refused; the message said nothing was changed."""
    database = _make_newer(data_dir, clock)
    crash = f"""
import os, sqlite3
raw = sqlite3.connect({str(database)!r}, isolation_level=None)
raw.execute("PRAGMA cache_size=1")
raw.execute("BEGIN")
raw.executemany("INSERT INTO settings VALUES (?, ?)", [(f"k{{i}}", "x" * 500) for i in range(500)])
os._exit(0)
"""
    subprocess.run([sys.executable, "-c", crash], check=True)
    assert (data_dir / f"{DATABASE_FILE}-journal").stat().st_size > 0
    with pytest.raises(NewerDatabaseError) as refused:
        _open(data_dir, clock)
    assert "nothing was changed" not in str(refused.value)
    assert "undid a write that had been interrupted" in str(refused.value)


# --- guarantee 4: a newer database ----------------------------------------------------------
def _make_newer(data_dir: Path, clock: FixedClock) -> Path:
    import sqlite3

    services = _open(data_dir, clock)
    _history(services, clock, 3)
    services.close()
    database = data_dir / DATABASE_FILE
    raw = sqlite3.connect(database, isolation_level=None)
    raw.execute("UPDATE alembic_version SET version_num='0999_future'")
    raw.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal or -shm
    raw.close()
    return database


def test_a_newer_database_is_never_written_and_the_command_exits_cleanly(
    data_dir: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    database = _make_newer(data_dir, clock)
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    assert list(before) == [DATABASE_FILE]
    code = run(
        ["--rebuild-state", "--data-dir", str(data_dir), "--content-dir", str(FIXTURE_CONTENT)]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "newer version of DeepStudy" in err and "nothing was changed" in err
    after = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    assert after == before  # same files (no -wal, no -shm, no backup), same bytes
    assert not (data_dir / "backups").exists()
    assert database.stat().st_size > 0


# --- guarantee 7: unwritable folder, full disk ---------------------------------------------
@contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """Make `folder` and its files unwritable for real. chmod is ignored by root, so as root
    the ext4 immutable attribute (chattr +i) is used instead; without either, skip."""
    files = [p for p in folder.iterdir() if p.is_file()]
    if os.geteuid() != 0:
        for path in files:
            path.chmod(0o444)
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
            for path in files:
                path.chmod(0o644)
        return
    targets = [str(p) for p in (*files, folder)]
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: no way to make a folder unwritable")
    done = subprocess.run(["chattr", "+i", *targets], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr +i not supported here: {done.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", *targets], check=True)


def test_a_read_only_folder_still_shows_progress_and_refuses_writes_clearly(
    data_dir: Path, clock: FixedClock
) -> None:
    services = _open(data_dir, clock)
    _history(services, clock, 5)
    services.library.set_starred(2, True)
    services.close()
    before = (data_dir / DATABASE_FILE).read_bytes()
    with unwritable(data_dir):
        services = _open(data_dir, clock)
        try:
            assert services.read_only
            assert services.library.starred() == {2}
            assert len(services.library.history(1)) == 2
            with pytest.raises(
                WriteFailedError,
                match="could not be written because the data folder or file is read-only",
            ):
                services.study.rate(NewReview(1, Rating.GOOD, 1))
            with pytest.raises(WriteFailedError):
                services.library.set_note(1, "lost?")
            assert len(services.library.history(1)) == 2
        finally:
            services.close()
    assert (data_dir / DATABASE_FILE).read_bytes() == before


def fill_the_disk(engine: Any) -> Callable[[], None]:
    """Simulate a full disk for real: every new connection may not grow the file beyond the
    pages it has now (`PRAGMA max_page_count`), so the next write fails with SQLITE_FULL,
    exactly the error a full disk gives. Returns a function that frees the disk again."""

    def cap(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    def free() -> None:
        event.remove(engine, "connect", cap)
        engine.dispose()

    event.listen(engine, "connect", cap)
    engine.dispose()  # pooled connections reconnect with the cap
    return free


def test_a_full_disk_fails_the_rating_loudly_and_keeps_the_rest(
    services: AppServices, clock: FixedClock
) -> None:
    services.study.rate(NewReview(1, Rating.GOOD, 1))
    fill_the_disk(services.engine)
    with pytest.raises(WriteFailedError, match="disk is full"):
        for n in range(500):  # the first pages still have room for a few rows
            services.study.rate(NewReview(2, Rating.HARD, n))
    saved = services.library.history(2)
    # Whatever was confirmed is there; the failed one is not half-written.
    assert all(r.duration_ms == i for i, r in enumerate(saved))
    assert services.study.card(2).reps == len(saved)


def test_rebuild_state_command_backs_up_first(
    data_dir: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    services = _open(data_dir, clock)
    _history(services, clock, 6)
    services.close()
    args = ["--rebuild-state", "--data-dir", str(data_dir), "--content-dir", str(FIXTURE_CONTENT)]
    assert run(args) == 0
    assert "rebuilt scheduling state of 3 question(s)" in capsys.readouterr().out
    assert [b.reviews for b in list_backups(data_dir)] == [6]


def test_the_rebuild_command_runs_as_a_program(data_dir: Path, clock: FixedClock) -> None:
    _open(data_dir, clock).close()
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--rebuild-state", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "rebuilt scheduling state" in done.stdout
    assert open_database(data_dir / DATABASE_FILE)


# --- the integrity check run early, on a thread of its own (storage.database.EarlyCheck) ----
def _open_checked_early(data_dir: Path, clock: FixedClock) -> AppServices:
    """As run() opens it: the check was started before Qt was loaded, on its own thread."""
    check = start_check(data_dir / DATABASE_FILE)
    assert check is not None
    return build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT, check=check)


@pytest.mark.parametrize("kind", DAMAGE)
def test_the_early_check_finds_the_same_damage_and_touches_nothing(
    grown: Path, clock: FixedClock, kind: str
) -> None:
    database = grown / DATABASE_FILE
    DAMAGE[kind](database)
    damaged_bytes = database.read_bytes()
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        _open_checked_early(grown, clock)
    assert database.read_bytes() == damaged_bytes


def test_the_early_check_refuses_a_newer_database_without_writing(
    data_dir: Path, clock: FixedClock
) -> None:
    _make_newer(data_dir, clock)
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    with pytest.raises(NewerDatabaseError, match="newer version of DeepStudy"):
        _open_checked_early(data_dir, clock)
    assert {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()} == before


def test_the_early_check_of_a_read_only_folder_still_opens_it_for_reading(
    data_dir: Path, clock: FixedClock
) -> None:
    services = _open(data_dir, clock)
    _history(services, clock, 5)
    services.close()
    with unwritable(data_dir):
        services = _open_checked_early(data_dir, clock)
        try:
            assert services.read_only
            assert len(services.library.history(1)) == 2
        finally:
            services.close()


def test_the_early_check_of_a_good_database_opens_it(data_dir: Path, clock: FixedClock) -> None:
    services = _open(data_dir, clock)
    _history(services, clock, 4)
    services.close()
    services = _open_checked_early(data_dir, clock)
    try:
        assert not services.read_only
        services.study.rate(NewReview(3, Rating.EASY, 1))
        assert len(services.library.history(3)) == 2
    finally:
        services.close()
    assert start_check(data_dir / "no such file") is None
