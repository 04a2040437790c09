"""Starting Qt: the application object, the theme and the main window."""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from studyapp import APP_ID, APP_NAME, ORG_NAME
from studyapp.app import AppServices
from studyapp.display import utf8_locale_for_qt
from studyapp.paths import resources_dir
from studyapp.ui.context import UiContext, make_renderer
from studyapp.ui.events import EventBus
from studyapp.ui.main_window import MainWindow
from studyapp.ui.module_sources import drop_module_sources
from studyapp.ui.single_instance import InstanceServer, notify_running, server_name
from studyapp.ui.theme import apply_theme, resolve_theme

SETTLE_AT_THE_LATEST_MS = 3000  # see create_window


def make_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    utf8_locale_for_qt(os.environ)
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setDesktopFileName(APP_ID)
    icon = resources_dir() / "icons" / "deepstudy.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def create_window(services: AppServices) -> MainWindow:
    """Theme the application and build the main window on `services`."""
    app = make_application()
    settings = services.settings.load()
    theme = resolve_theme(settings.theme)
    apply_theme(app, theme)
    renderer = make_renderer(services, theme, settings.answer_font_px)
    ctx = UiContext(services, EventBus(), theme, renderer)
    window = MainWindow(ctx)
    window.installEventFilter(_AfterFirstPaint(_settle, window))
    # A window that is never drawn (opened on a desktop nobody looks at) would leave the cycle
    # collector paused for good; a few seconds in, it comes back regardless.
    QTimer.singleShot(SETTLE_AT_THE_LATEST_MS, _settle)
    return window


def _settle() -> None:
    """What the first paint did not wait for. The source text that PySide's import hook put
    in linecache for every module imported so far is let go of (see module_sources). The
    cycle collector that main.py paused comes back, with what start-up made frozen out of
    every later collection: it lives as long as the app (a full collection at this point
    took 29 ms and found about 500 objects to free)."""
    drop_module_sources()
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


class _AfterFirstPaint(QObject):
    """Runs `action` once, from the event loop, right after `watched` first paints."""

    def __init__(self, action: Callable[[], object], parent: QObject) -> None:
        super().__init__(parent)
        self.action = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.action)
        return False


def hand_over_to_running_instance(data_dir: Path) -> bool:
    """True when DeepStudy already runs on this data folder and was asked to come forward."""
    make_application()
    return notify_running(server_name(data_dir))


def bring_to_front(window: MainWindow) -> None:
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def run_gui(
    services: AppServices, quit_after_paint: bool = False, single_instance: bool = False
) -> int:
    app = make_application()
    window = create_window(services)
    server = None
    if single_instance:
        server = InstanceServer(server_name(services.data_dir), window)
        server.activation_requested.connect(lambda: bring_to_front(window))
    first_paint_loop = QEventLoop()
    if quit_after_paint:
        # Start-up measured to pixels on screen. It ends a loop of its own rather than
        # calling QApplication.quit(): once the application has quit, every later QEventLoop
        # in the process returns at once, which would break any caller that goes on using
        # Qt (the tests run whole start-ups in-process).
        window.installEventFilter(_AfterFirstPaint(lambda: _painted(first_paint_loop), window))
    window.show()
    if services.content_problems and not quit_after_paint:
        QTimer.singleShot(0, window.show_content_problems)
    if not quit_after_paint:
        _guard_data(window)
    code = first_paint_loop.exec() if quit_after_paint else app.exec()
    # The window and its single-instance server go with the loop, not whenever Python
    # collects them: a later launch in the same process must find the name free, and no
    # socket file is left behind.
    if server is not None:
        server.close()
    window.close()
    window.deleteLater()
    services.close()
    return int(code)


def _painted(loop: QEventLoop) -> None:
    """For the benchmark, which reads this stamp against the moment it spawned the process
    (CLOCK_MONOTONIC is shared by every process): start-up to the first paint delivered."""
    print(f"first-paint-at {time.monotonic():.6f}", flush=True)
    loop.quit()


def _guard_data(window: MainWindow) -> None:
    """Backups at start and every 30 minutes; storage errors shown, never swallowed; a
    read-only data folder announced up front."""
    from studyapp.ui.data_safety import BackupScheduler, install_storage_error_hook

    install_storage_error_hook(window)
    scheduler = BackupScheduler(window.ctx, window)
    scheduler.failed.connect(lambda text: QMessageBox.warning(window, "Backup", text))
    scheduler.start()
    # Recordings past their keeping time go, on a thread (a folder scan): never in the way.
    services = window.ctx.services
    QTimer.singleShot(
        3000,
        lambda: threading.Thread(target=services.prune_recordings, daemon=True).start(),
    )
    window.sync.start()  # at start, then every minute, when a sync folder is chosen
    if window.ctx.services.read_only:
        notice = (
            f"{APP_NAME} cannot write to its data folder ({window.ctx.services.data_dir}). "
            "You can read every answer and your progress so far, but ratings, stars, notes "
            "and settings will not be saved until the folder is writable again."
        )
        window.statusBar().showMessage("Read-only: nothing will be saved")
        QTimer.singleShot(0, lambda: QMessageBox.warning(window, "Read-only data folder", notice))


def show_fatal_error(message: str) -> None:
    make_application()
    QMessageBox.critical(None, APP_NAME, message)
