"""Speak mode's controller: start and stop a recording, poll its level, transcribe it off the
UI thread (progress, Cancel), and hand the spoken answer to the quiz page, which grades and
shows it exactly as it does a typed one.

Nothing of studyapp.voice (NumPy, PortAudio, the engine) is imported until R is first pressed.
Whatever goes wrong (no add-on, no microphone, a busy or unplugged device, a file that cannot
be read) becomes a line in the card: the card stays as it was, to think or type instead.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from studyapp.domain import Question
from studyapp.ui.background import run_in_background
from studyapp.ui.voice.speak_bar import SpeakBar

if TYPE_CHECKING:
    import numpy as np

    from studyapp.voice.capture import AudioSource, Recording
    from studyapp.voice.engine import Transcriber
    from studyapp.voice.playback import Player
    from studyapp.voice.spoken import SpokenAnswer

MIN_SECONDS = 0.5  # shorter than this is a slip of the key, not an answer


class SpeakController(QObject):
    answered = Signal(object)  # SpokenAnswer

    def __init__(self, bar: SpeakBar, parent: QWidget) -> None:
        super().__init__(parent)
        self.bar = bar
        self.window = parent
        # Where samples come from: the microphone unless a test or a demo gives a source.
        self.source_factory: Callable[[], AudioSource] | None = None
        self.player_factory: Callable[[np.ndarray], tuple[Player, str | None]] | None = None
        self.recording: Recording | None = None
        self.busy = False  # transcribing
        self._transcriber: Transcriber | None = None
        self._question: Question | None = None
        self._limit: float | None = None
        self._poll = QTimer(self, interval=50)
        self._poll.timeout.connect(self._show_level)
        bar.button.clicked.connect(self._clicked)
        self.on_click: Callable[[], None] | None = None  # the page decides what a click means

    @property
    def active(self) -> bool:
        return self.recording is not None

    @Slot()
    def _clicked(self) -> None:
        if self.on_click is not None:
            self.on_click()

    def start(self, question: Question, limit: float | None) -> bool:
        """Begin recording an answer to `question`; False (and a message) when it cannot."""
        if self.active or self.busy:
            return False
        from studyapp.voice.engine import unavailable_reason

        reason = unavailable_reason()
        if reason:
            self.bar.say(reason, problem=True)
            return False
        from studyapp.voice.capture import CaptureError, MicrophoneSource, Recording

        try:
            source = self.source_factory() if self.source_factory else MicrophoneSource()
            recording = Recording(source)
            recording.start()
        except CaptureError as error:
            self.bar.say(str(error), problem=True)
            return False
        self.recording = recording
        self._question, self._limit = question, limit
        self.bar.set_recording(True)
        self.bar.say("Recording… answer out loud; R (or Space) stops and checks it.")
        self._poll.start()
        # The model loads (about a second) while the learner speaks, not after.
        threading.Thread(target=self._preload, name="voice-load", daemon=True).start()
        return True

    def _preload(self) -> None:
        from studyapp.voice.engine import VoiceUnavailable

        with contextlib.suppress(VoiceUnavailable):  # said when transcribing asks again
            self._engine().load()

    def _engine(self) -> Transcriber:
        if self._transcriber is None:
            from studyapp.voice.engine import Transcriber

            self._transcriber = Transcriber()
        return self._transcriber

    @Slot()
    def _show_level(self) -> None:
        recording = self.recording
        if recording is None:
            return
        self.bar.show_level(recording.level, recording.seconds)
        if recording.failure:  # unplugged: keep what was said and check it
            self.bar.say(recording.failure, problem=True)
            self.finish()

    def discard(self) -> None:
        """Stop without transcribing (the card moves on)."""
        self._poll.stop()
        if self.recording is not None:
            self.recording.stop()
            self.recording = None
        self.bar.reset()

    def finish(self) -> SpokenAnswer | None:
        """Stop and transcribe; the answer is also emitted as `answered`. None when there
        was nothing to check, it was cancelled or it failed (the bar says which)."""
        recording, question = self.recording, self._question
        if recording is None or question is None or self.busy:
            return None
        self._poll.stop()
        failure = recording.failure
        samples = recording.stop()
        self.recording = None
        self.bar.set_recording(False)
        if len(samples) < MIN_SECONDS * 16_000:
            self.bar.say(
                failure or "Nothing was recorded. Press R and speak, or think or type instead.",
                problem=True,
            )
            return None
        answer = self._transcribe(samples, question)
        if answer is not None:
            self.bar.say("Checked: your transcript is beside the model answer.")
            self.answered.emit(answer)
        return answer

    def _transcribe(self, samples: np.ndarray, question: Question) -> SpokenAnswer | None:
        from studyapp.voice.engine import VoiceUnavailable
        from studyapp.voice.spoken import transcribe_answer

        cancel = threading.Event()
        engine, limit = self._engine(), self._limit

        def work(progress: Callable[[int, int], None]) -> SpokenAnswer | None:
            def step(share: float) -> bool:
                progress(round(share * 100), 100)
                return not cancel.is_set()

            return transcribe_answer(samples, question, engine, limit, step)

        self.busy = True
        try:
            answer = run_in_background(
                self.window,
                "Checking your spoken answer",
                f"Transcribing {len(samples) / 16_000:.0f} s of speech, offline…",
                work,
                cancel=cancel,
            )
        except VoiceUnavailable as error:
            self.bar.say(f"The answer could not be transcribed: {error}", problem=True)
            return None
        finally:
            self.busy = False
            self.window.window().activateWindow()  # back from the dialog: the keys work again
        if answer is None:
            self.bar.say("Cancelled. Press R to record again, or think or type instead.")
            return None
        return answer

    def player_for(self, samples: np.ndarray) -> tuple[Player, str | None]:
        if self.player_factory is not None:
            return self.player_factory(samples)
        from studyapp.voice.playback import open_player

        return open_player(samples)


def delivery_json(answer: SpokenAnswer) -> str:
    """The figures as the review log keeps them."""
    from studyapp.voice.spoken import delivery_figures

    figures = delivery_figures(answer.delivery)
    figures["duration"] = round(answer.transcript.duration, 2)
    return json.dumps(figures, sort_keys=True)
