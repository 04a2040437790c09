"""Data safety as the person sees it: a rating that could not be saved is reported and the
quiz stays put; File > Restore backup and Rebuild schedule; the damaged-file dialog; a newer
database refused with a message. Real database files throughout."""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from studyapp.app import AppServices, build_services, run
from studyapp.clock import FixedClock
from studyapp.domain import NewReview, Rating
from studyapp.paths import DATABASE_FILE
from studyapp.storage.backups import list_backups, make_backup
from studyapp.storage.database import WriteFailedError
from studyapp.storage.recovery import RecoveryChoice, offer_recovery
from studyapp.ui.data_safety import (
    BackupScheduler,
    RestoreBackupDialog,
    install_storage_error_hook,
)
from studyapp.ui.recovery_dialog import RecoveryDialog, recover_interactively
from tests.conftest import FIXTURE_CONTENT
from tests.core.damage import random_bytes
from tests.core.test_reliability_storage import fill_the_disk, unwritable
from tests.ui.conftest import WindowFactory

Handler = Callable[[QWidget], None]
# Message boxes on the offscreen platform log this harmless warning when they open.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def answer_modals(handlers: list[Handler], seen: list[str]) -> QTimer:
    """Deal with the modal dialogs that come up, in order, as a person would."""
    timer = QTimer()

    def poll() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or not handlers:
            return
        seen.append(modal.text() if isinstance(modal, QMessageBox) else modal.windowTitle())
        handlers.pop(0)(modal)

    timer.timeout.connect(poll)
    timer.start(30)
    return timer


def press(label: str) -> Handler:
    def handler(modal: QWidget) -> None:
        for button in modal.findChildren(QPushButton):
            if button.text().replace("&", "") == label:
                button.click()
                return
        raise AssertionError(f"no button {label!r} in {modal.windowTitle()}")

    return handler


def test_a_rating_that_cannot_be_saved_is_reported_and_not_skipped(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    window.show_page(1)
    quiz = window.quiz
    quiz.start_setup(replace(quiz.setup.current(), limit=3))
    quiz.reveal()
    first = quiz.question
    assert first is not None
    free = fill_the_disk(services.engine)
    seen: list[str] = []
    timer = answer_modals([press("OK")], seen)
    # A few ratings may still fit on the file's free pages; the first that does not must
    # be reported, and the quiz must stay on that question with its answer shown.
    for _ in range(60):
        current = quiz.question
        quiz.card.typed_text = "my long answer " * 400  # needs a new page
        quiz.rate(Rating.GOOD)
        if seen:
            break
        if quiz.stack.currentWidget() is not quiz.card:
            quiz.start_setup(replace(quiz.setup.current(), limit=3))
        quiz.reveal()
    timer.stop()
    assert seen and "was not saved" in seen[0]
    assert quiz.question is current and quiz.revealed
    count = len(services.library.history(current.id)) if current else -1
    free()
    quiz.rate(Rating.GOOD)  # room again: the same rating now goes through and moves on
    assert current is not None and len(services.library.history(current.id)) == count + 1
    assert quiz.question is not current or quiz.stack.currentWidget() is not quiz.card


def test_restore_backup_from_the_file_menu(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    services.study.rate(NewReview(1, Rating.GOOD, 10))
    make_backup(services.engine, services.data_dir, clock.now())  # 1 review
    clock.advance(timedelta(days=1))
    services.study.rate(NewReview(2, Rating.AGAIN, 10))
    make_backup(services.engine, services.data_dir, clock.now())  # 2 reviews
    services.study.rate(NewReview(3, Rating.EASY, 10))
    window = make_window(services)
    seen: list[str] = []

    def choose_older(modal: QWidget) -> None:
        assert isinstance(modal, RestoreBackupDialog)
        rows = [modal.table.topLevelItem(i) for i in range(modal.table.topLevelItemCount())]
        assert [r.text(1) for r in rows if r] == ["2", "1"]  # newest first, review counts
        modal.table.setCurrentItem(rows[1])
        modal.restore_button.click()

    timer = answer_modals([choose_older, press("OK")], seen)
    window.restore_backup()
    timer.stop()
    assert seen[0] == "Restore backup" and "Progress restored" in seen[1]
    assert window.ctx.services.study.cards().keys() == {1}
    asides = list(services.data_dir.glob(f"{DATABASE_FILE}.before-restore-*"))
    assert len(asides) == 1
    with sqlite3.connect(asides[0]) as before:
        assert before.execute("SELECT count(*) FROM reviews").fetchone() == (3,)


def test_rebuild_schedule_from_the_file_menu(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    for qid, rating in ((1, Rating.GOOD), (2, Rating.AGAIN), (1, Rating.HARD)):
        services.study.rate(NewReview(qid, rating, 10))
        clock.advance(timedelta(hours=20))
    live = services.study.cards()
    with services.engine.begin() as connection:
        connection.execute(text("UPDATE cards SET stability = 999, reps = 0"))
    window = make_window(services)
    [action] = [
        a
        for a in window.menuBar().actions()[0].menu().actions()
        if "Rebuild" in a.text().replace("&", "")
    ]
    seen: list[str] = []
    timer = answer_modals([press("Yes"), press("OK")], seen)
    action.trigger()
    timer.stop()
    assert "Rebuilt the schedule of 2 question(s)" in seen[1]
    assert services.study.cards() == live
    assert [b.reviews for b in list_backups(services.data_dir)] == [3]


def test_the_damaged_file_dialog_and_its_choices(
    qtbot: QtBot, services: AppServices, clock: FixedClock
) -> None:
    services.study.rate(NewReview(1, Rating.GOOD, 10))
    make_backup(services.engine, services.data_dir, clock.now())
    services.close()
    database = services.database_path
    random_bytes(database)
    offer = offer_recovery(database, "file is not a database")
    dialog = RecoveryDialog(offer, clock.local_tz())
    qtbot.addWidget(dialog)
    assert dialog.backup_button is not None and dialog.backup_button.isDefault()
    assert dialog.fresh_button.isEnabled() and dialog.quit_button.isEnabled()

    # Quit changes nothing.
    damaged = database.read_bytes()
    seen: list[str] = []
    timer = answer_modals([press("Quit")], seen)
    assert not recover_interactively(database, "file is not a database", clock)
    timer.stop()
    assert database.read_bytes() == damaged

    timer = answer_modals([press("Continue from the backup")], seen)
    assert recover_interactively(database, "file is not a database", clock)
    timer.stop()
    restored = build_services(services.data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    assert restored.study.cards().keys() == {1}
    restored.close()
    assert [p.read_bytes() for p in services.data_dir.glob("*.damaged-*")] == [damaged]
    assert offer.choices == (RecoveryChoice.BACKUP, RecoveryChoice.FRESH)


def test_a_newer_database_shows_a_message_and_exits_untouched(
    qtbot: QtBot, data_dir: Path, clock: FixedClock
) -> None:
    build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT).close()
    database = data_dir / DATABASE_FILE
    raw = sqlite3.connect(database, isolation_level=None)
    raw.execute("UPDATE alembic_version SET version_num='0999_future'")
    raw.execute("PRAGMA journal_mode=DELETE")
    raw.close()
    before = database.read_bytes()
    files_before = sorted(p.relative_to(data_dir) for p in data_dir.rglob("*"))
    seen: list[str] = []
    timer = answer_modals([press("OK")], seen)
    code = run(["--data-dir", str(data_dir), "--content-dir", str(FIXTURE_CONTENT)])
    timer.stop()
    assert code == 2
    assert "newer version of DeepStudy" in seen[0]
    assert database.read_bytes() == before
    # Nothing new in the folder (the content cache is from the normal start above).
    assert sorted(p.relative_to(data_dir) for p in data_dir.rglob("*")) == files_before


@pytest.fixture(autouse=True)
def _no_leftover_dialogs(qtbot: QtBot) -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.close()


def test_backups_start_at_once_and_repeat_every_30_minutes(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    services.study.rate(NewReview(1, Rating.GOOD, 10))
    window = make_window(services)
    scheduler = BackupScheduler(window.ctx, window)
    assert scheduler.timer.interval() == 30 * 60 * 1000
    with qtbot.waitSignal(scheduler.made, timeout=5000) as made:
        scheduler.start(delay_ms=0)
    assert scheduler.timer.isActive()
    [backup] = list_backups(services.data_dir)
    assert backup.path == made.args[0] and backup.reviews == 1


def test_a_backup_runs_off_the_ui_thread_and_waits_for_a_restore_in_progress(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    """Copying a long history takes tens of milliseconds: it runs on a thread of its own,
    reports back on the UI thread, and never copies a file a restore is replacing."""
    services.study.rate(NewReview(1, Rating.GOOD, 10))
    window = make_window(services)
    scheduler = BackupScheduler(window.ctx, window)
    copied_on: list[str] = []
    reported_on: list[str] = []
    original = services.backup

    def spy(cancel: threading.Event | None = None) -> Path:
        copied_on.append(threading.current_thread().name)
        return original(cancel)

    services.backup = spy  # type: ignore[method-assign]
    scheduler.made.connect(lambda _path: reported_on.append(threading.current_thread().name))
    with services._file_lock:  # as a restore holds it
        scheduler.backup_now()
        qtbot.wait(300)
        assert scheduler.busy and not list_backups(services.data_dir)
    with qtbot.waitSignal(scheduler.made, timeout=5000):
        pass
    assert copied_on == ["backup"] and reported_on == [threading.main_thread().name]
    assert [b.reviews for b in list_backups(services.data_dir)] == [1]


def test_a_storage_error_escaping_a_slot_is_shown_not_swallowed(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    previous = sys.excepthook
    install_storage_error_hook(window)
    seen: list[str] = []
    try:
        timer = answer_modals([press("OK")], seen)
        error = WriteFailedError("It could not be written because the disk is full.")
        sys.excepthook(WriteFailedError, error, None)
        timer.stop()
    finally:
        sys.excepthook = previous
    assert seen == ["Your last change was not saved."]


def test_a_read_only_data_folder_opens_for_reading_with_saving_switched_off(
    qtbot: QtBot, make_window: WindowFactory, data_dir: Path, clock: FixedClock
) -> None:
    services = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    services.study.rate(NewReview(2, Rating.GOOD, 10))
    services.close()
    with unwritable(data_dir):
        services = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
        try:
            assert services.read_only
            window = make_window(services)
            window.browser.show_question(2)
            assert "Short answer" in window.browser.view.toPlainText()
            file_menu = window.menuBar().actions()[0].menu()
            restore = [a for a in file_menu.actions() if "Restore" in a.text()]
            assert restore and not restore[0].isEnabled()
            # A quiz still starts; its rating is refused out loud and the card stays.
            window.show_page(1)
            quiz = window.quiz
            quiz.start_setup(replace(quiz.setup.current(), limit=2))
            quiz.reveal()
            current, seen = quiz.question, []
            timer = answer_modals([press("OK")], seen)
            quiz.rate(Rating.EASY)
            timer.stop()
            assert seen and "was not saved" in seen[0]
            assert quiz.question is current and quiz.revealed
            window.close()  # closing does not fail on the layout it cannot save
        finally:
            services.close()


def test_starting_on_a_damaged_database_offers_the_backup_then_opens(
    qtbot: QtBot, data_dir: Path, clock: FixedClock
) -> None:
    """The whole start-up path of `main.py`: damage found, the person picks the backup, the
    window opens on the restored progress."""
    services = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    services.study.rate(NewReview(3, Rating.HARD, 10))
    make_backup(services.engine, data_dir, clock.now())
    services.close()
    random_bytes(data_dir / DATABASE_FILE)
    seen: list[str] = []
    timer = answer_modals([press("Continue from the backup")], seen)
    args = ["--data-dir", str(data_dir), "--content-dir", str(FIXTURE_CONTENT)]
    code = run([*args, "--quit-after-paint"])
    timer.stop()
    assert code == 0 and seen == ["DeepStudy: progress file damaged"]
    assert len(list(data_dir.glob(f"{DATABASE_FILE}.damaged-*"))) == 1
    reopened = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    assert reopened.study.cards().keys() == {3}
    reopened.close()
