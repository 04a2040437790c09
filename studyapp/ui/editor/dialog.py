"""The question editor (File > New question, Ctrl+N; Edit on one of the learner's own
questions): every field of a question, with a live preview drawn by the same renderer and
view the browser's answer pane uses, so what the preview shows is what studying shows.

Keyboard first: Tab walks the fields (never types a tab), Ctrl+S saves, Esc closes and asks
first when something was changed. A form that cannot be saved says why under the fields
and puts the cursor in the first field to fix; nothing typed is ever thrown away unasked.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from studyapp.content.local_images import MediaError, check_picture
from studyapp.content.render import AnswerRenderer
from studyapp.domain import Question
from studyapp.services.own_questions import OwnQuestionError
from studyapp.services.question_form import (
    LEVELS,
    QuestionForm,
    apply_form,
    form_problems,
    form_question,
    question_form,
)
from studyapp.ui.context import UiContext
from studyapp.ui.editor.markdown_edit import MarkdownEdit
from studyapp.ui.widgets.answer_view import AnswerView
from studyapp.ui.widgets.named import named

MONO_FAMILY = "DejaVu Sans Mono"
PREVIEW_DELAY_MS = 250
# Markdown ends a link at a space or a bracket, so a picture's name keeps none.
_SAFE_NAME = re.compile(r"[^\w.-]+")  # after the last keystroke; typing never waits for a formula
MARKDOWN_HINT = (
    "Markdown: **bold**, `code`, $x^2$ inline and $$\\sum_i x_i$$ on its own line, "
    "```python fences for code. Paste or drop a picture to add it."
)


# Asks "discard your changes?"; True means discard.
ConfirmDiscard = Callable[[QWidget], bool]


def ask_discard(parent: QWidget) -> bool:
    answer = QMessageBox.question(
        parent,
        "Discard changes?",
        "This question has changes that are not saved. Discard them?",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard


class QuestionEditor(QDialog):
    def __init__(
        self,
        ctx: UiContext,
        question: Question | None = None,
        parent: QWidget | None = None,
        confirm_discard: ConfirmDiscard = ask_discard,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._confirm_discard = confirm_discard
        self._original = question
        self.question_id = question.id if question is not None else None
        self.saved_id: int | None = None
        library = ctx.services.library
        self._topic_ids = {t.name: t.id for t in library.topics}
        self.setWindowTitle("Edit question" if question else "New question")
        self.setSizeGripEnabled(True)

        store_image = None if ctx.services.read_only else self._keep_picture
        self.title_edit = QLineEdit(placeholderText="The question, as an interviewer asks it")
        self.topic = QComboBox(editable=True)
        self.topic.addItems([t.name for t in library.topics])
        topic_line = self.topic.lineEdit()
        if topic_line is not None:
            topic_line.setPlaceholderText("A topic, or the name of a new one")
        self.topic.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.level = QComboBox()
        for value, label in LEVELS:
            self.level.addItem(label, value)
        self.tags = QLineEdit(placeholderText="Comma-separated, e.g. attention, transformers")
        self.short_answer = MarkdownEdit(store_image)
        self.short_answer.setPlaceholderText("Two or three sentences: what you would say first")
        self.detailed_answer = MarkdownEdit(store_image)
        self.detailed_answer.setPlaceholderText("The full answer, with formulas, code, pictures")
        self.key_points = QPlainTextEdit()
        self.key_points.setTabChangesFocus(True)
        self.key_points.setPlaceholderText("One a line: what a good answer must say")
        self.follow_ups = QPlainTextEdit()
        self.follow_ups.setTabChangesFocus(True)
        self.follow_ups.setPlaceholderText(
            "The interviewer's next question on one line, its answer below;\n"
            "a blank line before the next one"
        )
        mono = QFont(MONO_FAMILY)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        for markdown in (self.short_answer, self.detailed_answer):
            markdown.setFont(mono)  # code blocks and formulas line up as they will print
        # The detailed answer takes whatever height is left; the others are sized to their
        # usual content and scroll beyond it.
        for edit, lines in ((self.short_answer, 4), (self.key_points, 5), (self.follow_ups, 5)):
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 20)
        self.detailed_answer.setMinimumHeight(
            self.detailed_answer.fontMetrics().lineSpacing() * 12 + 20
        )
        names = {
            self.title_edit: "Question",
            self.topic: "Topic",
            self.level: "Level",
            self.tags: "Tags",
            self.short_answer: "Short answer",
            self.detailed_answer: "Detailed answer",
            self.key_points: "Key points",
            self.follow_ups: "Follow-ups",
        }
        for widget, name in names.items():
            widget.setAccessibleName(name)

        # One column, each label above its field; the detailed answer takes the height left.
        column = QVBoxLayout()
        column.setSpacing(4)

        def labelled(text: str, buddy: QWidget) -> QLabel:
            label = QLabel(text)
            label.setBuddy(buddy)
            return label

        def add(text: str, widget: QWidget, stretch: int = 0) -> None:
            column.addWidget(labelled(text, widget))
            column.addWidget(widget, stretch)
            column.addSpacing(6)

        add("&Question", self.title_edit)
        row = QHBoxLayout()
        row.addWidget(self.topic, 3)
        row.addSpacing(8)
        row.addWidget(labelled("&Level", self.level))
        row.addWidget(self.level, 1)
        column.addWidget(labelled("&Topic", self.topic))
        column.addLayout(row)
        column.addSpacing(6)
        add("T&ags", self.tags)
        add("&Short answer", self.short_answer)
        column.addWidget(labelled("&Detailed answer", self.detailed_answer))
        column.addWidget(self.detailed_answer, 1)
        column.addWidget(named(QLabel(MARKDOWN_HINT, wordWrap=True), "muted"))
        column.addSpacing(6)
        add("&Key points", self.key_points)
        add("&Follow-ups", self.follow_ups)
        fields = QWidget()
        fields.setLayout(column)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(fields)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setAccessibleName("Question fields")

        self._renderer = AnswerRenderer(
            ctx.services.content_root, ctx.theme, ctx.renderer.base_font_px, ctx.renderer.titles
        )
        self._renderer.media_dir = ctx.renderer.media_dir
        self.preview = AnswerView(self._renderer)
        self.preview.setAccessibleName("Preview")
        self.preview.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        self.preview_title = plain_title = named(QLabel(wordWrap=True), "questiontitle")
        plain_title.setTextFormat(Qt.TextFormat.PlainText)
        preview_layout.addWidget(named(QLabel("Preview, as the browser and quiz show it"), "muted"))
        preview_layout.addWidget(plain_title)
        preview_layout.addWidget(self.preview, 1)

        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(preview_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        self.problems = QLabel(wordWrap=True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setStyleSheet(f"color: {ctx.theme.ratings[0]};")
        self.problems.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.save_button.setEnabled(not ctx.services.read_only)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        footer = QHBoxLayout()
        hint = "Ctrl+S saves · Esc closes · Tab moves to the next field"
        if ctx.services.read_only:
            hint = "The data folder cannot be written: nothing can be saved."
        footer.addWidget(named(QLabel(hint), "muted"), 1)
        footer.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problems)
        layout.addLayout(footer)

        save_action = QAction("Save", self, shortcut=QKeySequence(QKeySequence.StandardKey.Save))
        save_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        save_action.triggered.connect(self.save)
        self.addAction(save_action)

        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        self._fields: dict[str, QWidget] = {
            "title": self.title_edit,
            "topic": self.topic,
            "difficulty": self.level,
            "tags": self.tags,
            "short_answer": self.short_answer,
            "detailed_answer": self.detailed_answer,
            "key_points": self.key_points,
            "follow_ups": self.follow_ups,
        }
        if question is not None:
            self._fill(question_form(question, library.topic_name(question.topic)))
        else:
            self._fill(QuestionForm(topic=library.topics[0].name if library.topics else ""))
        self._saved_form = self.form()
        self.title_edit.textChanged.connect(self._changed)
        self.tags.textChanged.connect(self._changed)
        self.topic.currentTextChanged.connect(self._changed)
        self.level.currentIndexChanged.connect(self._changed)
        for edit in (self.short_answer, self.detailed_answer, self.key_points, self.follow_ups):
            edit.textChanged.connect(self._changed)
        for markdown in (self.short_answer, self.detailed_answer):
            markdown.image_refused.connect(self._show_refusal)
        self.update_preview()
        self.title_edit.setFocus()
        self._fit_to(parent)

    # --- the form ---------------------------------------------------------------------------
    def form(self) -> QuestionForm:
        return QuestionForm(
            title=self.title_edit.text(),
            short_answer=self.short_answer.toPlainText(),
            detailed_answer=self.detailed_answer.toPlainText(),
            key_points=self.key_points.toPlainText(),
            follow_ups=self.follow_ups.toPlainText(),
            topic=self.topic.currentText().strip(),
            difficulty=int(self.level.currentData()),
            tags=self.tags.text(),
        )

    def _fill(self, form: QuestionForm) -> None:
        self.title_edit.setText(form.title)
        self.topic.setCurrentText(form.topic)
        self.level.setCurrentIndex(max(0, self.level.findData(form.difficulty)))
        self.tags.setText(form.tags)
        self.short_answer.setPlainText(form.short_answer)
        self.detailed_answer.setPlainText(form.detailed_answer)
        self.key_points.setPlainText(form.key_points)
        self.follow_ups.setPlainText(form.follow_ups)

    @property
    def dirty(self) -> bool:
        return self.form() != self._saved_form

    @Slot()
    def _changed(self) -> None:
        self._preview_timer.start()
        if self.problems.isVisible():  # a fixed problem stops being shown as it is fixed
            self._show_problems()

    @Slot()
    def update_preview(self) -> None:
        form = self.form()
        topic = self._topic_ids.get(form.topic, form.topic)
        question = form_question(form, self.question_id, topic)
        self.preview_title.setText(question.title or "Your question")
        self.preview.show_html(self._renderer.render_draft(question).html)

    def _show_refusal(self, message: str) -> None:
        self.problems.setText(message)
        self.problems.show()

    def _show_problems(self) -> bool:
        """Show what stops saving; False when nothing does."""
        found = form_problems(self.form())
        self.problems.setText("\n".join(p.message for p in found))
        self.problems.setVisible(bool(found))
        return not found

    # --- save and close ---------------------------------------------------------------------
    @Slot()
    def save(self) -> None:
        if self.ctx.services.read_only:
            return
        found = form_problems(self.form())
        if found:
            self._show_problems()
            self._fields[found[0].field].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        form = self.form()
        own = self.ctx.services.own_questions
        try:
            topic = own.add_topic(form.topic)
            if self._original is None:
                saved, changes = own.add_question(form_question(form, None, topic.id))
            else:
                saved, changes = own.save_question(apply_form(self._original, form, topic.id))
        except OwnQuestionError as error:
            self.problems.setText(f"Not saved: {error}.")
            self.problems.show()
            return
        self.saved_id = self.question_id = saved.id
        self._original = saved
        self._saved_form = form
        self.ctx.bus.publish(changes)
        self.accept()

    def _keep_picture(self, name: str, data: bytes) -> str:
        """A pasted or dropped picture, kept in the data folder's media/; its reference."""
        check_picture(name, len(data))
        safe = _SAFE_NAME.sub("-", name).strip("-.") or "picture.png"
        try:
            return self.ctx.services.own_questions.save_media(safe, data)
        except OwnQuestionError as error:
            raise MediaError(str(error)) from error

    def reject(self) -> None:  # Esc, Cancel and the window's close button all come here
        if self.dirty and not self._confirm_discard(self):
            return
        super().reject()

    def _fit_to(self, parent: QWidget | None) -> None:
        """Nearly the window's size: the form and the preview both need room."""
        if parent is not None and parent.window() is not None:
            area = parent.window().size()
            self.resize(max(760, area.width() - 80), max(520, area.height() - 60))
        else:
            self.resize(1180, 760)
