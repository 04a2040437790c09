"""The dashboard's interview-plan card: readiness on the day, today's plan, the warning when
the target cannot be met, readiness by topic and day by day. Every figure comes from
`services.plan` and `planning.summary`; this only lays them out."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton

from studyapp.planning.advice import Remedy
from studyapp.planning.summary import PlanSummary, day_label, summarize
from studyapp.services.plan import PlanStatus
from studyapp.services.study import QueueKind, QueueSpec
from studyapp.ui.context import UiContext
from studyapp.ui.dashboard.sections import MasteryBar, card_layout
from studyapp.ui.widgets.charts import LineChart
from studyapp.ui.widgets.named import named


class _RemedyRelay(QObject):
    """Carries the remedy search's result from its thread back to the UI thread."""

    found = Signal(object, object)  # (status it was computed for, Remedy | None)


class PlanCard(QFrame):
    edit_requested = Signal()
    sheet_requested = Signal(object)  # question ids of the final pass

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.status: PlanStatus | None = None
        self.summary: PlanSummary | None = None
        self._relay = _RemedyRelay()
        self._relay.found.connect(self._remedy_found)
        layout, head = card_layout(self, "Interview plan")
        self.edit = QPushButton("Set interview date…")
        self.edit.setAccessibleName("Set or change the interview date")
        head.addWidget(self.edit)
        self.headline = named(QLabel(wordWrap=True), "heroline")
        self.today = named(QLabel(wordWrap=True), "nextline")
        self.warning = named(QLabel(wordWrap=True), "warning")
        for label in (self.headline, self.today, self.warning):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        self.topic_grid = QGridLayout()
        self.topic_grid.setHorizontalSpacing(10)
        self.topic_grid.setVerticalSpacing(4)
        self.topic_grid.setColumnStretch(1, 1)
        self.topic_grid.setColumnStretch(4, 1)
        self.topic_grid.setColumnMinimumWidth(3, 16)
        layout.addLayout(self.topic_grid)
        self.chart = LineChart(ctx.theme)
        self.chart.setMinimumHeight(170)
        self.chart.empty_text = "Readiness by day appears once a date is set."
        layout.addWidget(self.chart)
        buttons = QHBoxLayout()
        self.start = named(QPushButton("Start today's plan"), "primary")
        self.start.setCursor(Qt.CursorShape.PointingHandCursor)
        self.sheet = QPushButton("Study sheet of the final pass…")
        self.clear = QPushButton("Back to normal scheduling")
        for button in (self.start, self.sheet, self.clear):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.edit.clicked.connect(self.edit_requested)
        self.start.clicked.connect(self._start)
        self.clear.clicked.connect(self._clear)
        self.sheet.clicked.connect(self._sheet)

    def refresh(self) -> None:
        services = self.ctx.services
        status = services.plan.status()
        self.status = status
        self._clear_topics()
        has_plan = status is not None and status.forecast is not None
        for widget in (self.today, self.chart, self.start, self.sheet):
            widget.setVisible(has_plan)
        self.clear.setVisible(status is not None)
        self.warning.hide()
        if status is None:
            self.edit.setText("Set interview date…")
            self.headline.setText(
                "Preparing for an interview? Set its date, and DeepStudy plans each day so that "
                "you know every question on the day."
            )
            return
        self.edit.setText("Change…")
        if status.forecast is None:
            self.edit.setText("Set a new date…")
            self.headline.setText(
                f"Your interview on {day_label(status.goal.interview_day)} has passed. Set a new "
                "date, or go back to normal scheduling."
            )
            return
        self._show(status, None)
        if not status.forecast.meets_target:
            self.warning.setText(
                "Some questions would stay below the target; working out what would meet it…"
            )
            self.warning.show()
            job = self.ctx.services.plan.remedy_job(status)
            threading.Thread(target=self._find_remedy, args=(status, job), daemon=True).start()

    def _find_remedy(self, status: PlanStatus, job: Callable[[], Remedy | None]) -> None:
        """Off the UI thread: the search plans the days again a dozen times (about 0.1 s).
        It only computes; the database was read on the UI thread by remedy_job."""
        try:
            found = job()
        except Exception:  # a failed hint only leaves the warning without it
            found = None
        self._relay.found.emit(status, found)

    @Slot(object, object)
    def _remedy_found(self, status: PlanStatus, found: Remedy | None) -> None:
        if status is self.status:
            self._show(status, found)

    def _show(self, status: PlanStatus, remedy: Remedy | None) -> None:
        forecast = status.forecast
        assert forecast is not None
        library = self.ctx.services.library
        topic_of = {q.id: q.topic for q in library.questions}
        summary = summarize(forecast, topic_of, library.topic_name, status.today, remedy)
        self.summary = summary
        self.headline.setText(summary.headline)
        self.today.setText(summary.today)
        self.today.setVisible(bool(summary.today))
        if summary.warning:
            self.warning.setText(summary.warning)
        self.warning.setVisible(bool(summary.warning))
        self._clear_topics()
        half = (len(summary.topics) + 1) // 2  # two columns: the card stays short
        for index, topic in enumerate(summary.topics):
            row, column = index % half, 3 * (index // half)
            name = QLabel(topic.topic)
            bar = MasteryBar(self.ctx.theme)
            bar.set_value(topic.share)
            bar.setAccessibleName(f"{topic.topic}: {topic.share:.0%} expected on the day")
            figure = named(QLabel(f"{topic.expected:.0f} of {topic.count}"), "muted")
            self.topic_grid.addWidget(name, row, column)
            self.topic_grid.addWidget(bar, row, column + 1)
            self.topic_grid.addWidget(figure, row, column + 2)
        labels = [f"{day:%d %b}" for day, _ in summary.by_day]
        values = [share for _, share in summary.by_day]
        tips = [
            f"{day_label(day)}: about {share:.0%} recalled if you follow the plan"
            for day, share in summary.by_day
        ]
        self.chart.set_data(labels, values, tips, target=status.goal.target)
        today = forecast.today
        self.start.setEnabled(bool(today and today.questions))
        self.sheet.setVisible(bool(today and today.final_pass))

    def _clear_topics(self) -> None:
        while self.topic_grid.count():
            item = self.topic_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    @Slot()
    def _start(self) -> None:
        self.ctx.bus.start_quiz.emit(QueueSpec(kind=QueueKind.MIXED, limit=0))

    @Slot()
    def _clear(self) -> None:
        changes = self.ctx.services.plan.clear_goal()
        self.ctx.bus.publish(changes)

    @Slot()
    def _sheet(self) -> None:
        status = self.status
        if status and status.forecast and status.forecast.today:
            self.sheet_requested.emit(list(status.forecast.today.final_pass))

    def set_theme(self) -> None:
        self.chart.set_theme(self.ctx.theme)
