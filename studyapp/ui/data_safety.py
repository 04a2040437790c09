"""The UI side of data safety: timed backups, File > Restore backup, rebuilding the schedule,
and telling the person, in plain words, when something they did was not saved.

The work itself (copying, rotating, restoring, replaying) is in the Qt-free core; this module
only asks, reports and redraws.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import DatabaseError

from studyapp.domain import Changes
from studyapp.storage.backups import (
    BACKUP_INTERVAL,
    BackupCancelled,
    BackupInfo,
    describe_backup,
    list_backups,
)
from studyapp.storage.database import CorruptDatabaseError, StorageError
from studyapp.ui.background import run_in_background
from studyapp.ui.context import UiContext
from studyapp.ui.widgets.named import named

# The start-up backup waits until the window is up and the first answer is on screen.
START_DELAY_MS = 1500
EVERYTHING = Changes(reviews=True, notes=True, stars=True, settings=True)


def report_not_saved(parent: QWidget | None, what: str, error: Exception) -> None:
    """A failed write is never silent: say what was lost and why, and that the rest is safe."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Not saved")
    box.setText(what)
    box.setInformativeText(
        f"{error}\n\nEverything saved before this is safe. Free some disk space or make the "
        "data folder writable (File > Settings shows where it is), then try again."
    )
    for name in ("qt_msgbox_label", "qt_msgbox_informativelabel"):  # wide enough to read
        label = box.findChild(QLabel, name)
        if label is not None:
            label.setMinimumWidth(380)
    box.exec()


def install_storage_error_hook(parent: QWidget) -> None:
    """Any storage error escaping a slot (a star, a note, a setting) becomes a message
    instead of a line on a terminal nobody reads; other errors keep the usual handling."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if isinstance(error, CorruptDatabaseError):
            QMessageBox.warning(parent, "Progress file damaged", str(error))
        elif isinstance(error, StorageError):
            report_not_saved(parent, "Your last change was not saved.", error)
        else:
            previous(kind, error, tb)

    sys.excepthook = hook


class BackupScheduler(QObject):
    """A backup right after start-up, then one every BACKUP_INTERVAL while the app runs.

    Each backup runs on a thread of its own: at 100,000 reviews copying and checking the
    file takes about 80 ms, which on the UI thread froze whatever the person was doing.
    SQLite releases Python's lock while it copies. The outcome comes back to the UI thread
    as `made` or `failed`."""

    made = Signal(object)  # Path
    failed = Signal(str)
    _finished = Signal(object)  # the Path, or the message to show

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.setInterval(int(BACKUP_INTERVAL.total_seconds() * 1000))
        self.timer.timeout.connect(self.backup_now)
        self._worker: threading.Thread | None = None
        self._cancel = threading.Event()
        self._finished.connect(self._report, Qt.ConnectionType.QueuedConnection)
        app = QCoreApplication.instance()
        if app is not None:  # quitting calls off a backup under way (the last one stays)
            app.aboutToQuit.connect(self.stop)

    def start(self, delay_ms: int = START_DELAY_MS) -> None:
        QTimer.singleShot(delay_ms, self.backup_now)
        self.timer.start()

    @Slot()
    def backup_now(self) -> None:
        if self.ctx.services.read_only or self.busy:
            return
        self._worker = threading.Thread(target=self._run, name="backup", daemon=True)
        self._worker.start()

    @property
    def busy(self) -> bool:
        return self._worker is not None and self._worker.is_alive()

    def wait(self) -> None:
        if self._worker is not None:
            self._worker.join()

    def stop(self) -> None:
        """Call off a backup under way and wait for its thread (milliseconds): a quit used to
        wait for the whole copy and check (0.2 s at 100,000 reviews, 2 s at a million).
        Nothing is lost: the copy had no name yet, and the earlier backups stay."""
        self.timer.stop()
        self._cancel.set()
        self.wait()

    def _run(self) -> None:
        outcome: Path | str
        try:
            outcome = self.ctx.services.backup(self._cancel)
        except BackupCancelled:
            return  # quitting: nobody to tell
        except CorruptDatabaseError as error:
            outcome = f"{error} Quit and start DeepStudy again to recover from a backup."
        except (StorageError, OSError, sqlite3.Error) as error:
            outcome = f"The automatic backup failed: {error}"
        self._finished.emit(outcome)

    @Slot(object)
    def _report(self, outcome: Path | str) -> None:
        if isinstance(outcome, Path):
            self.made.emit(outcome)
        else:
            self.failed.emit(outcome)


class RestoreBackupDialog(QDialog):
    """Lists the backups with their date and review count; returns the chosen one."""

    def __init__(
        self, backups: list[BackupInfo], zone: tzinfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore backup")
        self.setMinimumSize(520, 380)
        self.backups = backups
        intro = QLabel(
            "Choose a backup to continue from. Your current progress file is not deleted: it "
            "is kept in the data folder, renamed with today's date."
            if backups
            else "There are no backups yet. DeepStudy makes one each time it starts and every "
            "30 minutes while it is open."
        )
        intro.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setAccessibleName("Backups")
        self.table.setHeaderLabels(["Made", "Reviews"])
        self.table.setRootIsDecorated(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for backup in backups:
            when = backup.made_at.astimezone(zone)
            reviews = f"{backup.reviews:,}" if backup.reviews is not None else "damaged"
            item = QTreeWidgetItem([when.strftime("%a %d %b %Y, %H:%M"), reviews])
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if not backup.good:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(0, "This copy fails SQLite's check and cannot be restored.")
            self.table.addTopLevelItem(item)
        self.table.header().resizeSection(0, 300)
        header_item = self.table.headerItem()
        if header_item is not None:
            header_item.setTextAlignment(
                1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
        self.table.itemSelectionChanged.connect(self._update)
        self.table.itemDoubleClicked.connect(lambda *_: self._accept_if_chosen())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = named(
            self.buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole), "primary"
        )
        self.buttons.accepted.connect(self._accept_if_chosen)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        first_good = next((i for i, b in enumerate(backups) if b.good), None)
        first_item = self.table.topLevelItem(first_good) if first_good is not None else None
        if first_item is not None:
            self.table.setCurrentItem(first_item)
        self.table.setFocus()  # arrows choose at once, and the choice shows as selected
        self._update()

    def selected(self) -> BackupInfo | None:
        item = self.table.currentItem()
        row = self.table.indexOfTopLevelItem(item) if item is not None else -1
        if 0 <= row < len(self.backups) and self.backups[row].good:
            return self.backups[row]
        return None

    def _update(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def _accept_if_chosen(self) -> None:
        if self.selected() is not None:
            self.accept()


def restore_backup_interactively(
    parent: QWidget, ctx: UiContext, before: Callable[[], None]
) -> None:
    """File > Restore backup: choose, then restore; `before` lets the window save what is
    being edited and close the quiz session, whose undo history would not match."""
    services = ctx.services
    zone = services.clock.local_tz()
    # Every copy gets SQLite's full check before it is offered: seconds at a million reviews.
    try:
        backups = run_in_background(
            parent,
            "Restore backup",
            "Checking the backups…",
            lambda progress: list_backups(services.data_dir, progress),
        )
    except OSError as error:
        report_not_saved(parent, "The backups could not be read.", error)
        return
    dialog = RestoreBackupDialog(backups, zone, parent)
    if not dialog.exec() or (backup := dialog.selected()) is None:
        return
    before()
    try:
        aside = services.restore(backup.path)
    except (StorageError, OSError, sqlite3.Error, DatabaseError) as error:
        report_not_saved(parent, "The backup was not restored.", error)
        return
    ctx.bus.publish(EVERYTHING)
    kept = f" Your previous progress file is kept as {aside.name}." if aside else ""
    QMessageBox.information(
        parent,
        "Backup restored",
        f"Progress restored from the backup made {describe_backup(backup, zone)}.{kept}",
    )


def rebuild_schedule_interactively(parent: QWidget, ctx: UiContext) -> None:
    """File > Rebuild schedule: replay the review log into every card, after a backup."""
    answer = QMessageBox.question(
        parent,
        "Rebuild schedule",
        "Recompute every question's schedule from your review log? Your reviews are not "
        "changed, and a backup is made first.",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    try:
        _, count = run_in_background(
            parent,
            "Rebuild schedule",
            "Backing up, then replaying the review log…",
            ctx.services.rebuild_schedule,
        )
    except (StorageError, OSError, sqlite3.Error, DatabaseError) as error:
        report_not_saved(parent, "The schedule was not rebuilt.", error)
        return
    ctx.bus.publish(Changes(reviews=True))
    QMessageBox.information(
        parent, "Schedule rebuilt", f"Rebuilt the schedule of {count} question(s) from the log."
    )
