"""A spoken answer from a file, the way `--grade ID ANSWER.wav` and the tests take it: the
same transcriber and delivery figures as the quiz's microphone path, fed from a file."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from studyapp.domain import Question
from studyapp.voice.delivery import measure
from studyapp.voice.engine import Transcriber, VoiceUnavailable, spoken_prompt


def transcribe_file(
    path: Path, question: Question, transcriber: Transcriber | None = None
) -> tuple[str, dict[str, Any]]:
    """The transcript of the answer in `path`, and the JSON-ready transcript and delivery."""
    engine = transcriber or Transcriber()
    transcript = engine.transcribe(path, spoken_prompt(question))
    if transcript is None:  # only a progress callback cancels; there is none here
        raise VoiceUnavailable("the transcription was cancelled")
    delivery = measure(transcript.text, transcript.words, transcript.duration)
    figures = asdict(delivery)
    figures["long_pauses"] = [list(pause) for pause in delivery.long_pauses]
    return transcript.text, {
        "transcript": transcript.text,
        "words": [[w.text, round(w.start, 2), round(w.end, 2)] for w in transcript.words],
        "duration": round(transcript.duration, 2),
        "delivery": figures,
    }
