"""Recording a spoken answer: a small source interface, the microphone behind it, and a file
source and a fake source that drive the very same recording path in tests and CI (which have
no microphone).

Why `sounddevice` (PortAudio) rather than QtMultimedia's QAudioSource:
- QtMultimedia is not in PySide6-Essentials, the only Qt wheel DeepStudy depends on; it comes
  with PySide6-Addons (a wheel of about 150 MB: WebEngine, 3D, charts and the rest), and
  build.spec excludes `PySide6.QtMultimedia` to keep the base bundle under 130 MiB. Using it
  would make the base install far heavier for a feature that is optional.
- sounddevice is a few hundred kB of pure Python over PortAudio (bundled in its Windows and
  macOS wheels; on Linux the `libportaudio2` system package), it hands over NumPy blocks that
  the speech engine reads directly, and it lives in the optional voice extra with the engine,
  so the base app neither imports nor ships it.
- It keeps capture Qt-free, so the core and its tests record without a display.
Its cost: on Linux, `libportaudio2` must be installed (./dev.sh and the add-on's .deb
`Depends` do it); without it, the message below says so and the card stays usable.

Every source delivers 16 kHz mono float32 blocks to a callback, on a thread of its own; the
`Recording` collects them and answers the UI's polls (level, elapsed time) under a lock.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from studyapp.voice.engine import SAMPLE_RATE

if TYPE_CHECKING:
    import numpy as np

BLOCK = 1_600  # 0.1 s: the level meter's step
PEAK_HOLD_BLOCKS = 5
Block = Callable[["np.ndarray"], None]


class CaptureError(RuntimeError):
    """The microphone cannot record; the message says why in words a learner can act on."""


class AudioSource(Protocol):
    """Where samples come from. `start` calls `deliver(block)` from another thread until
    `stop`; `failure` is set when the source stopped on its own (a device unplugged)."""

    failure: str | None

    def start(self, deliver: Block) -> None: ...

    def stop(self) -> None: ...


def resample(samples: np.ndarray, rate: int) -> np.ndarray:
    """Mono float32 at SAMPLE_RATE. Linear interpolation is enough for speech recognition
    (Whisper works on 80 mel bands up to 8 kHz) and needs nothing beyond NumPy."""
    import numpy as np

    data = np.asarray(samples, dtype=np.float32)
    if data.ndim == 2:
        data = data.mean(axis=1)
    if rate == SAMPLE_RATE or not len(data):
        return data
    count = round(len(data) * SAMPLE_RATE / rate)
    positions = np.linspace(0, len(data) - 1, count, dtype=np.float64)
    return np.interp(positions, np.arange(len(data)), data).astype(np.float32)


class Recording:
    """One answer being recorded: the blocks so far, their loudness, how long it has run."""

    def __init__(self, source: AudioSource) -> None:
        self.source = source
        self._blocks: list[np.ndarray] = []
        self._count = 0
        self._levels: deque[float] = deque(maxlen=PEAK_HOLD_BLOCKS)
        self._lock = threading.Lock()
        self.running = False

    def start(self) -> None:
        """Raises CaptureError (no microphone, busy, refused) before anything is recorded."""
        self.source.start(self._deliver)
        self.running = True

    def _deliver(self, block: np.ndarray) -> None:
        import numpy as np

        data = np.asarray(block, dtype=np.float32).reshape(-1)
        level = float(np.sqrt(np.mean(np.square(data)))) if len(data) else 0.0
        with self._lock:
            self._blocks.append(data.copy())
            self._count += len(data)
            self._levels.append(level)

    def stop(self) -> np.ndarray:
        """Stop the source and return every sample recorded (16 kHz mono float32)."""
        if self.running:
            self.source.stop()
            self.running = False
        return self.samples()

    def samples(self) -> np.ndarray:
        import numpy as np

        with self._lock:
            return np.concatenate(self._blocks) if self._blocks else np.zeros(0, np.float32)

    @property
    def seconds(self) -> float:
        with self._lock:
            return self._count / SAMPLE_RATE

    @property
    def level(self) -> float:
        """0..1: the loudest of the last half second's blocks (a meter that holds its peak, so
        a word shows between two polls), on a scale that puts speech in the middle (RMS of
        ordinary speech into a laptop microphone is about 0.02-0.2)."""
        with self._lock:
            rms = max(self._levels, default=0.0)
        return float(min(1.0, (rms * 6.0) ** 0.5))

    @property
    def failure(self) -> str | None:
        return self.source.failure


def _portaudio() -> Any:
    try:
        import sounddevice
    except ImportError as error:  # the voice extra without sounddevice
        raise CaptureError(
            "Recording needs the sounddevice package (part of the voice add-on)."
        ) from error
    except OSError as error:  # sounddevice is there, the PortAudio library is not
        raise CaptureError(
            "Recording needs the PortAudio library: install it with "
            "sudo apt install libportaudio2, then try again."
        ) from error
    return sounddevice


class MicrophoneSource:
    """The default input device, through PortAudio. Asks for 16 kHz; a device that only
    records at its own rate (many do, without a sound server) is resampled block by block."""

    def __init__(self, device: int | str | None = None) -> None:
        self.device = device
        self.failure: str | None = None
        self._stream: Any = None
        self._stopping = False

    def start(self, deliver: Block) -> None:
        sd = _portaudio()
        try:
            info = sd.query_devices(self.device, kind="input")
        except (ValueError, sd.PortAudioError) as error:
            raise CaptureError(
                "No microphone was found. Plug one in (or allow DeepStudy to use it), then "
                "press R again; meanwhile you can think or type your answer."
            ) from error
        rate = SAMPLE_RATE
        try:
            sd.check_input_settings(self.device, channels=1, samplerate=SAMPLE_RATE)
        except (ValueError, sd.PortAudioError):
            rate = int(info["default_samplerate"])

        def callback(data: np.ndarray, _frames: int, _time: Any, _status: Any) -> None:
            deliver(resample(data, rate))

        def finished() -> None:
            if not self._stopping:
                self.failure = "The microphone stopped (unplugged?). What was said so far is kept."

        try:
            self._stream = sd.InputStream(
                device=self.device,
                channels=1,
                samplerate=rate,
                dtype="float32",
                blocksize=round(BLOCK * rate / SAMPLE_RATE),
                callback=callback,
                finished_callback=finished,
            )
            self._stream.start()
        except (ValueError, sd.PortAudioError) as error:
            raise CaptureError(
                f"The microphone could not be opened ({error}). It may be busy in another "
                "program, or access to it refused; close that program or allow access, then "
                "press R again. You can still think or type your answer."
            ) from error

    def stop(self) -> None:
        self._stopping = True
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None


class SamplesSource:
    """Delivers given samples in 0.1 s blocks on a thread: in real time (as a microphone would,
    for a demonstration) or as fast as possible (tests). `fail` makes `start` refuse, as a
    missing or busy microphone does."""

    def __init__(self, samples: np.ndarray, realtime: bool = False, fail: str | None = None):
        self._samples = samples
        self._realtime = realtime
        self._fail = fail
        self.failure: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, deliver: Block) -> None:
        if self._fail is not None:
            raise CaptureError(self._fail)
        self._stop.clear()

        def feed() -> None:
            for begin in range(0, len(self._samples), BLOCK):
                if self._stop.is_set():
                    return
                deliver(self._samples[begin : begin + BLOCK])
                if self._realtime:
                    time.sleep(BLOCK / SAMPLE_RATE)

        self._thread = threading.Thread(target=feed, name="audio-source", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def wait(self) -> None:
        """Until every sample has been delivered (tests, before they press stop)."""
        if self._thread is not None:
            self._thread.join()


def file_source(path: Path, realtime: bool = False) -> SamplesSource:
    """A recording on disk played into the recording path, as if it were being spoken."""
    import soundfile

    try:
        data, rate = soundfile.read(str(path), dtype="float32", always_2d=False)
    except (RuntimeError, OSError) as error:  # soundfile raises LibsndfileError (RuntimeError)
        raise CaptureError(f"{path.name} could not be read as audio: {error}") from error
    return SamplesSource(resample(data, int(rate)), realtime=realtime)


def fake_source(seconds: float = 1.0, fail: str | None = None) -> SamplesSource:
    """A quiet tone (or a refusal, with `fail`), for tests with no file and no device."""
    import numpy as np

    t = np.arange(int(seconds * SAMPLE_RATE), dtype=np.float32) / SAMPLE_RATE
    return SamplesSource((0.05 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), fail=fail)
