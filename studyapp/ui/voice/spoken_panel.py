"""Beside the model answer, for a spoken answer: replay (play/pause, seek) with the word being
heard highlighted in the transcript, the delivery figures, and the transcript to correct (the
checker reads it again as it is edited)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from studyapp.content.theme import Theme
from studyapp.ui.quiz.card import DraftEdit
from studyapp.ui.widgets.named import named
from studyapp.ui.widgets.plain_text import plain

if TYPE_CHECKING:
    from studyapp.voice.engine import Word
    from studyapp.voice.playback import Player

EDIT_PAUSE_MS = 300  # regrade once typing pauses this long


def _clock(seconds: float) -> str:
    whole = round(seconds)  # as the delivery line rounds the length
    return f"{whole // 60}:{whole % 60:02d}"


def word_spans(text: str, words: tuple[Word, ...]) -> list[tuple[float, int, int]]:
    """(start time, first and last character) of each timed word found in `text`, in order.
    An edited transcript keeps the words it still has; the ones corrected away are skipped."""
    lowered = text.lower()
    spans: list[tuple[float, int, int]] = []
    at = 0
    for word in words:
        token = re.sub(r"^[^\w]+|[^\w]+$", "", word.text.lower())
        if not token:
            continue
        found = lowered.find(token, at)
        if found < 0 or found - at > 80:  # not nearby: edited away
            continue
        spans.append((word.start, found, found + len(token)))
        at = found + len(token)
    return spans


class SpokenPanel(QWidget):
    edited = Signal(str)  # the transcript as corrected, once typing pauses

    def __init__(self, view: QTextBrowser) -> None:
        super().__init__()
        self.view = view
        self.player: Player | None = None
        self._words: tuple[Word, ...] = ()
        self._spans: list[tuple[float, int, int]] = []
        self._highlight = QColor("#2563eb")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(6)
        row = QHBoxLayout()
        self.play_button = QPushButton("▶ Play   (P)")
        self.play_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.play_button.setToolTip("Replay your answer (P); the word being heard is marked")
        self.seek = QSlider(Qt.Orientation.Horizontal)
        self.seek.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.seek.setAccessibleName("Position in the recording")
        self.position = named(QLabel("0:00 / 0:00"), "speaktime")
        row.addWidget(self.play_button)
        row.addWidget(self.seek, 1)
        row.addWidget(self.position)
        layout.addLayout(row)
        self.sound_note = plain(named(QLabel(wordWrap=True), "speakmessage"))
        self.sound_note.hide()
        layout.addWidget(self.sound_note)
        self.delivery = plain(named(QLabel(wordWrap=True), "delivery"))
        layout.addWidget(self.delivery)
        note = "Transcript: correct any misheard word; the check follows."
        layout.addWidget(named(QLabel(note), "sectionnote"))
        self.editor = DraftEdit()
        self.editor.setMaximumHeight(96)
        self.editor.setAccessibleName("Transcript of your spoken answer")
        layout.addWidget(self.editor)
        self._edit_timer = QTimer(self, singleShot=True, interval=EDIT_PAUSE_MS)
        self._edit_timer.timeout.connect(lambda: self.edited.emit(self.editor.toPlainText()))
        self.editor.textChanged.connect(self._edit_timer.start)
        self._poll = QTimer(self, interval=50)
        self._poll.timeout.connect(self._follow)
        self.play_button.clicked.connect(self.toggle_play)
        self.seek.sliderMoved.connect(self._seek_to)

    def set_theme(self, theme: Theme) -> None:
        self._highlight = QColor(theme.accent)

    def show_answer(
        self,
        text: str,
        words: tuple[Word, ...],
        delivery: str,
        player: Player | None,
        sound_problem: str | None,
    ) -> None:
        self.stop()
        self.player = player
        self._words = words
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        self.delivery.setText(delivery)
        duration = player.duration if player else 0.0
        self.seek.setRange(0, int(duration * 1000))
        self.seek.setValue(0)
        self.position.setText(f"0:00 / {_clock(duration)}")
        for widget in (self.play_button, self.seek, self.position):
            widget.setEnabled(player is not None)
        self.sound_note.setVisible(bool(sound_problem))
        self.sound_note.setText(
            f"{sound_problem} Replay runs silently: the words are still marked as they go."
            if sound_problem
            else ""
        )
        self.refresh_words()

    def refresh_words(self) -> None:
        """Find the timed words again in the transcript as the view now shows it."""
        self._spans = word_spans(self.view.toPlainText(), self._words)
        self._mark(None)

    @Slot()
    def toggle_play(self) -> None:
        player = self.player
        if player is None:
            return
        if player.playing:
            player.pause()
            self._poll.stop()
            self._follow()
        else:
            player.play()
            self._poll.start()
        self.play_button.setText("❚❚ Pause   (P)" if player.playing else "▶ Play   (P)")

    def stop(self) -> None:
        self._poll.stop()
        if self.player is not None and self.player.playing:
            self.player.pause()
        self.play_button.setText("▶ Play   (P)")

    @Slot(int)
    def _seek_to(self, ms: int) -> None:
        if self.player is not None:
            self.player.seek(ms / 1000)
            self._follow()

    @Slot()
    def _follow(self) -> None:
        player = self.player
        if player is None:
            return
        at = player.position
        if not self.seek.isSliderDown():
            self.seek.setValue(int(at * 1000))
        self.position.setText(f"{_clock(at)} / {_clock(player.duration)}")
        current = None
        for index, (start, _first, _last) in enumerate(self._spans):
            if start <= at:
                current = index
            else:
                break
        self._mark(current)
        if not player.playing:
            self._poll.stop()
            self.play_button.setText("▶ Play   (P)")

    def current_word(self) -> str | None:
        """The word marked in the transcript now (what the tests read)."""
        marks = self.view.extraSelections()
        return marks[0].cursor.selectedText() if marks else None

    def _mark(self, index: int | None) -> None:
        if index is None or not self.player or not (self.player.playing or self.player.position):
            self.view.setExtraSelections([])
            return
        _start, first, last = self._spans[index]
        mark = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(first)
        cursor.setPosition(last, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(self._highlight)
        fmt.setForeground(QColor("white"))
        mark.cursor = cursor
        mark.format = fmt
        self.view.setExtraSelections([mark])
