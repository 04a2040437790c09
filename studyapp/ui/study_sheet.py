"""Export a study sheet to PDF with Qt's own QPdfWriter and QTextDocument (no new dependency):
the choice dialog, the progress bar on a long sheet, and the file written atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF, Qt, QUrl
from PySide6.QtGui import QFont, QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QProgressDialog,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.content.render import AnswerRenderer, answer_css
from studyapp.content.theme import LIGHT
from studyapp.domain import Question
from studyapp.interchange.study_sheet import SheetChoice, choose_questions, sheet_html
from studyapp.ui.context import UiContext
from studyapp.ui.widgets.answer_view import gated_resource, svg_image

SHEET_FONT_PT = 10.0
PRINT_SCALE = 4.0  # formula and figure pixels per point: sharp on paper


class SheetDocument(QTextDocument):
    """Loads what the answer view may load (gated_resource), formulas and figures drawn from
    the light theme at print resolution."""

    def __init__(self, renderer: AnswerRenderer) -> None:
        super().__init__()
        self._renderer = renderer

    def loadResource(self, kind: int, url: QUrl | str) -> object:  # Qt override
        return gated_resource(kind, url, self._renderer, self._print_image)

    def _print_image(self, name: str) -> QImage | None:
        data = self._renderer.image(name)
        return svg_image(data, PRINT_SCALE) if data is not None else None


def write_sheet_pdf(
    ctx: UiContext, questions: list[Question], title: str, path: Path, parent: QWidget | None
) -> bool:
    """Lay the sheet out and print it to `path`; False when the person cancelled."""
    services = ctx.services
    renderer = AnswerRenderer(services.content_root, LIGHT)  # paper is light
    renderer.media_dir = ctx.renderer.media_dir  # the learner's own pictures print too
    progress = QProgressDialog("Preparing the study sheet…", "Cancel", 0, len(questions), parent)
    progress.setWindowTitle("Study sheet")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(500)  # only a sheet that takes over half a second shows it

    def step(done: int) -> bool:
        progress.setValue(done)
        QApplication.processEvents()
        return not progress.wasCanceled()

    today = services.clock.now().astimezone(services.clock.local_tz()).date()
    text = sheet_html(questions, renderer, title, today, services.library.topic_name, step)
    if text is None:
        progress.close()
        return False
    document = SheetDocument(renderer)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(SHEET_FONT_PT)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(answer_css(LIGHT, SHEET_FONT_PT * 4 / 3))
    document.setHtml(text)
    folder = path.parent
    handle, temp = tempfile.mkstemp(prefix=".sheet-", suffix=".pdf", dir=folder)
    os.close(handle)
    try:
        writer = QPdfWriter(temp)
        writer.setTitle(f"DeepStudy study sheet: {title}")
        writer.setCreator("DeepStudy")
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(18, 16, 18, 16),
                QPageLayout.Unit.Millimeter,
            )
        )
        # Lay the text out on the printable area in points; without a page size the document
        # keeps a screen-sized width and fills about half the page.
        area = writer.pageLayout().paintRectPoints()
        document.setPageSize(QSizeF(area.width(), area.height()))
        document.setDocumentMargin(0)
        document.print_(writer)
        del writer  # flushes and closes the file
        os.replace(temp, path)  # a failed export never leaves half a file over a good one
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    progress.close()
    return True


def export_study_sheet(
    ctx: UiContext, question_ids: list[int], title: str, parent: QWidget | None
) -> None:
    """Ask where to save the sheet of these questions, write it, and say what happened."""
    library = ctx.services.library
    questions = [q for qid in question_ids if (q := library.question(qid)) is not None]
    if not questions:
        QMessageBox.information(parent, "Study sheet", "No questions match that choice yet.")
        return
    suggested = str(Path.home() / f"deepstudy-{title.lower().replace(' ', '-')}.pdf")
    name, _ = QFileDialog.getSaveFileName(parent, "Save study sheet", suggested, "PDF (*.pdf)")
    if not name:
        return
    path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
    try:
        done = write_sheet_pdf(ctx, questions, title, path, parent)
    except OSError as error:
        QMessageBox.warning(
            parent, "Study sheet", f"Could not write {path}: {error.strerror or error}."
        )
        return
    if done:
        noun = "question" if len(questions) == 1 else "questions"
        QMessageBox.information(parent, "Study sheet", f"Saved {len(questions)} {noun} to {path}.")


class SheetDialog(QDialog):
    """Which questions go on the sheet: the weakest N, a topic, the starred ones, or all."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export study sheet (PDF)")
        self.ctx = ctx
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.choice = QComboBox()
        for choice, label in (
            (SheetChoice.WEAKEST, "Weakest questions"),
            (SheetChoice.TOPIC, "One topic"),
            (SheetChoice.STARRED, "Starred questions"),
            (SheetChoice.ALL, "Every question"),
        ):
            self.choice.addItem(label, choice)
        self.choice.setAccessibleName("Which questions")
        form.addRow("&Questions:", self.choice)
        self.count = QSpinBox()
        self.count.setRange(1, 100)
        self.count.setValue(10)
        self.count.setAccessibleName("How many of the weakest")
        form.addRow("&How many:", self.count)
        self.topic = QComboBox()
        for topic in ctx.services.library.topics:
            self.topic.addItem(topic.name, topic.id)
        self.topic.setAccessibleName("Topic")
        form.addRow("&Topic:", self.topic)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose file…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.choice.currentIndexChanged.connect(self._follow)
        self._follow()

    def _follow(self) -> None:
        choice = self.choice.currentData()
        self.count.setEnabled(choice == SheetChoice.WEAKEST)
        self.topic.setEnabled(choice == SheetChoice.TOPIC)

    def chosen(self) -> tuple[list[int], str]:
        services = self.ctx.services
        choice = SheetChoice(self.choice.currentData())
        overview = services.study.overview()
        recall = {qid: row.recall for qid, row in overview.items() if row.reps > 0}
        questions = choose_questions(
            services.library.questions,
            choice,
            recall,
            services.library.starred(),
            str(self.topic.currentData() or ""),
            self.count.value(),
        )
        titles = {
            SheetChoice.WEAKEST: f"Weakest {self.count.value()}",
            SheetChoice.TOPIC: self.topic.currentText(),
            SheetChoice.STARRED: "Starred",
            SheetChoice.ALL: "All questions",
        }
        return [q.id for q in questions], titles[choice]


def choose_and_export(ctx: UiContext, parent: QWidget | None) -> None:
    dialog = SheetDialog(ctx, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        ids, title = dialog.chosen()
        export_study_sheet(ctx, ids, title, parent)
