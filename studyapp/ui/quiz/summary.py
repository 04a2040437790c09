"""The end-of-session summary card: tiles for the headline numbers, then the detail."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from studyapp.content.theme import Theme
from studyapp.domain import Rating
from studyapp.stats.session import SessionSummary
from studyapp.stats.streaks import Streaks
from studyapp.ui.quiz.style import quiz_style
from studyapp.ui.widgets.centred_card import centred_card
from studyapp.ui.widgets.named import named
from studyapp.ui.widgets.plain_text import plain
from studyapp.ui.wording import plural


def duration_text(ms: int) -> str:
    seconds = round(ms / 1000)
    if seconds >= 3600:
        return f"{seconds // 3600}h {seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m {seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def _clear(layout: QGridLayout | QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


class _Tile(QFrame):
    def __init__(self, label: str) -> None:
        super().__init__()
        self.setObjectName("tile")
        # Ignored width: the grid's equal column stretches then decide, so the tiles line up.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(120)
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 10, 14, 10)
        box.setSpacing(0)
        self.value = named(QLabel(), "tilevalue")
        box.addWidget(self.value)
        box.addWidget(named(QLabel(label), "tilelabel"))


class SummaryPanel(QWidget):
    def __init__(self, theme: Theme) -> None:
        super().__init__()
        card = centred_card(self, "Session summary", card_stretch=3)  # a long session scrolls
        card.setMinimumWidth(680)
        card.setMaximumWidth(720)
        box = QVBoxLayout(card)
        box.setContentsMargins(28, 24, 28, 24)
        box.setSpacing(12)
        self.heading = named(QLabel("Session complete"), "h1")
        box.addWidget(self.heading)

        tiles = QGridLayout()
        tiles.setSpacing(10)
        self.answered = _Tile("questions rated")
        self.time_spent = _Tile("time spent")
        self.average = _Tile("per question")
        self.streak = _Tile("day streak")
        for column, tile in enumerate((self.answered, self.time_spent, self.average, self.streak)):
            tiles.addWidget(tile, 0, column)
            tiles.setColumnStretch(column, 1)
        box.addLayout(tiles)

        self.ratings = QLabel(textFormat=Qt.TextFormat.RichText)
        box.addWidget(self.ratings)
        # Spoken answers' delivery (pace, fillers, pauses, time), when any answer was spoken.
        self.delivery = plain(named(QLabel(wordWrap=True), "muted"))
        self.delivery.hide()
        box.addWidget(self.delivery)
        # Real grid cells rather than an HTML table: a rich-text label mis-measures its height
        # and clips the last rows.
        self.topics = QWidget()
        self.topic_grid = QGridLayout(self.topics)
        self.topic_grid.setContentsMargins(0, 4, 0, 4)
        self.topic_grid.setHorizontalSpacing(16)
        self.topic_grid.setVerticalSpacing(4)
        self.topic_grid.setColumnStretch(0, 1)
        box.addWidget(self.topics)
        self.missed = QWidget()
        self.missed_list = QVBoxLayout(self.missed)
        self.missed_list.setContentsMargins(0, 0, 0, 0)
        self.missed_list.setSpacing(3)
        box.addWidget(self.missed)
        self.next_due = named(QLabel(wordWrap=True), "muted")
        box.addWidget(self.next_due)

        row = QHBoxLayout()
        self.again_button = named(QPushButton("&Practise these again now"), "primary")
        self.new_button = QPushButton("&New session")
        self.undo_button = QPushButton("Undo last rating (Ctrl+Z)")
        # Shown when "Quiz me on this" started the session: the way back to the reading.
        self.back_button = named(QPushButton("&Back to Browse"), "primary")
        self.back_button.hide()
        row.addWidget(self.back_button)
        row.addWidget(self.again_button)
        row.addWidget(self.new_button)
        row.addStretch(1)
        row.addWidget(self.undo_button)
        box.addLayout(row)
        self._shown: (
            tuple[SessionSummary, Streaks, Callable[[int], str], Callable[[str], str], tzinfo]
            | None
        ) = None
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        """Restyle, and redraw a summary on screen: its rating colours are in its text, and
        a switch from dark to light left dark-theme yellow on white (gui.md 19)."""
        self.setStyleSheet(quiz_style(theme))
        if self._shown is not None:
            summary, streak, titles, topic_name, zone = self._shown
            self.show_summary(summary, streak, theme, titles, topic_name, zone)

    def show_summary(
        self,
        summary: SessionSummary,
        streak: Streaks,
        theme: Theme,
        titles: Callable[[int], str],
        topic_name: Callable[[str], str],
        zone: tzinfo,
    ) -> None:
        self._shown = (summary, streak, titles, topic_name, zone)
        self.answered.value.setText(str(summary.answered))
        self.time_spent.value.setText(duration_text(summary.total_ms))
        self.average.value.setText(duration_text(summary.average_ms))
        self.streak.value.setText(str(streak.current))
        self.streak.setToolTip(f"Longest streak: {plural(streak.longest, 'day')}")

        chips = "&nbsp;&nbsp;&nbsp;".join(
            f"<span style='color:{theme.ratings[r - 1]}; font-weight:600'>"
            f"{r.label}&nbsp;{summary.counts[r]}</span>"
            for r in Rating
        )
        extras = []
        if summary.over_time:
            extras.append(f"{plural(summary.over_time, 'answer')} went over time")
        if summary.follow_ups:
            extras.append(f"{plural(summary.follow_ups, 'follow-up')} practised")
        extra = f"&nbsp;&nbsp;·&nbsp;&nbsp;{', '.join(extras)}" if extras else ""
        self.ratings.setText(f"{chips}<span style='color:{theme.muted}'>{extra}</span>")

        _clear(self.topic_grid)
        right, left = Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignLeft
        for column, head in enumerate(("Topic", "Rated", "Good or Easy", "Again")):
            self.topic_grid.addWidget(
                named(QLabel(head), "tilelabel"), 0, column, right if column else left
            )
        for row, result in enumerate(summary.topics, start=1):
            again = QLabel(str(result.again))
            if result.again:
                again.setStyleSheet(f"color: {theme.ratings[0]}; font-weight: 600;")
            cells = (
                plain(QLabel(topic_name(result.topic))),
                QLabel(str(result.answered)),
                QLabel(str(result.recalled)),
                again,
            )
            for column, cell in enumerate(cells):
                self.topic_grid.addWidget(cell, row, column, right if column else left)
        self.topics.setVisible(bool(summary.topics))

        _clear(self.missed_list)
        if summary.missed:
            self.missed_list.addWidget(
                QLabel(
                    f"Rated <span style='color:{theme.ratings[0]}; font-weight:600'>Again</span>:",
                    textFormat=Qt.TextFormat.RichText,
                )
            )
            for qid in summary.missed:
                item = QLabel(
                    f"<b>Q{qid}</b>&nbsp;&nbsp;{html.escape(titles(qid))}",
                    textFormat=Qt.TextFormat.RichText,
                    wordWrap=True,
                )
                item.setContentsMargins(12, 0, 0, 0)
                self.missed_list.addWidget(item)
        elif summary.answered:
            self.missed_list.addWidget(QLabel("Nothing rated Again."))
        self.next_due.setText(self._next_due_text(summary, zone))
        self.again_button.setVisible(bool(summary.missed))
        self.again_button.setText(
            f"&Practise these {len(summary.missed)} again now"
            if len(summary.missed) > 1
            else "&Practise it again now"
        )

    def show_delivery(self, text: str | None) -> None:
        self.delivery.setText(text or "")
        self.delivery.setVisible(bool(text))

    @staticmethod
    def _next_due_text(summary: SessionSummary, zone: tzinfo) -> str:
        if summary.next_due is None:
            return ""
        parts = []
        if summary.due_today:
            first = summary.next_due.astimezone(zone)
            parts.append(f"{summary.due_today} later today (the first at {first:%H:%M})")
        if summary.due_tomorrow:
            parts.append(f"{summary.due_tomorrow} tomorrow")
        if summary.due_later and summary.later_from is not None:
            start = summary.later_from.astimezone(zone)
            if summary.due_later == 1:  # "1 from Sat 05 Dec" read as a count of something
                parts.append(f"1 on {start:%a %d %b}")
            else:
                parts.append(f"{summary.due_later} from {start:%a %d %b} on")
        return "Next reviews of these questions: " + ", ".join(parts) + "."
