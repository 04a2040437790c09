"""Small QPainter charts for the dashboard: stacked bars, a line, and a calendar heatmap.

QtCharts would add tens of megabytes to the bundle for three simple pictures. These widgets
scale with their size and the screen's pixel ratio, take their colours from the theme, and show
a tooltip for whatever is under the mouse.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from studyapp.content.theme import Theme
from studyapp.stats.axes import nice_ticks


def _fmt(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:g}"


@dataclass(frozen=True)
class Hit:
    rect: QRectF
    tip: str


class _Chart(QWidget):
    """Shared plumbing: margins, theme, hover hit-testing, an empty-state message."""

    left, right, top, bottom = 38.0, 10.0, 10.0, 24.0

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.empty_text = "No data yet"
        self._hits: list[Hit] = []
        self._hover: int | None = None
        self.setMouseTracking(True)
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(420, 190)

    def plot_rect(self) -> QRectF:
        return QRectF(
            self.left,
            self.top,
            max(10.0, self.width() - self.left - self.right),
            max(10.0, self.height() - self.top - self.bottom),
        )

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        index = next((i for i, h in enumerate(self._hits) if h.rect.contains(position)), None)
        if index != self._hover:
            self._hover = index
            self.update()
        if index is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self._hits[index].tip, self)

    def leaveEvent(self, event: object) -> None:
        self._hover = None
        self.update()

    def tooltip_at(self, x: float, y: float) -> str | None:
        """The tooltip a hover at (x, y) would show; for tests and accessibility."""
        return next((h.tip for h in self._hits if h.rect.contains(QPointF(x, y))), None)

    def _painter(self) -> QPainter:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        painter.setFont(small)
        return painter

    def _draw_empty(self, painter: QPainter) -> None:
        painter.setPen(QColor(self.theme.muted))
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)

    def _draw_y_axis(self, painter: QPainter, ticks: list[float], percent: bool) -> None:
        plot = self.plot_rect()
        top = ticks[-1] or 1.0
        for tick in ticks:
            y = plot.bottom() - plot.height() * tick / top
            painter.setPen(QPen(QColor(self.theme.border), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor(self.theme.muted))
            label = f"{tick * 100:.0f}%" if percent else _fmt(tick)
            painter.drawText(
                QRectF(0, y - 8, self.left - 6, 16),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )

    def _draw_x_labels(
        self, painter: QPainter, labels: Sequence[str], centres: list[float]
    ) -> None:
        if not labels:
            return
        plot = self.plot_rect()
        metrics = painter.fontMetrics()
        widest = max(metrics.horizontalAdvance(label) for label in labels) + 10
        spacing = (centres[1] - centres[0]) if len(centres) > 1 else widest
        every = max(1, math.ceil(widest / max(1.0, spacing)))
        painter.setPen(QColor(self.theme.muted))
        for index in range(0, len(labels), every):
            rect = QRectF(centres[index] - widest / 2, plot.bottom() + 4, widest, 16)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, labels[index])


class BarChart(_Chart):
    """Bars stacked from several series (e.g. reviews by rating); one bar per label."""

    def __init__(self, theme: Theme, colours: Sequence[str], names: Sequence[str]) -> None:
        super().__init__(theme)
        self.colours = list(colours)
        self.names = list(names)
        self.labels: list[str] = []
        self.tips: list[str] = []
        self.stacks: list[tuple[float, ...]] = []

    def set_data(
        self, labels: Sequence[str], stacks: Sequence[tuple[float, ...]], tips: Sequence[str]
    ) -> None:
        self.labels, self.stacks, self.tips = list(labels), list(stacks), list(tips)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._painter()
        self._hits = []
        totals = [sum(stack) for stack in self.stacks]
        if not totals or max(totals) <= 0:
            self._draw_empty(painter)
            painter.end()
            return
        ticks = nice_ticks(max(totals))
        self._draw_y_axis(painter, ticks, percent=False)
        plot = self.plot_rect()
        slot = plot.width() / len(self.stacks)
        width = max(1.0, slot * (0.72 if slot > 6 else 0.9))
        centres = []
        for index, stack in enumerate(self.stacks):
            centre = plot.left() + slot * (index + 0.5)
            centres.append(centre)
            y = plot.bottom()
            for series, value in enumerate(stack):
                if value <= 0:
                    continue
                height = plot.height() * value / ticks[-1]
                colour = QColor(self.colours[series % len(self.colours)])
                if self._hover is not None and self._hover != index:
                    colour.setAlphaF(0.55)
                painter.fillRect(QRectF(centre - width / 2, y - height, width, height), colour)
                y -= height
            tip = self.tips[index] if index < len(self.tips) else ""
            self._hits.append(Hit(QRectF(centre - slot / 2, plot.top(), slot, plot.height()), tip))
        self._draw_x_labels(painter, self.labels, centres)
        painter.end()


class LineChart(_Chart):
    """One series of values in [0, 1] (shares), with gaps where a value is missing."""

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        self.labels: list[str] = []
        self.values: list[float | None] = []
        self.tips: list[str] = []

    def set_data(
        self, labels: Sequence[str], values: Sequence[float | None], tips: Sequence[str]
    ) -> None:
        self.labels, self.values, self.tips = list(labels), list(values), list(tips)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._painter()
        self._hits = []
        if not any(v is not None for v in self.values):
            self._draw_empty(painter)
            painter.end()
            return
        ticks = [0.0, 0.25, 0.5, 0.75, 1.0]
        self._draw_y_axis(painter, ticks, percent=True)
        plot = self.plot_rect()
        step = plot.width() / max(1, len(self.values))
        centres = [plot.left() + step * (i + 0.5) for i in range(len(self.values))]
        path = QPainterPath()
        drawing = False
        points = []
        for index, value in enumerate(self.values):
            if value is None:
                drawing = False
                continue
            point = QPointF(centres[index], plot.bottom() - plot.height() * value)
            points.append((index, point))
            if drawing:
                path.lineTo(point)
            else:
                path.moveTo(point)
                drawing = True
            tip = self.tips[index] if index < len(self.tips) else ""
            self._hits.append(
                Hit(QRectF(centres[index] - step / 2, plot.top(), step, plot.height()), tip)
            )
        accent = QColor(self.theme.accent)
        painter.setPen(QPen(accent, 2.2))
        painter.drawPath(path)
        painter.setBrush(accent)
        for index, point in points:
            radius = (
                4.0
                if self._hover is not None and self._hits[self._hover].tip == self.tips[index]
                else 2.5
            )
            painter.drawEllipse(point, radius, radius)
        self._draw_x_labels(painter, self.labels, centres)
        painter.end()


class CalendarHeatmap(_Chart):
    """A year of days as a grid of weeks (columns) by weekdays (rows), darker for more reviews."""

    def __init__(self, theme: Theme, weeks: int = 53) -> None:
        super().__init__(theme)
        self.weeks = weeks
        self.today = date.today()
        self.values: dict[date, tuple[int, int]] = {}  # reviews, minutes
        self.setMinimumHeight(130)

    def sizeHint(self) -> QSize:
        return QSize(720, 140)

    def set_data(self, today: date, values: dict[date, tuple[int, int]]) -> None:
        self.today, self.values = today, values
        self.update()

    def first_day(self) -> date:
        start = self.today - timedelta(weeks=self.weeks - 1)
        return start - timedelta(days=start.weekday())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._painter()
        self._hits = []
        label_width, top = 30.0, 18.0
        cell = max(
            4.0, min((self.width() - label_width - 4) / self.weeks, (self.height() - top - 4) / 7)
        )
        gap = max(1.0, cell * 0.18)
        peak = max((v[0] for v in self.values.values()), default=0)
        accent = QColor(self.theme.ratings[2])
        empty = QColor(self.theme.border)
        first = self.first_day()
        painter.setPen(QColor(self.theme.muted))
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
            painter.drawText(
                QRectF(0, top + row * cell, label_width - 4, cell),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                name,
            )
        last_month = None
        for week in range(self.weeks):
            for weekday in range(7):
                day = first + timedelta(weeks=week, days=weekday)
                if day > self.today:
                    continue
                if weekday == 0 and day.month != last_month:
                    last_month = day.month
                    painter.setPen(QColor(self.theme.muted))
                    painter.drawText(
                        QPointF(label_width + week * cell, top - 5), day.strftime("%b")
                    )
                reviews, minutes = self.values.get(day, (0, 0))
                rect = QRectF(
                    label_width + week * cell, top + weekday * cell, cell - gap, cell - gap
                )
                colour = QColor(empty)
                if reviews and peak:
                    colour = QColor(accent)
                    colour.setAlphaF(0.25 + 0.75 * math.sqrt(reviews / peak))
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawRoundedRect(rect, cell * 0.2, cell * 0.2)
                plural = "s" if reviews != 1 else ""
                tip = f"{day:%a %d %b %Y}: {reviews} review{plural}, {minutes} min"
                self._hits.append(Hit(rect, tip))
        painter.end()
