"""Dashboard: how far am I, where am I weak, what should I study now."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from studyapp.domain import Changes, Rating
from studyapp.services.study import QueueKind, QueueOrder, QueueSpec
from studyapp.stats.dashboard import Dashboard
from studyapp.ui.context import UiContext
from studyapp.ui.dashboard.sections import StatTile, TopicTable, WeakList
from studyapp.ui.widgets.charts import BarChart, CalendarHeatmap, LineChart
from studyapp.ui.widgets.named import named

RANGES = ((30, "Last 30 days"), (90, "Last 90 days"), (365, "Last year"))


def _card(title: str, subtitle: str = "") -> tuple[QFrame, QVBoxLayout]:
    frame = named(QFrame(), "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 14, 18, 14)
    layout.setSpacing(6)
    layout.addWidget(named(QLabel(title), "h2"))
    if subtitle:
        layout.addWidget(named(QLabel(subtitle, wordWrap=True), "muted"))
    return frame, layout


def _hours(ms: int) -> str:
    minutes = ms // 60_000
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


class DashboardPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.ctx = ctx
        self.data: Dashboard | None = None
        self._dirty = True
        theme = ctx.theme

        content = named(QWidget(), "page")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 20, 24, 24)
        layout.setSpacing(14)
        head = QHBoxLayout()
        head.addWidget(named(QLabel("Your progress"), "h1"))
        head.addStretch(1)
        self.export_csv = QPushButton("Export review log (CSV)…")
        self.export_json = QPushButton("Export progress (JSON)…")
        head.addWidget(self.export_csv)
        head.addWidget(self.export_json)
        layout.addLayout(head)

        self.next_card = named(QFrame(), "card")
        next_layout = QHBoxLayout(self.next_card)
        next_layout.setContentsMargins(18, 14, 18, 14)
        self.next_text = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.next_button = named(QPushButton("Start studying"), "primary")
        next_layout.addWidget(self.next_text, 1)
        next_layout.addWidget(self.next_button)
        layout.addWidget(self.next_card)

        tiles = QGridLayout()
        tiles.setSpacing(12)
        self.seen = StatTile("questions seen")
        self.mastered = StatTile("mastered (FSRS stability ≥ 21 days)")
        self.due = StatTile("due today")
        self.reviews = StatTile("reviews done")
        self.streak = StatTile("day streak")
        self.longest = StatTile("longest streak")
        self.study_time = StatTile("total study time")
        self.retention = StatTile("true retention, last 30 days")
        for index, tile in enumerate(
            (
                self.seen,
                self.mastered,
                self.due,
                self.reviews,
                self.streak,
                self.longest,
                self.study_time,
                self.retention,
            )
        ):
            tiles.addWidget(tile, index // 4, index % 4)
        layout.addLayout(tiles)

        self.detail = QWidget()
        detail = QVBoxLayout(self.detail)
        detail.setContentsMargins(0, 0, 0, 0)
        detail.setSpacing(14)
        topics_card, topics_layout = _card(
            "Mastery by topic, weakest first",
            "Bar: mean predicted recall (FSRS) of the topic's questions right now.",
        )
        self.topics = TopicTable(theme)
        topics_layout.addWidget(self.topics)
        detail.addWidget(topics_card)

        middle = QHBoxLayout()
        middle.setSpacing(14)
        weak_card, weak_layout = _card(
            "Weakest questions", "Lowest predicted recall; ⚠ marks a leech. Click to read it."
        )
        self.weak = WeakList()
        self.drill = named(QPushButton("Drill these now"), "primary")
        weak_layout.addWidget(self.weak, 1)
        weak_layout.addWidget(self.drill, 0, Qt.AlignmentFlag.AlignLeft)
        forecast_card, forecast_layout = _card("Due in the next 30 days")
        self.forecast = BarChart(theme, [theme.accent], ["due"])
        forecast_layout.addWidget(self.forecast, 1)
        middle.addWidget(weak_card, 1)
        middle.addWidget(forecast_card, 1)
        detail.addLayout(middle)

        heat_card, heat_layout = _card("Activity over the last year")
        self.heatmap = CalendarHeatmap(theme)
        heat_layout.addWidget(self.heatmap)
        detail.addWidget(heat_card)

        charts = QHBoxLayout()
        charts.setSpacing(14)
        reviews_card, reviews_layout = _card("Reviews per day")
        self.range = QComboBox()
        for days, label in RANGES:
            self.range.addItem(label, days)
        reviews_layout.addWidget(self.range, 0, Qt.AlignmentFlag.AlignLeft)
        self.per_day = BarChart(theme, theme.ratings, [r.label for r in Rating])
        reviews_layout.addWidget(self.per_day, 1)
        legend = " ".join(
            f"<span style='color:{c}'>■</span> {r.label}&nbsp;&nbsp;"
            for c, r in zip(theme.ratings, Rating, strict=True)
        )
        self.legend = QLabel(legend, textFormat=Qt.TextFormat.RichText)
        reviews_layout.addWidget(self.legend)
        retention_card, retention_layout = _card(
            "Retention by week", "Share of reviews of learned questions not rated Again."
        )
        self.retention_chart = LineChart(theme)
        retention_layout.addWidget(self.retention_chart, 1)
        charts.addWidget(reviews_card, 1)
        charts.addWidget(retention_card, 1)
        detail.addLayout(charts)
        layout.addWidget(self.detail)

        self.empty = named(QFrame(), "card")
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.setContentsMargins(28, 28, 28, 28)
        empty_layout.addWidget(named(QLabel("Nothing to chart yet"), "h2"))
        empty_layout.addWidget(
            named(
                QLabel(
                    "Your activity calendar, reviews per day, retention and due forecast appear "
                    "here after your first session. Ten questions take about fifteen minutes.",
                    wordWrap=True,
                ),
                "muted",
            )
        )
        self.empty_button = named(QPushButton("Start your first session"), "primary")
        empty_layout.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.empty)
        layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.next_button.clicked.connect(self._start_next)
        self.empty_button.clicked.connect(self._start_next)
        self.topics.practise.connect(self.practise_topic)
        self.weak.open_question.connect(ctx.bus.open_question)
        self.drill.clicked.connect(self._drill_weakest)
        self.range.currentIndexChanged.connect(self._fill_per_day)
        self.export_csv.clicked.connect(self.export_review_log)
        self.export_json.clicked.connect(self.export_progress)
        ctx.bus.changes_applied.connect(self.on_changes)

    # --- data -----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        if self._dirty:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        settings = self.ctx.services.settings.load()
        data = self.ctx.services.progress.dashboard(settings.weak_lapses)
        self.data = data
        self._dirty = False
        self.seen.value.setText(f"{data.seen} / {data.total_questions}")
        self.mastered.value.setText(str(data.mastered))
        self.due.value.setText(str(data.due_today))
        self.reviews.value.setText(f"{data.reviews_done:,}")
        self.streak.value.setText(str(data.streak.current))
        self.longest.value.setText(str(data.streak.longest))
        self.study_time.value.setText(_hours(data.study_ms))
        self.retention.value.setText(
            f"{data.retention_30d:.0%}" if data.retention_30d is not None else "–"
        )
        self.retention.setToolTip(
            "No learned question was reviewed in the last 30 days."
            if data.retention_30d is None
            else ""
        )
        self.next_text.setText(self.next_sentence(data))
        self.detail.setVisible(not data.is_empty)
        self.empty.setVisible(data.is_empty)
        self.topics.set_rows(data.topics)
        self.weak.set_rows(data.weakest)
        self.drill.setEnabled(bool(data.weakest))
        self._fill_forecast(data)
        self.heatmap.set_data(
            data.today,
            {d: (a.total, round(a.duration_ms / 60_000)) for d, a in data.activity.items()},
        )
        self._fill_per_day()
        self._fill_retention(data)

    def next_sentence(self, data: Dashboard) -> str:
        if data.is_empty:
            return (
                "<b>Welcome to DeepStudy.</b> Start with ten new questions; each rating "
                "schedules the question's next review."
            )
        weakest = next((row for row in data.topics if row.seen), None)
        weak_text = f", and <b>{weakest.topic.name}</b> is your weakest topic" if weakest else ""
        if data.due_today:
            return f"<b>{data.due_today} due today</b>{weak_text}: start a 10-question session."
        new = data.total_questions - data.seen
        if new:
            return (
                f"<b>Nothing due right now</b>{weak_text}. Learn some of the {new} new questions."
            )
        return f"<b>All caught up</b>{weak_text}. Drill your weakest questions to firm them up."

    def _fill_forecast(self, data: Dashboard) -> None:
        labels, tips = [], []
        for offset, count in enumerate(data.forecast):
            day = data.today + timedelta(days=offset)
            labels.append("Today" if offset == 0 else f"{day:%d %b}")
            tips.append(
                f"{'Today (incl. overdue)' if offset == 0 else f'{day:%a %d %b}'}: {count} due"
            )
        self.forecast.set_data(labels, [(float(c),) for c in data.forecast], tips)

    @Slot()
    def _fill_per_day(self) -> None:
        data = self.data
        if data is None:
            return
        days = int(self.range.currentData())
        labels, stacks, tips = [], [], []
        for offset in range(days - 1, -1, -1):
            day = data.today - timedelta(days=offset)
            activity = data.activity.get(day)
            counts = activity.counts if activity else (0, 0, 0, 0)
            labels.append(f"{day:%d %b}")
            stacks.append(tuple(float(c) for c in counts))
            parts = ", ".join(f"{r.label} {c}" for r, c in zip(Rating, counts, strict=True))
            tips.append(f"{day:%a %d %b}: {sum(counts)} reviews ({parts})")
        self.per_day.set_data(labels, stacks, tips)

    def _fill_retention(self, data: Dashboard) -> None:
        weeks = data.retention_weeks[-26:]
        labels = [f"{start:%d %b}" for start, _ in weeks]
        values = [value for _, value in weeks]
        tips = [
            f"Week of {start:%d %b}: "
            + (f"{value:.0%} not rated Again" if value is not None else "no learned reviews")
            for start, value in weeks
        ]
        self.retention_chart.set_data(labels, values, tips)

    # --- actions --------------------------------------------------------------------------
    @Slot()
    def _start_next(self) -> None:
        self.ctx.bus.start_quiz.emit(QueueSpec(kind=QueueKind.MIXED, limit=10))

    @Slot(str)
    def practise_topic(self, topic_id: str) -> None:
        self.ctx.bus.start_quiz.emit(QueueSpec(kind=QueueKind.TOPIC, topics=(topic_id,), limit=10))

    @Slot()
    def _drill_weakest(self) -> None:
        if self.data and self.data.weakest:
            ids = tuple(w.question.id for w in self.data.weakest)
            self.ctx.bus.start_quiz.emit(
                QueueSpec(question_ids=ids, limit=len(ids), order=QueueOrder.SCHEDULED)
            )

    @Slot()
    def export_review_log(self) -> None:
        self._export(
            "deepstudy-reviews.csv",
            "CSV files (*.csv)",
            self.ctx.services.export.review_log_csv,
            "reviews",
        )

    @Slot()
    def export_progress(self) -> None:
        self._export(
            "deepstudy-progress.json",
            "JSON files (*.json)",
            self.ctx.services.export.progress_json,
            "questions",
        )

    def _export(self, name: str, pattern: str, write: object, noun: str) -> None:
        start = str(Path.home() / name)
        path, _ = QFileDialog.getSaveFileName(self, "Export", start, pattern)
        if not path:
            return
        try:
            count = write(Path(path))  # type: ignore[operator]
        except OSError as error:
            QMessageBox.warning(self, "Export failed", f"Could not write {path}:\n{error.strerror}")
            return
        QMessageBox.information(self, "Export complete", f"Wrote {count} {noun} to\n{path}")

    @Slot(object)
    def on_changes(self, changes: Changes) -> None:
        if changes.reviews or changes.settings:
            self._dirty = True
            if changes.settings:
                self.restyle()
            if self.isVisible():
                self.refresh()

    def restyle(self) -> None:
        theme = self.ctx.theme
        for chart in (self.forecast, self.per_day, self.retention_chart, self.heatmap):
            chart.theme = theme
        self.forecast.colours = [theme.accent]
        self.per_day.colours = list(theme.ratings)
        self.topics.theme = theme
        self.legend.setText(
            " ".join(
                f"<span style='color:{c}'>■</span> {r.label}&nbsp;&nbsp;"
                for c, r in zip(theme.ratings, Rating, strict=True)
            )
        )
