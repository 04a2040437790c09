"""Preferences: look, answer text size, scheduling targets, and where the data lives."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.services.settings import Settings

THEMES = (("system", "Follow system"), ("light", "Light"), ("dark", "Dark"))


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(480)
        self._original = settings
        self._data_dir = data_dir
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.theme = QComboBox()
        for key, label in THEMES:
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.font_px = QSpinBox(minimum=11, maximum=26, value=settings.answer_font_px, suffix=" px")
        self.retention = QDoubleSpinBox(
            minimum=0.70,
            maximum=0.97,
            singleStep=0.01,
            decimals=2,
            value=settings.desired_retention,
        )
        self.retention.setToolTip(
            "Probability of recalling an answer when it comes back. Higher means more reviews."
        )
        self.new_per_session = QSpinBox(minimum=1, maximum=50, value=settings.new_per_session)
        self.weak_lapses = QSpinBox(minimum=2, maximum=20, value=settings.weak_lapses)
        self.weak_lapses.setToolTip("A question forgotten this many times is marked weak.")
        self.mock_minutes = QSpinBox(
            minimum=1, maximum=20, value=max(1, settings.mock_seconds // 60), suffix=" min"
        )
        form.addRow("Theme", self.theme)
        form.addRow("Answer text size", self.font_px)
        form.addRow("Desired retention", self.retention)
        form.addRow("Questions per session", self.new_per_session)
        form.addRow("Weak after lapses", self.weak_lapses)
        form.addRow("Mock interview time", self.mock_minutes)
        folder_row = QHBoxLayout()
        folder = QLabel(str(data_dir))
        folder.setWordWrap(True)
        self.open_folder = QPushButton("Open folder")
        self.open_folder.clicked.connect(self._open_folder)
        folder_row.addWidget(folder, 1)
        folder_row.addWidget(self.open_folder)
        form.addRow("Data folder", folder_row)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def result_settings(self) -> Settings:
        return replace(
            self._original,
            theme=str(self.theme.currentData()),
            answer_font_px=self.font_px.value(),
            desired_retention=round(self.retention.value(), 2),
            new_per_session=self.new_per_session.value(),
            weak_lapses=self.weak_lapses.value(),
            mock_seconds=self.mock_minutes.value() * 60,
        )

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._data_dir)))
