"""Automatic backups of the progress database, and putting one back.

A backup is made with SQLite's online backup API, never a file copy: a copy of the file taken
while a rating is being committed could hold half a transaction, while the backup API copies
a consistent snapshot. Each copy gets SQLite's full `integrity_check` (indexes against their
tables too) before it gets its final name, so what sits in `backups/` was intact when it was
written, and a damaged database makes no copy that could push out a good one.

Copies are thinned out like a grandfather-father-son rotation: the newest copy of each of the
last 7 days that have one, of the last 4 weeks and of the last 6 months is kept, the rest is
deleted. The clock can be wrong, so it decides neither what is newest nor what survives on its
own: copies are ordered by the reviews they hold (the log only grows, whatever the clock says),
the copy just made and the one holding the most recent reviews are never deleted, and a copy
dated in the future holds no slot. Files in the folder that this module did not name are never
touched, except the unfinished `.partial` copies it left itself.

Putting a copy back never leaves the folder without a database: the copy is written and
checked beside it, flushed to disk, and then renamed over the old name in one step, after the
old file has been kept under another name.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import threading
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

from sqlalchemy import Engine

from studyapp.storage import own_backup
from studyapp.storage.database import (
    CorruptDatabaseError,
    NewerDatabaseError,
    WriteFailedError,
    full_check_mark,
    integrity_check,
    read_only_uri,
    schema_state,
)

BACKUP_FOLDER = "backups"
BACKUP_INTERVAL = timedelta(minutes=30)
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 6
# A copy dated further ahead than this was made while the clock was wrong.
CLOCK_TOLERANCE = timedelta(days=1)

_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^deepstudy-(\d{8}-\d{6})\.sqlite3$")
_PARTIAL = re.compile(r"^deepstudy-\d{8}-\d{6}\.sqlite3\.partial(-wal|-shm|-journal|-files\.zip)?$")
_SIDECARS = ("-wal", "-shm")
RESTORING = "deepstudy.sqlite3.restoring"
# SQLite's wording for the failures that say nothing about the database itself.
# How often a copy under way looks whether it was called off: every this many pages copied,
# and every this many SQLite instructions of its integrity check (about a millisecond).
_PAGES_PER_STEP = 256
_CHECK_EVERY = 20_000


class BackupCancelled(Exception):
    """The copy was called off (the app is quitting); nothing was written in backups/."""


_NOT_DAMAGE = ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime  # UTC, from the name: what the clock said when it was made
    reviews: int | None  # None: the copy cannot be read or fails SQLite's check
    problem: str | None = None  # why it cannot be restored although it reads (a newer copy)
    latest_review: int = 0  # the newest review id it holds: its place in the history

    @property
    def good(self) -> bool:
        return self.reviews is not None and self.problem is None


def backups_dir(data_dir: Path) -> Path:
    return data_dir / BACKUP_FOLDER


def backup_name(made_at: datetime) -> str:
    return f"deepstudy-{made_at.astimezone(UTC).strftime(_STAMP)}.sqlite3"


def make_backup(
    engine: Engine, data_dir: Path, now: datetime, cancel: threading.Event | None = None
) -> Path:
    """Copy the live database into `backups/`; raises CorruptDatabaseError if it is damaged
    and WriteFailedError if the copy could not be written (a full disk is not damage).
    Setting `cancel` stops a copy under way within a few milliseconds (BackupCancelled): at
    100,000 reviews the copy and its check take 0.2 s, which quitting used to wait for."""
    folder = backups_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    remove_partial_copies(data_dir)
    # What a restore killed half-way leaves (the database itself was never touched by it).
    _remove(data_dir / RESTORING)
    target = _free_name(folder / backup_name(now))
    partial = target.with_name(target.name + ".partial")
    source = engine.raw_connection()
    try:
        raw = source.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        check = _copy(raw, partial, cancel)
    except BaseException:
        _remove(partial)
        raise
    finally:
        source.close()
    if check != "ok":
        _remove(partial)
        with contextlib.suppress(OSError):  # the next start then offers the backups
            full_check_mark(Path(str(engine.url.database))).touch()
        raise CorruptDatabaseError(
            f"The progress database is damaged ({check}); no backup was made, so the good "
            "backups already in place are kept."
        )
    try:  # the learner's own questions and pictures, complete before the copy is listed
        files = own_backup.write_archive(data_dir, partial)
    except OSError as error:
        _remove(partial)
        raise WriteFailedError(f"The backup of your own questions failed ({error}).") from error
    own_backup.finish_archive(files, target)
    os.replace(partial, target)
    _sync_folder(folder)
    return target


def _free_name(target: Path) -> Path:
    """`target`, or the same name a second later if a copy already has it (two backups in one
    second, or a clock that went back): a new copy never replaces an older one."""
    match = _NAME.match(target.name)
    while target.exists() and match:
        stamp = datetime.strptime(match.group(1), _STAMP) + timedelta(seconds=1)
        target = target.with_name(f"deepstudy-{stamp.strftime(_STAMP)}.sqlite3")
        match = _NAME.match(target.name)
    return target


def remove_partial_copies(data_dir: Path) -> list[Path]:
    """Delete the unfinished copies a killed backup left behind (each as big as the database:
    a hundred kills once left 1.1 GB). Only one DeepStudy runs per data folder (the lock in
    storage.instance_lock), and its own backups run one at a time, so none is in progress."""
    folder = backups_dir(data_dir)
    try:
        found = [path for path in folder.iterdir() if _PARTIAL.match(path.name)]
    except OSError:
        return []
    for path in found:
        path.unlink(missing_ok=True)
    return found


def _copy(
    source: sqlite3.Connection, destination: Path, cancel: threading.Event | None = None
) -> str:
    """Online-backup `source` into a new file at `destination`, flushed to disk; returns its
    integrity_check. Raises WriteFailedError when the copy could not be written, and
    BackupCancelled once `cancel` is set."""
    _remove(destination)
    target = sqlite3.connect(destination)

    def stop_if_cancelled(*_progress: int) -> int:
        if cancel is not None and cancel.is_set():
            raise BackupCancelled  # from the copy's progress callback: the copy is abandoned
        return 0

    if cancel is not None:  # the check is one statement: SQLite's progress handler ends it
        target.set_progress_handler(lambda: int(cancel.is_set()), _CHECK_EVERY)
    try:
        source.backup(target, pages=_PAGES_PER_STEP, progress=stop_if_cancelled)
        check = integrity_check(target)
        stop_if_cancelled()
        # A single-file copy: the backup keeps the source's WAL flag, which would make every
        # later reader create -wal/-shm files beside it.
        target.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.DatabaseError as error:  # damage can stop the copy or the check itself
        if cancel is not None and cancel.is_set():
            raise BackupCancelled from error  # interrupted: says nothing about damage
        name = getattr(error, "sqlite_errorname", "") or ""
        if name.startswith(_NOT_DAMAGE):
            raise WriteFailedError(f"The backup could not be written ({error}).") from error
        return str(error)
    finally:
        target.close()
    _fsync(destination)
    return check


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no directory handles)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def list_backups(
    data_dir: Path, progress: Callable[[int, int], None] | None = None
) -> list[BackupInfo]:
    """Every backup, newest history first, each opened read-only, fully checked and its
    reviews counted; `progress(done, total)` follows the checks (seconds at 1M reviews)."""
    files = _files(data_dir)
    found = []
    for done, (path, made_at) in enumerate(files):
        found.append(_inspect_backup(path, made_at))
        if progress is not None:
            progress(done + 1, len(files))
    return _history_order(found)


def _history_order(backups: Iterable[BackupInfo]) -> list[BackupInfo]:
    """Newest first by the reviews they hold, then by name: the clock cannot reorder them."""
    return sorted(backups, key=lambda b: (b.latest_review, b.made_at), reverse=True)


def _files(data_dir: Path) -> list[tuple[Path, datetime]]:
    """The backups this module named, newest name first, from their names alone (cheap).
    A name that looks like ours but holds no real date (a 30 February) is not ours."""
    folder = backups_dir(data_dir)
    try:
        entries = list(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return []
    found = []
    for path in entries:
        match = _NAME.match(path.name)
        if not match:
            continue
        try:
            made_at = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
            if not path.is_file():
                continue
        except (ValueError, OSError):
            continue
        found.append((path, made_at))
    return sorted(found, key=lambda item: item[1], reverse=True)


def describe_backup(backup: BackupInfo, zone: tzinfo) -> str:
    """'on 3 March 2026 at 09:30 (1,234 reviews)', for messages."""
    when = backup.made_at.astimezone(zone).strftime("%d %B %Y at %H:%M").lstrip("0")
    reviews = "unreadable" if backup.reviews is None else f"{backup.reviews:,} reviews"
    return f"on {when} ({reviews})"


def newest_good_backup(data_dir: Path) -> BackupInfo | None:
    return next((b for b in list_backups(data_dir) if b.good), None)


def _inspect_backup(path: Path, made_at: datetime) -> BackupInfo:
    damaged = BackupInfo(path, made_at, None)
    try:
        raw = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error:
        return damaged
    try:
        if integrity_check(raw) != "ok":
            return damaged
        state = schema_state(raw)
        if state.problem is not None and not state.newer:
            return damaged
        count, latest = raw.execute(_COUNT_REVIEWS).fetchone()
        problem = "made by a newer version of DeepStudy" if state.newer else None
        return BackupInfo(path, made_at, int(count), problem, int(latest))
    except (sqlite3.Error, TypeError, ValueError):
        return damaged
    finally:
        raw.close()


# Reviews as the dashboard counts them: follow-up drill answers are practice, counted in no
# figure (a copy listed "12 reviews" where the dashboard said 11: gui.md 22). The log's last
# id still places the copy in the history.
_COUNT_REVIEWS = "SELECT coalesce(sum(mode != 'follow-up'), 0), coalesce(max(id), 0) FROM reviews"


def _latest_review(path: Path) -> int:
    """The newest review id in a copy, cheaply (no check): where it sits in the history."""
    try:
        raw = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error:
        return 0
    try:
        return int(raw.execute("SELECT coalesce(max(id), 0) FROM reviews").fetchone()[0])
    except (sqlite3.Error, TypeError, ValueError):
        return 0
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


def prune_backups(
    data_dir: Path, zone: tzinfo, now: datetime, just_made: Path | None = None
) -> list[Path]:
    """Delete the backups the rotation no longer needs; returns what was deleted.

    Never deleted: `just_made`, and the copy holding the most recent reviews (a clock set
    back made every new copy look older than the rotation's slots). A copy dated in the
    future holds no slot (a clock set ahead once kept its stale copy "newest" for years).
    Copies are only ever written after passing integrity_check, so what is kept was good."""
    backups = _files(data_dir)  # names and one indexed max() each: cheap with any history
    if not backups:
        return []
    latest = {path: _latest_review(path) for path, _ in backups}
    newest_history = max(backups, key=lambda item: (latest[item[0]], item[1]))[0]
    protected = {newest_history, just_made}
    in_time = [(path, made) for path, made in backups if made <= now + CLOCK_TOLERANCE]
    keep = backups_to_keep((made for _, made in in_time), zone)
    removed = [
        path
        for path, made in backups
        if path not in protected and not (made in keep and (path, made) in in_time)
    ]
    for path in removed:
        _remove(path)
    return removed


def backup_and_prune(
    engine: Engine,
    data_dir: Path,
    now: datetime,
    zone: tzinfo,
    cancel: threading.Event | None = None,
) -> Path:
    """What the app runs at start and every BACKUP_INTERVAL of use."""
    made = make_backup(engine, data_dir, now, cancel)
    prune_backups(data_dir, zone, now, just_made=made)
    return made


def set_aside(database: Path, label: str, now: datetime) -> Path:
    """Rename the database (and its -wal/-shm companions, which may hold recent commits) to
    `<name>.<label>-<UTC time>` in the same folder; nothing is deleted."""
    aside = _aside_name(database, label, now)
    os.replace(database, aside)
    _move_sidecars(database, aside)
    full_check_mark(database).unlink(missing_ok=True)
    return aside


def _aside_name(database: Path, label: str, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime(_STAMP)
    aside = database.with_name(f"{database.name}.{label}-{stamp}")
    suffix = 1
    while aside.exists():
        suffix += 1
        aside = database.with_name(f"{database.name}.{label}-{stamp}-{suffix}")
    return aside


def _move_sidecars(database: Path, aside: Path) -> None:
    for sidecar in _SIDECARS:
        companion = database.with_name(database.name + sidecar)
        if companion.exists():
            os.replace(companion, aside.with_name(aside.name + sidecar))


def check_restorable(backup: Path) -> None:
    """Raise unless `backup` is a copy this version can continue from: intact, every table
    present, and not written by a newer DeepStudy (whose file would be put in place and then
    refused, with the app still writing into it)."""
    try:
        raw = sqlite3.connect(read_only_uri(backup), uri=True)
        try:
            check = integrity_check(raw)
            state = schema_state(raw) if check == "ok" else None
        finally:
            raw.close()
    except sqlite3.Error as error:
        raise CorruptDatabaseError(f"The backup {backup.name} cannot be read ({error}).") from error
    if state is None:
        raise CorruptDatabaseError(f"The backup {backup.name} is damaged ({check}).")
    if state.newer:
        raise NewerDatabaseError(
            f"The backup {backup.name} was made by a newer version of DeepStudy; this version "
            "cannot continue from it. Nothing was changed."
        )
    if state.problem is not None or state.revision is None:
        raise CorruptDatabaseError(
            f"The backup {backup.name} is damaged: {state.problem or 'it holds no progress'}."
        )


def restore_backup(
    backup: Path,
    database: Path,
    now: datetime,
    label: str = "before-restore",
    damaged: bool = False,
) -> Path | None:
    """Put `backup` in place of `database`, which is kept as `<name>.<label>-<time>` (that
    path is returned; None if there was none). The caller must have closed every connection.
    A `damaged` database is not opened at all: its -wal is kept beside it as it is.

    The database file is never absent, so a kill at any moment leaves either the old file or
    the restored one under its name: the copy is written and checked as `.restoring`, flushed,
    the old file is kept by a hard link (or a copy where links are not possible), and then one
    rename puts the copy in place."""
    check_restorable(backup)
    partial = database.with_name(database.name + ".restoring")
    source = sqlite3.connect(read_only_uri(backup), uri=True)
    try:
        check = _copy(source, partial)
    finally:
        source.close()
    if check != "ok":
        _remove(partial)
        raise CorruptDatabaseError(f"The backup {backup.name} is damaged ({check}).")
    aside = None
    if database.exists():
        if not damaged:
            _fold_wal(database)
        aside = _aside_name(database, label, now)
        _keep_a_copy(database, aside)
        # A -wal left beside the old file would be replayed into the restored one.
        _move_sidecars(database, aside)
    os.replace(partial, database)
    _sync_folder(database.parent)
    full_check_mark(database).unlink(missing_ok=True)  # the copy in place passed the check
    # The own questions and pictures of that moment, after the database (the part that
    # matters most); the current folders are kept beside them, as the database was.
    own_backup.restore_archive(backup, database.parent, now, label)
    return aside


def _fold_wal(database: Path) -> None:
    """Move a healthy database's recent commits from its -wal into the file itself, so that
    the file alone is the whole of it; a damaged one keeps its -wal, moved beside it."""
    try:
        raw = sqlite3.connect(database)
        try:
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raw.execute("PRAGMA journal_mode=DELETE")
        finally:
            raw.close()
    except sqlite3.Error:
        pass


def _keep_a_copy(database: Path, aside: Path) -> None:
    try:
        os.link(database, aside)
    except OSError:  # a file system without hard links (FAT, some network shares)
        shutil.copyfile(database, aside)
        _fsync(aside)


def _remove(path: Path) -> None:
    """A copy and everything that goes with it (its own questions' archive included)."""
    suffixes = (*_SIDECARS, "-journal", own_backup.ARCHIVE_SUFFIX, own_backup.PARTIAL_SUFFIX)
    for candidate in (path, *(path.with_name(path.name + s) for s in suffixes)):
        candidate.unlink(missing_ok=True)
