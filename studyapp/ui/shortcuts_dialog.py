"""Help > Keyboard shortcuts (F1): every key the app answers to, grouped by where it works.

The menu keys are read from the window's own QActions when the sheet opens, so a shortcut added
to a menu appears here without anyone editing a list; only the page keys (bound inside Browse
and Quiz) are listed by hand, and a test checks those against the real bindings.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from studyapp.content.theme import Theme
from studyapp.ui.quiz.style import keycap_style
from studyapp.ui.widgets.named import named

Shortcut = tuple[tuple[str, ...], str]  # the keys (any one of them works), what they do
Section = tuple[str, tuple[Shortcut, ...]]

BROWSE: tuple[Shortcut, ...] = (
    (("Ctrl+F",), "Search the questions"),
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

# Not a QShortcut: Qt's mnemonics on the set-up's labels (the underlined letters).
MNEMONIC: Shortcut = (
    ("Alt+letter",),
    "In the set-up: jump to the control with that underlined letter",
)

# Keycaps in the sheet: a proportional font a size up from the quiz hints, so arrows and
# symbols (which monospace fonts draw small) read at a glance.
_SHEET_STYLE = """
QLabel#keycap { font-size: 13px; font-family: sans-serif; padding: 1px 6px; }
"""


def _label(action: QAction) -> str:
    """A menu entry's text as a reader sees it: no mnemonic ampersands, no trailing ellipsis."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…. ")


def _keys(action: QAction) -> tuple[str, ...]:
    return tuple(
        key.toString(QKeySequence.SequenceFormat.NativeText)
        for key in action.shortcuts()
        if not key.isEmpty()
    )


def menu_sections(window: QMainWindow) -> tuple[Section, ...]:
    """One section per menu, each entry that has a key, in menu order (submenus included)."""
    sections: list[Section] = []

    def walk(actions: Iterable[QAction], into: list[Shortcut]) -> None:
        for action in actions:
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(submenu.actions(), into)
            elif keys := _keys(action):
                into.append((keys, _label(action)))

    for top in window.menuBar().actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        entries: list[Shortcut] = []
        walk(menu.actions(), entries)
        if entries:
            sections.append((_label(top), tuple(entries)))
    return tuple(sections)


class ShortcutsDialog(QDialog):
    def __init__(
        self, theme: Theme, parent: QWidget | None = None, menus: tuple[Section, ...] = ()
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setStyleSheet(keycap_style(theme) + _SHEET_STYLE)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter: type a key or a word (e.g. sync, Ctrl+S)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self._rows: list[tuple[str, QWidget, QLabel]] = []  # search text, keycaps, meaning
        self._titles: list[tuple[QWidget, list[int]]] = []
        self.no_match = QLabel("No shortcut matches the filter.")
        self.no_match.hide()
        columns = QHBoxLayout()
        columns.setSpacing(40)
        columns.addWidget(self._column(menus))
        columns.addWidget(
            self._column((("Browse", BROWSE), ("Quiz", (QUIZ[0], MNEMONIC, *QUIZ[1:]))))
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(self.filter)
        layout.addSpacing(8)
        layout.addLayout(columns)
        layout.addWidget(self.no_match)
        layout.addWidget(buttons)
        self.filter.setFocus()

    def visible_entries(self) -> list[str]:
        """The descriptions the sheet shows now (what the filter left)."""
        return [label.text() for _, caps, label in self._rows if not caps.isHidden()]

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        shown = 0
        for haystack, caps, label in self._rows:
            match = needle in haystack
            shown += match
            caps.setVisible(match)
            label.setVisible(match)
        for title, indices in self._titles:
            title.setVisible(any(not self._rows[i][1].isHidden() for i in indices))
        self.no_match.setVisible(shown == 0)

    def _column(self, sections: tuple[Section, ...]) -> QWidget:
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
            heading = named(QLabel(title), "h2")
            grid.addWidget(heading, row, 0, 1, 2)
            indices: list[int] = []
            self._titles.append((heading, indices))
            row += 1
            for keys, meaning in shortcuts:
                caps_box = QWidget()
                caps = QHBoxLayout(caps_box)
                caps.setContentsMargins(0, 0, 0, 0)
                caps.setSpacing(4)
                for key in keys:
                    caps.addWidget(named(QLabel(key), "keycap"))
                caps.addStretch(1)
                label = QLabel(meaning)
                grid.addWidget(caps_box, row, 0)
                grid.addWidget(label, row, 1)
                haystack = " ".join((*keys, title, meaning)).casefold()
                indices.append(len(self._rows))
                self._rows.append((haystack, caps_box, label))
                row += 1
        grid.setRowStretch(row, 1)
        grid.setColumnStretch(1, 1)
        return column
