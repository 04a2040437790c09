"""A drop-down button whose menu holds checkable options: choose several values of one filter."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QMenu, QSizePolicy, QToolButton

from studyapp.ui.widgets.mnemonic import plain_label


class _StayOpen(QObject):
    """Ticking an option leaves its menu open, so several are chosen in one visit; Enter and
    Space tick the highlighted option, Esc closes the menu."""

    def __init__(self, menu: QMenu) -> None:
        super().__init__(menu)
        self.menu = menu

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        action: QAction | None
        if kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            action = self.menu.actionAt(event.position().toPoint())
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
            action = self.menu.activeAction() if event.key() in keys else None
        else:
            return False
        if action is None or not action.isCheckable() or not action.isEnabled():
            return False
        action.toggle()
        return True


class MultiSelectButton(QToolButton):
    changed = Signal()

    def __init__(self, label: str, options: Sequence[tuple[Hashable, str]]) -> None:
        super().__init__()
        self.label = label
        self._full_text = label
        self.setObjectName("filter")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # The width comes from the layout, not the text: a button that grows as it fills would
        # re-flow the whole filter row on every tick.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.menu_ = QMenu(self)
        self.menu_.installEventFilter(_StayOpen(self.menu_))
        self.actions_: dict[Hashable, QAction] = {}
        self.names: dict[Hashable, str] = {}
        self._add_actions(options)
        self.setMenu(self.menu_)
        self._refresh_text()

    def _add_actions(self, options: Sequence[tuple[Hashable, str]]) -> None:
        for key, text in options:
            action = self.menu_.addAction(plain_label(text))
            action.setCheckable(True)
            self.names[key] = text
            action.toggled.connect(self._on_toggled)
            self.actions_[key] = action
        self.menu_.addSeparator()
        clear = self.menu_.addAction("Clear")
        clear.triggered.connect(self.clear)

    def set_options(self, options: Sequence[tuple[Hashable, str]]) -> None:
        """New choices (a topic was added); what was ticked and is still offered stays."""
        chosen = self.selected()
        self.menu_.clear()
        self.actions_.clear()
        self.names.clear()
        self._add_actions(options)
        for key in chosen & set(self.actions_):
            self.actions_[key].blockSignals(True)
            self.actions_[key].setChecked(True)
            self.actions_[key].blockSignals(False)
        self._refresh_text()

    def set_counts(self, counts: Mapping[object, int]) -> None:
        """Show beside each choice how many questions it would list ("Due  (5)")."""
        for key, action in self.actions_.items():
            action.setText(plain_label(f"{self.names[key]}  ({counts.get(key, 0)})"))

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
        chosen = [self.names[key] for key, a in self.actions_.items() if a.isChecked()]
        text = f"{self.label}: {', '.join(chosen) if chosen else 'any'}"
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
        if room > 0 and metrics.horizontalAdvance(text) > room and len(self.selected()) > 1:
            text = f"{self.label}: {len(self.selected())}"  # too many names to read at once
        if room > 0 and metrics.horizontalAdvance(text) > room:
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        self.setText(plain_label(text))

    def full_text(self) -> str:
        """The button's words before any cut for width (the tooltip names every choice)."""
        return self._full_text

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_text()
