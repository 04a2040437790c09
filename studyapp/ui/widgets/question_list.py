"""The question list: a model of rows and a delegate that draws number, title and details."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
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


class QuestionListModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[QuestionRow] = []

    def set_rows(self, rows: list[QuestionRow]) -> None:
        self.beginResetModel()
        self._rows = rows
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
    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(0, 64)

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
        number_rect = QRect(rect.left() + 8, rect.top() + 10, 30, 22)
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
        star_width = 18 if row.starred else 0
        title_rect = QRect(text_left, rect.top() + 6, rect.right() - text_left - 8 - star_width, 36)
        painter.setFont(base)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        metrics = painter.fontMetrics()
        title = metrics.elidedText(
            row.title, Qt.TextElideMode.ElideRight, title_rect.width() * 2 - 20
        )
        painter.drawText(
            title_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap), title
        )
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.85))
        painter.setFont(small)
        painter.setPen(QColor(t.muted))
        detail = row.detail + (f"  ·  {row.status}" if row.status else "")
        painter.drawText(
            QRect(text_left, rect.bottom() - 20, title_rect.width(), 18),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            detail,
        )
        if row.starred:
            painter.setPen(QColor(t.ratings[1]))
            painter.setFont(bold)
            painter.drawText(
                QRect(rect.right() - 24, rect.top() + 8, 20, 20), Qt.AlignmentFlag.AlignCenter, "★"
            )
        painter.restore()
