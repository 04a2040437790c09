"""The recording strip on a question card: Speak (R), a live level meter, the elapsed time
and a line for what is happening or what went wrong."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout

from studyapp.ui.widgets.named import named
from studyapp.ui.widgets.plain_text import plain

IDLE_TEXT = "● Speak my answer   (R)"
RECORDING_TEXT = "■ Stop and check   (R)"
IDLE_HINT = "R records your answer out loud; R again (or Space) stops and checks it, offline."


def _repolish(widget: QLabel | QPushButton) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class SpeakBar(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("speakbar")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.setSpacing(6)
        row = QHBoxLayout()
        row.setSpacing(10)
        self.button = named(QPushButton(IDLE_TEXT), "speakbutton")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setMinimumHeight(34)
        self.button.setToolTip("Record your answer from the microphone (R)")
        self.meter = named(QProgressBar(textVisible=False), "levelmeter")
        self.meter.setRange(0, 100)
        self.meter.setFixedHeight(12)
        self.meter.setToolTip("How loud the microphone hears you")
        self.meter.setAccessibleName("Microphone level")
        self.time = named(QLabel("0:00"), "speaktime")
        self.time.setMinimumWidth(52)
        self.time.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.button)
        row.addWidget(self.meter, 1)
        row.addWidget(self.time)
        outer.addLayout(row)
        self.message = plain(named(QLabel(IDLE_HINT, wordWrap=True), "speakmessage"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.message)
        self.set_recording(False)

    def set_recording(self, on: bool) -> None:
        self.button.setText(RECORDING_TEXT if on else IDLE_TEXT)
        self.button.setProperty("recording", "true" if on else "false")
        _repolish(self.button)
        self.meter.setVisible(on)
        self.time.setVisible(on)
        if not on:
            self.meter.setValue(0)

    def show_level(self, level: float, seconds: float) -> None:
        self.meter.setValue(round(level * 100))
        whole = int(seconds)
        self.time.setText(f"{whole // 60}:{whole % 60:02d}")

    def say(self, text: str, problem: bool = False) -> None:
        """What is happening, or (problem) what went wrong and what to do instead."""
        self.message.setText(text)
        if self.message.property("problem") != ("true" if problem else "false"):
            self.message.setProperty("problem", "true" if problem else "false")
            _repolish(self.message)

    def reset(self) -> None:
        self.set_recording(False)
        self.say(IDLE_HINT)
