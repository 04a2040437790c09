"""Dashboard: how far am I, where am I weak, what should I study now."""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import DatabaseError

from studyapp.content.theme import Theme
from studyapp.domain import Changes, Rating
from studyapp.services.study import QueueKind, QueueOrder, QueueSpec
from studyapp.stats.advice import SESSION_SIZE, NextAction, NextStep, next_step
from studyapp.stats.dashboard import RETENTION_WINDOW_DAYS, Dashboard
from studyapp.stats.progress import MASTERED_STABILITY_DAYS
from studyapp.storage.database import StorageError
from studyapp.ui.background import Progress, run_in_background
from studyapp.ui.context import UiContext
from studyapp.ui.dashboard.plan_card import PlanCard
from studyapp.ui.dashboard.sections import (
    ResponsiveRow,
    StatTile,
    TileGrid,
    TopicTable,
    WeakList,
    card_layout,
)
from studyapp.ui.widgets.charts import BarChart, CalendarHeatmap, LineChart
from studyapp.ui.widgets.named import named
from studyapp.wording import percent_down, plural

RANGES = ((30, "30 days"), (90, "90 days"), (365, "1 year"))
RETENTION_MIN_WEEKS = 8
MAX_CONTENT_WIDTH = 1440


def dashboard_style(theme: Theme) -> str:
    """The few labels only the dashboard has; the rest comes from the app style sheet."""
    return f"""
QLabel#stathint {{ color: {theme.muted}; font-size: 11px; }}
QLabel#colhead {{ color: {theme.muted}; font-size: 11px; font-weight: 600; }}
QLabel#nextline {{ font-size: 14px; }}
QLabel#heroline {{ font-size: 15px; }}
QPushButton#practise {{ padding: 3px 12px; font-size: 12px; }}
QLabel#warning {{ color: {theme.ratings[0]}; font-weight: 600; }}
"""


def _card(title: str, subtitle: str = "") -> tuple[QFrame, QVBoxLayout, QHBoxLayout]:
    """A titled card; returns the frame, its body layout and the title row (for controls)."""
    frame = QFrame()
    layout, head = card_layout(frame, title, subtitle)
    return frame, layout, head


def study_time(ms: int) -> str:
    """'42 min', '3 h 05 min'; from ten hours on the minutes no longer matter: '77 h'."""
    minutes = round(ms / 60_000)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 600:
        return f"{minutes // 60} h {minutes % 60:02d} min"
    return f"{round(minutes / 60):,} h"


def _week_labels(weeks: list[date]) -> list[str]:
    """Label the first week of each month with the month's name."""
    labels = []
    for index, start in enumerate(weeks):
        first = index == 0 or start.month != weeks[index - 1].month
        name = start.strftime("%b %Y") if start.month == 1 else start.strftime("%b")
        labels.append(name if first else "")
    return labels


def _day_labels(days: list[date], span: int) -> list[str]:
    """Axis candidates at natural boundaries: Mondays for a month, the 1st and 15th for a
    quarter, month starts for a year. The chart drops any that would collide."""
    labels = []
    for day in days:
        if span <= 31:
            keep = day.weekday() == 0
        elif span <= 120:
            keep = day.day in (1, 15)
        else:
            keep = day.day == 1
        if not keep:
            labels.append("")
        elif span > 120:
            labels.append(day.strftime("%b"))  # the tooltip gives the year
        else:
            labels.append(f"{day.day} {day:%b}")
    return labels


class DashboardPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.ctx = ctx
        self.data: Dashboard | None = None
        self.step: NextStep | None = None
        self._dirty = True
        theme = ctx.theme
        self.setStyleSheet(dashboard_style(theme))

        content = named(QWidget(), "page")
        self.content = content
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 20, 24, 24)
        layout.setSpacing(14)
        head = QHBoxLayout()
        head.addWidget(named(QLabel("Your progress"), "h1"))
        head.addStretch(1)
        self.export_csv = QPushButton("Export review log (CSV)…")
        self.export_csv.setToolTip("Every review, one row each, for a spreadsheet")
        self.export_json = QPushButton("Export progress (JSON)…")
        self.export_json.setToolTip("Each question's schedule, star and note")
        head.addWidget(self.export_csv)
        head.addWidget(self.export_json)
        layout.addLayout(head)

        # What to do next: one sentence, one button.
        self.next_card = named(QFrame(), "card")
        next_layout = QHBoxLayout(self.next_card)
        next_layout.setContentsMargins(18, 12, 14, 12)
        next_layout.setSpacing(14)
        self.next_text = named(QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText), "nextline")
        self.next_button = named(QPushButton("Start studying"), "primary")
        self.next_button.setCursor(Qt.CursorShape.PointingHandCursor)
        next_layout.addWidget(self.next_text, 1)
        next_layout.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.next_card)
        self.plan_card = PlanCard(ctx)  # the interview plan, shown from the first day on
        layout.addWidget(self.plan_card)

        # Headline figures.
        self.seen = StatTile("questions seen")
        self.mastered = StatTile(
            "mastered",
            f"Mastered: in review with FSRS stability of at least {MASTERED_STABILITY_DAYS:.0f} "
            "days (the answer would still be recalled with 90% probability three weeks on).",
        )
        self.due = StatTile(
            "due today", "Questions FSRS has scheduled for today, overdue ones included."
        )
        self.reviews = StatTile("reviews done")
        self.streak = StatTile("day streak", "Days in a row with at least one review.")
        self.longest = StatTile(
            "longest streak", "The longest run of days with at least one review."
        )
        self.study_time = StatTile("total study time", "Time spent on each question, summed.")
        self.retention = StatTile(
            "true retention",
            f"Over the last {RETENTION_WINDOW_DAYS} days: the share of reviews of "
            "already-learned questions (last seen at least half a day earlier) that were not "
            "rated Again.",
        )
        self.tiles = TileGrid(
            [
                self.seen,
                self.mastered,
                self.due,
                self.reviews,
                self.streak,
                self.longest,
                self.study_time,
                self.retention,
            ]
        )
        layout.addWidget(self.tiles)

        self.detail = QWidget()
        detail = QVBoxLayout(self.detail)
        detail.setContentsMargins(0, 0, 0, 0)
        detail.setSpacing(14)
        topics_card, topics_layout, _ = _card(
            "Mastery by topic, weakest first",
            "Light bar: mean predicted recall by tomorrow (FSRS) of the questions you have "
            "studied; solid bar: share of the topic mastered. Red below 70% recall, amber below "
            "85%.",
        )
        self.topics = TopicTable(theme)
        topics_layout.addWidget(self.topics)
        detail.addWidget(topics_card)

        middle = ResponsiveRow(narrow=860)
        weak_card, weak_layout, _ = _card(
            "Weakest questions",
            "Questions marked weak (⚠, a leech) first, then the lowest predicted recall by "
            "tomorrow. Click to read.",
        )
        self.weak = WeakList(theme)
        self.weak_note = named(QLabel(wordWrap=True), "muted")
        self.weak_note.setVisible(False)
        weak_layout.addWidget(self.weak_note)
        self.drill = named(QPushButton("Drill these now"), "primary")
        self.drill.setCursor(Qt.CursorShape.PointingHandCursor)
        weak_layout.addWidget(self.weak, 1)
        weak_layout.addSpacing(4)
        weak_layout.addWidget(self.drill, 0, Qt.AlignmentFlag.AlignLeft)
        forecast_card, forecast_layout, _ = _card(
            "Due in the next 30 days", "Today's bar includes overdue questions."
        )
        self.forecast = BarChart(theme, [theme.accent], ["due"])
        self.forecast.empty_text = "Nothing falls due in the next 30 days."
        forecast_layout.addWidget(self.forecast, 1)
        self.forecast_summary = named(QLabel(), "muted")
        forecast_layout.addWidget(self.forecast_summary)
        middle.add(weak_card)
        middle.add(forecast_card)
        self.middle = middle
        detail.addWidget(middle)

        heat_card, heat_layout, _ = _card("Activity over the last year")
        self.heatmap = CalendarHeatmap(theme)
        heat_layout.addWidget(self.heatmap)
        detail.addWidget(heat_card)

        charts = ResponsiveRow(narrow=860)
        reviews_card, reviews_layout, reviews_head = _card("Reviews per day")
        self.range_buttons = QButtonGroup(self)
        for index, (days, label) in enumerate(RANGES):
            button = named(QPushButton(label), "chip")
            button.setCheckable(True)
            button.setChecked(index == 0)
            button.setToolTip(f"Show the last {label}")
            self.range_buttons.addButton(button, days)
            reviews_head.addWidget(button)
        self.per_day = BarChart(theme, theme.ratings, [r.label for r in Rating])
        self.per_day.setMinimumHeight(200)
        reviews_layout.addWidget(self.per_day, 1)
        self.per_day_summary = named(QLabel(), "muted")
        reviews_layout.addWidget(self.per_day_summary)
        retention_card, retention_layout, _ = _card(
            "Retention by week",
            "Reviews of learned questions not rated Again, against your desired retention.",
        )
        self.retention_chart = LineChart(theme)
        self.retention_chart.setMinimumHeight(200)
        self.retention_chart.empty_text = (
            "Appears once you review questions you have already learned (a day or more after "
            "first seeing them)."
        )
        retention_layout.addWidget(self.retention_chart, 1)
        charts.add(reviews_card)
        charts.add(retention_card)
        self.charts = charts
        detail.addWidget(charts)
        layout.addWidget(self.detail)

        # A first-time user gets an invitation instead of zeros and empty charts.
        self.empty = named(QFrame(), "card")
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.setContentsMargins(32, 28, 32, 30)
        empty_layout.setSpacing(10)
        empty_layout.addWidget(named(QLabel("Welcome to DeepStudy"), "h2"))
        self.empty_text = named(
            QLabel(
                "Start with ten questions: read each one, answer it in your head, reveal the "
                "model answer and rate how well you knew it. Each rating schedules the "
                "question's next review, and about fifteen minutes a day is enough.",
                wordWrap=True,
            ),
            "heroline",
        )
        empty_layout.addWidget(self.empty_text)
        empty_layout.addWidget(
            named(
                QLabel(
                    "After your first session this page shows how far you are, your weakest "
                    "topics and questions, a calendar of your study days, and what comes due.",
                    wordWrap=True,
                ),
                "muted",
            )
        )
        empty_layout.addSpacing(6)
        self.empty_button = named(QPushButton("Start your first session"), "primary")
        self.empty_button.setCursor(Qt.CursorShape.PointingHandCursor)
        empty_layout.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.empty)
        layout.addStretch(1)

        # On a very wide screen, cards stretched edge to edge are hard to read: cap the
        # width and centre the page.
        content.setMaximumWidth(MAX_CONTENT_WIDTH)
        frame = named(QWidget(), "page")
        centred = QHBoxLayout(frame)
        centred.setContentsMargins(0, 0, 0, 0)
        centred.addWidget(content)
        self.scroller = QScrollArea()
        self.scroller.setAccessibleName("Dashboard")
        self.scroller.setWidgetResizable(True)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setWidget(frame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroller)

        self.next_button.clicked.connect(self._do_next)
        self.empty_button.clicked.connect(self._do_next)
        self.topics.practise.connect(self.practise_topic)
        self.weak.open_question.connect(ctx.bus.open_question)
        self.drill.clicked.connect(self._drill_weakest)
        self.range_buttons.idClicked.connect(self._fill_per_day)
        self.export_csv.clicked.connect(self.export_review_log)
        self.export_json.clicked.connect(self.export_progress)
        self.plan_card.edit_requested.connect(self.edit_plan)
        self.plan_card.sheet_requested.connect(self.export_sheet)
        ctx.bus.changes_applied.connect(self.on_changes)

    # --- data -----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        if self._dirty:
            self.refresh()
        super().showEvent(event)

    @property
    def range_days(self) -> int:
        return max(30, self.range_buttons.checkedId())

    def refresh(self) -> None:
        settings = self.ctx.services.settings.load()
        data = self.ctx.services.progress.dashboard(settings.weak_lapses)
        self.data = data
        self._dirty = False
        self.plan_card.refresh()
        self._fill_tiles(data)
        self.step = next_step(data, self.ctx.services.study.new_left_today())
        self.next_text.setText(self._sentence_html(self.step.sentence))
        self.next_button.setText(self.step.button)
        empty = data.is_empty
        self.detail.setVisible(not empty)
        self.tiles.setVisible(not empty)
        self.next_card.setVisible(not empty)
        self.empty.setVisible(empty)
        for button in (self.export_csv, self.export_json):
            button.setVisible(not empty)  # nothing to export yet; File menu still works
        if empty:
            return
        self.topics.set_rows(data.topics)
        self._fill_weakest(data)
        self._fill_forecast(data)
        self.heatmap.set_data(
            data.today,
            {d: (a.total, round(a.duration_ms / 60_000)) for d, a in data.activity.items()},
        )
        self._fill_per_day()
        self._fill_retention(data, settings.desired_retention)

    def _fill_weakest(self, data: Dashboard) -> None:
        """The ranked list, or why there is none yet: a tie is not a ranking."""
        ranked = data.weakest_ranked
        self.weak.set_rows(data.weakest if ranked else ())
        self.weak.setVisible(ranked)
        self.drill.setVisible(ranked)
        self.drill.setText(f"Drill these {len(data.weakest)}")
        self.weak_note.setVisible(not ranked)
        if not ranked:
            recall = percent_down(data.weakest[0].recall) if data.weakest else "–"
            studied = (
                "The question you studied reads"
                if data.seen == 1
                else f"All {data.seen} questions you studied read"
            )
            self.weak_note.setText(
                f"Not enough data yet to rank them. {studied} {recall} recall by tomorrow "
                "and no lapses. After a few more ratings, or tomorrow's reviews, the ones you "
                "hold least come first here."
            )

    @staticmethod
    def _sentence_html(sentence: str) -> str:
        """Embolden the figure before the first comma or colon: the part to read first."""
        cut = min((i for i in (sentence.find(","), sentence.find(":")) if i > 0), default=-1)
        if cut <= 0:
            return html.escape(sentence)  # it names topics: their text, never their HTML
        return f"<b>{html.escape(sentence[:cut])}</b>{html.escape(sentence[cut:])}"

    def _fill_tiles(self, data: Dashboard) -> None:
        new = data.new_questions
        self.seen.set(
            f"{data.seen} / {data.total_questions}",
            f"{new} not started yet" if new else "every question started",
        )
        self.mastered.set(
            str(data.mastered), f"FSRS stability ≥ {MASTERED_STABILITY_DAYS:.0f} days"
        )
        tomorrow = data.forecast[1] if len(data.forecast) > 1 else 0
        self.due.set(
            str(data.due_today), f"{tomorrow} due tomorrow" if tomorrow else "none tomorrow"
        )
        today = data.activity.get(data.today)
        forgotten = today.counts[0] if today else 0
        self.reviews.set(
            f"{data.reviews_done:,}",
            f"{today.total if today else 0} today" + (f", {forgotten} Again" if forgotten else ""),
        )
        current = data.streak.current
        self.streak.set(
            plural(current, "day"),
            "today counted"
            if data.studied_today
            else ("review today to keep it" if current else "one review starts one"),
        )
        self.longest.set(plural(data.streak.longest, "day"), "days in a row")
        average = data.study_ms / data.reviews_done / 1000 if data.reviews_done else 0
        self.study_time.set(study_time(data.study_ms), f"about {average:.0f} s per review")
        if data.retention_30d is None:
            self.retention.set("–", "no learned reviews yet")
        else:
            self.retention.set(f"{data.retention_30d:.0%}", f"last {RETENTION_WINDOW_DAYS} days")

    def _fill_forecast(self, data: Dashboard) -> None:
        days = [data.today + timedelta(days=offset) for offset in range(len(data.forecast))]
        labels = _day_labels(days, len(days))
        labels[0] = "Today"
        tips = [
            ("Today (overdue included)" if offset == 0 else f"{day:%a %d %b}")
            + f": {plural(count, 'question')} due"
            for offset, (day, count) in enumerate(zip(days, data.forecast, strict=True))
        ]
        self.forecast.set_data(labels, [(float(c),) for c in data.forecast], tips)
        total = sum(data.forecast)
        self.forecast_summary.setText(
            f"{plural(total, 'question')} due in 30 days, about {total / len(data.forecast):.1f} "
            "a day"
            if total
            else "Nothing comes due in the next 30 days."
        )

    @Slot()
    def _fill_per_day(self) -> None:
        data = self.data
        if data is None:
            return
        span = self.range_days
        days = [data.today - timedelta(days=offset) for offset in range(span - 1, -1, -1)]
        stacks, tips = [], []
        for day in days:
            activity = data.activity.get(day)
            counts = activity.counts if activity else (0, 0, 0, 0)
            minutes = round(activity.duration_ms / 60_000) if activity else 0
            stacks.append(tuple(float(c) for c in counts))
            parts = ", ".join(f"{r.label} {c}" for r, c in zip(Rating, counts, strict=True) if c)
            summary = (
                f"{plural(sum(counts), 'review')}, {minutes} min" if sum(counts) else "no reviews"
            )
            tips.append(f"{day:%a %d %b %Y}: {summary}" + (f"\n{parts}" if parts else ""))
        labels = _day_labels(days, span)
        labels[-1] = "Today"  # the axis ends with a name, not a blank (gui.md 25)
        self.per_day.set_data(labels, stacks, tips)
        totals = [sum(stack) for stack in stacks]
        studied = sum(1 for total in totals if total)
        reviews = round(sum(totals))
        self.per_day_summary.setText(
            f"{plural(reviews, 'review')} on {studied} of {span} days, "
            f"{reviews / studied:.0f} a day when you studied"
            if studied
            else f"No reviews in the last {span} days."
        )

    def _fill_retention(self, data: Dashboard, target: float) -> None:
        """From the first week with learned reviews (at least RETENTION_MIN_WEEKS shown): a
        history that starts in August no longer leaves June and July empty (gui.md 25)."""
        weeks = list(data.retention_weeks)
        first = next((i for i, (_, value, _n) in enumerate(weeks) if value is not None), 0)
        weeks = weeks[min(first, max(0, len(weeks) - RETENTION_MIN_WEEKS)) :]
        labels = _week_labels([start for start, _, _n in weeks])
        values = [value for _, value, _n in weeks]
        tips = [
            f"Week of {start:%d %b %Y}: "
            + (
                f"{value:.0%} not rated Again, of {plural(reviews, 'review')}"
                if value is not None
                else "no learned reviews"
            )
            for start, value, reviews in weeks
        ]
        self.retention_chart.set_data(labels, values, tips, target=target)

    # --- actions --------------------------------------------------------------------------
    @Slot()
    def _do_next(self) -> None:
        step = self.step
        if step is None or step.action in (NextAction.FIRST_SESSION, NextAction.DUE_SESSION):
            size = step.size if step is not None else SESSION_SIZE
            self.ctx.bus.start_quiz.emit(QueueSpec(kind=QueueKind.MIXED, limit=size))
        elif step.action == NextAction.LEARN_NEW:
            self.ctx.bus.start_quiz.emit(QueueSpec(kind=QueueKind.NEW, limit=step.size))
        elif step.action == NextAction.PRACTISE_TOPIC and step.topic_id:
            self.practise_topic(step.topic_id)
        else:
            self._drill_weakest()

    @Slot()
    def edit_plan(self) -> None:
        """Set, change or remove the interview date (also reached from Settings)."""
        from studyapp.ui.plan_dialog import edit_plan

        edit_plan(self.ctx, self)

    @Slot(object)
    def export_sheet(self, question_ids: list[int]) -> None:
        from studyapp.ui.study_sheet import export_study_sheet

        export_study_sheet(self.ctx, question_ids, "Final pass", self)

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
            lambda path, _progress: self.ctx.services.export.progress_json(path),
            "questions",
        )

    def _export(
        self, name: str, pattern: str, write: Callable[[Path, Progress], int], noun: str
    ) -> None:
        try:
            start = str(Path.home() / name)
        except RuntimeError:  # no home folder known
            start = name
        path, _ = QFileDialog.getSaveFileName(self, "Export", start, pattern)
        if not path:
            return
        try:  # off the UI thread, with progress: 7 s at a million reviews
            count = run_in_background(
                self, "Export", f"Writing {Path(path).name}…", lambda p: write(Path(path), p)
            )
        except (OSError, StorageError, sqlite3.Error, DatabaseError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            QMessageBox.warning(
                self,
                "Export failed",
                f"Could not write {path}:\n{reason}\nNothing was changed: an earlier file of that "
                "name is kept as it was.",
            )
            return
        QMessageBox.information(self, "Export complete", f"Wrote {count:,} {noun} to\n{path}")

    @Slot(object)
    def on_changes(self, changes: Changes) -> None:
        if changes.reviews or changes.settings or changes.content:
            self._dirty = True
            if changes.settings:
                self.restyle()
            if self.isVisible():
                self.refresh()

    def restyle(self) -> None:
        theme = self.ctx.theme
        self.setStyleSheet(dashboard_style(theme))
        for chart in (self.forecast, self.per_day, self.retention_chart, self.heatmap):
            chart.set_theme(theme)
        self.forecast.colours = [theme.accent]
        self.per_day.colours = list(theme.ratings)
        self.topics.set_theme(theme)
        self.weak.set_theme(theme)
        self.plan_card.set_theme()
