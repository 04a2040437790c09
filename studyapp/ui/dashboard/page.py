"""Dashboard: how far am I, where am I weak, what should I study now."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from studyapp.domain import Changes
from studyapp.services.study import QueueKind, QueueSpec
from studyapp.stats.progress import ProgressSummary
from studyapp.ui.context import UiContext
from studyapp.ui.widgets.named import named
from studyapp.ui.widgets.topic_bars import TopicBars


class StatCard(QFrame):
    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        self.value = named(QLabel("0"), "statvalue")
        self.caption = named(QLabel(label), "statlabel")
        layout.addWidget(self.value)
        layout.addWidget(self.caption)


class DashboardPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.ctx = ctx
        self.summary: ProgressSummary | None = None
        self._dirty = True

        content = named(QWidget(), "page")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 20, 24, 24)
        layout.setSpacing(14)
        layout.addWidget(named(QLabel("Your progress"), "h1"))

        self.next_card = named(QFrame(), "card")
        next_layout = QHBoxLayout(self.next_card)
        next_layout.setContentsMargins(18, 14, 18, 14)
        self.next_text = QLabel(wordWrap=True)
        self.next_button = named(QPushButton("Start studying"), "primary")
        self.next_button.clicked.connect(self._start_next)
        next_layout.addWidget(self.next_text, 1)
        next_layout.addWidget(self.next_button)
        layout.addWidget(self.next_card)

        grid = QGridLayout()
        grid.setSpacing(12)
        self.seen = StatCard("questions seen")
        self.mastered = StatCard("mastered (stability ≥ 21 days)")
        self.due = StatCard("due today")
        self.reviews = StatCard("reviews done")
        for column, card in enumerate((self.seen, self.mastered, self.due, self.reviews)):
            grid.addWidget(card, 0, column)
        layout.addLayout(grid)

        topics_card = named(QFrame(), "card")
        topics_layout = QVBoxLayout(topics_card)
        topics_layout.setContentsMargins(18, 14, 18, 14)
        topics_layout.addWidget(named(QLabel("Mastery by topic, weakest first"), "h2"))
        topics_layout.addWidget(
            named(
                QLabel(
                    "Mean predicted recall (FSRS) of the topic's questions right now.",
                ),
                "muted",
            )
        )
        self.bars = TopicBars(ctx.theme)
        topics_layout.addWidget(self.bars)
        layout.addWidget(topics_card)
        layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        ctx.bus.changes_applied.connect(self.on_changes)

    def showEvent(self, event: object) -> None:
        if self._dirty:
            self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        summary = self.ctx.services.progress.summary()
        self.summary = summary
        self._dirty = False
        self.seen.value.setText(f"{summary.seen} / {summary.total_questions}")
        self.mastered.value.setText(str(summary.mastered))
        self.due.value.setText(str(summary.due_today))
        self.reviews.value.setText(str(summary.reviews_done))
        self.bars.set_rows(list(summary.topics))
        self.next_text.setText(self._next_sentence(summary))

    def _next_sentence(self, summary: ProgressSummary) -> str:
        if summary.reviews_done == 0:
            return (
                "<b>Welcome.</b> Start with a short session of new questions; "
                "each rating schedules the question's next review."
            )
        weakest = next((t for t in summary.topics if t.seen), None)
        weak_text = f" Your weakest topic is <b>{weakest.topic.name}</b>." if weakest else ""
        if summary.due_today:
            return f"<b>{summary.due_today} due today.</b>{weak_text}"
        return f"<b>Nothing due right now.</b>{weak_text} Learn something new or drill a topic."

    @Slot()
    def _start_next(self) -> None:
        self.ctx.bus.start_quiz.emit(QueueSpec(kind=QueueKind.MIXED, limit=10))

    @Slot(object)
    def on_changes(self, changes: Changes) -> None:
        if changes.reviews or changes.settings:
            self._dirty = True
            self.bars.theme = self.ctx.theme
            if self.isVisible():
                self.refresh()
