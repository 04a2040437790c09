"""Quiz speed as the user drives it: Space after reading the question, and Ctrl+Z.

    .venv/bin/python -m benchmarks.quiz [--quick]

Runs on its own (a few seconds) and as part of `python -m benchmarks`. The quiz typesets the
answer while the question is on screen; the baseline in the same run is the same reveal with
that head start taken away (the answer typeset on the key press, as before), so the ratio is
what reading time buys. Each reveal uses a fresh renderer, so formulas are typeset for real.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.harness import Figure, run_alone, shown_window

READING_MS = 150  # far less than anyone takes to read a question


def quiz_figures(repeat: int) -> list[Figure]:
    from PySide6.QtTest import QTest

    from studyapp.app import build_services
    from studyapp.content.math import render_math
    from studyapp.content.render import AnswerRenderer
    from studyapp.domain import Rating
    from studyapp.services.study import QueueSpec

    services = build_services(Path(tempfile.mkdtemp(prefix="bench-quiz-")))
    window, app = shown_window(services)
    quiz = window.quiz
    window.show_page(1)
    questions = [q.id for q in services.library.questions][: max(4, repeat * 2)]

    def fresh_renderer() -> None:
        window.ctx.renderer = AnswerRenderer(
            services.content_root,
            window.ctx.theme,
            window.ctx.renderer.base_font_px,
            window.ctx.renderer.titles,
        )
        quiz.answer.set_renderer(window.ctx.renderer)
        render_math.cache_clear()

    def reveal_ms(question_id: int, head_start: bool) -> float:
        fresh_renderer()
        quiz.start_spec(QueueSpec(question_ids=(question_id,), limit=1))
        QTest.qWait(READING_MS)  # the question is on screen and being read
        if not head_start:  # the baseline: nothing done ahead, nothing typeset yet
            fresh_renderer()
            quiz._prepared = None
        start = time.perf_counter()
        quiz.reveal()
        app.processEvents()
        window.repaint()
        return (time.perf_counter() - start) * 1000

    ahead = statistics.median(reveal_ms(qid, True) for qid in questions)
    on_key = statistics.median(reveal_ms(qid, False) for qid in questions)

    # Undo: the rating removed, the state restored and the card shown again, painted.
    quiz.start_spec(QueueSpec(question_ids=tuple(questions), limit=len(questions)))
    undo_times = []
    for _ in questions[:-1]:
        QTest.qWait(READING_MS)
        quiz.reveal()
        quiz.rate(Rating.GOOD)
        app.processEvents()
        undo_times.append(_timed(quiz.undo, app, window))
        quiz.reveal()
        quiz.rate(Rating.GOOD)
    window.close()
    services.close()
    return [
        Figure(
            f"quiz reveal after {READING_MS} ms reading, cold formulas (median)",
            ahead,
            "ms",
            "same reveal, answer typeset on the key press",
            on_key,
            "<= 0.5 x",
        ),
        Figure(
            "quiz undo: rating removed, card back (median)", statistics.median(undo_times), "ms"
        ),
    ]


def _timed(action: Callable[[], object], app: object, window: object) -> float:
    start = time.perf_counter()
    action()
    app.processEvents()  # type: ignore[attr-defined]
    window.repaint()  # type: ignore[attr-defined]
    return (time.perf_counter() - start) * 1000


def main() -> int:
    return run_alone(quiz_figures, quick=2, full=5)


if __name__ == "__main__":
    raise SystemExit(main())
