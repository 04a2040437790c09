"""Automatic backups of the progress database, and putting one back.

A backup is made with SQLite's online backup API, never a file copy: a copy of the file taken
while a rating is being committed could hold half a transaction, while the backup API copies
a consistent snapshot. Each copy is checked (`PRAGMA quick_check`) before it gets its final
name, so what sits in `backups/` was intact when it was written.

Copies are thinned out like a grandfather-father-son rotation: the newest copy of each of the
last 7 days that have one, of the last 4 weeks and of the last 6 months is kept, the rest is
deleted. Files in the folder that this module did not name are never touched.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

from sqlalchemy import Engine

from studyapp.storage.database import CorruptDatabaseError, quick_check, read_only_uri

BACKUP_FOLDER = "backups"
BACKUP_INTERVAL = timedelta(minutes=30)
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 6

_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^deepstudy-(\d{8}-\d{6})\.sqlite3$")
_SIDECARS = ("-wal", "-shm")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime  # UTC
    reviews: int | None  # None: the copy cannot be read or fails SQLite's check

    @property
    def good(self) -> bool:
        return self.reviews is not None


def backups_dir(data_dir: Path) -> Path:
    return data_dir / BACKUP_FOLDER


def backup_name(made_at: datetime) -> str:
    return f"deepstudy-{made_at.astimezone(UTC).strftime(_STAMP)}.sqlite3"


def make_backup(engine: Engine, data_dir: Path, now: datetime) -> Path:
    """Copy the live database into `backups/`; raises CorruptDatabaseError if it is damaged."""
    folder = backups_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / backup_name(now)
    partial = target.with_name(target.name + ".partial")
    source = engine.raw_connection()
    try:
        raw = source.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        check = _copy(raw, partial)
    finally:
        source.close()
    if check != "ok":
        _remove(partial)
        raise CorruptDatabaseError(
            f"The progress database is damaged ({check}); no backup was made, so the good "
            "backups already in place are kept."
        )
    os.replace(partial, target)
    return target


def _copy(source: sqlite3.Connection, destination: Path) -> str:
    """Online-backup `source` into a new file at `destination`; returns its quick_check."""
    _remove(destination)
    target = sqlite3.connect(destination)
    try:
        source.backup(target)
        check = quick_check(target)
        # A single-file copy: the backup keeps the source's WAL flag, which would make every
        # later reader create -wal/-shm files beside it.
        target.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.DatabaseError as error:  # damage can stop the copy or the check itself
        return str(error)
    finally:
        target.close()
    return check


def list_backups(data_dir: Path) -> list[BackupInfo]:
    """Every backup, newest first, each opened read-only to check it and count its reviews."""
    return [BackupInfo(path, made_at, _review_count(path)) for path, made_at in _files(data_dir)]


def _files(data_dir: Path) -> list[tuple[Path, datetime]]:
    """The backups this module named, newest first, from their names alone (cheap)."""
    folder = backups_dir(data_dir)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match and path.is_file():
            found.append((path, datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)))
    return sorted(found, key=lambda item: item[1], reverse=True)


def describe_backup(backup: BackupInfo, zone: tzinfo) -> str:
    """'on 3 March 2026 at 09:30 (1,234 reviews)', for messages."""
    when = backup.made_at.astimezone(zone).strftime("%d %B %Y at %H:%M").lstrip("0")
    reviews = "unreadable" if backup.reviews is None else f"{backup.reviews:,} reviews"
    return f"on {when} ({reviews})"


def newest_good_backup(data_dir: Path) -> BackupInfo | None:
    return next((b for b in list_backups(data_dir) if b.good), None)


def _review_count(path: Path) -> int | None:
    try:
        raw = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error:
        return None
    try:
        if quick_check(raw) != "ok":
            return None
        return int(raw.execute("SELECT count(*) FROM reviews").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        raw.close()


def backups_to_keep(times: Iterable[datetime], zone: tzinfo) -> set[datetime]:
    """The newest time in each of the last KEEP_DAILY days, KEEP_WEEKLY weeks and
    KEEP_MONTHLY months (calendar periods in `zone`) that hold any time at all."""
    newest_first = sorted(times, reverse=True)
    periods: tuple[tuple[Callable[[datetime], Hashable], int], ...] = (
        (lambda t: t.date(), KEEP_DAILY),
        (lambda t: t.isocalendar()[:2], KEEP_WEEKLY),
        (lambda t: (t.year, t.month), KEEP_MONTHLY),
    )
    keep: set[datetime] = set()
    for period, count in periods:
        seen: list[Hashable] = []
        for moment in newest_first:
            key = period(moment.astimezone(zone))
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.append(key)
            keep.add(moment)
    return keep


def prune_backups(data_dir: Path, zone: tzinfo) -> list[Path]:
    """Delete the backups the rotation no longer needs; returns what was deleted."""
    backups = _files(data_dir)  # names only: pruning must stay cheap with a long history
    keep = backups_to_keep((made_at for _, made_at in backups), zone)
    removed = [path for path, made_at in backups if made_at not in keep]
    for path in removed:
        _remove(path)
    return removed


def backup_and_prune(engine: Engine, data_dir: Path, now: datetime, zone: tzinfo) -> Path:
    """What the app runs at start and every BACKUP_INTERVAL of use."""
    made = make_backup(engine, data_dir, now)
    prune_backups(data_dir, zone)
    return made


def set_aside(database: Path, label: str, now: datetime) -> Path:
    """Rename the database (and its -wal/-shm companions, which may hold recent commits) to
    `<name>.<label>-<UTC time>` in the same folder; nothing is deleted."""
    stamp = now.astimezone(UTC).strftime(_STAMP)
    aside = database.with_name(f"{database.name}.{label}-{stamp}")
    suffix = 1
    while aside.exists():
        suffix += 1
        aside = database.with_name(f"{database.name}.{label}-{stamp}-{suffix}")
    os.replace(database, aside)
    for sidecar in _SIDECARS:
        companion = database.with_name(database.name + sidecar)
        if companion.exists():
            os.replace(companion, aside.with_name(aside.name + sidecar))
    return aside


def restore_backup(backup: Path, database: Path, now: datetime) -> Path | None:
    """Put `backup` in place of `database`, which is first set aside (its new path is
    returned; None if there was none). The caller must have closed every connection."""
    source = sqlite3.connect(read_only_uri(backup), uri=True)
    partial = database.with_name(database.name + ".restoring")
    try:
        check = _copy(source, partial)
    finally:
        source.close()
    if check != "ok":
        _remove(partial)
        raise CorruptDatabaseError(f"The backup {backup.name} is damaged ({check}).")
    aside = set_aside(database, "before-restore", now) if database.exists() else None
    os.replace(partial, database)
    return aside


def _remove(path: Path) -> None:
    for candidate in (path, *(path.with_name(path.name + s) for s in _SIDECARS)):
        candidate.unlink(missing_ok=True)
