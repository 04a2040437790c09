"""A small editor for the personal note on one question, driven from the keyboard: Tab moves
to the buttons, Ctrl+Enter or Ctrl+S saves, and Esc keeps what was typed (as Browse's editor,
which saves as you type); only "Discard changes" drops an edit."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from studyapp.ui.widgets.named import named

SAVE_KEYS = ("Ctrl+S",)  # Ctrl+Enter is caught in the editor itself


class NoteDialog(QDialog):
    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Note")
        self.resize(560, 360)
        self._original = text.strip()
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.editor = QPlainTextEdit(text)
        self.editor.setPlaceholderText("Your own notes in markdown: what you missed, a mnemonic…")
        self.editor.setTabChangesFocus(True)
        self.editor.setAccessibleName("Note text")
        layout.addWidget(self.editor, 1)
        layout.addWidget(
            named(QLabel("Ctrl+Enter or Esc saves  ·  Tab moves to the buttons"), "muted")
        )
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            "Save (Ctrl+Enter)", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.discard_button = buttons.addButton(
            "Discard changes", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.save_button.clicked.connect(self.accept)
        self.discard_button.clicked.connect(super().reject)
        layout.addWidget(buttons)
        for key in SAVE_KEYS:
            QShortcut(QKeySequence(key), self).activated.connect(self.accept)
        self.editor.installEventFilter(self)
        self.editor.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        """The editor would take Ctrl+Enter as a line break before any shortcut saw it."""
        if (
            watched is self.editor
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def reject(self) -> None:  # Qt override: Esc and the window's close button
        """Closing keeps an edit: losing a typed note to a reflexive Esc is worse than having
        to delete it."""
        if self.text() != self._original:
            self.accept()
        else:
            super().reject()

    def text(self) -> str:
        return self.editor.toPlainText().strip()
