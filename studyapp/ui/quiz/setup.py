"""The session set-up panel: what to study, how many, in which order and mode."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.domain import Topic
from studyapp.services.study import QueueKind, QueueOrder, QueueSpec
from studyapp.ui.theme import number_box
from studyapp.ui.widgets.centred_card import centred_card
from studyapp.ui.widgets.chips import ChipSelector
from studyapp.ui.widgets.named import named

KIND_LABELS = [
    (QueueKind.MIXED, "Due, then new"),
    (QueueKind.DUE, "Due today"),  # as the dashboard counts due: before local midnight
    (QueueKind.NEW, "New questions"),
    (QueueKind.WEAK, "Weakest first"),
    (QueueKind.STARRED, "Starred"),
    (QueueKind.ALL, "All questions"),
]
ORDER_LABELS = [
    (QueueOrder.SCHEDULED, "As scheduled"),
    (QueueOrder.RANDOM, "Random"),
    (QueueOrder.NUMBER, "By number"),
]


@dataclass(frozen=True)
class SessionSetup:
    """A complete description of a session, saved so it can be repeated in one click."""

    kind: str = QueueKind.MIXED.value
    topics: tuple[str, ...] = ()
    limit: int = 10
    order: str = QueueOrder.SCHEDULED.value
    mock: bool = False
    mock_seconds: int = 180
    type_answer: bool = False
    follow_ups: bool = False

    def spec(self) -> QueueSpec:
        kind = QueueKind(self.kind)
        order = QueueOrder.RANDOM if self.mock else QueueOrder(self.order)
        return QueueSpec(kind=kind, topics=self.topics, limit=self.limit, order=order)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["topics"] = list(self.topics)
        return data

    @classmethod
    def from_json(cls, data: object) -> SessionSetup | None:
        if not isinstance(data, dict):
            return None
        try:
            setup = cls(**{**data, "topics": tuple(data.get("topics", ()))})
            QueueKind(setup.kind), QueueOrder(setup.order)
        except (TypeError, ValueError):
            return None
        return setup

    def describe(self, topic_names: dict[str, str]) -> str:
        kind = dict(KIND_LABELS).get(QueueKind(self.kind), self.kind)
        parts = [f"{kind}, up to {self.limit}"]
        if self.topics:
            parts.append(", ".join(topic_names.get(t, t) for t in self.topics))
        if self.mock:
            parts.append(f"mock interview, {self.mock_seconds // 60} min each")
        else:
            parts.append(dict(ORDER_LABELS).get(QueueOrder(self.order), self.order).lower())
        if self.type_answer:
            parts.append("typed answers")
        if self.follow_ups:
            parts.append("follow-up drill")
        return " · ".join(parts)


class SetupPanel(QWidget):
    start_requested = Signal(object)  # SessionSetup
    repeat_requested = Signal()
    setup_changed = Signal()

    def __init__(self, topics: tuple[Topic, ...]) -> None:
        super().__init__()
        # margins that let it fit a 1000x700 window
        card = centred_card(self, "Start a study session", margins=12)
        card.setMaximumWidth(640)
        box = QVBoxLayout(card)
        box.setContentsMargins(28, 18, 28, 18)
        box.setSpacing(8)
        box.addWidget(named(QLabel("Start a study session"), "h1"))
        box.addWidget(
            named(
                QLabel(
                    "Answer as you would in an interview, reveal the model answer, tick the key "
                    "points you covered and rate yourself. Space reveals, 1-4 rate, Ctrl+Z undoes.",
                    wordWrap=True,
                ),
                "muted",
            )
        )

        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.kind = QComboBox()
        for kind, label in KIND_LABELS:
            self.kind.addItem(label, kind.value)
        self.topics = ChipSelector([(t.id, t.name) for t in topics], columns=2)
        self.topics.setToolTip("Pick one or more topics; none means every topic.")
        self.limit = number_box(QSpinBox(minimum=1, maximum=200, value=10))
        self.order = QComboBox()
        for order, label in ORDER_LABELS:
            self.order.addItem(label, order.value)
        self.limit.setToolTip("The most questions this session will ask")
        form.addRow("&Study", self.kind)
        topics_box = QWidget()
        topics_layout = QVBoxLayout(topics_box)
        topics_layout.setContentsMargins(0, 0, 0, 0)
        topics_layout.setSpacing(4)
        topics_layout.addWidget(self.topics)
        self.topics_hint = named(QLabel("None picked means every topic."), "muted")
        topics_layout.addWidget(self.topics_hint)
        topics_label = QLabel("To&pics")
        topics_label.setBuddy(self.topics)
        form.addRow(topics_label, topics_box)
        form.addRow("&Questions", self.limit)
        form.addRow("&Order", self.order)
        for row in range(form.rowCount()):  # level with their field's text, not its top edge
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            row_label = item.widget() if item is not None else None
            if isinstance(row_label, QLabel):
                row_label.setMinimumHeight(30)
                row_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        box.addLayout(form)

        mock_row = QHBoxLayout()
        self.mock = QCheckBox("&Mock interview: random order, a countdown per question")
        self.mock_minutes = number_box(QSpinBox(minimum=1, maximum=20, value=3, suffix=" min"))
        self.mock_minutes.setAccessibleName("Minutes per question in a mock interview")
        mock_row.addWidget(self.mock)
        mock_row.addStretch(1)
        mock_row.addWidget(self.mock_minutes)  # its right edge under the fields above
        box.addLayout(mock_row)
        self.type_answer = QCheckBox("&Type my answer before revealing (key points get suggested)")
        self.follow_ups = QCheckBox("Follow-&up drill: practise the interviewer's next questions")
        box.addWidget(self.type_answer)
        box.addWidget(self.follow_ups)

        self.match_label = named(QLabel(wordWrap=True), "muted")
        box.addWidget(self.match_label)
        buttons = QHBoxLayout()
        self.start_button = named(QPushButton("Start session   (Enter)"), "primary")
        self.repeat_button = QPushButton("&Repeat last session")
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.repeat_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.last_label = named(QLabel(wordWrap=True), "muted")
        box.addWidget(self.last_label)

        self.start_button.clicked.connect(lambda: self.start_requested.emit(self.current()))
        self.repeat_button.clicked.connect(self.repeat_requested)
        for combo in (self.kind, self.order):
            combo.currentIndexChanged.connect(self.setup_changed)
        self.limit.valueChanged.connect(self.setup_changed)
        self.topics.changed.connect(self.setup_changed)
        self.topics.changed.connect(
            lambda: self.topics_hint.setText(
                f"{len(self.topics.selected())} picked."
                if self.topics.selected()
                else "None picked means every topic."
            )
        )
        self.mock.toggled.connect(self.setup_changed)
        self.mock.toggled.connect(lambda on: self.order.setEnabled(not on))

    def current(self) -> SessionSetup:
        return SessionSetup(
            kind=str(self.kind.currentData()),
            topics=self.topics.selected(),
            limit=self.limit.value(),
            order=str(self.order.currentData()),
            mock=self.mock.isChecked(),
            mock_seconds=self.mock_minutes.value() * 60,
            type_answer=self.type_answer.isChecked(),
            follow_ups=self.follow_ups.isChecked(),
        )

    def load(self, setup: SessionSetup) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(setup.kind)))
        self.topics.set_selected(setup.topics)
        self.limit.setValue(setup.limit)
        self.order.setCurrentIndex(max(0, self.order.findData(setup.order)))
        self.mock.setChecked(setup.mock)
        self.mock_minutes.setValue(max(1, setup.mock_seconds // 60))
        self.type_answer.setChecked(setup.type_answer)
        self.follow_ups.setChecked(setup.follow_ups)

    def show_kind_counts(self, counts: dict[str, int]) -> None:
        """Put each set's size in the Study list, so the choice is informed before it is made."""
        for index in range(self.kind.count()):
            kind = QueueKind(str(self.kind.itemData(index)))
            label = dict(KIND_LABELS)[kind]
            if kind.value in counts:
                label = f"{label}   ({counts[kind.value]})"
            self.kind.setItemText(index, label)

    def show_match_count(
        self, count: int, limit: int, last: str | None, new_held_back: int = 0
    ) -> None:
        """`new_held_back`: unseen questions this set leaves out only because today's limit of
        new questions is used up; saying so keeps an empty or short set from looking broken."""
        if not count:
            text = "Nothing matches this choice right now: pick another set or topic."
        elif count > limit:
            text = f"{count} questions match; this session asks {limit} of them."
        else:
            text = (
                "1 question matches; this session asks it."
                if count == 1
                else f"{count} questions match; this session asks all."
            )
        if new_held_back:
            text += (
                "\nToday's limit of new questions is reached, so unseen questions wait until"
                f" tomorrow ({new_held_back} left). Settings › New questions per day changes it."
            )
        self.match_label.setText(text)
        self.start_button.setEnabled(count > 0)
        self.repeat_button.setEnabled(last is not None)
        self.repeat_button.setToolTip(f"Repeat: {last}" if last else "No previous session yet")
        self.last_label.setText(f"Last session: {last}" if last else "")
        self.last_label.setVisible(last is not None)
