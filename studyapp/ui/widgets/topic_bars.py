"""Horizontal mastery bars, one per topic, weakest first, drawn with QPainter."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from studyapp.content.theme import Theme
from studyapp.stats.progress import TopicMastery

ROW_HEIGHT = 34


def mastery_colour(theme: Theme, value: float) -> QColor:
    """Red for weak, amber in between, green for strong."""
    stops = (theme.ratings[0], theme.ratings[1], theme.ratings[2])
    if value < 0.5:
        a, b, f = QColor(stops[0]), QColor(stops[1]), value / 0.5
    else:
        a, b, f = QColor(stops[1]), QColor(stops[2]), (value - 0.5) / 0.5
    return QColor(
        round(a.red() + (b.red() - a.red()) * f),
        round(a.green() + (b.green() - a.green()) * f),
        round(a.blue() + (b.blue() - a.blue()) * f),
    )


class TopicBars(QWidget):
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.rows: list[TopicMastery] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[TopicMastery]) -> None:
        self.rows = rows
        self.setMinimumHeight(self.sizeHint().height())
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, max(1, len(self.rows)) * ROW_HEIGHT + 8)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self.theme
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        label_width = min(250.0, self.width() * 0.38)
        value_width = 150.0
        bar_left = label_width + 12
        bar_width = max(40.0, self.width() - bar_left - value_width - 8)
        font = QFont(self.font())
        for index, row in enumerate(self.rows):
            top = 4 + index * ROW_HEIGHT
            painter.setFont(font)
            painter.setPen(QColor(t.text))
            painter.drawText(
                QRectF(0, top, label_width, ROW_HEIGHT - 8),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                row.topic.name,
            )
            track = QRectF(bar_left, top + (ROW_HEIGHT - 8) / 2 - 5, bar_width, 10)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(t.border))
            painter.drawRoundedRect(track, 5, 5)
            if row.mean_recall > 0:
                filled = QRectF(track)
                filled.setWidth(max(10.0, bar_width * row.mean_recall))
                painter.setBrush(mastery_colour(t, row.mean_recall))
                painter.drawRoundedRect(filled, 5, 5)
            painter.setPen(QColor(t.muted))
            detail = (
                f"{row.mean_recall:.0%} recall · {row.seen}/{row.questions} seen"
                if row.seen
                else f"not started · {row.questions} questions"
            )
            painter.drawText(
                QRectF(bar_left + bar_width + 10, top, value_width, ROW_HEIGHT - 8),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                detail,
            )
        painter.end()
