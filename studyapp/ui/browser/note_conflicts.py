"""The note a sync replaced by a later edit from another computer, shown under the answer
so the learner can read it and use it instead, or let it go."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout

from studyapp.ui.widgets.named import named

if TYPE_CHECKING:
    from studyapp.services.sync import NoteConflict


class NoteConflictBar(QFrame):
    use = Signal(object)  # NoteConflict
    dismiss = Signal(object)  # NoteConflict

    def __init__(self, zone: tzinfo, this_computer: Callable[[], str] = str) -> None:
        super().__init__()
        self.setObjectName("noteconflict")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._zone = zone
        self._this_computer = this_computer
        self._conflict: NoteConflict | None = None
        self.message = QLabel(wordWrap=True)
        self.show_button = QPushButton("Show it")
        self.show_button.setCheckable(True)
        self.use_button = named(QPushButton("Use this version"), "primary")
        self.use_button.setToolTip("Make it the note; the current note is kept in its place")
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setToolTip("Keep the current note and forget this version")
        self.text = QPlainTextEdit(readOnly=True)
        self.text.setAccessibleName("The other version of your note")
        self.text.setMaximumHeight(110)
        self.text.hide()
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        for button in (self.show_button, self.use_button, self.dismiss_button):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(row)
        layout.addWidget(self.text)
        self.show_button.toggled.connect(self.text.setVisible)
        self.use_button.clicked.connect(lambda: self._emit(True))
        self.dismiss_button.clicked.connect(lambda: self._emit(False))
        self.hide()

    def set_conflicts(self, conflicts: list[NoteConflict]) -> None:
        """Show the newest kept version, or hide when there is none."""
        self._conflict = conflicts[0] if conflicts else None
        if self._conflict is None:
            self.hide()
            return
        kept = self._conflict
        if kept.device_name and kept.device_name == self._this_computer():
            where = "written on this computer"
        elif kept.device_name:
            where = f"from {kept.device_name}"
        else:
            where = "from another computer"
        when = kept.at.astimezone(self._zone).strftime("%d %b %H:%M")
        more = f" ({len(conflicts)} kept)" if len(conflicts) > 1 else ""
        self.message.setText(
            f"Another version of this note, {where} ({when}), was replaced by a later edit{more}."
        )
        self.text.setPlainText(kept.text)
        self.show()

    def _emit(self, use_it: bool) -> None:
        if self._conflict is not None:
            (self.use if use_it else self.dismiss).emit(self._conflict)
