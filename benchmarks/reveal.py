"""Reveal and rating as the issue defines them: a real key press to the answer painted.

    .venv/bin/python -m benchmarks.reveal

Space is sent as a key event (the quiz's own shortcut handles it) and the clock stops when
the answer's viewport has painted, formulas included; nothing forces a repaint of the whole
window, so what is timed is what a person waits for. "Cold" means the first view of that
answer in the process (a new renderer, its formula cache emptied, the view's images
dropped). Cold is measured as a new install meets it (an empty data folder, the answers read
from the pre-rendered seed the app ships, prerendered/), and in a look the seed does not
cover (answers 2 or 3 px larger, set through the settings as a person would), where each
answer is rendered anew (its formulas scaled from the seed's): with Space pressed at once
(nothing prepared) or after a short read (the quiz typesets while the question shows).
"After first view" is the same answer shown again in the same process.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.harness import Figure, run_alone, shown_window

READING_MS = 150  # far less than anyone takes to read a question
QUESTIONS = 12


def reveal_figures() -> list[Figure]:
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    from studyapp.app import build_services
    from studyapp.content.math import render_math
    from studyapp.paths import RENDER_CACHE_FOLDER, prerendered_dir
    from studyapp.services.study import QueueSpec

    data = Path(tempfile.mkdtemp(prefix="bench-reveal-"))
    services = build_services(data)
    window, app = shown_window(services)
    window.show_page(1)
    quiz = window.quiz
    app.processEvents()
    ids = [q.id for q in services.library.questions][:QUESTIONS]

    class PaintSeen(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.seen = True
            return False

    def until_painted(widget: QWidget, action: object) -> float:
        spy = PaintSeen()
        widget.installEventFilter(spy)
        start = time.perf_counter()
        action()  # type: ignore[operator]
        deadline = start + 5
        while not spy.seen and time.perf_counter() < deadline:
            app.processEvents()
        elapsed = (time.perf_counter() - start) * 1000
        widget.removeEventFilter(spy)
        assert spy.seen, "the answer never painted"
        return elapsed

    default_px = services.settings.load().answer_font_px

    def look(font_px: int) -> None:
        """Answers at `font_px`, set as a person would (the settings, so the app prepares the
        new look as it does), then nothing of them left in memory: the renderer's documents
        and formulas, the typeset cache and the view's pixels are emptied, as at the first
        view of each answer in a process. The data folder is new, so only the seed (which
        holds the default size) is on disk."""
        window.apply_settings(replace(services.settings.load(), answer_font_px=font_px))
        QTest.qWait(100)
        window.ctx.renderer.clear()
        render_math.cache_clear()
        quiz.answer.set_renderer(window.ctx.renderer)  # also drops the view's pixels

    def space(question_id: int, read_ms: int) -> float:
        quiz.start_spec(QueueSpec(question_ids=(question_id,), limit=1))
        app.processEvents()
        if read_ms:
            QTest.qWait(read_ms)
        elapsed = until_painted(
            quiz.answer.viewport(), lambda: QTest.keyClick(quiz, Qt.Key.Key_Space)
        )
        assert quiz.revealed
        return elapsed

    if not (prerendered_dir() / RENDER_CACHE_FOLDER).is_dir():
        raise SystemExit("no pre-rendered seed: run `python -m studyapp.content.prerender`")
    look(default_px)
    cold_seed = [space(qid, 0) for qid in ids]
    warm = [space(qid, 0) for qid in ids]
    look(default_px + 2)  # a larger answer size, chosen in the settings
    cold_none = [space(qid, 0) for qid in ids]
    look(default_px + 3)  # another, so that nothing of the one before is on disk
    cold_read = [space(qid, READING_MS) for qid in ids]

    # Rating: the key press to the next question's title painted, the commit included.
    quiz.start_spec(QueueSpec(question_ids=tuple(ids), limit=len(ids)))
    rating = []
    for _ in ids[:-1]:
        QTest.qWait(READING_MS)
        QTest.keyClick(quiz, Qt.Key.Key_Space)
        app.processEvents()
        rating.append(until_painted(quiz.card.title, lambda: QTest.keyClick(quiz, Qt.Key.Key_3)))
    window.close()
    services.close()

    def figure(name: str, times: list[float], target: str) -> Figure:
        note = f"median {statistics.median(times):.1f} ms"
        return Figure(f"{name}, worst of {len(times)}", max(times), "ms", target=target, note=note)

    return [
        figure("reveal, cold, new install (shipped seed), Space at once", cold_seed, "<= 50 ms"),
        figure(
            f"reveal, cold, a look the seed does not cover, Space after {READING_MS} ms",
            cold_read,
            "<= 50 ms",
        ),
        figure(
            "reveal, cold, a look the seed does not cover, Space at once", cold_none, "<= 50 ms"
        ),
        figure("reveal, after first view, Space at once", warm, "<= 16 ms"),
        figure("rating: key 3 to the next question painted", rating, "<= 30 ms"),
    ]


def main() -> int:
    return run_alone(lambda _repeat: reveal_figures(), quick=1, full=1)


if __name__ == "__main__":
    raise SystemExit(main())
