"""The question card: header, typing area, revealed answer, key-point checklist, rating buttons.

Pure layout; the quiz page decides what is shown when.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from studyapp.content.theme import Theme
from studyapp.domain import Rating
from studyapp.ui.widgets.answer_view import AnswerView
from studyapp.ui.widgets.named import named

POINT_KEYS = "QWERTYU"


def _plain_button(text: str, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if tip:
        button.setToolTip(tip)
    return button


class CardPanel(QWidget):
    def __init__(self, answer: AnswerView) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)

        top = QHBoxLayout()
        self.progress_label = named(QLabel(), "muted")
        self.progress = QProgressBar(textVisible=False)
        self.progress.setFixedHeight(8)
        self.mode_label = named(QLabel(), "badge")
        self.clock_label = named(QLabel(), "clock")
        self.clock_label.setMinimumWidth(90)
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.end_button = _plain_button("End session", "End the session and see the summary (Esc)")
        top.addWidget(self.progress_label)
        top.addWidget(self.progress, 1)
        top.addWidget(self.mode_label)
        top.addWidget(self.clock_label)
        top.addWidget(self.end_button)
        layout.addLayout(top)

        head = QHBoxLayout()
        self.badge = named(QLabel(), "badge")
        self.star_button = _plain_button("☆", "Star this question (*)")
        self.note_button = _plain_button("Note", "Write a note on this question (N)")
        self.skip_button = _plain_button("Skip", "Skip this question without rating (S)")
        head.addWidget(self.badge)
        head.addStretch(1)
        head.addWidget(self.star_button)
        head.addWidget(self.note_button)
        head.addWidget(self.skip_button)
        layout.addLayout(head)
        self.title = named(QLabel(wordWrap=True), "questiontitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        self.followup_label = named(QLabel(wordWrap=True), "followup")
        layout.addWidget(self.followup_label)

        # Before the reveal: a prompt, or a text area for typing the answer.
        self.prompt = named(QFrame(), "card")
        prompt_layout = QVBoxLayout(self.prompt)
        prompt_layout.setContentsMargins(24, 24, 24, 24)
        self.prompt_text = named(
            QLabel(
                "Answer it in your head or out loud, as you would in an interview.",
                alignment=Qt.AlignmentFlag.AlignCenter,
                wordWrap=True,
            ),
            "muted",
        )
        self.typed = QPlainTextEdit()
        self.typed.setPlaceholderText(
            "Type your answer here; Ctrl+Enter reveals the model answer and suggests key points."
        )
        self.reveal_button = named(QPushButton("Show answer   (Space)"), "primary")
        self.reveal_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        prompt_layout.addWidget(self.prompt_text)
        prompt_layout.addWidget(self.typed, 1)
        prompt_layout.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.prompt, 1)

        # After the reveal: the model answer, beside the typed answer if there is one.
        self.answer = answer
        self.your_answer = QTextBrowser()
        your_box = QWidget()
        your_layout = QVBoxLayout(your_box)
        your_layout.setContentsMargins(0, 0, 0, 0)
        your_layout.addWidget(named(QLabel("Your answer"), "h2"))
        your_layout.addWidget(self.your_answer, 1)
        self.your_box = your_box
        self.split = QSplitter()
        self.split.addWidget(your_box)
        self.split.addWidget(answer)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 3)
        layout.addWidget(self.split, 1)

        self.points_box = named(QFrame(), "card")
        points_layout = QVBoxLayout(self.points_box)
        points_layout.setContentsMargins(16, 10, 16, 10)
        points_head = QHBoxLayout()
        points_head.addWidget(named(QLabel("Key points you covered"), "h2"))
        self.points_hint = named(QLabel(), "muted")
        points_head.addStretch(1)
        points_head.addWidget(self.points_hint)
        points_layout.addLayout(points_head)
        self.points_grid = QGridLayout()
        self.points_grid.setHorizontalSpacing(18)
        points_layout.addLayout(self.points_grid)
        self.point_boxes: list[QCheckBox] = []
        layout.addWidget(self.points_box)

        rate_row = QHBoxLayout()
        self.undo_button = _plain_button("Undo", "Undo the last rating (Ctrl+Z)")
        rate_row.addWidget(self.undo_button)
        rate_row.addStretch(1)
        self.rate_buttons: dict[Rating, QPushButton] = {}
        for rating in Rating:
            button = _plain_button("", f"{rating.label} ({int(rating)})")
            button.setMinimumWidth(120)
            button.setMinimumHeight(40)
            self.rate_buttons[rating] = button
            rate_row.addWidget(button)
        layout.addLayout(rate_row)

    def set_points(self, points: tuple[str, ...]) -> None:
        for box in self.point_boxes:
            self.points_grid.removeWidget(box)
            box.deleteLater()
        self.point_boxes = []
        for index, point in enumerate(points):
            box = QCheckBox(f"{point}  ({POINT_KEYS[index]})")
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.points_grid.addWidget(box, index // 2, index % 2)
            self.point_boxes.append(box)

    def mark_suggested(self, suggested: tuple[int, ...], theme: Theme) -> None:
        for index, box in enumerate(self.point_boxes):
            box.setChecked(index in suggested)
            if index in suggested:
                box.setText(box.text() + "   ✓ suggested")
                box.setStyleSheet(f"QCheckBox {{ color: {theme.ratings[2]}; }}")

    def style_rating(self, theme: Theme, suggested: Rating | None) -> None:
        for rating, button in self.rate_buttons.items():
            colour = theme.ratings[rating - 1]
            if rating == suggested:
                style = (
                    f"QPushButton {{ background: {colour}; color: #ffffff; border: none; "
                    f"font-weight: 700; }}"
                )
            else:
                style = (
                    f"QPushButton {{ border: 1px solid {colour}; font-weight: 600; }}"
                    f"QPushButton:hover {{ background: {colour}; color: #ffffff; }}"
                )
            button.setStyleSheet(style)
