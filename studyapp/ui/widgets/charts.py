"""Small QPainter charts for the dashboard: stacked bars, a line, and a calendar heatmap.

QtCharts would add tens of megabytes to the bundle for three simple pictures. These widgets
lay themselves out from their own size and font (so they stay clean at any window size and
DPI), take their colours from the theme, label their axes with round numbers, and show a
tooltip and a highlight for whatever is under the mouse.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from studyapp.content.theme import Theme
from studyapp.stats.axes import nice_ticks


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


def _percent(value: float) -> str:
    return f"{value * 100:.0f}%"


@dataclass(frozen=True)
class Hit:
    rect: QRectF
    tip: str


class _Chart(QWidget):
    """Shared plumbing: theme, a smaller font, hover hit-testing, an empty-state message."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.empty_text = "No data yet"
        self._hits: list[Hit] = []
        self._hover: int | None = None
        self._stale = True  # hit rectangles need a layout pass before hit-testing
        self.setMouseTracking(True)
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(420, 220)

    def minimumSizeHint(self) -> QSize:
        return QSize(220, 160)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def _changed(self) -> None:
        self._stale = True
        self._hover = None
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._stale = True
        super().resizeEvent(event)

    # --- hover --------------------------------------------------------------------------
    def _ensure_layout(self) -> None:
        """Hit rectangles come from painting; paint off-screen once if they are out of date."""
        if self._stale:
            image = QImage(max(1, self.width()), max(1, self.height()), QImage.Format.Format_ARGB32)
            image.fill(0)
            self.render(image)

    def hit_index(self, x: float, y: float) -> int | None:
        self._ensure_layout()
        point = QPointF(x, y)
        return next((i for i, h in enumerate(self._hits) if h.rect.contains(point)), None)

    def hits(self) -> list[Hit]:
        """Every hover target with its tooltip, laid out for the current size."""
        self._ensure_layout()
        return list(self._hits)

    def tooltip_at(self, x: float, y: float) -> str | None:
        """The tooltip a hover at (x, y) shows; used by tests and for accessibility."""
        index = self.hit_index(x, y)
        return self._hits[index].tip if index is not None else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        index = self.hit_index(position.x(), position.y())
        if index != self._hover:
            self._hover = index
            self.update()
        if index is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self._hits[index].tip, self)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = None
        QToolTip.hideText()
        self.update()

    # --- drawing helpers ----------------------------------------------------------------
    def _small_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(7.5, small.pointSizeF() * 0.86))
        return small

    def _painter(self) -> QPainter:
        self._hits = []
        self._stale = False
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self._small_font())
        return painter

    def _draw_empty(self, painter: QPainter) -> None:
        painter.setPen(QColor(self.theme.muted))
        painter.drawText(
            self.rect().adjusted(12, 0, -12, 0),
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            self.empty_text,
        )

    def _plot(self, painter: QPainter, tick_labels: Sequence[str], legend: bool) -> QRectF:
        """The plot area: room on the left for the widest tick label, below for dates, and
        above for the legend."""
        metrics = QFontMetricsF(painter.font())
        left = max(metrics.horizontalAdvance(label) for label in tick_labels) + 10
        top = metrics.height() + 10 if legend else metrics.height() / 2 + 2
        bottom = metrics.height() + 8
        return QRectF(
            left, top, max(10.0, self.width() - left - 8), max(10.0, self.height() - top - bottom)
        )

    def _draw_y_axis(
        self, painter: QPainter, plot: QRectF, ticks: Sequence[float], labels: Sequence[str]
    ) -> None:
        low, high = ticks[0], ticks[-1]
        span = (high - low) or 1.0
        for tick, label in zip(ticks, labels, strict=True):
            y = plot.bottom() - plot.height() * (tick - low) / span
            painter.setPen(QPen(QColor(self.theme.border), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor(self.theme.muted))
            painter.drawText(
                QRectF(0, y - 9, plot.left() - 6, 18),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )

    def _draw_x_labels(
        self, painter: QPainter, plot: QRectF, labels: Sequence[str], centres: Sequence[float]
    ) -> None:
        """Draw the non-empty labels, left to right, skipping any that would touch the one
        before it or run off the widget: callers mark natural boundaries (Mondays, months).
        The last bar's label (the axis' end: "Today") always shows; a label it would touch
        gives way instead."""
        for left, width, label in self.x_label_places(painter, labels, centres):
            painter.drawText(
                QRectF(
                    left, plot.bottom() + 3, width + 1, QFontMetricsF(painter.font()).height() + 2
                ),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                label,
            )

    def x_label_places(
        self, painter: QPainter, labels: Sequence[str], centres: Sequence[float]
    ) -> list[tuple[float, float, str]]:
        """(left, width, text) of each x label drawn (see `_draw_x_labels`)."""
        metrics = QFontMetricsF(painter.font())
        painter.setPen(QColor(self.theme.muted))
        placed: list[tuple[float, float, str]] = []
        last = len(labels) - 1 if labels and labels[-1] else -1
        for index, (label, centre) in enumerate(zip(labels, centres, strict=False)):
            if not label:
                continue
            width = metrics.horizontalAdvance(label)
            left = max(0.0, min(centre - width / 2, self.width() - width - 1))
            if index == last:
                while placed and left < placed[-1][0] + placed[-1][1] + 8:
                    placed.pop()
            elif placed and left < placed[-1][0] + placed[-1][1] + 8:
                continue
            placed.append((left, width, label))
        return placed

    def _draw_legend(self, painter: QPainter, names: Sequence[str], colours: Sequence[str]) -> None:
        """Swatches and names, right-aligned on the top line."""
        metrics = QFontMetricsF(painter.font())
        swatch = metrics.height() * 0.62
        widths = [swatch + 5 + metrics.horizontalAdvance(name) for name in names]
        x = self.width() - 8 - sum(widths) - 14 * (len(names) - 1)
        y = metrics.height() / 2 + 2
        for name, colour, width in zip(names, colours, widths, strict=True):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(QRectF(x, y - swatch / 2, swatch, swatch), 2, 2)
            painter.setPen(QColor(self.theme.muted))
            painter.drawText(
                QRectF(x + swatch + 5, y - metrics.height() / 2, width, metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                name,
            )
            x += width + 14

    def _hover_band(self, painter: QPainter, rect: QRectF) -> None:
        band = QColor(self.theme.accent)
        band.setAlphaF(0.16)
        painter.fillRect(rect, band)


class BarChart(_Chart):
    """Bars stacked from several series (e.g. reviews by rating); one bar per label.

    Labels may be empty strings: only the non-empty ones are candidates for the x axis.
    """

    def __init__(
        self, theme: Theme, colours: Sequence[str], names: Sequence[str], legend: bool = True
    ) -> None:
        super().__init__(theme)
        self.colours = list(colours)
        self.names = list(names)
        self.legend = legend and len(names) > 1
        self.labels: list[str] = []
        self.tips: list[str] = []
        self.stacks: list[tuple[float, ...]] = []

    def set_data(
        self, labels: Sequence[str], stacks: Sequence[tuple[float, ...]], tips: Sequence[str]
    ) -> None:
        self.labels, self.stacks, self.tips = list(labels), list(stacks), list(tips)
        self._changed()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._painter()
        totals = [sum(stack) for stack in self.stacks]
        if not totals or max(totals) <= 0:
            self._draw_empty(painter)
            painter.end()
            return
        rough = self._plot(painter, [_fmt(max(totals))], self.legend)
        ticks = nice_ticks(max(totals), target=max(2, min(5, int(rough.height() // 38))))
        labels = [_fmt(t) for t in ticks]
        plot = self._plot(painter, labels, self.legend)
        self._draw_y_axis(painter, plot, ticks, labels)
        if self.legend:
            self._draw_legend(painter, self.names, self.colours)
        slot = plot.width() / len(self.stacks)
        centres = []
        # Bars sit on whole pixels without antialiasing: a year of days is about one pixel
        # per bar, and blended edges would turn it to mush.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for index, stack in enumerate(self.stacks):
            left = round(plot.left() + slot * index)
            right = round(plot.left() + slot * (index + 1))
            margin = round((right - left) * 0.14) if slot >= 5 else (1 if slot >= 3 else 0)
            bar_left, bar_width = left + margin, max(1, right - left - 2 * margin)
            centre = plot.left() + slot * (index + 0.5)
            centres.append(centre)
            hit = QRectF(plot.left() + slot * index, plot.top(), slot, plot.height())
            if index == self._hover:
                self._hover_band(painter, hit)
            base = plot.bottom()
            total = 0.0
            for series, value in enumerate(stack):
                if value <= 0:
                    continue
                top = plot.bottom() - plot.height() * (total + value) / ticks[-1]
                total += value
                colour = QColor(self.colours[series % len(self.colours)])
                painter.fillRect(
                    QRectF(bar_left, round(top), bar_width, round(base) - round(top)), colour
                )
                base = top
            self._hits.append(Hit(hit, self.tips[index] if index < len(self.tips) else ""))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor(self.theme.muted), 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        self._draw_x_labels(painter, plot, self.labels, centres)
        painter.end()


class LineChart(_Chart):
    """One series of shares in [0, 1], with gaps where a value is missing and an optional
    dashed target line. The y axis starts at a round value below the lowest point, so a
    series between 80% and 95% is not squashed against the top."""

    def __init__(self, theme: Theme) -> None:
        super().__init__(theme)
        self.labels: list[str] = []
        self.values: list[float | None] = []
        self.tips: list[str] = []
        self.target: float | None = None

    def set_data(
        self,
        labels: Sequence[str],
        values: Sequence[float | None],
        tips: Sequence[str],
        target: float | None = None,
    ) -> None:
        self.labels, self.values, self.tips = list(labels), list(values), list(tips)
        self.target = target
        self._changed()

    def y_ticks(self) -> list[float]:
        present = [v for v in self.values if v is not None]
        lowest = min([*present, *([self.target] if self.target is not None else [])])
        floor = max(0.0, lowest - 0.05)
        ticks = [t for t in nice_ticks(1.0, target=4, minimum=floor) if t <= 1.0 + 1e-9]
        return ticks if len(ticks) >= 2 else [0.0, 1.0]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._painter()
        if not any(v is not None for v in self.values):
            self._draw_empty(painter)
            painter.end()
            return
        ticks = self.y_ticks()
        labels = [_percent(t) for t in ticks]
        plot = self._plot(painter, labels, legend=self.target is not None)
        self._draw_y_axis(painter, plot, ticks, labels)
        low, span = ticks[0], (ticks[-1] - ticks[0]) or 1.0

        def y_of(value: float) -> float:
            return plot.bottom() - plot.height() * (max(low, value) - low) / span

        step = plot.width() / max(1, len(self.values))
        centres = [plot.left() + step * (i + 0.5) for i in range(len(self.values))]
        if self._hover is not None and self._hover < len(self._hits):
            self._hover_band(painter, self._hits[self._hover].rect)
        if self.target is not None:
            painter.setPen(QPen(QColor(self.theme.muted), 1, Qt.PenStyle.DashLine))
            y = y_of(self.target)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            self._draw_target_key(painter, f"target {_percent(self.target)}")
        accent = QColor(self.theme.accent)
        runs: list[list[QPointF]] = [[]]
        hover_point: QPointF | None = None
        hits: list[Hit] = []
        for index, value in enumerate(self.values):
            if value is None:
                runs.append([])
                continue
            point = QPointF(centres[index], y_of(value))
            runs[-1].append(point)
            rect = QRectF(centres[index] - step / 2, plot.top(), step, plot.height())
            if self._hover is not None and len(hits) == self._hover:
                hover_point = point
            hits.append(Hit(rect, self.tips[index] if index < len(self.tips) else ""))
        fill = QColor(accent)
        fill.setAlphaF(0.12)
        for run in runs:
            if len(run) < 2:
                continue
            area = QPainterPath(QPointF(run[0].x(), plot.bottom()))
            for point in run:
                area.lineTo(point)
            area.lineTo(QPointF(run[-1].x(), plot.bottom()))
            painter.fillPath(area, fill)
            line = QPainterPath(run[0])
            for point in run[1:]:
                line.lineTo(point)
            painter.setPen(QPen(accent, 2.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(line)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        for run in runs:
            for point in run:
                painter.drawEllipse(point, 2.6, 2.6)
        if hover_point is not None:
            painter.setPen(QPen(QColor(self.theme.surface), 2))
            painter.drawEllipse(hover_point, 5.0, 5.0)
        self._hits = hits
        painter.setPen(QPen(QColor(self.theme.muted), 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        self._draw_x_labels(painter, plot, self.labels, centres)
        painter.end()

    def _draw_target_key(self, painter: QPainter, text: str) -> None:
        """A dashed sample and its name, right-aligned on the top line, like a legend."""
        metrics = QFontMetricsF(painter.font())
        width = metrics.horizontalAdvance(text)
        y = metrics.height() / 2 + 2
        x = self.width() - 8 - width - 24
        painter.setPen(QPen(QColor(self.theme.muted), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(x, y), QPointF(x + 18, y))
        painter.drawText(
            QRectF(x + 24, y - metrics.height() / 2, width + 2, metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            text,
        )


class CalendarHeatmap(_Chart):
    """A year of days as a grid of weeks (columns) by weekdays (rows), darker for more reviews.

    The cell size follows the widget's width (within limits), and the widget asks for exactly
    the height that size needs, so the calendar fills its card at any window size.
    """

    MIN_CELL, MAX_CELL = 9.0, 20.0
    LABEL_WIDTH, HEADER, FOOTER = 34.0, 20.0, 28.0

    def __init__(self, theme: Theme, weeks: int = 53) -> None:
        super().__init__(theme)
        self.weeks = weeks
        self.today = date.today()
        self.values: dict[date, tuple[int, int]] = {}  # reviews, minutes
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit_height(self.width())

    def cell_size(self, width: float) -> float:
        room = (width - self.LABEL_WIDTH - 4) / self.weeks
        return max(self.MIN_CELL, min(self.MAX_CELL, room))

    def height_for(self, width: float) -> int:
        return math.ceil(self.HEADER + 7 * self.cell_size(width) + self.FOOTER)

    def _fit_height(self, width: int) -> None:
        height = self.height_for(width)
        if height != self.minimumHeight() or height != self.maximumHeight():
            self.setMinimumHeight(height)
            self.setMaximumHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_height(event.size().width())
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(760, self.height_for(760))

    def minimumSizeHint(self) -> QSize:
        width = round(self.LABEL_WIDTH + 4 + self.weeks * self.MIN_CELL)
        return QSize(width, self.height_for(width))

    def set_data(self, today: date, values: dict[date, tuple[int, int]]) -> None:
        self.today, self.values = today, values
        self._changed()

    def first_day(self) -> date:
        start = self.today - timedelta(weeks=self.weeks - 1)
        return start - timedelta(days=start.weekday())

    def _level_colour(self, reviews: int, peak: int) -> QColor:
        if not reviews or not peak:
            colour = QColor(self.theme.border)
            if self.theme.dark:
                colour.setAlphaF(0.7)
            return colour
        colour = QColor(self.theme.ratings[2])
        colour.setAlphaF(0.28 + 0.72 * math.sqrt(reviews / peak))
        return colour

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = self._painter()
        cell = self.cell_size(self.width())
        gap = max(1.5, cell * 0.16)
        grid_width = self.weeks * cell
        left = self.LABEL_WIDTH + max(0.0, (self.width() - self.LABEL_WIDTH - grid_width) / 2)
        top = self.HEADER
        peak = max((v[0] for v in self.values.values()), default=0)
        first = self.first_day()
        metrics = QFontMetricsF(painter.font())
        painter.setPen(QColor(self.theme.muted))
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"), (6, "Sun")):
            painter.drawText(
                QRectF(left - self.LABEL_WIDTH, top + row * cell, self.LABEL_WIDTH - 6, cell - gap),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                name,
            )
        month_right = -1e9
        hover_rect: QRectF | None = None
        active = total = 0
        for week in range(self.weeks):
            for weekday in range(7):
                day = first + timedelta(weeks=week, days=weekday)
                if day > self.today:
                    continue
                x = left + week * cell
                if day.day == 1:  # the column holding the 1st carries the month
                    label = day.strftime("%b") if day.month != 1 else day.strftime("%b %Y")
                    fits = x + metrics.horizontalAdvance(label) <= self.width()
                    if x >= month_right + 10 and fits:
                        painter.setPen(QColor(self.theme.muted))
                        painter.drawText(QPointF(x, top - 6), label)
                        month_right = x + metrics.horizontalAdvance(label)
                reviews, minutes = self.values.get(day, (0, 0))
                active += 1 if reviews else 0
                total += reviews
                rect = QRectF(x, top + weekday * cell, cell - gap, cell - gap)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(self._level_colour(reviews, peak))
                painter.drawRoundedRect(rect, cell * 0.18, cell * 0.18)
                if reviews:
                    plural = "s" if reviews != 1 else ""
                    tip = f"{day:%a %d %b %Y}: {reviews} review{plural}, {minutes} min"
                else:
                    tip = f"{day:%a %d %b %Y}: no reviews"
                if self._hover is not None and len(self._hits) == self._hover:
                    hover_rect = rect
                self._hits.append(Hit(rect.adjusted(-gap / 2, -gap / 2, gap / 2, gap / 2), tip))
        if hover_rect is not None:
            painter.setPen(QPen(QColor(self.theme.text), 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(hover_rect, cell * 0.18, cell * 0.18)
        self._draw_footer(painter, left, grid_width, top + 7 * cell + 6, active, total, peak)
        painter.end()

    def _draw_footer(
        self,
        painter: QPainter,
        left: float,
        grid_width: float,
        y: float,
        active: int,
        total: int,
        peak: int,
    ) -> None:
        """A summary on the left and a Less-to-More colour key on the right."""
        metrics = QFontMetricsF(painter.font())
        height = metrics.height()
        painter.setPen(QColor(self.theme.muted))
        summary = (
            f"{total:,} review{'s' if total != 1 else ''} on {active} "
            f"day{'s' if active != 1 else ''} in the last year"
        )
        painter.drawText(
            QRectF(left, y, grid_width, height),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            summary,
        )
        swatch = min(12.0, height * 0.8)
        levels = [0, max(1, peak // 8), max(1, peak // 3), max(1, (2 * peak) // 3), max(1, peak)]
        more = metrics.horizontalAdvance("More")
        x = left + grid_width - more - 4 - len(levels) * (swatch + 3)
        less = metrics.horizontalAdvance("Less")
        if x - less - 6 < left + metrics.horizontalAdvance(summary) + 12:
            return  # too narrow for both: the summary matters more
        painter.drawText(
            QRectF(x - less - 6, y, less + 2, height),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            "Less",
        )
        for level in levels:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._level_colour(level, max(1, peak)))
            painter.drawRoundedRect(QRectF(x, y + (height - swatch) / 2, swatch, swatch), 2, 2)
            x += swatch + 3
        painter.setPen(QColor(self.theme.muted))
        painter.drawText(
            QRectF(x + 3, y, more + 2, height),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            "More",
        )
