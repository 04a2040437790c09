"""Spoken answers: delivery figures (always), and the offline engine fed from synthetic speech
(espeak-ng) through the same path the microphone uses, when the voice extra is installed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp.content.loader import load_library
from studyapp.grading.checker import Checker
from studyapp.voice.accuracy import word_error_rate
from studyapp.voice.delivery import count_fillers, measure
from studyapp.voice.engine import Transcriber, Word, unavailable_reason
from studyapp.voice.spoken import transcribe_file
from tests.conftest import REAL_CONTENT, ROOT
from tests.offline import block_network

LIBRARY = load_library(REAL_CONTENT)
needs_engine = pytest.mark.skipif(
    unavailable_reason() is not None or shutil.which("espeak-ng") is None,
    reason="voice extra or espeak-ng not installed (./dev.sh test installs both)",
)
# What learners say, in their own words (not the model answers), for three questions.
SPOKEN = {
    12: "Um, so dropout randomly switches off some neurons during training, with a new random "
    "mask every step. At test time dropout is turned off, and the full network is used. It "
    "stops neurons from co-adapting, because a unit cannot rely on particular other units.",
    23: "Softmax takes the logits, exponentiates them and divides by the sum, so you get "
    "positive numbers that add up to one. It is used with cross entropy, and the gradient with "
    "respect to the logits is p minus y. Uh, we subtract the maximum logit first so the "
    "exponential does not overflow.",
    44: "With data parallelism every GPU gets part of the batch and the gradients are averaged "
    "with an all reduce. If the model does not fit, you shard it with FSDP or use tensor and "
    "pipeline parallelism. Mixed precision and activation checkpointing save memory, and at "
    "thousands of GPUs hardware fails, so you checkpoint often and restart automatically.",
}


def test_fillers_count_hesitations_but_not_content() -> None:
    text = "Um, so, the ReLU is, like, a nonlinearity like max. Uh you know it is cheap, i mean."
    assert count_fillers(text) == {"um": 1, "so": 1, "like": 1, "uh": 1, "you know": 1, "i mean": 1}
    assert count_fillers("A nonlinearity like ReLU, so the net can bend.") == {}


def test_pace_pauses_and_time_over_the_limit() -> None:
    words = [Word(f"w{i}", i * 0.5, i * 0.5 + 0.4) for i in range(60)]  # 120 words a minute
    words.append(Word("late", 33.0, 33.4))  # after a 3.6 s silence
    delivery = measure(" ".join(w.text for w in words), words, duration=200.0, limit=180.0)
    assert delivery.words == 61
    assert delivery.words_per_minute == pytest.approx(61 / (33.4 / 60), rel=0.01)
    assert delivery.long_pauses == ((29.9, 3.1),)
    assert delivery.over_limit == pytest.approx(20.0)


def _speak(text: str, path: Path) -> Path:
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(path), text], check=True)
    return path


@needs_engine
def test_spoken_answers_are_transcribed_and_graded_like_typed_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts = block_network(monkeypatch)  # the model is read from disk; nothing is fetched
    checker = Checker.for_questions(LIBRARY.questions, REAL_CONTENT)
    transcriber = Transcriber()
    typed_points = spoken_points = 0
    rates = []
    for qid, text in SPOKEN.items():
        question = LIBRARY.question(qid)
        assert question is not None
        transcript, figures = transcribe_file(
            _speak(text, tmp_path / f"{qid}.wav"), question, transcriber
        )
        rates.append(word_error_rate(text, transcript))
        assert rates[-1] <= 0.3, transcript  # espeak's robotic voice through tiny.en
        typed = set(checker.grade(question, text).covered)
        spoken = set(checker.grade(question, transcript).covered)
        typed_points += len(typed)
        spoken_points += len(spoken & typed)
        assert figures["delivery"]["words_per_minute"] > 100
        assert figures["words"] and figures["duration"] > 5
    assert sum(rates) / len(rates) <= 0.2, rates
    assert typed_points >= 8
    assert spoken_points >= 0.85 * typed_points
    assert attempts == []


@needs_engine
def test_the_grade_command_takes_a_recording(tmp_path: Path) -> None:
    recording = _speak(SPOKEN[12], tmp_path / "answer.wav")
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--grade", "12", str(recording)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"covered", "rating", "evidence", "misconceptions", "transcript", "delivery"} <= set(
        data
    )
    assert "dropout" in data["transcript"].lower() and data["covered"]
    assert data["delivery"]["words_per_minute"] > 100 and data["duration"] > 5


def test_a_recording_without_the_voice_extra_says_how_to_add_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from studyapp.grading import command

    monkeypatch.setattr(
        "studyapp.voice.engine.unavailable_reason", lambda: "install the voice add-on"
    )
    recording = tmp_path / "answer.wav"
    recording.write_bytes(b"RIFF")
    assert command.grade_command(REAL_CONTENT, "12", str(recording)) == 2
    assert "install the voice add-on" in capsys.readouterr().err
    assert command.grade_command(REAL_CONTENT, "12", str(tmp_path / "missing.wav")) == 2


def test_the_app_starts_without_loading_any_voice_code() -> None:
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "import tempfile, pathlib\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from studyapp.app import build_services\n"
        "from studyapp.ui.application import create_window\n"
        "app = QApplication([])\n"
        "window = create_window(build_services(pathlib.Path(tempfile.mkdtemp())))\n"
        "window.show(); app.processEvents()\n"
        "voice = ('studyapp.voice', 'faster_whisper', 'ctranslate2')\n"
        "print(sorted(m for m in sys.modules if m.startswith(voice)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


class _PromptSensitiveModel:
    """Stands in for the speech model to drive Transcriber's own logic: with a prompt it
    returns one word for 40 s of speech (the failure seen on the corpus read aloud), without
    it the whole answer."""

    def __init__(self) -> None:
        self.prompts: list[str | None] = []

    def transcribe(self, source: object, **options: object) -> tuple[object, object]:
        from types import SimpleNamespace

        prompt = options.get("initial_prompt")
        self.prompts.append(prompt if isinstance(prompt, str) else None)
        spoken = ["So"] if prompt else [f"w{i}" for i in range(100)]
        words = [
            SimpleNamespace(word=w, start=i * 0.4, end=i * 0.4 + 0.3) for i, w in enumerate(spoken)
        ]
        segment = SimpleNamespace(text=" ".join(spoken), end=40.0, words=words)
        return iter([segment]), SimpleNamespace(duration=41.0, duration_after_vad=40.0)


def test_a_transcript_far_too_sparse_for_its_speech_is_decoded_again_without_the_prompt() -> None:
    transcriber = Transcriber()
    model = _PromptSensitiveModel()
    transcriber._model = model  # the logic under test is ours; the model is a stand-in
    shares: list[float] = []
    transcript = transcriber.transcribe(
        Path("answer.wav"), "ReLU, softmax", lambda share: shares.append(share) or True
    )
    assert transcript is not None and len(transcript.words) == 100
    assert model.prompts == ["ReLU, softmax", None]
    assert shares == sorted(shares) and shares[-1] == 1.0  # the bar never runs backwards
    model.prompts.clear()
    assert transcriber.transcribe(Path("answer.wav"), "", None) is not None
    assert model.prompts == [None]  # no prompt: nothing to retry without
