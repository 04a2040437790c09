"""Asks what to do with a damaged progress file. The decision logic is in storage.recovery;
this only shows the offer in plain words and returns the person's choice."""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from studyapp import APP_NAME
from studyapp.clock import Clock, SystemClock
from studyapp.storage.recovery import RecoveryChoice, RecoveryOffer, offer_recovery, recover
from studyapp.ui.widgets.named import named


class RecoveryDialog(QDialog):
    """Continue from the newest good backup, start afresh, or quit leaving everything as is."""

    def __init__(self, offer: RecoveryOffer, zone: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME}: progress file damaged")
        self.setMinimumWidth(560)
        self.choice: RecoveryChoice | None = None

        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48)
        )
        heading = named(QLabel("Your progress file is damaged"), "h2")
        message = QLabel(offer.message(zone))
        message.setWordWrap(True)
        detail = named(QLabel(f"Details: {offer.problem}"), "muted")
        detail.setWordWrap(True)
        text = QVBoxLayout()
        text.setSpacing(10)
        for widget in (heading, message, detail):
            text.addWidget(widget)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)

        self.quit_button = QPushButton("Quit")
        self.quit_button.setToolTip("Change nothing and close DeepStudy")
        self.quit_button.clicked.connect(self.reject)
        self.fresh_button = QPushButton("Start afresh")
        self.fresh_button.clicked.connect(lambda: self._choose(RecoveryChoice.FRESH))
        self.backup_button: QPushButton | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.fresh_button)
        if RecoveryChoice.BACKUP in offer.choices:
            self.backup_button = named(QPushButton("Continue from the backup"), "primary")
            self.backup_button.clicked.connect(lambda: self._choose(RecoveryChoice.BACKUP))
            self.backup_button.setDefault(True)
            buttons.addWidget(self.backup_button)
        else:
            named(self.fresh_button, "primary").setDefault(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 20, 22, 18)
        layout.setSpacing(18)
        layout.addLayout(top)
        layout.addLayout(buttons)

    def _choose(self, choice: RecoveryChoice) -> None:
        self.choice = choice
        self.accept()


def recover_interactively(database: Path, problem: str, clock: Clock | None = None) -> bool:
    """Show the offer; on a choice, set the damaged file aside and apply it. False: quit."""
    from studyapp.ui.application import make_application
    from studyapp.ui.theme import apply_theme, resolve_theme

    clock = clock or SystemClock()
    app = make_application()
    apply_theme(app, resolve_theme("system"))  # the saved theme lives in the damaged file
    offer = offer_recovery(database, problem)
    dialog = RecoveryDialog(offer, clock.local_tz())
    if not dialog.exec() or dialog.choice is None:
        return False
    recover(offer, dialog.choice, clock.now())
    return True
