"""Key points found from a spoken answer against the same answer typed: the held-out check of
the spoken-answer issue (>= 85 %), on the labelled corpus read aloud by espeak-ng.

    .venv/bin/python -m benchmarks.spoken_recall [--quick]

Each answer of the corpus that earns points (kinds strong, partial, paraphrase) is spoken,
transcribed by the same engine and prompt the quiz uses, and graded by the one checker; the
typed text of the same answer, graded the same way, is the baseline. `--quick` takes every
fourth such answer, the full run all of them. Needs the voice extra and espeak-ng.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from benchmarks.harness import ROOT, Figure, run_alone

CORPUS = ROOT / "tests" / "fixtures" / "grading"
SPOKEN_KINDS = ("strong", "partial", "paraphrase")


def spoken_recall_figures(repeat: int) -> list[Figure]:
    from studyapp.content.loader import load_library
    from studyapp.grading.checker import Checker
    from studyapp.grading.evaluate import load_corpus
    from studyapp.voice.accuracy import word_error_rate
    from studyapp.voice.engine import Transcriber, unavailable_reason
    from studyapp.voice.spoken import transcribe_file

    if unavailable_reason() is not None or shutil.which("espeak-ng") is None:
        return [Figure("spoken recall", 0, "", note="voice extra or espeak-ng missing: skipped")]
    library = load_library(ROOT / "content")
    questions = {question.id: question for question in library.questions}
    checker = Checker.for_questions(library.questions, ROOT / "content")
    answers = [item for item in load_corpus(CORPUS) if item.kind in SPOKEN_KINDS]
    answers = answers[:: 4 if repeat <= 2 else 1]
    transcriber = Transcriber()
    folder = Path(tempfile.mkdtemp(prefix="bench-spoken-"))
    typed_found = spoken_found = both = labelled = labelled_typed = labelled_spoken = 0
    rates: list[float] = []
    try:
        for number, item in enumerate(answers):
            question = questions[item.question]
            wav = folder / f"{number}.wav"
            subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), item.answer], check=True)
            transcript, _details = transcribe_file(wav, question, transcriber)
            rates.append(word_error_rate(item.answer, transcript))
            typed = set(checker.grade(question, item.answer).covered)
            spoken = set(checker.grade(question, transcript).covered)
            typed_found += len(typed)
            spoken_found += len(spoken)
            both += len(typed & spoken)
            labelled += len(item.covered)
            labelled_typed += len(typed & item.covered)
            labelled_spoken += len(spoken & item.covered)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    note = f"{len(answers)} corpus answers read by espeak-ng at 150 wpm"
    return [
        Figure(
            "spoken: key points found from audio / from the same answer typed",
            both / max(1, typed_found),
            "",
            target=">= 0.85",
            note=note,
        ),
        Figure(
            "spoken: points found from audio, all / typed, all",
            spoken_found / max(1, typed_found),
            "",
            note="extra points from a transcript count here, not above",
        ),
        Figure(
            "spoken: labelled points found, audio",
            labelled_spoken / max(1, labelled),
            "",
            baseline="typed",
            baseline_value=labelled_typed / max(1, labelled),
        ),
        Figure("spoken: word error rate, median", statistics.median(rates), "", note=note),
        Figure("spoken: word error rate, worst answer", max(rates), ""),
    ]


if __name__ == "__main__":
    raise SystemExit(run_alone(spoken_recall_figures, quick=2, full=5))
