"""A header row: a chip on the left, controls on the right, and a second line when narrow."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLayout, QLayoutItem, QWidget, QWidgetItem

SPACING = 8
LINE_GAP = 6


class _WrapLayout(QLayout):
    """Lays out a lead item and a tail item on one line, or on two when they do not fit.
    A layout (not a resize handler) decides, so a chip or button whose text changes while the
    width stays the same is placed again too."""

    def __init__(self, parent: QWidget, lead: QWidget, tail: QWidget) -> None:
        super().__init__(parent)
        self.setContentsMargins(0, 0, 0, 0)
        self.lead_floor = 0  # the lead counts as at least this wide (see WrapRow)
        self._items: list[QLayoutItem] = []
        for widget in (lead, tail):
            self.addChildWidget(widget)
            self._items.append(QWidgetItem(widget))

    # --- QLayout's item list (fixed: the two parts) ------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # Qt override
        self._items.append(item)

    def count(self) -> int:  # Qt override
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    # --- sizes ------------------------------------------------------------------------------
    def _hints(self) -> tuple[QSize, QSize]:
        lead, tail = (
            QSize(0, 0) if item.isEmpty() else item.sizeHint() for item in self._items[:2]
        )
        return lead, tail

    def _fits(self, width: int) -> bool:
        lead, tail = self._hints()
        return max(lead.width(), self.lead_floor) + SPACING + tail.width() <= width

    def sizeHint(self) -> QSize:  # Qt override: one line
        lead, tail = self._hints()
        return QSize(lead.width() + SPACING + tail.width(), max(lead.height(), tail.height()))

    def minimumSize(self) -> QSize:  # Qt override: two lines, each part whole
        lead, tail = self._hints()
        return QSize(max(lead.width(), tail.width()), lead.height())

    def hasHeightForWidth(self) -> bool:  # Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # Qt override
        lead, tail = self._hints()
        if self._fits(width):
            return max(lead.height(), tail.height())
        return lead.height() + (LINE_GAP + tail.height() if tail.height() else 0)

    def expandingDirections(self) -> Qt.Orientation:  # Qt override
        return Qt.Orientation.Horizontal

    def setGeometry(self, rect: QRect) -> None:  # Qt override
        super().setGeometry(rect)
        lead_item, tail_item = self._items[:2]
        lead, tail = self._hints()
        if self._fits(rect.width()):
            line = max(lead.height(), tail.height())
            lead_top = rect.top() + (line - lead.height()) // 2
            tail_top = rect.top() + (line - tail.height()) // 2
        else:
            lead_top = rect.top()
            tail_top = rect.top() + lead.height() + LINE_GAP
        lead_item.setGeometry(QRect(QPoint(rect.left(), lead_top), lead))
        tail_item.setGeometry(QRect(QPoint(rect.right() + 1 - tail.width(), tail_top), tail))


class WrapRow(QWidget):
    """Keeps `lead` (a question's chip) whole: when it and the controls do not fit side by
    side, the controls move to a line of their own, right-aligned, instead of one of them
    being cut off ("Q6 · Training Dynamics · I")."""

    def __init__(self, lead: QWidget, tail: Sequence[QWidget]) -> None:
        super().__init__()
        self.lead = lead
        self.tail = QWidget()
        tail_layout = QHBoxLayout(self.tail)
        tail_layout.setContentsMargins(0, 0, 0, 0)
        tail_layout.setSpacing(SPACING)
        for widget in tail:
            tail_layout.addWidget(widget)
        self._layout = _WrapLayout(self, lead, self.tail)

    @property
    def lead_floor(self) -> int:
        return self._layout.lead_floor

    def set_lead_floor(self, width: int) -> None:
        """Decide the line break as if the lead were at least `width` wide (the widest chip
        it will hold): the controls then stay put from one question to the next instead of
        jumping to a second line, and the title below them, for a longer topic name."""
        if width != self._layout.lead_floor:
            self._layout.lead_floor = width
            self._layout.invalidate()
            self.updateGeometry()

    @property
    def wrapped(self) -> bool:
        """True while the controls sit on a line of their own."""
        return not self._layout._fits(self.width())
