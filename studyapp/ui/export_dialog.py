"""File > Export questions…: which questions (those the browser shows, the one open, or all),
which format, then where; the export runs off the UI thread with a progress bar and ends
with one message saying what was written where, or what stopped it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.domain import Question
from studyapp.interchange.exporting import ExportError, ExportResult
from studyapp.services.question_export import FORMATS, ExportFormat
from studyapp.ui.background import run_in_background
from studyapp.ui.context import UiContext
from studyapp.ui.widgets.named import named

# Asks where to save: (dialog title, suggested path, file filter) -> the chosen path or None.
ChoosePath = Callable[[QWidget, str, str, str], Path | None]


def ask_save_path(parent: QWidget, title: str, suggested: str, filter_text: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, suggested, filter_text)
    return Path(name) if name else None


def _short(title: str, limit: int = 56) -> str:
    """`title` cut at a word boundary to fit `limit` characters, with an ellipsis."""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class ExportDialog(QDialog):
    """The choices; `run()` asks for the file and writes it."""

    def __init__(
        self,
        ctx: UiContext,
        shown_ids: Sequence[int],
        current_id: int | None,
        parent: QWidget | None = None,
        choose_path: ChoosePath = ask_save_path,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export questions")
        self.setMinimumWidth(560)
        self.ctx = ctx
        self._choose_path = choose_path
        library = ctx.services.library
        everything = [q.id for q in library.questions]
        shown = list(shown_ids)
        if len(shown) == len(everything):
            shown_label = f"All {_plural(len(shown), 'question')} (the browser shows them all)"
        else:
            shown_label = f"The {_plural(len(shown), 'question')} shown in the browser"
        self._scopes: list[tuple[str, list[int]]] = [(shown_label, shown)]
        current = library.question(current_id) if current_id is not None else None
        if current is not None:
            self._scopes.append((f"Only the open question: {_short(current.title)}", [current.id]))
        if len(shown) != len(everything):
            self._scopes.append(("All " + _plural(len(everything), "question"), everything))

        # Drop-down lists rather than radio buttons: their focus ring shows where the
        # keyboard is, and Up/Down choose within them as well.
        self.scope = QComboBox()
        for label, ids in self._scopes:
            if ids:
                self.scope.addItem(label, ids)
        self.scope.setAccessibleName("Which questions to export")
        # Sized to the dialog, not to its longest item (a long title squeezed the labels).
        self.scope.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scope.setMinimumContentsLength(40)
        self.format = QComboBox()
        self.formats = list(ExportFormat)
        for item in self.formats:
            self.format.addItem(FORMATS[item].label, item.value)
        self.format.setAccessibleName("File format")
        self.description = named(QLabel(wordWrap=True), "muted")
        self.format.currentIndexChanged.connect(self._describe)
        self._describe()

        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow("&Questions:", self.scope)
        form.addRow("&Format:", self.format)
        form.addRow("", self.description)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("Export…")
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.scope.setFocus(Qt.FocusReason.OtherFocusReason)

    def _describe(self) -> None:
        self.description.setText(FORMATS[self.chosen_format()].description)

    def chosen_format(self) -> ExportFormat:
        return ExportFormat(self.format.currentData())

    def chosen_questions(self) -> list[Question]:
        ids: list[int] = self.scope.currentData() or []
        library = self.ctx.services.library
        return [q for qid in ids if (q := library.question(qid)) is not None]

    def run(self) -> None:
        """Ask where, write, say what happened; the dialog closes only after a success."""
        kind = self.chosen_format()
        info = FORMATS[kind]
        questions = self.chosen_questions()
        suggested = str(Path.home() / f"deepstudy-questions{info.suffix}")
        path = self._choose_path(
            self, "Export questions", suggested, f"{info.label} (*{info.suffix})"
        )
        if path is None:
            return
        if path.suffix.lower() != info.suffix:
            path = path.with_name(path.name + info.suffix)
        service = self.ctx.services.question_export
        try:
            result = run_in_background(
                self,
                "Export questions",
                f"Writing {_plural(len(questions), 'question')} to {path.name}…",
                lambda progress: service.export(kind, questions, path, progress),
            )
        except ExportError as error:
            self.last_message = str(error)
            QMessageBox.warning(self, "Export questions", f"{error}\n\nNothing was written.")
            return
        self.last_message = result_message(result)
        QMessageBox.information(self, "Export questions", self.last_message)
        self.accept()

    last_message = ""


def result_message(result: ExportResult) -> str:
    text = f"Exported {_plural(result.questions, 'question')}"
    if result.images:
        text += f" and {_plural(result.images, 'picture')}"
    text += f" to {result.path}."
    if result.missing_images:
        names = ", ".join(result.missing_images[:3])
        more = "…" if len(result.missing_images) > 3 else ""
        text += (
            f"\n\n{_plural(len(result.missing_images), 'picture')} could not be read and "
            f"were left out: {names}{more}"
        )
    return text
