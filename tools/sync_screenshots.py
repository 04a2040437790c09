"""Grab the sync screens offscreen, light and dark: the Settings > Sync group, the status
bar after a sync and while paused, and a note that lost to a later edit.

    .venv/bin/python tools/sync_screenshots.py OUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studyapp.app import build_services
from studyapp.clock import FixedClock
from studyapp.domain import NewReview, Rating


def main() -> int:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QGroupBox

    from studyapp.ui.application import create_window
    from studyapp.ui.settings_dialog import SettingsDialog, SyncChoice

    def settle(ms: int = 300) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    for theme in ("light", "dark"):
        root = Path(tempfile.mkdtemp(prefix="ds-sync-shot-"))
        folder = root / "Syncthing" / "DeepStudy sync"
        folder.mkdir(parents=True)
        now = datetime(2026, 12, 3, 17, 40, tzinfo=UTC)
        desk = build_services(root / "desk", clock=FixedClock(now))
        desk.sync.set_device_name("Desk at home")
        desk.sync.set_folder(folder)
        laptop_clock = FixedClock(now - timedelta(hours=1))
        laptop = build_services(root / "laptop", clock=laptop_clock)
        laptop.settings.save(replace(laptop.settings.load(), theme=theme))
        laptop.sync.set_device_name("Work laptop")
        laptop.sync.set_folder(folder)
        laptop.library.set_note(4, "Vanishing gradients: ReLU, residuals, careful init.")
        for qid in (1, 2, 3):
            desk.study.rate(NewReview(qid, Rating.GOOD, 20_000))
        desk.library.set_note(
            4,
            "Vanishing gradients: products of small Jacobians. Fixes: ReLU, residual "
            "connections, normalisation, LSTM gates.",
        )
        desk.sync.sync_now()
        laptop_clock.advance(timedelta(hours=1))
        window = create_window(laptop)
        window.resize(1240, 800)
        window.show()
        settle()
        window.sync.sync_now()
        window.sync.wait()
        settle(500)
        window.browser.show_question(4)
        window.browser.conflicts.show_button.setChecked(True)
        settle()
        window.grab().save(str(out / f"conflict-window-{theme}.png"))
        window.browser.conflicts.grab().save(str(out / f"conflict-{theme}.png"))
        window.statusBar().grab().save(str(out / f"status-bar-{theme}.png"))
        dialog = SettingsDialog(
            laptop.settings.load(),
            laptop.data_dir,
            window,
            sync=SyncChoice(laptop.sync.folder(), laptop.sync.device_name()),
        )
        dialog.show()
        settle()
        for group in dialog.findChildren(QGroupBox):
            if group.title() == "Sync":
                group.grab().save(str(out / f"settings-sync-{theme}.png"))
        dialog.grab().save(str(out / f"settings-{theme}.png"))
        dialog.close()
        folder.rename(root / "unplugged")
        window.sync.sync_in_background()
        window.sync.wait()
        settle(500)
        window.statusBar().grab().save(str(out / f"status-bar-paused-{theme}.png"))
        window.close()
        laptop.close()
        desk.close()
        app = QApplication.instance()
        if app is not None:
            app.processEvents()
    print(f"saved to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
