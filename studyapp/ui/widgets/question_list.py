"""The question list: a model of rows and a delegate that draws number, title, details, status."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPalette,
    QTextDocument,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from studyapp.content.search import highlight_spans
from studyapp.content.theme import Theme
from studyapp.domain import is_own_question
from studyapp.ui.widgets.highlight import match_colour

OWN_MARK = "✎"

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_HEIGHT = 66
TITLE_LINES = 2
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class QuestionRow:
    question_id: int
    title: str
    detail: str  # "Foundations · Basic"
    status: str = ""
    starred: bool = False
    has_note: bool = False


NOTE_MARK = "note"


def shown_detail(row: QuestionRow) -> str:
    """The row's second line: topic and level, and "note" when the learner wrote one, so
    their notes can be found by eye in the list."""
    return f"{row.detail} · {NOTE_MARK}" if row.has_note else row.detail


def highlight_html(text: str, terms: Sequence[str], colour: QColor) -> str:
    """`text` as HTML with every match of the search terms (as the search matches them) marked."""
    rgba = f"rgba({colour.red()}, {colour.green()}, {colour.blue()}, {colour.alpha()})"
    out, last = [], 0
    for start, end in highlight_spans(text, terms):
        out.append(html.escape(text[last:start]))
        out.append(f"<span style='background-color:{rgba}'>{html.escape(text[start:end])}</span>")
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


def fit_lines(text: str, font: QFont, width: int, lines: int) -> str:
    """`text` cut after `lines` wrapped lines of `width` pixels, with an ellipsis if cut."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    ends: list[tuple[int, int]] = []
    while len(ends) <= lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        ends.append((line.textStart(), line.textStart() + line.textLength()))
    layout.endLayout()
    if len(ends) <= lines:
        return text
    start, _end = ends[lines - 1]
    metrics = QFontMetrics(font)
    last = metrics.elidedText(text[start:], Qt.TextElideMode.ElideRight, width - 2)
    return text[:start] + last


def status_colour(theme: Theme, status: str) -> str:
    return {
        "weak": theme.ratings[0],
        "due": theme.ratings[1],
        "mastered": theme.ratings[2],
        "learning": theme.accent,
        "review": theme.accent,
    }.get(status, theme.muted)


def status_pill_fill(theme: Theme, status: str, selected: bool) -> str:
    """The pill's tint: its status colour over the row (the soft accent when selected), as
    one opaque colour, so the text colour can be checked against it."""
    top = status_colour(theme, status)
    under = theme.accent_soft if selected else theme.surface
    share = 0.24 if theme.dark else 0.16
    mixed = (
        round(share * int(top[i : i + 2], 16) + (1 - share) * int(under[i : i + 2], 16))
        for i in (1, 3, 5)
    )
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


class QuestionListModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[QuestionRow] = []
        self.terms: tuple[str, ...] = ()

    def set_rows(self, rows: list[QuestionRow], terms: tuple[str, ...] = ()) -> None:
        self.beginResetModel()
        self._rows = rows
        self.terms = terms
        self.endResetModel()

    def rows(self) -> list[QuestionRow]:
        return list(self._rows)

    def row_at(self, row: int) -> QuestionRow:
        return self._rows[row]

    def row_of(self, question_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.question_id == question_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.question_id}. {row.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.title
        if role == ROW_ROLE:
            return row
        return None


def star_rect(row_rect: QRect) -> QRect:
    """Where a row's star sits (and is clicked): its top right corner."""
    return QRect(row_rect.right() - 32, row_rect.top() + 9, 24, 24)


class QuestionDelegate(QStyledItemDelegate):
    star_clicked = Signal(int)  # question id

    def __init__(
        self, theme: Theme, model: QuestionListModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.theme = theme
        self.model = model
        self._fitted: dict[tuple[str, int, str], str] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(0, ROW_HEIGHT)

    def _fit(self, title: str, font: QFont, width: int) -> str:
        """The title cut to the two lines a row has room for, ending in an ellipsis if cut."""
        key = (title, width, font.key())
        fitted = self._fitted.get(key)
        if fitted is None:
            fitted = fit_lines(title, font, width, TITLE_LINES)
            if len(self._fitted) > 5000:
                self._fitted.clear()
            self._fitted[key] = fitted
        return fitted

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        row = index.data(ROW_ROLE)
        if not isinstance(row, QuestionRow):
            return
        t = self.theme
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(6, 3, -6, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(t.accent_soft if selected else t.window))
            painter.drawRoundedRect(rect, 8, 8)
        number_rect = QRect(rect.left() + 8, rect.top() + 9, 30, 22)
        painter.setPen(Qt.PenStyle.NoPen)
        # accent_fill: the dark look's light accent left the white number at 2.5:1
        painter.setBrush(QColor(t.accent_fill if selected else t.border))
        painter.drawRoundedRect(number_rect, 6, 6)
        base = QFont(option.font)
        bold = QFont(base)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#ffffff" if selected else t.text))
        # An own question's six-digit id would not fit: a pencil marks it as the learner's
        # (the answer's header names its id).
        label = OWN_MARK if is_own_question(row.question_id) else str(row.question_id)
        painter.drawText(number_rect, Qt.AlignmentFlag.AlignCenter, label)

        text_left = number_rect.right() + 10
        width = star_rect(option.rect).left() - 4 - text_left
        document = QTextDocument()
        document.setDefaultFont(base)
        document.setDocumentMargin(0)
        document.setTextWidth(width)
        title = self._fit(row.title, base, width)
        document.setHtml(highlight_html(title, self.model.terms, match_colour(t)))
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(
            QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.Text)
        )
        painter.save()
        painter.translate(QPointF(text_left, rect.top() + 6))
        painter.setClipRect(QRect(0, 0, width, 36))
        document.documentLayout().draw(painter, context)
        painter.restore()

        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.85))
        painter.setFont(small)
        metrics = painter.fontMetrics()
        line_top = rect.bottom() - 19
        pill_width = metrics.horizontalAdvance(row.status) + 14 if row.status else 0
        pill = QRect(rect.right() - 8 - pill_width, line_top, pill_width, 17)
        detail_width = max(0, pill.left() - 8 - text_left)
        detail = metrics.elidedText(shown_detail(row), Qt.TextElideMode.ElideRight, detail_width)
        painter.setPen(QColor(t.muted))
        painter.drawText(
            QRect(text_left, line_top, detail_width, 17),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            detail,
        )
        if row.status:
            colour = QColor(status_colour(t, row.status))
            painter.setPen(colour)  # the status's colour edges and tints the pill
            painter.setBrush(QColor(status_pill_fill(t, row.status, selected)))
            painter.drawRoundedRect(QRectF(pill).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
            painter.setPen(QColor(t.text))  # coloured text on its own tint read at 3.6-4.5:1
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, row.status)
        if row.starred or hovered or selected:  # an empty star shows where to click
            painter.setPen(QColor(t.ratings[1] if row.starred else t.muted))
            painter.setFont(bold)
            painter.drawText(
                star_rect(option.rect), Qt.AlignmentFlag.AlignCenter, "★" if row.starred else "☆"
            )
        painter.restore()

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: _Index,
    ) -> bool:
        """A click on a row's star toggles it, without changing the question shown."""
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and star_rect(option.rect).contains(event.position().toPoint())
        ):
            row = index.data(ROW_ROLE)
            if isinstance(row, QuestionRow):
                self.star_clicked.emit(row.question_id)
                return True
        if (
            event.type() == QEvent.Type.MouseButtonPress
            and isinstance(event, QMouseEvent)
            and star_rect(option.rect).contains(event.position().toPoint())
        ):
            return True  # the press on a star does not select the row either
        return super().editorEvent(event, model, option, index)


class QuestionTable(QTableView):
    """The list of questions: one column of fixed-height rows drawn by `QuestionDelegate`.

    A table rather than a QListView because a list lays out every row again (a Python call
    per row) whenever its model resets, about 12 ms for 5,000 questions on each keystroke;
    a table with fixed row heights knows every row's place without asking."""

    def __init__(self, model: QuestionListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("questions")
        self.setModel(model)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.setMouseTracking(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.horizontalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(ROW_HEIGHT)
        rows.setMinimumSectionSize(ROW_HEIGHT)
