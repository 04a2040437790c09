"""Dashboard building blocks: stat tiles, the topic mastery table, the weakest-question list,
and two small layout helpers that reflow when the window is narrow."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QEnterEvent,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
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
from studyapp.stats.dashboard import TopicRow, WeakQuestion
from studyapp.ui.widgets.named import named
from studyapp.ui.widgets.plain_text import plain_tip
from studyapp.ui.wording import percent_down, plural

# Bands of mean predicted recall: below FAIR_AT reads as weak (red), below STRONG_AT as fair
# (amber), above as strong (green). FSRS aims at 90% retention, so a topic that is being kept
# up sits near or above 85%; clear bands read faster than a blend of hues.
FAIR_AT, STRONG_AT = 0.70, 0.85


def card_layout(frame: QFrame, title: str, subtitle: str = "") -> tuple[QVBoxLayout, QHBoxLayout]:
    """Lay out `frame` as one of the dashboard's titled cards; returns its body layout and the
    title row (for controls beside the title)."""
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 14, 18, 16)
    layout.setSpacing(8)
    head = QHBoxLayout()
    head.setSpacing(6)
    head.addWidget(named(QLabel(title), "h2"))
    head.addStretch(1)
    layout.addLayout(head)
    if subtitle:
        layout.addWidget(named(QLabel(subtitle, wordWrap=True), "muted"))
    return layout, head


def mastery_band(value: float) -> int:
    """0 weak, 1 fair, 2 strong."""
    return 0 if value < FAIR_AT else 1 if value < STRONG_AT else 2


def mastery_colour(theme: Theme, value: float) -> QColor:
    """Red for weak, amber for fair, green for strong (the theme's Again/Hard/Good colours)."""
    return QColor(theme.ratings[mastery_band(value)])


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with an ellipsis instead of demanding width
    (a plain QLabel's minimum width is its whole text, which forces horizontal scrolling)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = text
        self.setTextFormat(Qt.TextFormat.PlainText)  # topic names and titles: never HTML
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        super().setText(text)
        self.updateGeometry()

    def full_text(self) -> str:
        return self._full

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        return QSize(metrics.horizontalAdvance(self._full) + 2, metrics.height() + 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(24, QFontMetrics(self.font()).height() + 2)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        metrics = QFontMetrics(self.font())
        text = metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, self.width())
        painter.drawText(self.rect(), int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), text)
        painter.end()


class StatTile(QFrame):
    """A headline figure: the value, what it is, and one line of context. Every tile has the
    same three lines, so tiles in a row line up whatever their text."""

    def __init__(self, caption: str, explanation: str = "") -> None:
        super().__init__()
        self.setObjectName("card")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(1)
        self.value = named(ElidedLabel("–"), "statvalue")
        self.caption = named(ElidedLabel(caption), "statlabel")
        self.hint = named(ElidedLabel(""), "stathint")
        for label in (self.value, self.caption, self.hint):
            layout.addWidget(label)
        if explanation:
            self.setToolTip(explanation)

    def set(self, value: str, hint: str) -> None:
        self.value.setText(value)
        self.hint.setText(hint)


class TileGrid(QWidget):
    """Stat tiles in four columns, or two when the page is narrow."""

    NARROW = 680

    def __init__(self, tiles: list[StatTile]) -> None:
        super().__init__()
        self.tiles = tiles
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(12)
        self._columns = 0
        self._place(4)

    def _place(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for tile in self.tiles:
            self.grid.removeWidget(tile)
        for column in range(4):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        for index, tile in enumerate(self.tiles):
            self.grid.addWidget(tile, index // columns, index % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place(2 if event.size().width() < self.NARROW else 4)
        super().resizeEvent(event)


class ResponsiveRow(QWidget):
    """Cards side by side, stacked when the page is narrower than `narrow` pixels."""

    def __init__(self, narrow: int = 900, spacing: int = 14) -> None:
        super().__init__()
        self.narrow = narrow
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(spacing)

    def add(self, widget: QWidget, stretch: int = 1) -> None:
        self.box.addWidget(widget, stretch)

    @property
    def stacked(self) -> bool:
        return self.box.direction() == QBoxLayout.Direction.TopToBottom

    def resizeEvent(self, event: QResizeEvent) -> None:
        direction = (
            QBoxLayout.Direction.TopToBottom
            if event.size().width() < self.narrow
            else QBoxLayout.Direction.LeftToRight
        )
        if direction != self.box.direction():
            self.box.setDirection(direction)
        super().resizeEvent(event)


class MasteryBar(QWidget):
    """Two readings on one track: the light bar is mean predicted recall, the solid part the
    share of questions mastered; both take a colour from weak to strong by recall."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.value = 0.0
        self.mastered = 0.0
        self.started = True
        self.setMinimumWidth(60)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(240, 16)

    def set_value(self, value: float, mastered: float = 0.0, started: bool = True) -> None:
        self.value = max(0.0, min(1.0, value))
        self.mastered = max(0.0, min(1.0, mastered))
        self.started = started
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = QRectF(0, (self.height() - 12) / 2, self.width(), 12)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self.theme.border))
        painter.drawRoundedRect(track, 6, 6)
        if self.started and self.value > 0:
            colour = mastery_colour(self.theme, self.value)
            light = QColor(colour)
            light.setAlphaF(0.45)
            recall = QRectF(track)
            recall.setWidth(max(12.0, track.width() * self.value))
            painter.setBrush(light)
            painter.drawRoundedRect(recall, 6, 6)
            if self.mastered > 0:
                solid = QRectF(track)
                solid.setWidth(max(12.0, track.width() * self.mastered))
                painter.setBrush(colour)
                painter.drawRoundedRect(solid, 6, 6)
        painter.end()


class TopicTable(QWidget):
    """One row per topic, weakest first, each with a button that starts a quiz on it."""

    practise = Signal(str)  # topic id
    HEADERS = ("Topic", "", "Recall", "Seen", "Mastered", "Lapses", "")

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 4, 0, 0)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(1, 1)
        for column, text in enumerate(self.HEADERS):
            header = named(QLabel(text), "colhead")
            if column in (2, 3, 4, 5):
                header.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(header, 0, column)
        self.buttons: dict[str, QPushButton] = {}
        self.bars: dict[str, MasteryBar] = {}
        self._cells: list[
            tuple[QLabel, MasteryBar, QLabel, QLabel, QLabel, QLabel, QPushButton]
        ] = []
        self._order: list[str] = []

    def _row(
        self, index: int
    ) -> tuple[QLabel, MasteryBar, QLabel, QLabel, QLabel, QLabel, QPushButton]:
        while len(self._cells) <= index:
            number = len(self._cells)
            name = ElidedLabel()
            name.setMinimumWidth(90)
            name.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            bar = MasteryBar(self.theme)
            figures = [QLabel() for _ in range(4)]
            for label in figures:
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            button = named(QPushButton("Practise"), "practise")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _=False, row=number: self._clicked(row))
            cells = (name, bar, figures[0], figures[1], figures[2], figures[3], button)
            for column, widget in enumerate(cells):
                widget.setMinimumHeight(30)
                self.grid.addWidget(widget, number + 1, column)
            self._cells.append(cells)
        return self._cells[index]

    def _clicked(self, row: int) -> None:
        if row < len(self._order):
            self.practise.emit(self._order[row])

    def set_rows(self, rows: tuple[TopicRow, ...]) -> None:
        """Fill the rows in place (no widgets rebuilt on each refresh)."""
        self.buttons, self.bars, self._order = {}, {}, []
        for index, row in enumerate(rows):
            name, bar, recall, seen, mastered, lapses, button = self._row(index)
            topic = row.topic
            name.setText(f"{topic.name}  ⚠ {row.weak}" if row.weak else topic.name)
            weak = f"\n⚠ {plural(row.weak, 'question')} marked weak (leeches)" if row.weak else ""
            name.setToolTip(plain_tip(topic.description + weak))
            bar.set_value(row.mean_recall, row.mastered_share, started=row.seen > 0)
            if row.seen:
                recall.setText(percent_down(row.mean_recall))
                tip = (
                    f"{topic.name}: mean predicted recall by tomorrow "
                    f"{percent_down(row.mean_recall)} over the "
                    f"{plural(row.seen, 'question')} studied; {row.mastered} of "
                    f"{row.questions} mastered"
                )
            else:
                recall.setText("–")
                tip = f"{topic.name}: not started ({plural(row.questions, 'question')})"
            bar.setToolTip(plain_tip(tip))
            seen.setText(f"{row.seen} / {row.questions}")
            seen.setToolTip(f"{row.seen} of {plural(row.questions, 'question')} studied")
            mastered.setText(f"{row.mastered} / {row.questions}")
            mastered.setToolTip(f"{row.mastered} mastered of {plural(row.questions, 'question')}")
            lapses.setText(str(row.lapses))
            lapses.setToolTip(
                f"{plural(row.lapses, 'lapse')}: times a learned answer was forgotten"
            )
            button.setToolTip(plain_tip(f"Start a quiz on {topic.name}"))
            for widget in (name, bar, recall, seen, mastered, lapses, button):
                widget.setVisible(True)
            self.buttons[topic.id] = button
            self.bars[topic.id] = bar
            self._order.append(topic.id)
        for cells in self._cells[len(rows) :]:
            for widget in cells:
                widget.setVisible(False)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        for cells in self._cells:
            cells[1].theme = theme
            cells[1].update()


class WeakRow(QAbstractButton):
    """One weak question: number, title (elided), recall and lapses; click to open it."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.question_id = 0
        self.title = ""
        self.detail = ""
        self.leech = False
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def set_row(self, row: WeakQuestion) -> None:
        self.question_id = row.question.id
        self.title = row.question.title
        self.leech = row.weak
        self.detail = f"{percent_down(row.recall)} · {plural(row.lapses, 'lapse')}"
        self.setText(self.title)
        self.setAccessibleName(f"Question {row.question.id}: {self.title}, {self.detail}")
        leech = " It is marked weak (a leech)." if row.weak else ""
        self.setToolTip(
            plain_tip(
                f"Q{row.question.id}. {row.question.title}\nPredicted recall by tomorrow "
                f"{percent_down(row.recall)}, {plural(row.lapses, 'lapse')}.{leech}\nClick to "
                "read it "
                "in the browser."
            )
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, QFontMetrics(self.font()).height() + 16)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, QFontMetrics(self.font()).height() + 16)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter opens the question, as Space does for any button."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)

    def enterEvent(self, event: QEnterEvent) -> None:
        self.update()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self.update()
        super().leaveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        if self.underMouse() or self.hasFocus():
            band = QColor(self.theme.accent)
            band.setAlphaF(0.10)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(band)
            painter.drawRoundedRect(rect.adjusted(0, 1, 0, -1), 6, 6)
        if self.hasFocus():  # keyboard focus must show: the faint hover band alone does not
            painter.setPen(QPen(QColor(self.theme.accent), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 2, -1, -2), 6, 6)
        metrics = QFontMetrics(self.font())
        x = 8.0
        number = f"Q{self.question_id}"
        badge_width = metrics.horizontalAdvance("Q00") + 4
        painter.setPen(QColor(self.theme.muted))
        painter.drawText(
            QRectF(x, 0, badge_width, rect.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            number,
        )
        x += badge_width + 6
        detail_width = metrics.horizontalAdvance(self.detail) + 8
        marker_width = metrics.horizontalAdvance("⚠") + 6 if self.leech else 0.0
        if self.leech:
            painter.setPen(QColor(self.theme.ratings[0]))
            painter.drawText(
                QRectF(x, 0, marker_width, rect.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                "⚠",
            )
            x += marker_width
        title_width = max(10.0, rect.width() - x - detail_width - 8)
        painter.setPen(QColor(self.theme.text))
        painter.drawText(
            QRectF(x, 0, title_width, rect.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(self.title, Qt.TextElideMode.ElideRight, int(title_width)),
        )
        painter.setPen(QColor(self.theme.muted))
        painter.drawText(
            QRectF(rect.width() - detail_width - 8, 0, detail_width, rect.height()),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            self.detail,
        )
        if not self.underMouse():
            painter.setPen(QColor(self.theme.border))
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.end()


class WeakList(QWidget):
    """The questions most in need of work, as a short list of clickable rows (never a
    scrolling box: ten rows always fit)."""

    open_question = Signal(int)

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(0)
        self.rows: list[WeakRow] = []
        self.box.addStretch(1)

    def count(self) -> int:
        return sum(1 for row in self.rows if not row.isHidden())

    def set_rows(self, rows: tuple[WeakQuestion, ...]) -> None:
        while len(self.rows) < len(rows):
            widget = WeakRow(self.theme)
            widget.clicked.connect(lambda _=False, w=widget: self.open_question.emit(w.question_id))
            self.box.insertWidget(len(self.rows), widget)
            self.rows.append(widget)
        for widget, row in zip(self.rows, rows, strict=False):
            widget.set_row(row)
            widget.setVisible(True)
        for widget in self.rows[len(rows) :]:
            widget.setVisible(False)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        for row in self.rows:
            row.theme = theme
            row.update()
