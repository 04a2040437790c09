"""A drop-down button whose menu holds checkable options: choose several values of one filter."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSizePolicy, QToolButton


class MultiSelectButton(QToolButton):
    changed = Signal()

    def __init__(self, label: str, options: Sequence[tuple[Hashable, str]]) -> None:
        super().__init__()
        self.label = label
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
            self.setText(f"{self.label}: any")
        elif len(chosen) == 1:
            self.setText(f"{self.label}: {chosen[0]}")
        else:
            self.setText(f"{self.label}: {len(chosen)}")
