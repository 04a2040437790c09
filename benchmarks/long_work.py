"""The longest UI-thread stall during the long commands, at a large history.

    .venv/bin/python -m benchmarks.long_work DATA_DIR   # a copy is used; DATA_DIR is untouched

Make DATA_DIR once with `tools/synthetic_history.py DATA_DIR --reviews 1000000`. For File >
Rebuild schedule, Export review log (CSV) and File > Restore backup (the backups' checks, with
a full rotation of copies), the window runs the command as a person would, while a 5 ms timer
on the UI thread records the longest gap between its ticks: that gap is how long the window
could not draw or answer. Target: no gap over 200 ms (review H3: 18.6 s, 7.2 s, 2.8 s).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_MS = 200.0


def longest_stall(action: Callable[[], object]) -> tuple[float, float]:
    """(longest gap between 5 ms ticks of the UI thread, whole duration), both in ms."""
    from PySide6.QtCore import QTimer

    gaps = [0.0]
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps[0] = max(gaps[0], (now - last[0]) * 1000)
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    started = last[0] = time.perf_counter()
    action()
    tick()
    timer.stop()
    return gaps[0], (time.perf_counter() - started) * 1000


def main() -> int:
    from datetime import timedelta

    from benchmarks.harness import shown_window
    from studyapp.app import build_services
    from studyapp.storage.backups import make_backup
    from studyapp.storage.repository import review_count
    from studyapp.ui import data_safety
    from studyapp.ui.application import make_application

    source = Path(sys.argv[1])
    make_application()
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        shutil.copytree(source, data, ignore=shutil.ignore_patterns("backups", "cache"))
        services = build_services(data)
        clock = services.clock
        with services.store.reading() as db:
            reviews = review_count(db)
        moment = clock.now()
        for _ in range(17):  # a full rotation: 7 daily, 4 weekly, 6 monthly
            make_backup(services.engine, data, moment)
            moment -= timedelta(days=9)
        window, app = shown_window(services)
        app.processEvents()
        results = []
        from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

        QMessageBox.question = lambda *a, **k: QMessageBox.StandardButton.Yes  # type: ignore[method-assign]
        QMessageBox.information = lambda *a, **k: QMessageBox.StandardButton.Ok  # type: ignore[method-assign]
        QMessageBox.warning = lambda *a, **k: QMessageBox.StandardButton.Ok  # type: ignore[method-assign]
        csv_path = Path(scratch) / "log.csv"
        QFileDialog.getSaveFileName = lambda *a, **k: (str(csv_path), "")  # type: ignore[method-assign]
        # The list is shown, then cancelled.
        QDialog.exec = lambda self: 0  # type: ignore[method-assign]
        commands = (
            (
                "File > Rebuild schedule",
                lambda: data_safety.rebuild_schedule_interactively(window, window.ctx),
            ),
            ("Export review log (CSV)", window.dashboard.export_review_log),
            ("File > Restore backup (17 copies checked)", window.restore_backup),
        )
        for name, action in commands:
            stall, total = longest_stall(action)
            results.append((name, stall, total))
        window.close()
        services.close()
    print(f"{reviews:,} reviews")
    print("| command | longest UI stall | whole command | target |")
    print("|---|---|---|---|")
    worst = 0.0
    for name, stall, total in results:
        worst = max(worst, stall)
        ok = "yes" if stall <= TARGET_MS else "NO"
        print(f"| {name} | {stall:.0f} ms | {total / 1000:.1f} s | <= {TARGET_MS:.0f} ms: {ok} |")
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
