"""Dashboard building blocks: stat tiles, the topic mastery table, the weakest-question list."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from studyapp.content.theme import Theme
from studyapp.stats.dashboard import TopicRow, WeakQuestion
from studyapp.ui.widgets.named import named


def mastery_colour(theme: Theme, value: float) -> QColor:
    """Red for weak, amber in between, green for strong."""
    stops = (QColor(theme.ratings[0]), QColor(theme.ratings[1]), QColor(theme.ratings[2]))
    low, high, share = (
        (stops[0], stops[1], value / 0.5)
        if value < 0.5
        else (stops[1], stops[2], (value - 0.5) / 0.5)
    )
    return QColor(
        round(low.red() + (high.red() - low.red()) * share),
        round(low.green() + (high.green() - low.green()) * share),
        round(low.blue() + (high.blue() - low.blue()) * share),
    )


class StatTile(QFrame):
    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(2)
        self.value = named(QLabel("–"), "statvalue")
        self.caption = named(QLabel(caption), "statlabel")
        self.caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)


class MasteryBar(QWidget):
    """A rounded bar filled to `value` (0-1) in a colour from weak to strong."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.value = 0.0
        self.setMinimumWidth(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(240, 14)

    def set_value(self, value: float) -> None:
        self.value = max(0.0, min(1.0, value))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = QRectF(0, (self.height() - 10) / 2, self.width(), 10)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self.theme.border))
        painter.drawRoundedRect(track, 5, 5)
        if self.value > 0:
            filled = QRectF(track)
            filled.setWidth(max(10.0, track.width() * self.value))
            painter.setBrush(mastery_colour(self.theme, self.value))
            painter.drawRoundedRect(filled, 5, 5)
        painter.end()


class TopicTable(QWidget):
    """One row per topic, weakest first, each with a button that starts a quiz on it."""

    practise = Signal(str)  # topic id

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 4, 0, 0)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(1, 1)
        self.buttons: dict[str, QPushButton] = {}
        self.bars: dict[str, MasteryBar] = {}

    def set_rows(self, rows: tuple[TopicRow, ...]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons, self.bars = {}, {}
        for index, row in enumerate(rows):
            name = QLabel(row.topic.name)
            name.setToolTip(row.topic.description)
            bar = MasteryBar(self.theme)
            bar.set_value(row.mean_recall)
            bar.setToolTip(f"Mean predicted recall {row.mean_recall:.0%}")
            if row.seen:
                detail = (
                    f"{row.mean_recall:.0%} recall · {row.mastered}/{row.questions} mastered · "
                    f"{row.lapses} lapse{'s' if row.lapses != 1 else ''}"
                )
            else:
                detail = f"not started · {row.questions} questions"
            info = named(QLabel(detail), "muted")
            button = QPushButton("Practise")
            button.setToolTip(f"Start a quiz on {row.topic.name}")
            button.clicked.connect(lambda _=False, t=row.topic.id: self.practise.emit(t))
            for column, widget in enumerate((name, bar, info, button)):
                self.grid.addWidget(widget, index, column)
            self.buttons[row.topic.id] = button
            self.bars[row.topic.id] = bar


class WeakList(QListWidget):
    """The questions most in need of work; activating one opens it in the browser."""

    open_question = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumHeight(160)
        self.itemActivated.connect(self._open)
        self.itemClicked.connect(self._open)

    def set_rows(self, rows: tuple[WeakQuestion, ...]) -> None:
        self.clear()
        for row in rows:
            marker = "⚠ " if row.weak else ""
            lapses = f"{row.lapses} lapse{'s' if row.lapses != 1 else ''}"
            text = (
                f"{marker}Q{row.question.id}. {row.question.title}\n"
                f"      {row.recall:.0%} recall · {lapses}"
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row.question.id)
            item.setToolTip("Open in the browser")
            self.addItem(item)

    def _open(self, item: QListWidgetItem) -> None:
        self.open_question.emit(int(item.data(Qt.ItemDataRole.UserRole)))
