"""A wrapped row of toggle buttons: pick several of a few options with one click each."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from studyapp.ui.widgets.mnemonic import plain_label
from studyapp.ui.widgets.named import named


class ChipSelector(QWidget):
    changed = Signal()

    def __init__(self, options: list[tuple[str, str]], columns: int = 3) -> None:
        super().__init__()
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self._layout = layout
        self._columns = columns
        self._chips: dict[str, QPushButton] = {}
        self.add_options(options)

    def add_options(self, options: list[tuple[str, str]]) -> None:
        """Chips for the options not there yet, after the others (a topic of the learner's
        own questions, made while the app runs)."""
        for key, label in options:
            if key in self._chips:
                continue
            index = len(self._chips)
            chip = named(QPushButton(plain_label(label)), "chip")
            chip.setToolTip(label)
            chip.setMinimumHeight(28)
            chip.setCheckable(True)
            chip.toggled.connect(self.changed)
            self._layout.addWidget(chip, index // self._columns, index % self._columns)
            self._chips[key] = chip
        if self._chips:  # a label's mnemonic lands on the first chip; Tab and Space go on
            self.setFocusProxy(next(iter(self._chips.values())))
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def selected(self) -> tuple[str, ...]:
        return tuple(key for key, chip in self._chips.items() if chip.isChecked())

    def set_selected(self, keys: tuple[str, ...] | list[str]) -> None:
        wanted = set(keys)
        for key, chip in self._chips.items():
            chip.blockSignals(True)
            chip.setChecked(key in wanted)
            chip.blockSignals(False)
        self.changed.emit()
