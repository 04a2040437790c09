"""Preferences: look, answer text size, scheduling targets, and where the data lives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.services.recordings import Recordings
from studyapp.services.settings import Settings
from studyapp.ui.theme import THEME_CHOICES, number_box
from studyapp.ui.widgets.named import named


@dataclass(frozen=True)
class SyncChoice:
    """The Sync group's fields: the shared folder (None: no sync) and this computer's name."""

    folder: Path | None
    device_name: str


FONT_PX = (11, 26)  # the range Ctrl+plus / Ctrl+minus also keep to
FIELD_HEIGHT = 30  # a number box or drop-down in the app style sheet


def _spin(box: QSpinBox | QDoubleSpinBox, tip: str) -> None:
    """Typed values, arrow keys and the wheel: the app style sheet hides the step arrows."""
    number_box(box)
    box.setToolTip(tip)
    box.setMinimumWidth(120)


def _label(text: str) -> QLabel:
    """Row labels share one width so the fields of every group line up, and a field's height
    so their text sits level with the field's (QFormLayout puts a label at a row's top)."""
    label = QLabel(text)
    label.setMinimumWidth(170)
    label.setMinimumHeight(FIELD_HEIGHT)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return label


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setVerticalSpacing(8)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return form


def _with_hint(field: QWidget, hint: str) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(field)
    row.addWidget(named(QLabel(hint, wordWrap=True), "muted"), 1)
    return holder


def _row(form: QFormLayout, text: str, field: QWidget, hint: str) -> None:
    """A labelled field with its hint. The field sits in a holder beside the hint, where Qt
    would not find the label for it, so it is named after the label itself."""
    field.setAccessibleName(text)
    form.addRow(_label(text), _with_hint(field, hint))


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        data_dir: Path,
        parent: QWidget | None = None,
        edit_plan: Callable[[], Settings] | None = None,
        sync: SyncChoice | None = None,
    ) -> None:
        super().__init__(parent)
        self._edit_plan = edit_plan
        self.setWindowTitle("Settings")
        self.setMinimumWidth(620)
        self._original = settings
        self._data_dir = data_dir

        self.theme = QComboBox()
        for key, label in THEME_CHOICES:
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.font_px = QSpinBox(
            minimum=FONT_PX[0], maximum=FONT_PX[1], value=settings.answer_font_px, suffix=" px"
        )
        _spin(self.font_px, "Also Ctrl+plus and Ctrl+minus while reading")
        look = _form()
        self.theme.setMinimumWidth(120)
        _row(look, "Theme", self.theme, "“Follow system” tracks the desktop")
        _row(look, "Answer text size", self.font_px, "Ctrl+plus / Ctrl+minus while reading")

        self.retention = QDoubleSpinBox(
            minimum=0.70,
            maximum=0.97,
            singleStep=0.01,
            decimals=2,
            value=settings.desired_retention,
        )
        _spin(
            self.retention,
            "Probability of recalling an answer when it comes back. Higher means more reviews.",
        )
        self.new_per_day = QSpinBox(minimum=0, maximum=50, value=settings.new_per_day)
        _spin(
            self.new_per_day,
            "How many unseen questions the quiz's “Due, then new” and “New questions” may start "
            "in one day",
        )
        self.new_per_session = QSpinBox(minimum=1, maximum=50, value=settings.new_per_session)
        _spin(self.new_per_session, "How many questions a quiz session asks unless you change it")
        self.weak_lapses = QSpinBox(minimum=2, maximum=20, value=settings.weak_lapses)
        _spin(self.weak_lapses, "A question forgotten this many times is marked weak.")
        self.mock_minutes = QSpinBox(
            minimum=1, maximum=20, value=max(1, settings.mock_seconds // 60), suffix=" min"
        )
        _spin(self.mock_minutes, "Time per question in a mock interview")
        study = _form()
        _row(
            study,
            "Desired retention",
            self.retention,
            "0.90 means a 90% chance of recall at each review",
        )
        _row(
            study,
            "New questions per day",
            self.new_per_day,
            "for “Due, then new” and “New questions”",
        )
        _row(study, "Questions per session", self.new_per_session, "quiz default")
        _row(study, "Weak after", self.weak_lapses, "lapses (times forgotten)")
        _row(study, "Mock interview time", self.mock_minutes, "per question")
        self.plan_button = QPushButton(
            "Change interview plan…" if settings.interview_date else "Set interview date…"
        )
        self.plan_button.setToolTip("Plan your reviews toward an interview date (also Ctrl+I)")
        self.plan_button.setEnabled(edit_plan is not None)
        self.plan_button.clicked.connect(self._plan)
        study.addRow(_label("Interview plan"), _with_hint(self.plan_button, "date, topics, time"))

        self.folder = QLabel(str(data_dir), wordWrap=True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder = QPushButton("Open folder")
        self.open_folder.setToolTip("Show the folder in the file manager")
        self.open_folder.clicked.connect(self._open_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.open_folder)
        data = QVBoxLayout()
        data.addLayout(folder_row)
        data.addWidget(
            named(
                QLabel(
                    "Your reviews, notes, stars and settings, with automatic backups. "
                    "Copy this folder to move your progress to another computer.",
                    wordWrap=True,
                ),
                "muted",
            )
        )

        # Spoken answers: how long their recordings stay, and what they take now.
        self.audio_days = QSpinBox(minimum=0, maximum=3650, value=settings.audio_keep_days)
        self.audio_days.setSuffix(" days")
        self.audio_days.setSpecialValueText("Never keep")
        _spin(
            self.audio_days,
            "How long recordings of spoken answers are kept for replay (0: never kept). "
            "Transcripts and delivery figures stay in the review log for good.",
        )
        self.audio_use = named(QLabel(audio_use_text(Recordings(data_dir))), "muted")
        audio_form = _form()
        _row(
            audio_form,
            "Keep recordings",
            self.audio_days,
            "older ones are deleted when DeepStudy starts",
        )
        audio_form.addRow(_label("Recordings now"), self.audio_use)
        data.addLayout(audio_form)
        data.addWidget(
            named(
                QLabel(
                    "Backups hold the review log, with every transcript and its delivery "
                    "figures, but not the recordings in audio/: copy that folder yourself to "
                    "keep them.",
                    wordWrap=True,
                ),
                "muted",
            )
        )

        sync_box = self._sync_group(sync or SyncChoice(None, ""))

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # The groups scroll when the screen is shorter than they are, instead of Qt
        # squeezing every row into the height there is (the fields overlapped at 800 px).
        page = QWidget()
        groups = QVBoxLayout(page)
        groups.setContentsMargins(0, 0, 8, 0)
        groups.setSpacing(12)
        for title, content in (
            ("Appearance", look),
            ("Study", study),
            ("Data folder", data),
            ("Sync", sync_box),
        ):
            group = QGroupBox(title)
            group.setLayout(content)
            groups.addWidget(group)
        groups.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the first field takes the keyboard
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry().height() if self.screen() else 800
        wanted = page.sizeHint().height() + buttons.sizeHint().height() + 48
        self.resize(
            max(self.minimumWidth(), page.sizeHint().width() + 40), min(wanted, screen - 60)
        )

    def _sync_group(self, sync: SyncChoice) -> QFormLayout:
        """This computer's name and the shared folder each computer writes its own files
        into (never the database itself)."""
        self._sync_folder = sync.folder
        self.device_name = QLineEdit(sync.device_name)
        self.device_name.setMaxLength(80)
        self.device_name.setPlaceholderText("Work laptop")
        self.device_name.setToolTip("How the other computers name this one in their status bar")
        self.device_name.setAccessibleName("This computer's name")
        self.sync_folder = QLabel(wordWrap=True)
        self.sync_folder.setAccessibleName("Sync folder")
        self.sync_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_sync = QPushButton("Choose…")
        self.choose_sync.setToolTip("A folder that Syncthing, Dropbox or a USB stick shares")
        self.choose_sync.clicked.connect(self._choose_sync_folder)
        self.stop_sync = QPushButton("Stop syncing")
        self.stop_sync.clicked.connect(lambda: self._set_sync_folder(None))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.sync_folder, 1)
        folder_row.addWidget(self.choose_sync)
        folder_row.addWidget(self.stop_sync)
        form = _form()
        form.addRow(_label("This computer"), self.device_name)
        form.addRow(_label("Sync folder"), folder_row)
        form.addRow(
            named(
                QLabel(
                    "Each computer adds its own reviews, undos, notes, stars and study "
                    "settings to files of its own in this folder and merges the others' at "
                    "start, every minute and on File > Sync now (Ctrl+Shift+S). The theme "
                    "and text size stay per computer.",
                    wordWrap=True,
                ),
                "muted",
            )
        )
        self._set_sync_folder(sync.folder)
        return form

    def _choose_sync_folder(self) -> None:
        start = str(self._sync_folder or Path.home())
        chosen = QFileDialog.getExistingDirectory(self, "Choose the sync folder", start)
        if chosen:
            self._set_sync_folder(Path(chosen))

    def _set_sync_folder(self, folder: Path | None) -> None:
        self._sync_folder = folder
        self.sync_folder.setText(str(folder) if folder else "Not syncing")
        self.stop_sync.setEnabled(folder is not None)

    def result_sync(self) -> SyncChoice:
        name = self.device_name.text().strip() or self.device_name.placeholderText()
        return SyncChoice(self._sync_folder, name)

    def result_settings(self) -> Settings:
        return replace(
            self._original,
            theme=str(self.theme.currentData()),
            answer_font_px=self.font_px.value(),
            desired_retention=round(self.retention.value(), 2),
            new_per_day=self.new_per_day.value(),
            new_per_session=self.new_per_session.value(),
            weak_lapses=self.weak_lapses.value(),
            mock_seconds=self.mock_minutes.value() * 60,
            audio_keep_days=self.audio_days.value(),
        )

    def _plan(self) -> None:
        """The plan dialog saves on its own; keep its choice when this dialog is saved too."""
        if self._edit_plan is None:
            return
        fresh = self._edit_plan()
        self._original = replace(
            self._original,
            interview_date=fresh.interview_date,
            plan_topics=fresh.plan_topics,
            plan_target=fresh.plan_target,
            plan_minutes=fresh.plan_minutes,
        )
        has_date = bool(fresh.interview_date)
        self.plan_button.setText("Change interview plan…" if has_date else "Set interview date…")

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._data_dir)))


def audio_use_text(recordings: Recordings) -> str:
    use = recordings.use()
    if not use.files:
        return "none kept (audio/ is empty)"
    size = f"{use.bytes / 2**20:.1f} MB" if use.bytes >= 2**20 else f"{use.bytes / 1024:.0f} kB"
    return f"{use.files} recording{'s' if use.files != 1 else ''}, {size} in audio/"
