"""File > Import… and files dropped on the window: read, preview, import, say what happened.

The file is read off the UI thread (a big Anki deck takes a moment), then a preview lists
every question it holds with a box to tick: duplicates of a question already there are
flagged and left unticked, cards whose answer is still to write are marked, and an Anki
deck's review history can be brought along. The import itself runs off the UI thread with a
progress bar and Cancel (which writes nothing); its `Changes` go on the bus like any write.
"""

from __future__ import annotations

import html
import threading
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studyapp.interchange.drafts import DraftSet, ImportFileError
from studyapp.interchange.reader import KINDS, read_import
from studyapp.services.own_questions import (
    ImportItem,
    ImportPreview,
    ImportResult,
    OwnQuestionError,
)
from studyapp.ui.background import Progress, run_in_background
from studyapp.ui.context import UiContext
from studyapp.ui.widgets.named import named

FILE_FILTER = (
    "Questions (" + " ".join(f"*{suffix}" for suffix in KINDS) + ");;"
    "Anki decks (*.apkg *.colpkg);;DeepStudy packs (*.zip);;CSV (*.csv *.tsv);;"
    "Lists of questions (*.txt *.md)"
)
DUPLICATE = "already in DeepStudy"
TO_WRITE = "answer to write"
SHOWN_PROBLEMS = 8
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def importable(path: Path) -> bool:
    """Whether a dropped file is of a kind the importer reads (by its name)."""
    return path.suffix.lower() in KINDS


def choose_and_import(ctx: UiContext, parent: QWidget) -> ImportResult | None:
    """File > Import…: pick a file, then `import_file`."""
    chosen, _ = QFileDialog.getOpenFileName(parent, "Import questions", "", FILE_FILTER)
    return import_file(ctx, parent, Path(chosen)) if chosen else None


def import_file(ctx: UiContext, parent: QWidget, path: Path) -> ImportResult | None:
    """Read `path`, preview it, import what the learner keeps; None when nothing was."""
    if ctx.services.read_only:
        QMessageBox.warning(
            parent, "Import", "The data folder cannot be written to, so nothing can be imported."
        )
        return None
    try:
        drafts: DraftSet = run_in_background(
            parent, "Import", f"Reading {path.name}…", lambda _p: read_import(path, True)
        )
    except ImportFileError as error:
        QMessageBox.warning(parent, "Import", f"{path.name} cannot be imported: {error}")
        return None
    own = ctx.services.own_questions
    preview = own.preview_import(drafts)
    if not preview.items:
        problems = "\n".join(drafts.problems[:SHOWN_PROBLEMS])
        QMessageBox.information(
            parent, "Import", f"{path.name} holds no question to import.\n\n{problems}".strip()
        )
        return None
    dialog = ImportPreviewDialog(preview, path.name, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    chosen, with_history = dialog.chosen(), dialog.with_history()
    cancel = threading.Event()

    def work(progress: Progress) -> ImportResult:
        return own.import_drafts(
            preview, chosen, with_history, progress, cancel.is_set, publish=False
        )

    try:
        result = run_in_background(
            parent, "Import", f"Importing {len(chosen):,} questions…", work, cancel
        )
    except InterruptedError:
        QMessageBox.information(parent, "Import", "Import cancelled: nothing was added.")
        return None
    except OwnQuestionError as error:
        QMessageBox.warning(parent, "Import", str(error))
        return None
    own.publish()
    ctx.bus.publish(result.changes)
    QMessageBox.information(parent, "Import", result_message(result))
    return result


def result_message(result: ImportResult) -> str:
    added = len(result.added)
    text = f"Added {added:,} question{'s' if added != 1 else ''}"
    if result.skipped:
        text += f"; {result.skipped:,} left out (duplicates or unticked)"
    text += "."
    if result.reviews:
        text += f" {result.reviews:,} reviews of their history were brought into the schedule."
    waiting = sum(1 for q in result.added if q.needs_answer)
    if waiting:
        text += f" {waiting:,} have their answer still to write."
    return text + " Browse shows them with “Mine only”."


class ImportPreviewDialog(QDialog):
    """What the file will add, each with a box; duplicates unticked and flagged."""

    def __init__(self, preview: ImportPreview, file_name: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(f"Import {file_name}")
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        total = len(preview.items)
        summary = (
            f"<b>{total:,} question{'s' if total != 1 else ''}</b> in {html.escape(file_name)}"
        )
        if preview.duplicates:
            summary += (
                f"; {preview.duplicates:,} already in DeepStudy "
                "(unticked: tick one to import it anyway)"
            )
        self.summary = QLabel(summary + ".", wordWrap=True)
        layout.addWidget(self.summary)
        if preview.new_topics:
            topics = ", ".join(preview.new_topics)
            layout.addWidget(
                named(QLabel(f"New topics: {html.escape(topics)}", wordWrap=True), "muted")
            )

        # A model, not an item per row: a 5,000-note deck built its rows in 0.6 s, a stall
        # before the dialog even showed; the view asks only for the rows on screen.
        self.model = _PreviewModel(preview, self)
        self.table = QTableView()
        self.table.setAccessibleName("Questions to import")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, 150)
        header.setHighlightSections(False)
        self.model.dataChanged.connect(self._count)
        self.model.modelReset.connect(self._count)
        layout.addWidget(self.table, 1)

        picks = QHBoxLayout()
        every = QPushButton("Tick &all")
        every.clicked.connect(lambda: self._tick_all(True))
        none = QPushButton("Tick &none")
        none.clicked.connect(lambda: self._tick_all(False))
        picks.addWidget(every)
        picks.addWidget(none)
        picks.addStretch(1)
        layout.addLayout(picks)

        self.history = QCheckBox(self)
        self._has_history = preview.reviews > 0
        if preview.reviews:
            self.history.setText(
                f"Bring the deck's review history ({preview.reviews:,} reviews) into the "
                "schedule, so these cards keep the intervals they had in Anki"
            )
            self.history.setChecked(True)
            layout.addWidget(self.history)
        else:
            self.history.hide()
        if preview.drafts.problems:
            shown = preview.drafts.problems[:SHOWN_PROBLEMS]
            more = len(preview.drafts.problems) - len(shown)
            text = "Left out of the file: " + "; ".join(shown)
            if more:
                text += f"; and {more:,} more"
            layout.addWidget(named(QLabel(html.escape(text), wordWrap=True), "muted"))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._count()
        self.table.setFocus()

    def chosen(self) -> list[int]:
        return self.model.chosen()

    def with_history(self) -> bool:
        return self._has_history and self.history.isChecked()

    def _tick_all(self, ticked: bool) -> None:
        self.model.tick_all(ticked)

    @Slot()
    def _count(self) -> None:
        count = len(self.chosen())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"Import {count:,} question{'s' if count != 1 else ''}")
        ok.setEnabled(count > 0)


class _PreviewModel(QAbstractTableModel):
    """The preview's rows: question (with its box), topic, note."""

    HEADERS = ("Question", "Topic", "Note")

    def __init__(self, preview: ImportPreview, parent: QWidget) -> None:
        super().__init__(parent)
        self.entries = preview.items
        chosen = set(preview.default_choice)
        self.ticked = [entry.index in chosen for entry in self.entries]

    def rowCount(self, parent: _Index = _ROOT) -> int:  # Qt override
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _Index = _ROOT) -> int:  # Qt override
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        entry = self.entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (entry.draft.title, entry.topic_name, note_of(entry))[column]
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if self.ticked[index.row()] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{entry.draft.title}\n({entry.draft.source})"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        self.ticked[index.row()] = checked
        self.dataChanged.emit(index, index, [role])
        return True

    def chosen(self) -> list[int]:
        return [entry.index for entry, on in zip(self.entries, self.ticked, strict=True) if on]

    def tick_all(self, ticked: bool) -> None:
        self.beginResetModel()
        self.ticked = [ticked] * len(self.entries)
        self.endResetModel()

    def rows(self) -> list[tuple[str, str, bool]]:
        """(question, note, ticked) per row: what the preview shows, for tests."""
        return [
            (entry.draft.title, note_of(entry), on)
            for entry, on in zip(self.entries, self.ticked, strict=True)
        ]


def note_of(entry: ImportItem) -> str:
    notes = []
    if entry.duplicate:
        notes.append(DUPLICATE)
    if entry.needs_answer:
        notes.append(TO_WRITE)
    return ", ".join(notes)
