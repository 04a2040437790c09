"""The question list: a model of rows and a delegate that draws number, title, details, status."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from studyapp.content.theme import Theme

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class QuestionRow:
    question_id: int
    title: str
    detail: str  # "Foundations · Basic"
    status: str = ""
    starred: bool = False


def highlight_html(text: str, terms: tuple[str, ...], colour: str) -> str:
    """`text` as HTML with every case-insensitive occurrence of a term marked."""
    escaped = html.escape(text)
    if not terms:
        return escaped
    pattern = re.compile(
        "|".join(re.escape(html.escape(t)) for t in sorted(terms, key=len, reverse=True)), re.I
    )
    return pattern.sub(
        lambda m: f"<span style='background-color:{colour}'>{m.group(0)}</span>", escaped
    )


def status_colour(theme: Theme, status: str) -> str:
    return {
        "weak": theme.ratings[0],
        "due": theme.ratings[1],
        "mastered": theme.ratings[2],
        "learning": theme.accent,
        "review": theme.accent,
    }.get(status, theme.muted)


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


class QuestionDelegate(QStyledItemDelegate):
    def __init__(
        self, theme: Theme, model: QuestionListModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.theme = theme
        self.model = model

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(0, 66)

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
        painter.setBrush(QColor(t.accent if selected else t.border))
        painter.drawRoundedRect(number_rect, 6, 6)
        base = QFont(option.font)
        bold = QFont(base)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#ffffff" if selected else t.text))
        painter.drawText(number_rect, Qt.AlignmentFlag.AlignCenter, str(row.question_id))

        text_left = number_rect.right() + 10
        star_width = 20 if row.starred else 0
        width = rect.right() - text_left - 8 - star_width
        document = QTextDocument()
        document.setDefaultFont(base)
        document.setDocumentMargin(0)
        document.setTextWidth(width)
        highlight = t.ratings[1] + "55"
        document.setHtml(highlight_html(row.title, self.model.terms, highlight))
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
        detail_rect = QRect(text_left, rect.bottom() - 19, width, 17)
        painter.setPen(QColor(t.muted))
        painter.drawText(
            detail_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), row.detail
        )
        if row.status:
            pill_width = metrics.horizontalAdvance(row.status) + 14
            pill = QRect(detail_rect.right() - pill_width, detail_rect.top(), pill_width, 17)
            colour = QColor(status_colour(t, row.status))
            fill = QColor(colour)
            fill.setAlphaF(0.16)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(pill, 8, 8)
            painter.setPen(colour)
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, row.status)
        if row.starred:
            painter.setPen(QColor(t.ratings[1]))
            painter.setFont(bold)
            painter.drawText(
                QRect(rect.right() - 24, rect.top() + 8, 20, 20), Qt.AlignmentFlag.AlignCenter, "★"
            )
        painter.restore()
