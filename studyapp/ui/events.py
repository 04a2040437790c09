"""One app-wide signal that carries what each committed operation changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from studyapp.domain import Changes


class EventBus(QObject):
    changes_applied = Signal(object)  # Changes
    open_question = Signal(int)  # show a question in the browser
    start_quiz = Signal(object)  # QueueSpec

    def publish(self, changes: Changes) -> None:
        self.changes_applied.emit(changes)
