"""Importing an Anki deck of 5,000 notes as own questions: how long, and whether the window
stays responsive while it runs.

    .venv/bin/python -m benchmarks.own_import [--quick]

The deck is made here (tools/anki_deck.py): 5,000 Basic notes with HTML, formulas, tags, a
picture on every hundredth and a review history on every tenth, in the current zstd layout.
Three figures, each on a fresh data folder over the built-in content:

- the import without a window (read, preview, write, history replayed): what `--import` does;
- the same through the window (File > Import, preview accepted as it opens, result message
  closed), from the click to the list showing the new questions, with the longest gap
  between two ticks of a 5 ms timer on the UI thread: how long the window could not draw;
- the baseline, measured in the same run: writing the 5,000 question files the import writes,
  each as one plain `write_text`, the least any import into files must do.

Targets: 5,000 notes in <= 5 s; no stall of the window over 200 ms (as benchmarks.long_work).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import ROOT, Figure, run_alone

NOTES = 5_000
TARGET_S = 5.0
STALL_MS = 200.0


def make_deck(path: Path, notes: int = NOTES) -> Path:
    from tools.anki_deck import PNG, Deck, Note, write_apkg

    start = int(datetime(2026, 1, 5, tzinfo=UTC).timestamp() * 1000)
    made = []
    for number in range(notes):
        picture = ' <img src="plot.png">' if number % 100 == 0 else ""
        history = (
            ((start, 3, 6000), (start + 86_400_000, 3, 5000), (start + 5 * 86_400_000, 4, 4000))
            if number % 10 == 0
            else ()
        )
        made.append(
            Note(
                f"Question {number}: what does <b>layer {number}</b> compute?",
                f"It applies \\(W_{{{number}}} x + b\\) and then a <i>non-linearity</i>."
                f"<br><ul><li>point one</li><li>point two</li></ul>{picture}",
                f"deck{number % 7} imported",
                history,
            )
        )
    return write_apkg(path, Deck(made, name="Big::Deck", media={"plot.png": PNG}), modern=True)


def import_without_window(deck: Path, data: Path) -> tuple[float, int]:
    from studyapp.app import build_services

    services = build_services(data, content_root=ROOT / "content")
    try:
        started = time.perf_counter()
        from studyapp.interchange.reader import read_import

        own = services.own_questions
        drafts = read_import(deck, with_history=True)
        result = own.import_drafts(own.preview_import(drafts), with_history=True)
        seconds = time.perf_counter() - started
    finally:
        services.close()
    return seconds, len(result.added)


def import_in_window(deck: Path, data: Path) -> tuple[float, float, int]:
    """(longest UI stall ms, whole import s, questions listed by the browser after it)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from benchmarks.harness import shown_window
    from benchmarks.long_work import longest_stall
    from studyapp.app import build_services
    from studyapp.ui.import_dialog import ImportPreviewDialog

    services = build_services(data, content_root=ROOT / "content")
    window, app = shown_window(services)
    app.processEvents()
    QMessageBox.information = lambda *a, **k: QMessageBox.StandardButton.Ok  # type: ignore[method-assign]
    QMessageBox.warning = lambda *a, **k: QMessageBox.StandardButton.Ok  # type: ignore[method-assign]

    def accept_preview() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, ImportPreviewDialog):
            modal.accept()

    accepter = QTimer()
    accepter.timeout.connect(accept_preview)
    accepter.start(20)
    stall, total = longest_stall(lambda: window.import_dropped(deck))
    accepter.stop()
    listed = window.browser.model.rowCount()
    window.close()
    services.close()
    return stall, total / 1000, listed


def baseline_write(data: Path, notes: int = NOTES) -> float:
    folder = data / "questions"
    folder.mkdir(parents=True)
    text = "---\nid: 1\ntitle: x\n---\n\n## Short answer\n\n" + "y" * 200 + "\n"
    started = time.perf_counter()
    for number in range(notes):
        (folder / f"{100000 + number}-question.md").write_text(text, encoding="utf-8")
    return time.perf_counter() - started


def import_figures(repeat: int) -> list[Figure]:
    from studyapp.ui.application import make_application

    make_application()
    with tempfile.TemporaryDirectory(prefix="bench-own-import-") as scratch:
        root = Path(scratch)
        deck = make_deck(root / "big.apkg")
        runs = max(1, repeat // 3)
        plain, core, windowed = [], [], []
        for run in range(runs):
            plain.append(baseline_write(root / f"floor{run}"))
            seconds, added = import_without_window(deck, root / f"core{run}")
            assert added == NOTES, added
            core.append(seconds)
            windowed.append(import_in_window(deck, root / f"window{run}"))
    floor_ms = sorted(plain)[len(plain) // 2] * 1000
    core_ms = sorted(core)[len(core) // 2] * 1000
    stall, whole, listed = sorted(windowed)[len(windowed) // 2]
    return [
        Figure(
            f"import an Anki deck of {NOTES:,} notes (no window)",
            core_ms,
            "ms",
            f"write {NOTES:,} question files",
            floor_ms,
            target=f"<= {TARGET_S:.0f} s",
            note="read, preview, stage and move in, 500 histories replayed",
        ),
        Figure(
            f"import {NOTES:,} notes through the window: whole",
            whole * 1000,
            "ms",
            f"write {NOTES:,} question files",
            floor_ms,
            target=f"<= {TARGET_S:.0f} s",
            note=f"File > Import to the list redrawn ({listed:,} questions listed)",
        ),
        Figure(
            f"import {NOTES:,} notes through the window: longest UI stall",
            stall,
            "ms",
            target=f"<= {STALL_MS:.0f} ms",
            note="longest gap between 5 ms ticks on the UI thread",
        ),
    ]


if __name__ == "__main__":
    raise SystemExit(run_alone(import_figures, quick=3, full=3))
