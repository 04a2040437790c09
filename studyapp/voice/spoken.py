"""A spoken answer, from the microphone (the quiz) or a file (`--grade ID ANSWER.wav`, the
tests): one path from samples to transcript, timed words and delivery figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studyapp.domain import Question
from studyapp.voice.delivery import Delivery, measure
from studyapp.voice.engine import (
    SAMPLE_RATE,
    Transcriber,
    Transcript,
    VoiceUnavailable,
    spoken_prompt,
)

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class SpokenAnswer:
    transcript: Transcript
    delivery: Delivery
    samples: np.ndarray | None  # 16 kHz mono, kept for replay and for the saved recording

    @property
    def text(self) -> str:
        return self.transcript.text


def delivery_figures(delivery: Delivery) -> dict[str, Any]:
    """The figures as JSON-ready values: what the review log keeps and `--grade` prints."""
    figures = asdict(delivery)
    figures["long_pauses"] = [list(pause) for pause in delivery.long_pauses]
    return figures


def transcribe_answer(
    audio: Path | np.ndarray,
    question: Question,
    transcriber: Transcriber,
    limit: float | None = None,
    progress: Callable[[float], bool] | None = None,
) -> SpokenAnswer | None:
    """Transcribe with the question's terms as the prompt and measure the delivery against
    `limit` (the mock-interview seconds); None when `progress` cancelled it."""
    transcript = transcriber.transcribe(audio, spoken_prompt(question), progress)
    if transcript is None:
        return None
    delivery = measure(transcript.text, transcript.words, transcript.duration, limit)
    samples = None if isinstance(audio, Path) else audio
    return SpokenAnswer(transcript, delivery, samples)


def transcribe_file(
    path: Path, question: Question, transcriber: Transcriber | None = None
) -> tuple[str, dict[str, Any]]:
    """The transcript of the answer in `path`, and the JSON-ready transcript and delivery."""
    answer = transcribe_answer(path, question, transcriber or Transcriber())
    if answer is None:  # only a progress callback cancels; there is none here
        raise VoiceUnavailable("the transcription was cancelled")
    transcript = answer.transcript
    return transcript.text, {
        "transcript": transcript.text,
        "words": [[w.text, round(w.start, 2), round(w.end, 2)] for w in transcript.words],
        "duration": round(transcript.duration, 2),
        "delivery": delivery_figures(answer.delivery),
    }


def save_recording(samples: np.ndarray, path: Path) -> Path:
    """The recording as FLAC (lossless, about half a WAV's size; the engine reads it back),
    written beside its final name and renamed, so a crash never leaves half a file."""
    import soundfile

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    soundfile.write(str(partial), samples, SAMPLE_RATE, format="FLAC", subtype="PCM_16")
    partial.replace(path)
    return path
