"""Grab the own-question screens offscreen, light and dark: the import preview of an Anki
deck, an own question in Browse (with "Mine only" on) and the same question in the quiz.

.venv/bin/python tools/own_screenshots.py OUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studyapp.app import build_services
from studyapp.clock import FixedClock
from tools.anki_deck import Deck, Note, write_apkg

NOTES = [
    Note(
        "What is <b>layer normalization</b>?",
        "It normalizes each example over its features: "
        "\\(\\hat x_i = (x_i - \\mu) / \\sqrt{\\sigma^2 + \\epsilon}\\)<br><br>"
        "Unlike batch norm it needs no batch statistics, so it behaves the same at training "
        "and inference time and suits transformers and RNNs.",
        "normalization transformers",
        ((1_764_000_000_000, 3, 9000), (1_764_300_000_000, 3, 6000)),
    ),
    Note("What is gradient clipping?", "Rescaling gradients whose norm exceeds a threshold."),
    Note("Explain the concept of neural networks", "Layers of weighted sums and non-linearities."),
    Note("Why does label smoothing help calibration?", ""),
    Note("What is a mixture of experts?", "A router sends each token to a few expert FFNs."),
]


def main() -> int:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from studyapp.interchange.reader import read_import
    from studyapp.services.study import QueueSpec
    from studyapp.ui.application import create_window
    from studyapp.ui.import_dialog import ImportPreviewDialog

    scratch = Path(tempfile.mkdtemp(prefix="ds-own-shot-"))
    deck = write_apkg(scratch / "interview-deck.apkg", Deck(NOTES, name="Company X::Round 1"))
    for theme in ("light", "dark"):
        data = scratch / theme
        clock = FixedClock(datetime(2026, 12, 3, 9, tzinfo=UTC))
        services = build_services(data, clock=clock)
        services.settings.save(services.settings.load().__class__(theme=theme))
        window = create_window(services)
        window.resize(1280, 820)
        window.show()
        app = QApplication.instance()
        assert app is not None
        own = services.own_questions
        preview = own.preview_import(read_import(deck, with_history=True))
        dialog = ImportPreviewDialog(preview, deck.name, window)
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(out / f"import-preview-{theme}.png"))
        dialog.close()

        def accept() -> None:
            modal = QApplication.activeModalWidget()
            if isinstance(modal, ImportPreviewDialog):
                modal.accept()
            elif modal is not None:
                modal.close()

        timer = QTimer()
        timer.timeout.connect(accept)
        timer.start(50)
        window.import_dropped(deck)
        timer.stop()
        mine = next(q for q in services.library.questions if q.is_own)
        window.browser.filters.mine.click()
        window.browser.open_question(mine.id)
        app.processEvents()
        window.grab().save(str(out / f"browse-own-{theme}.png"))
        window.ctx.bus.start_quiz.emit(QueueSpec(question_ids=(mine.id,), limit=1))
        app.processEvents()
        window.grab().save(str(out / f"quiz-own-{theme}.png"))
        window.quiz.reveal()
        app.processEvents()
        window.grab().save(str(out / f"quiz-own-revealed-{theme}.png"))
        window.close()
        services.close()
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
