"""Replaying a recorded answer: play, pause, seek, and where playback is (for the word
highlight). Like capture, a small interface: PortAudio's output for people, a silent player
that keeps time the same way for tests and machines without a speaker."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any, Protocol

from studyapp.voice.capture import CaptureError, _portaudio
from studyapp.voice.engine import SAMPLE_RATE

if TYPE_CHECKING:
    import numpy as np


class Player(Protocol):
    duration: float

    def play(self) -> None: ...

    def pause(self) -> None: ...

    def seek(self, seconds: float) -> None: ...

    @property
    def position(self) -> float: ...

    @property
    def playing(self) -> bool: ...


class SilentPlayer:
    """Keeps playback time without making a sound."""

    def __init__(self, samples: np.ndarray) -> None:
        self.duration = len(samples) / SAMPLE_RATE
        self._offset = 0.0
        self._started: float | None = None

    def play(self) -> None:
        if self._offset >= self.duration:
            self._offset = 0.0
        self._started = time.monotonic()

    def pause(self) -> None:
        self._offset = self.position
        self._started = None

    def seek(self, seconds: float) -> None:
        self._offset = min(max(0.0, seconds), self.duration)
        if self._started is not None:
            self._started = time.monotonic()

    @property
    def position(self) -> float:
        if self._started is None:
            return self._offset
        return min(self.duration, self._offset + time.monotonic() - self._started)

    @property
    def playing(self) -> bool:
        return self._started is not None and self.position < self.duration


class SpeakerPlayer:
    """The default output device. The stream's callback copies from the recording at the
    current position, so a seek takes effect at the next 0.1 s block."""

    def __init__(self, samples: np.ndarray) -> None:
        self._sd = _portaudio()
        self._samples = samples
        self.duration = len(samples) / SAMPLE_RATE
        self._frame = 0
        self._lock = threading.Lock()
        self._stream: Any = None
        try:
            self._sd.query_devices(kind="output")
        except (ValueError, self._sd.PortAudioError) as error:
            raise CaptureError("No speaker or headphones were found to replay on.") from error

    def _callback(self, out: np.ndarray, frames: int, _time: Any, _status: Any) -> None:
        with self._lock:
            chunk = self._samples[self._frame : self._frame + frames]
            self._frame += len(chunk)
        out[: len(chunk), 0] = chunk
        out[len(chunk) :, 0] = 0
        if len(chunk) < frames:
            raise self._sd.CallbackStop

    def play(self) -> None:
        self.pause()
        with self._lock:
            if self._frame >= len(self._samples):
                self._frame = 0
        try:
            self._stream = self._sd.OutputStream(
                samplerate=SAMPLE_RATE, channels=1, dtype="float32", callback=self._callback
            )
            self._stream.start()
        except (ValueError, self._sd.PortAudioError) as error:
            self._stream = None
            raise CaptureError(f"The recording could not be played ({error}).") from error

    def pause(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None

    def seek(self, seconds: float) -> None:
        with self._lock:
            self._frame = min(len(self._samples), max(0, round(seconds * SAMPLE_RATE)))

    @property
    def position(self) -> float:
        with self._lock:
            return self._frame / SAMPLE_RATE

    @property
    def playing(self) -> bool:
        return self._stream is not None and bool(self._stream.active)


def open_player(samples: np.ndarray) -> tuple[Player, str | None]:
    """The speaker when there is one; otherwise a player that keeps time silently (the word
    highlight still runs) and the reason there is no sound, for the caller to show."""
    try:
        return SpeakerPlayer(samples), None
    except CaptureError as error:
        return SilentPlayer(samples), str(error)
