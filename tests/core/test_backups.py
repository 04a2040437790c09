"""Guarantee 2: automatic backups, made consistently, thinned out, and restorable."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock
from studyapp.domain import NewReview, Rating
from studyapp.storage import backups as backups_module
from studyapp.storage.backups import (
    BackupCancelled,
    backup_and_prune,
    backup_name,
    backups_dir,
    backups_to_keep,
    list_backups,
    make_backup,
    newest_good_backup,
    prune_backups,
)
from studyapp.storage.database import CorruptDatabaseError, full_check_mark
from tests.conftest import FIXTURE_CONTENT
from tests.core.damage import break_table_page


def _rate(services: AppServices, count: int) -> None:
    for n in range(count):
        services.study.rate(NewReview(1 + n % 3, Rating.GOOD, 1000))


def test_a_backup_is_an_intact_copy_with_the_reviews(services: AppServices) -> None:
    _rate(services, 5)
    services.library.set_note(2, "kept in the copy")
    path = make_backup(services.engine, services.data_dir, services.clock.now())
    assert path.parent == services.data_dir / "backups"
    with sqlite3.connect(path) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM reviews").fetchone() == (5,)
        assert copy.execute("SELECT note FROM annotations").fetchone() == ("kept in the copy",)
    [info] = list_backups(services.data_dir)
    assert (info.path, info.made_at, info.reviews) == (path, services.clock.now(), 5)


def test_backup_while_ratings_are_committed_is_consistent(
    services: AppServices, clock: FixedClock
) -> None:
    """The online backup API copies a snapshot: a backup taken while another connection
    keeps committing never holds a review without its card, nor a broken page."""
    stop = threading.Event()
    writer = build_services(services.data_dir, clock=clock, content_root=FIXTURE_CONTENT)

    def keep_rating() -> None:
        while not stop.is_set():
            writer.study.rate(NewReview(2, Rating.HARD, 10))

    thread = threading.Thread(target=keep_rating)
    thread.start()
    try:
        copies = []
        for second in range(10):
            copies.append(make_backup(services.engine, services.data_dir, clock.now()))
            clock.advance(timedelta(seconds=1 + second))
    finally:
        stop.set()
        thread.join()
        writer.close()
    for path in copies:
        with sqlite3.connect(path) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            reviews, reps = copy.execute(
                "SELECT (SELECT count(*) FROM reviews WHERE question_id=2),"
                " coalesce((SELECT reps FROM cards WHERE question_id=2), 0)"
            ).fetchone()
            assert reviews == reps  # each review arrived together with its card update


def test_rotation_keeps_7_daily_4_weekly_6_monthly() -> None:
    zone = ZoneInfo("Europe/Paris")
    start = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
    # Every 30 minutes of 4 hours a day, every day for a year.
    times = [
        start + timedelta(days=day, minutes=30 * slot) for day in range(365) for slot in range(8)
    ]
    keep = backups_to_keep(times, zone)
    newest = max(times)
    local_days = {t.astimezone(zone).date() for t in keep}
    weeks = {t.astimezone(zone).isocalendar()[:2] for t in keep}
    months = {(t.year, t.month) for t in (k.astimezone(zone) for k in keep)}
    assert newest in keep
    # The last 7 days each keep their newest copy...
    last_days = sorted({t.astimezone(zone).date() for t in times})[-7:]
    for day in last_days:
        assert max(t for t in times if t.astimezone(zone).date() == day) in keep
    # ...and together with the weekly and monthly copies that is all: at most 7 + 4 + 6.
    assert len(keep) <= 17
    assert len(months) == 6 and len(weeks) >= 4 and len(local_days) == len(keep)
    # Stable: thinning what was kept keeps it all.
    assert backups_to_keep(keep, zone) == keep


def test_prune_deletes_only_what_rotation_drops(services: AppServices) -> None:
    folder = backups_dir(services.data_dir)
    made = []
    moment = datetime(2026, 1, 1, 12, tzinfo=UTC)
    for _ in range(40):  # one copy a day for 40 days
        made.append(make_backup(services.engine, services.data_dir, moment))
        moment += timedelta(days=1)
    stranger = folder / "my-own-copy.sqlite3"
    stranger.write_bytes(b"not ours")
    removed = prune_backups(services.data_dir, UTC, moment)
    left = {b.path for b in list_backups(services.data_dir)}
    assert left | set(removed) == set(made)
    assert set(made[-7:]) <= left
    assert len(left) <= 17 and len(left) < 40
    assert stranger.exists()  # never touch a file we did not name


def test_backup_of_a_damaged_database_is_refused_and_old_backups_kept(
    services: AppServices,
) -> None:
    _rate(services, 3)
    good = make_backup(services.engine, services.data_dir, services.clock.now())
    services.close()
    break_table_page(services.database_path)
    later = services.clock.now() + timedelta(days=1)
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        backup_and_prune(services.engine, services.data_dir, later, UTC)
    assert [b.path for b in list_backups(services.data_dir)] == [good]
    assert not (backups_dir(services.data_dir) / (backup_name(later) + ".partial")).exists()


def test_restore_sets_the_current_database_aside_and_brings_back_the_copy(
    services: AppServices,
) -> None:
    _rate(services, 2)
    services.library.set_starred(3, True)
    backup = make_backup(services.engine, services.data_dir, services.clock.now())
    _rate(services, 4)
    services.library.set_note(1, "written after the backup")
    assert newest_good_backup(services.data_dir) is not None
    aside = services.restore(backup)
    assert aside is not None and aside.parent == services.data_dir
    assert aside.name.startswith("deepstudy.sqlite3.before-restore-")
    # The restored progress is live through the very same services object.
    assert len(services.library.history(1)) + len(services.library.history(2)) == 2
    assert services.library.starred() == {3}
    assert services.library.note(1) == ""
    assert services.library.search("written after") == []
    services.study.rate(NewReview(2, Rating.EASY, 5))  # and it can be written to
    # The set-aside database still holds everything written before the restore.
    with sqlite3.connect(aside) as before:
        assert before.execute("SELECT count(*) FROM reviews").fetchone() == (6,)
        assert before.execute("SELECT note FROM annotations WHERE question_id=1").fetchone() == (
            "written after the backup",
        )


def _no_trace_of_a_copy(services: AppServices, kept: list[Path]) -> None:
    assert [b.path for b in list_backups(services.data_dir)] == kept
    # each kept copy may have its .files.zip companion; nothing else (no .partial) is left
    names = {p.name for p in backups_dir(services.data_dir).iterdir()}
    assert {name for name in names if not name.endswith(".files.zip")} == {p.name for p in kept}
    assert not full_check_mark(services.database_path).exists()  # not taken for damage


def test_a_backup_called_off_while_copying_leaves_nothing_and_keeps_the_last(
    services: AppServices,
) -> None:
    """Quitting calls off a backup under way (ui/data_safety.BackupScheduler.stop)."""
    _rate(services, 3)
    good = make_backup(services.engine, services.data_dir, services.clock.now())
    with services.engine.begin() as connection:  # a file of many copy steps
        connection.exec_driver_sql("CREATE TABLE padding (blob BLOB)")
        connection.exec_driver_sql("INSERT INTO padding VALUES (zeroblob(4000000))")
    cancel = threading.Event()
    cancel.set()
    later = services.clock.now() + timedelta(days=1)
    with pytest.raises(BackupCancelled):
        backup_and_prune(services.engine, services.data_dir, later, UTC, cancel)
    _no_trace_of_a_copy(services, [good])


def test_a_backup_called_off_during_its_check_is_not_taken_for_damage(
    services: AppServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    cancel = threading.Event()

    def check_then_quit(connection: sqlite3.Connection) -> str:
        cancel.set()  # the person quits while the copy is being checked
        return real_check(connection)

    real_check = backups_module.integrity_check
    monkeypatch.setattr(backups_module, "integrity_check", check_then_quit)
    with pytest.raises(BackupCancelled):
        make_backup(services.engine, services.data_dir, services.clock.now(), cancel)
    _no_trace_of_a_copy(services, [])
    cancel.clear()
    monkeypatch.setattr(backups_module, "integrity_check", real_check)
    assert make_backup(services.engine, services.data_dir, services.clock.now(), cancel).exists()


def test_a_backup_counts_reviews_as_the_dashboard_does(services: AppServices) -> None:
    """gui.md 22: the restore list said 12 reviews where the dashboard said 11, counting the
    follow-up drill answer the dashboard leaves out."""
    from studyapp.domain import ReviewMode

    _rate(services, 3)
    services.study.rate(NewReview(1, Rating.GOOD, 1000, ReviewMode.FOLLOW_UP))
    make_backup(services.engine, services.data_dir, services.clock.now())
    [info] = list_backups(services.data_dir)
    assert info.reviews == services.progress.dashboard().reviews_done == 3


def test_counts_in_words_separate_thousands() -> None:
    from studyapp.wording import plural

    assert (plural(3053, "review"), plural(1, "day"), plural(0, "day")) == (
        "3,053 reviews",
        "1 day",
        "0 days",
    )
