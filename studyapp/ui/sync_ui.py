"""The UI side of sync: when it runs (at start, every minute, File > Sync now), the status
bar's word on it, and File > Export / Merge progress file.

A sync reads files and writes the database, so it runs on a thread of its own; its report
comes back through a queued signal, the services' caches are brought in line on the UI
thread, and its `Changes` go on the bus like every other write.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QWidget

from studyapp.services.sync import SyncReport, status_text
from studyapp.storage.database import StorageError
from studyapp.ui.background import run_in_background
from studyapp.ui.context import UiContext
from studyapp.ui.widgets.named import named

SYNC_INTERVAL_MS = 60_000
START_DELAY_MS = 2000
PROGRESS_FILTER = "DeepStudy progress (*.deepstudy);;All files (*)"


class SyncController(QObject):
    """Runs a sync now and then off the UI thread and says how it went."""

    synced = Signal(object)  # SyncReport, on the UI thread, after its changes were published
    _finished = Signal(object)

    def __init__(self, ctx: UiContext, label: QLabel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.label = label
        self.last: SyncReport | None = None
        self._worker: threading.Thread | None = None
        self._asked = False  # the person asked (Sync now): a pause is worth a message
        self.timer = QTimer(self)
        self.timer.setInterval(SYNC_INTERVAL_MS)
        self.timer.timeout.connect(self.sync_in_background)
        self._finished.connect(self._done, Qt.ConnectionType.QueuedConnection)
        app = QCoreApplication.instance()
        if app is not None:  # quitting waits for a sync under way to finish its write
            app.aboutToQuit.connect(self.wait)
        self.show_status()

    def start(self, delay_ms: int = START_DELAY_MS) -> None:
        QTimer.singleShot(delay_ms, self.sync_in_background)
        self.timer.start()

    @property
    def busy(self) -> bool:
        return self._worker is not None and self._worker.is_alive()

    def wait(self) -> None:
        if self._worker is not None:
            self._worker.join()

    @Slot()
    def sync_in_background(self) -> None:
        services = self.ctx.services
        if services.read_only or self.busy or services.sync.folder() is None:
            return
        self._worker = threading.Thread(target=self._run, name="sync", daemon=True)
        self._worker.start()

    @Slot()
    def sync_now(self) -> None:
        """File > Sync now."""
        if self.ctx.services.sync.folder() is None:
            QMessageBox.information(
                self._window(),
                "Sync",
                "Choose a sync folder first (File > Settings > Sync): a folder that Syncthing, "
                "Dropbox, a network drive or a USB stick shares between your computers.",
            )
            return
        self._asked = True
        self.label.setText("Syncing…")
        self.sync_in_background()

    def _run(self) -> None:
        try:
            report = self.ctx.services.sync.sync_now()
        except (StorageError, OSError, sqlite3.Error) as error:
            report = SyncReport(
                paused=f"The sync failed ({error}); nothing was lost.", reason="it failed"
            )
        self._finished.emit(report)

    @Slot(object)
    def _done(self, report: SyncReport) -> None:
        self.last = report
        changes = self.ctx.services.sync.settle(report)
        if changes.reviews or changes.notes or changes.stars or changes.settings:
            self.ctx.bus.publish(changes)
        self.show_status()
        if report.paused and self._asked:
            QMessageBox.warning(self._window(), "Sync paused", report.paused)
        self._asked = False
        self.synced.emit(report)

    def show_status(self) -> None:
        sync = self.ctx.services.sync
        if sync.folder() is None:
            self.label.setText("")
            self.label.hide()
            return
        self.label.show()
        text = status_text(self.last, sync.last_synced(), self.ctx.services.clock.local_tz())
        self.label.setText(text)
        self.label.setProperty("paused", bool(self.last and self.last.paused))
        detail = f"{self.last.paused}\n\n" if self.last and self.last.paused else ""
        self.label.setToolTip(
            f"{detail}Sync folder: {sync.folder()}\nThis computer: {sync.device_name()}\n"
            "File > Sync now (Ctrl+Shift+S) syncs at once."
        )

    def _window(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None


def status_label() -> QLabel:
    return named(QLabel(), "syncstatus")


def export_progress_file(parent: QWidget, ctx: UiContext) -> None:
    """File > Export progress file: everything this computer holds, in the sync format."""
    name = f"DeepStudy progress {ctx.services.sync.device_name()}.deepstudy"
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "Export progress file", str(Path.home() / name), PROGRESS_FILTER
    )
    if not chosen:
        return
    try:
        count = run_in_background(
            parent,
            "Export progress file",
            "Writing your progress…",
            lambda _progress: ctx.services.sync.export_file(Path(chosen)),
        )
    except (OSError, StorageError) as error:
        QMessageBox.warning(parent, "Not exported", f"The file was not written: {error}")
        return
    QMessageBox.information(
        parent,
        "Progress exported",
        f"{count:,} records written to {chosen}. On the other computer: File > Merge "
        "progress file.",
    )


def merge_progress_file(parent: QWidget, ctx: UiContext) -> None:
    """File > Merge progress file: another computer's export, merged like a sync."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Merge progress file", str(Path.home()), PROGRESS_FILTER
    )
    if not chosen:
        return
    try:
        report = run_in_background(
            parent,
            "Merge progress file",
            "Merging the reviews and replaying the schedule…",
            lambda _progress: ctx.services.sync.merge_file(Path(chosen)),
        )
    except (OSError, StorageError) as error:
        QMessageBox.warning(parent, "Not merged", f"The file could not be merged: {error}")
        return
    ctx.bus.publish(ctx.services.sync.settle(report))
    lines = [f"{report.added:,} new review(s), {report.undone:,} undone."]
    if report.conflicts:
        lines.append(f"{report.conflicts} note(s) differed: the other version is kept beside it.")
    if report.waiting:
        lines.append("The file ends in an incomplete record (still copying?); it was left out.")
    if report.skipped:
        lines.append(f"{report.skipped} damaged line(s) were passed over.")
    QMessageBox.information(parent, "Progress merged", " ".join(lines))
