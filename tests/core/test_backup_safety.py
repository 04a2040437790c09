"""Backups and restores that the December 2026 reliability review broke (findings D2, D3, D4,
D6, C2, M1, M3): each test failed on ff8ef8c."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock
from studyapp.domain import NewReview, Rating
from studyapp.paths import DATABASE_FILE
from studyapp.storage import backups as backups_module
from studyapp.storage.backups import (
    backup_and_prune,
    backups_dir,
    list_backups,
    make_backup,
    newest_good_backup,
    prune_backups,
)
from studyapp.storage.database import (
    CorruptDatabaseError,
    NewerDatabaseError,
    WriteFailedError,
)
from studyapp.storage.recovery import RecoveryChoice, offer_recovery, recover
from tests.conftest import FIXTURE_CONTENT
from tests.core.damage import alter_index_key, truncate


def _rate(services: AppServices, count: int) -> None:
    for n in range(count):
        services.study.rate(NewReview(1 + n % 3, Rating.GOOD, 1000))


def _reviews(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as raw:
        return int(raw.execute("SELECT count(*) FROM reviews").fetchone()[0])


class Killed(BaseException):
    """Stands for a SIGKILL at one moment of a file operation: nothing after it runs."""


@contextmanager
def killed_at(step: int) -> Iterator[list[int]]:
    """Interrupt the `step`-th file-system call the backups module makes (rename, link, copy,
    flush); yields a one-item list holding how many calls were seen."""
    seen = [0]
    names = ("replace", "link", "fsync")
    originals = {name: getattr(os, name) for name in names}
    copyfile = shutil.copyfile

    def wrap(call: Callable[..., Any]) -> Callable[..., Any]:
        def interrupted(*args: Any, **kwargs: Any) -> Any:
            seen[0] += 1
            if seen[0] == step:
                raise Killed
            return call(*args, **kwargs)

        return interrupted

    try:
        for name in names:
            setattr(os, name, wrap(originals[name]))
        shutil.copyfile = wrap(copyfile)
        yield seen
    finally:
        for name in names:
            setattr(os, name, originals[name])
        shutil.copyfile = copyfile


# --- D2: the database file is never absent ---------------------------------------------------
def test_a_restore_interrupted_at_any_moment_leaves_a_database_in_place(
    services: AppServices,
) -> None:
    """D2: the old code renamed the database away before renaming the copy in; a kill in
    between left no database, and the next start silently began afresh."""
    _rate(services, 2)
    backup = make_backup(services.engine, services.data_dir, services.clock.now())
    _rate(services, 3)
    services.close()
    database = services.database_path
    step = 1
    while True:
        with killed_at(step) as seen:
            try:
                backups_module.restore_backup(backup, database, services.clock.now())
                finished = True
            except Killed:
                finished = False
        assert database.is_file(), f"no database after an interruption at step {step}"
        assert _reviews(database) in (5, 2)  # the old progress, whole, or the restored copy
        if finished:
            break
        step += 1
    assert _reviews(database) == 2 and seen[0] >= 3
    kept = [
        path
        for path in services.data_dir.glob("deepstudy.sqlite3.before-restore-*")
        if not path.name.endswith(("-wal", "-shm"))
    ]
    assert kept and max(_reviews(p) for p in kept) == 5


def test_a_recovery_interrupted_at_any_moment_leaves_a_database_in_place(
    services: AppServices,
) -> None:
    """D2: 'Continue from the backup' killed half-way left no database (28 of 30 kills)."""
    _rate(services, 4)
    make_backup(services.engine, services.data_dir, services.clock.now())
    services.close()
    database = services.database_path
    truncate(database)
    damaged = database.read_bytes()
    step = 1
    while True:
        offer = offer_recovery(database, "damaged")
        assert offer.backup is not None
        with killed_at(step), suppress(Killed):
            recover(offer, RecoveryChoice.BACKUP, services.clock.now())
        assert database.is_file(), f"no database after an interruption at step {step}"
        if database.read_bytes() != damaged:  # the copy is in place (perhaps not yet flushed)
            break
        step += 1
    assert _reviews(database) == 4 and step >= 3
    kept = [path.read_bytes() for path in services.data_dir.glob("deepstudy.sqlite3.damaged-*")]
    assert damaged in kept


# --- D3: a newer or incomplete backup is refused before anything is replaced -----------------
def _doctored_backup(services: AppServices, sql: str) -> Path:
    backup = make_backup(services.engine, services.data_dir, services.clock.now())
    with sqlite3.connect(backup) as raw:
        raw.execute(sql)
    return backup


def test_a_backup_from_a_newer_version_is_not_offered_and_not_restored(
    services: AppServices,
) -> None:
    """D3: it was listed as good, put in place, reported as 'not restored', and the app kept
    writing into it."""
    _rate(services, 3)
    backup = _doctored_backup(services, "UPDATE alembic_version SET version_num='0099'")
    [info] = list_backups(services.data_dir)
    assert not info.good and info.problem is not None and "newer" in info.problem
    assert newest_good_backup(services.data_dir) is None
    with pytest.raises(NewerDatabaseError):
        services.restore(backup)
    services.study.rate(NewReview(1, Rating.EASY, 5))  # the services still use the real file
    assert _reviews(services.database_path) == 4
    assert not list(services.data_dir.glob("*.before-restore-*"))


def test_a_backup_missing_a_table_is_refused(services: AppServices) -> None:
    """D3: a copy without its cards table was restored and crashed the next start (C1)."""
    _rate(services, 2)
    backup = _doctored_backup(services, "DROP TABLE cards")
    assert not list_backups(services.data_dir)[0].good
    with pytest.raises(CorruptDatabaseError, match="cards"):
        services.restore(backup)
    assert _reviews(services.database_path) == 2
    assert services.study.states()  # still working on the real file


# --- D4: a wrong clock never deletes the newest copy, nor prefers a stale one ---------------
def _daily_backups(services: AppServices, clock: FixedClock, days: int) -> None:
    for _ in range(days):
        _rate(services, 1)
        backup_and_prune(services.engine, services.data_dir, clock.now(), UTC)
        clock.advance(timedelta(days=1))


def test_a_clock_set_back_keeps_every_new_backup(data_dir: Path) -> None:
    """D4: with the clock a year behind, each new copy sorted older than every rotation slot
    and was deleted right after it was made, while backup() reported it made."""
    clock = FixedClock(datetime(2026, 1, 1, 12, tzinfo=UTC))
    services = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    _daily_backups(services, clock, 60)
    clock.set(datetime(2025, 1, 1, 12, tzinfo=UTC))
    for _ in range(3):
        _rate(services, 1)
        made = services.backup()
        assert made.exists()
        newest = newest_good_backup(data_dir)
        assert newest is not None and newest.path == made and newest.reviews == 60 + 1 + _
        clock.advance(timedelta(days=1))
    services.close()


def test_a_clock_set_ahead_once_does_not_make_a_stale_copy_the_newest(data_dir: Path) -> None:
    """D4: a backup dated 2036 stayed 'newest' and recovery went back to its 2 reviews
    although a 92-review copy was there."""
    clock = FixedClock(datetime(2026, 3, 1, 12, tzinfo=UTC))
    services = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    _rate(services, 2)
    clock.set(datetime(2036, 3, 1, 12, tzinfo=UTC))
    stale = services.backup()
    clock.set(datetime(2026, 3, 2, 12, tzinfo=UTC))
    _daily_backups(services, clock, 10)
    services.close()
    newest = newest_good_backup(data_dir)
    assert newest is not None and newest.reviews == 12
    assert not stale.exists()  # it held no rotation slot, and newer history exists
    truncate(data_dir / DATABASE_FILE)
    offer = offer_recovery(data_dir / DATABASE_FILE, "damaged")
    assert offer.backup is not None and offer.backup.reviews == 12


def test_two_backups_in_the_same_second_keep_both(services: AppServices) -> None:
    """D4: a clock that went back to a second already used overwrote that copy."""
    _rate(services, 1)
    first = make_backup(services.engine, services.data_dir, services.clock.now())
    _rate(services, 1)
    second = make_backup(services.engine, services.data_dir, services.clock.now())
    assert first != second and _reviews(first) == 1 and _reviews(second) == 2


# --- D6: damage that quick_check misses makes no backup ---------------------------------------
def test_index_damage_makes_no_backup_and_keeps_the_good_one(
    services: AppServices, clock: FixedClock
) -> None:
    """D6: an altered index key passed quick_check; the day's 'checked' copy of it then pushed
    the day's good copy out of the rotation, and Restore listed it as good."""
    _rate(services, 30)
    good = services.backup()
    services.close()
    alter_index_key(services.database_path)
    reopened = build_services(services.data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    clock.advance(timedelta(hours=1))
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        reopened.backup()
    reopened.close()
    assert [b.path for b in list_backups(services.data_dir)] == [good]
    # A damaged copy already in the folder (made by an older version) is not listed as good.
    damaged = backups_dir(services.data_dir) / "deepstudy-20260310-100000.sqlite3"
    damaged.write_bytes(services.database_path.read_bytes())
    listed = {b.path: b.good for b in list_backups(services.data_dir)}
    assert listed == {good: True, damaged: False}


# --- C2: a junk name with an impossible date -------------------------------------------------
def test_a_backup_name_with_an_impossible_date_is_ignored(services: AppServices) -> None:
    """C2: deepstudy-20260230-... raised ValueError in recovery, pruning, Restore and
    rebuild; every automatic backup then died before pruning, leaving full copies behind."""
    folder = backups_dir(services.data_dir)
    folder.mkdir()
    junk = folder / "deepstudy-20260230-120000.sqlite3"
    junk.write_text("junk")
    _rate(services, 2)
    made = services.backup()
    assert [b.path for b in list_backups(services.data_dir)] == [made]  # junk: not listed
    assert prune_backups(services.data_dir, UTC, services.clock.now()) == []
    services.rebuild_schedule()
    assert junk.exists()  # not ours to delete
    services.close()
    truncate(services.database_path)
    offer = offer_recovery(services.database_path, "damaged")
    assert offer.backup is not None and offer.backup.path != junk and offer.backup.reviews == 2


# --- M1: a full disk is not damage; M3: killed copies are cleaned up --------------------------
def test_a_backup_that_cannot_be_written_is_not_reported_as_damage(
    services: AppServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    """M1: a full disk during a backup said 'the progress database is damaged'."""
    _rate(services, 1)

    def disk_full(*_args: Any, **_kwargs: Any) -> None:
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorname = "SQLITE_FULL"
        raise error

    monkeypatch.setattr(backups_module, "integrity_check", disk_full, raising=False)
    with pytest.raises(WriteFailedError, match="could not be written") as raised:
        services.backup()
    assert not isinstance(raised.value, CorruptDatabaseError)
    assert not list(backups_dir(services.data_dir).iterdir())  # no partial copy left


def test_copies_left_by_a_killed_backup_are_removed(services: AppServices) -> None:
    """M3: 120 kills during backups left 102 '.partial' copies, 1.1 GB, for ever."""
    folder = backups_dir(services.data_dir)
    folder.mkdir()
    leftovers = [folder / "deepstudy-20260301-120000.sqlite3.partial"]
    leftovers += [leftovers[0].with_name(leftovers[0].name + s) for s in ("-wal", "-journal")]
    for path in leftovers:
        path.write_bytes(b"x" * 4096)
    mine = folder / "my-notes.partial"
    mine.write_text("not ours")
    services.backup()
    assert not any(path.exists() for path in leftovers)
    assert mine.exists()


def test_a_copy_left_by_a_killed_restore_is_removed(services: AppServices) -> None:
    """D2: a restore killed half-way left a full `.restoring` copy in the data folder."""
    leftover = services.data_dir / "deepstudy.sqlite3.restoring"
    leftover.write_bytes(b"x" * 4096)
    services.backup()
    assert not leftover.exists()
    assert services.database_path.is_file()
