"""A drop-down button whose menu holds checkable options: choose several values of one filter."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import QMenu, QSizePolicy, QToolButton


class MultiSelectButton(QToolButton):
    changed = Signal()

    def __init__(self, label: str, options: Sequence[tuple[Hashable, str]]) -> None:
        super().__init__()
        self.label = label
        self._full_text = label
        self.setObjectName("filter")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.menu_ = QMenu(self)
        self.actions_: dict[Hashable, QAction] = {}
        for key, text in options:
            action = self.menu_.addAction(text)
            action.setCheckable(True)
            action.toggled.connect(self._on_toggled)
            self.actions_[key] = action
        self.menu_.addSeparator()
        clear = self.menu_.addAction("Clear")
        clear.triggered.connect(self.clear)
        self.setMenu(self.menu_)
        self._refresh_text()

    def selected(self) -> frozenset[Hashable]:
        return frozenset(key for key, action in self.actions_.items() if action.isChecked())

    def set_selected(self, keys: Sequence[Hashable]) -> None:
        for key, action in self.actions_.items():
            action.blockSignals(True)
            action.setChecked(key in keys)
            action.blockSignals(False)
        self._on_toggled()

    def clear(self) -> None:
        self.set_selected(())

    def _on_toggled(self, _checked: bool = False) -> None:
        self._refresh_text()
        self.changed.emit()

    def _refresh_text(self) -> None:
        chosen = [a.text() for a in self.actions_.values() if a.isChecked()]
        if not chosen:
            text = f"{self.label}: any"
        elif len(chosen) == 1:
            text = chosen[0]  # the value alone names the filter well enough
        else:
            text = f"{self.label}: {len(chosen)}"
        self._full_text = text
        self.setToolTip(
            f"{self.label}: {', '.join(chosen)}" if chosen else f"Filter by {self.label}"
        )
        self._fit_text()

    def _fit_text(self) -> None:
        """Cut a long choice at its end with an ellipsis (Qt would cut it in the middle)."""
        room = self.width() - 36  # the padding around the text and the drop-down arrow
        text = self._full_text
        metrics = self.fontMetrics()
        if room > 0 and metrics.horizontalAdvance(text) > room and not self.selected():
            text = self.label  # "Level" reads better than "Level: a…"
        if room > 0 and self.fontMetrics().horizontalAdvance(text) > room:
            text = self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room)
        self.setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_text()
