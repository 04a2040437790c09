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

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studyapp.interchange.drafts import DraftSet, ImportFileError
from studyapp.interchange.reader import KINDS, read_import
from studyapp.services.own_questions import ImportPreview, ImportResult, OwnQuestionError
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

        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Questions to import")
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setHeaderLabels(["Question", "Topic", "Note"])
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        ticked = set(preview.default_choice)
        self.items: list[tuple[int, QTreeWidgetItem]] = []
        for entry in preview.items:
            notes = []
            if entry.duplicate:
                notes.append(DUPLICATE)
            if entry.needs_answer:
                notes.append(TO_WRITE)
            item = QTreeWidgetItem([entry.draft.title, entry.topic_name, ", ".join(notes)])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                0, Qt.CheckState.Checked if entry.index in ticked else Qt.CheckState.Unchecked
            )
            item.setToolTip(0, f"{entry.draft.title}\n({entry.draft.source})")
            self.items.append((entry.index, item))
        self.tree.addTopLevelItems([item for _, item in self.items])
        self.tree.itemChanged.connect(self._count)
        layout.addWidget(self.tree, 1)

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
        self.tree.setFocus()

    def chosen(self) -> list[int]:
        return [index for index, item in self.items if item.checkState(0) == Qt.CheckState.Checked]

    def with_history(self) -> bool:
        return self._has_history and self.history.isChecked()

    def _tick_all(self, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        self.tree.blockSignals(True)
        for _, item in self.items:
            item.setCheckState(0, state)
        self.tree.blockSignals(False)
        self._count()

    @Slot()
    def _count(self) -> None:
        count = len(self.chosen())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"Import {count:,} question{'s' if count != 1 else ''}")
        ok.setEnabled(count > 0)
