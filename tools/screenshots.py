"""Grab every screen offscreen in light and dark, for looking at what we build.

.venv/bin/python tools/screenshots.py OUT_DIR [--content DIR] [--reviews N] [--size 1280x820]

Besides the pages: the settings dialog, the F1 shortcuts, Help > Content problems and the
restore-backup dialog, each grabbed while it is open.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studyapp.app import build_services
from studyapp.clock import FixedClock
from studyapp.domain import NewReview, Rating
from tools.synthetic_history import fill

if TYPE_CHECKING:
    from studyapp.ui.main_window import MainWindow


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--content", type=Path)
    parser.add_argument("--reviews", type=int, default=12)
    parser.add_argument("--question", type=int, default=4)
    parser.add_argument("--search", default="gradient")
    parser.add_argument("--history", type=int, default=0, help="synthetic reviews to add first")
    parser.add_argument("--size", default="1280x820", help="window size, e.g. 1000x700")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.lower().split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtWidgets import QApplication, QScrollArea

    from studyapp.ui.application import create_window

    for theme in ("light", "dark"):
        data = Path(tempfile.mkdtemp(prefix="ds-shot-"))
        clock = FixedClock(datetime(2026, 11, 1, 9, tzinfo=UTC))
        services = build_services(data, clock=clock, content_root=args.content)
        if args.history:
            fill(services, args.history, 365)
        questions = services.library.questions
        for index in range(min(args.reviews, len(questions))):
            rating = Rating((index % 4) + 1)
            services.study.rate(NewReview(questions[index].id, rating, 30_000))
            clock.advance(timedelta(minutes=3))
        clock.advance(timedelta(days=3))
        services.settings.save(services.settings.load().__class__(theme=theme))
        window = create_window(services)
        window.resize(width, height)
        window.show()
        app = QApplication.instance()
        assert app is not None
        window.browser.open_question(args.question)
        app.processEvents()
        window.grab().save(str(args.out / f"browse-{theme}.png"))
        window.browser.search.setText(args.search)
        window.browser.follow_list()  # as after a pause in typing: the best match opens
        window.browser.step_match(True)
        app.processEvents()
        window.grab().save(str(args.out / f"browse-search-{theme}.png"))
        window.browser.search.clear()
        window.show_page(1)
        app.processEvents()
        window.grab().save(str(args.out / f"quiz-setup-{theme}.png"))
        window.quiz.start_setup(window.quiz.setup.current())
        app.processEvents()
        window.grab().save(str(args.out / f"quiz-card-{theme}.png"))
        window.quiz.reveal()
        app.processEvents()
        window.grab().save(str(args.out / f"quiz-revealed-{theme}.png"))
        window.show_page(2)
        app.processEvents()
        window.grab().save(str(args.out / f"dashboard-{theme}.png"))
        scroll = window.dashboard.findChild(QScrollArea)
        if scroll is not None and scroll.widget() is not None:
            scroll.widget().grab().save(str(args.out / f"dashboard-full-{theme}.png"))
        _grab_dialogs(window, args.out, theme)
        window.close()
        services.close()
    print(f"screenshots in {args.out}")
    return 0


def _grab_dialogs(window: MainWindow, out: Path, theme: str) -> None:
    """Each dialog is grabbed from a timer once it is open, then closed, so `exec` returns."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QApplication, QDialog

    from studyapp.content.loader import ContentProblem
    from studyapp.storage.backups import make_backup
    from studyapp.ui.data_safety import restore_backup_interactively

    def grab_open(name: str) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            dialog.grab().save(str(out / f"{name}-{theme}.png"))
            dialog.reject()

    def run(name: str, opener: Callable[[], object]) -> None:
        QTimer.singleShot(300, lambda: grab_open(name))
        opener()

    services = window.ctx.services
    run("settings", window.open_settings)
    keys = next(a for a in window.findChildren(QAction) if a.shortcut().toString() == "F1")
    run("shortcuts", keys.trigger)
    library = services.library.library
    example = ContentProblem("questions/51-example.md", 3, "front matter has no 'topic'")
    services.library.library = replace(library, problems=(*library.problems, example))
    run("content-problems", window.show_content_problems)
    services.library.library = library
    make_backup(services.engine, services.data_dir, services.clock.now())
    run("restore-backup", lambda: restore_backup_interactively(window, window.ctx, lambda: None))


if __name__ == "__main__":
    raise SystemExit(main())
