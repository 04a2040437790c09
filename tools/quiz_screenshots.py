"""Grab every state of the quiz, light and dark, for looking at it as a user would.

.venv/bin/python tools/quiz_screenshots.py OUT_DIR [--history N] [--size 1000x680]

States: set-up, card before the reveal, revealed with ticks, typed answer before and after the
reveal (suggested points), mock interview countdown and overtime, a follow-up, the summary.
"""

from __future__ import annotations

import argparse
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
from studyapp.domain import Rating
from studyapp.services.study import QueueSpec
from tools.synthetic_history import fill

# Typed for question 1: five points in a learner's words, and one misconception at the end.
TYPED = (
    "Deep learning stacks many layers and trains them all end to end with backprop on one "
    "loss. The net learns its own features from raw pixels instead of hand-engineered ones, "
    "while classic ML feeds hand-crafted features to a simple model like an SVM, so it is only "
    "as good as those features.\n\nThese days you take a pretrained model and fine-tune it "
    "on a few labels. Still, deep learning always needs millions of labelled examples."
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--history", type=int, default=0, help="synthetic reviews to add first")
    parser.add_argument("--question", type=int, default=1, help="the question typed about")
    parser.add_argument("--size", default="1280x820", help="window size, e.g. 1000x680")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    width, height = (int(part) for part in args.size.lower().split("x"))
    for theme in ("light", "dark"):
        _grab(theme, args.out, args.history, args.question, (width, height))
    print(f"screenshots in {args.out}")
    return 0


def _grab(theme: str, out: Path, history: int, question: int, size: tuple[int, int]) -> None:
    from PySide6.QtWidgets import QApplication

    from studyapp.ui.application import create_window

    data = Path(tempfile.mkdtemp(prefix="ds-quizshot-"))
    clock = FixedClock(datetime(2026, 11, 1, 9, tzinfo=UTC))
    services = build_services(data, clock=clock)
    if history:
        fill(services, history, 365)
    services.settings.save(replace(services.settings.load(), theme=theme))
    window = create_window(services)
    window.resize(*size)
    window.show()
    app = QApplication.instance()
    assert app is not None

    def shot(name: str) -> None:
        app.processEvents()
        window.grab().save(str(out / f"quiz-{name}-{theme}.png"))

    quiz = window.quiz
    window.show_page(1)
    shot("setup")
    base = quiz.setup.current()
    quiz.start_setup(replace(base, kind="all", limit=4, order="scheduled"))
    clock.advance(timedelta(seconds=37))
    quiz.update_clock()
    shot("card")
    quiz.reveal()
    quiz.card.point_boxes[0].toggle()
    quiz.card.point_boxes[3].toggle()
    shot("revealed")
    for rating in (Rating.AGAIN, Rating.GOOD, Rating.AGAIN, Rating.EASY):
        if not quiz.revealed:
            quiz.reveal()
        clock.advance(timedelta(seconds=50))
        quiz.rate(rating)
    shot("summary")

    quiz.show_setup()
    quiz.setup.load(replace(base, type_answer=True, follow_ups=True))
    quiz.start_spec(QueueSpec(question_ids=(question,), limit=1))
    quiz.card.typed.setPlainText(TYPED)
    shot("typed")
    quiz.reveal()
    shot("typed-revealed")
    quiz.rate(Rating.GOOD)
    shot("followup")
    quiz.reveal()
    shot("followup-revealed")

    quiz.show_setup()
    quiz.start_setup(replace(base, mock=True, mock_seconds=180))
    clock.advance(timedelta(seconds=47))
    quiz.update_clock()
    shot("mock")
    clock.advance(timedelta(seconds=150))
    quiz.update_clock()
    shot("mock-over")
    window.close()
    services.close()


if __name__ == "__main__":
    raise SystemExit(main())
