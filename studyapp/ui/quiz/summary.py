"""The end-of-session summary card."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from studyapp.content.theme import Theme
from studyapp.domain import Rating
from studyapp.stats.session import SessionSummary
from studyapp.stats.streaks import Streaks
from studyapp.ui.widgets.named import named


def _duration(ms: int) -> str:
    seconds = round(ms / 1000)
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


class SummaryPanel(QWidget):
    def __init__(self) -> None:
        super().__init__()
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = named(QFrame(), "card")
        card.setMaximumWidth(640)
        box = QVBoxLayout(card)
        box.setContentsMargins(28, 24, 28, 24)
        box.setSpacing(10)
        box.addWidget(named(QLabel("Session complete"), "h1"))
        self.text = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        box.addWidget(self.text)
        row = QHBoxLayout()
        self.again_button = named(QPushButton("Practise the missed ones now"), "primary")
        self.new_button = QPushButton("New session")
        self.undo_button = QPushButton("Undo last rating")
        row.addWidget(self.again_button)
        row.addWidget(self.new_button)
        row.addStretch(1)
        row.addWidget(self.undo_button)
        box.addLayout(row)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def show_summary(
        self,
        summary: SessionSummary,
        streak: Streaks,
        theme: Theme,
        topic_name: Callable[[str], str],
        zone: tzinfo,
        now: datetime,
    ) -> None:
        chips = "&nbsp;&nbsp;".join(
            f"<span style='color:{theme.ratings[r - 1]}; font-weight:600'>"
            f"{r.label}&nbsp;{summary.counts[r]}</span>"
            for r in Rating
        )
        rows = "".join(
            f"<tr><td>{html.escape(topic_name(t.topic))}</td><td align='right'>{t.answered}</td>"
            f"<td align='right'>{t.again}</td></tr>"
            for t in summary.topics
        )
        table = (
            "<table cellpadding='3' cellspacing='0'><tr><th align='left'>Topic</th>"
            f"<th align='right'>Answered</th><th align='right'>Again</th></tr>{rows}</table>"
            if rows
            else ""
        )
        if summary.missed:
            missed = "Rated Again: " + ", ".join(f"Q{q}" for q in summary.missed) + "."
        else:
            missed = "Nothing rated Again. Well done."
        if summary.next_due is not None:
            due = summary.next_due.astimezone(zone)
            when = (
                due.strftime("%H:%M today")
                if due.date() == now.astimezone(zone).date()
                else (due.strftime("%a %d %b"))
            )
            next_text = f"Next review of these questions: {when}."
        else:
            next_text = ""
        plural = "s" if summary.answered != 1 else ""
        self.text.setText(
            f"<p>You answered <b>{summary.answered}</b> question{plural} in "
            f"{_duration(summary.total_ms)} (about {_duration(summary.average_ms)} each).</p>"
            f"<p>{chips}</p>{table}<p>{missed}</p><p>{next_text}</p>"
            f"<p>Study streak: <b>{streak.current}</b> day{'s' if streak.current != 1 else ''} "
            f"(longest {streak.longest}).</p>"
        )
        self.again_button.setVisible(bool(summary.missed))
