"""Help > Keyboard shortcuts (F1): every key the app answers to, grouped by where it works."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from studyapp.content.theme import Theme
from studyapp.ui.quiz.style import keycap_style
from studyapp.ui.widgets.named import named

Shortcut = tuple[tuple[str, ...], str]  # the keys (any one of them works), what they do

EVERYWHERE: tuple[Shortcut, ...] = (
    (("Ctrl+1", "Ctrl+2", "Ctrl+3"), "Browse, Quiz, Dashboard"),
    (("Ctrl+F",), "Search the questions"),
    (("Ctrl++", "Ctrl+−"), "Larger or smaller answer text"),
    (("Ctrl+0",), "Default answer text size"),
    (("Ctrl+N",), "Write a new question of your own"),
    (("Ctrl+E",), "Edit the question of your own shown"),
    (("Ctrl+Shift+E",), "Export questions: pack, CSV or Anki"),
    (("Ctrl+,",), "Settings"),
    (("F1",), "This list"),
    (("Ctrl+Q",), "Quit"),
)
BROWSE: tuple[Shortcut, ...] = (
    (("↑", "↓"), "Move through the list"),
    (("Enter",), "Read the selected answer"),
    (("Alt+←", "Alt+→"), "Back and forward between questions"),
    (("F3", "Shift+F3"), "Next or previous match in the answer"),
    (("Ctrl+D",), "Star the question"),
    (("Esc",), "Clear the search"),
)
QUIZ: tuple[Shortcut, ...] = (
    (("Enter",), "Start the session (set-up)"),
    (("Space",), "Reveal the answer"),
    (("Q", "W", "E", "R", "T", "Y", "U", "I"), "Tick key points 1 to 8"),
    (("R",), "Before the reveal: record a spoken answer; R again stops and checks it"),
    (("P",), "Replay a spoken answer (play / pause)"),
    (("1", "2", "3", "4"), "Rate Again, Hard, Good or Easy"),
    (("Ctrl+Z",), "Undo the last rating"),
    (("F",), "Drill this question's follow-ups after rating it"),
    (("S",), "Skip the question"),
    (("*",), "Star the question"),
    (("N",), "Write a note"),
    (("Esc",), "End the session"),
)


class ShortcutsDialog(QDialog):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setStyleSheet(keycap_style(theme))
        columns = QHBoxLayout()
        columns.setSpacing(40)
        columns.addWidget(_column((("Everywhere", EVERYWHERE), ("Browse", BROWSE))))
        columns.addWidget(_column((("Quiz", QUIZ),)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addLayout(columns)
        layout.addWidget(buttons)


def _column(sections: tuple[tuple[str, tuple[Shortcut, ...]], ...]) -> QWidget:
    """Sections under one another, sharing one grid so their descriptions line up."""
    column = QWidget()
    grid = QGridLayout(column)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(14)
    grid.setVerticalSpacing(7)
    row = 0
    for title, shortcuts in sections:
        if row:
            grid.setRowMinimumHeight(row, 14)  # a gap before the next section
            row += 1
        grid.addWidget(named(QLabel(title), "h2"), row, 0, 1, 2)
        row += 1
        for keys, meaning in shortcuts:
            caps = QHBoxLayout()
            caps.setSpacing(4)
            for key in keys:
                caps.addWidget(named(QLabel(key), "keycap"))
            caps.addStretch(1)
            grid.addLayout(caps, row, 0)
            grid.addWidget(QLabel(meaning), row, 1)
            row += 1
    grid.setRowStretch(row, 1)
    grid.setColumnStretch(1, 1)
    return column
