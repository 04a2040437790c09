"""Browse: find a question by topic or search, and read its rendered answer."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, QUrl, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from studyapp.domain import Changes, Question
from studyapp.services.study import QueueSpec
from studyapp.ui.context import UiContext
from studyapp.ui.widgets.answer_view import AnswerView
from studyapp.ui.widgets.named import named
from studyapp.ui.widgets.question_list import QuestionDelegate, QuestionListModel, QuestionRow

ALL_TOPICS = ""


class BrowserPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.ctx = ctx
        self.current_id: int | None = None

        self.search = QLineEdit(placeholderText="Search questions and answers   (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.topic = QComboBox()
        self.topic.addItem("All topics", ALL_TOPICS)
        for topic in ctx.services.library.topics:
            self.topic.addItem(topic.name, topic.id)
        self.count = named(QLabel(), "muted")
        self.model = QuestionListModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.delegate = QuestionDelegate(ctx.theme, self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.setMouseTracking(True)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        filters = QHBoxLayout()
        filters.addWidget(self.topic, 1)
        filters.addWidget(self.count)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.list, 1)

        self.badges = named(QLabel(), "badge")
        self.title = named(QLabel(wordWrap=True), "questiontitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.star = QPushButton("☆ Star")
        self.star.setToolTip("Star this question (Ctrl+D)")
        self.star.setCheckable(True)
        self.quiz_me = QPushButton("Quiz me on this")
        self.quiz_me.setObjectName("primary")
        self.view = AnswerView(ctx.renderer)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.badges)
        head.addStretch(1)
        head.addWidget(self.star)
        head.addWidget(self.quiz_me)
        right_layout.addLayout(head)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.view, 1)

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([360, 840])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 18)
        layout.addWidget(self.splitter)

        self._search_timer = QTimer(self, singleShot=True, interval=60)
        self._search_timer.timeout.connect(self.refresh_list)
        self.search.textChanged.connect(self._search_timer.start)
        self.topic.currentIndexChanged.connect(self.refresh_list)
        self.list.selectionModel().currentChanged.connect(self._on_current)
        self.view.anchorClicked.connect(self._on_link)
        self.star.toggled.connect(self._on_star)
        self.quiz_me.clicked.connect(self._on_quiz_me)
        ctx.bus.changes_applied.connect(self.on_changes)
        ctx.bus.open_question.connect(self.open_question)
        self.refresh_list()

    # --- list ---------------------------------------------------------------------------
    @Slot()
    def refresh_list(self) -> None:
        library = self.ctx.services.library
        topic_id = self.topic.currentData()
        topics = frozenset({topic_id}) if topic_id else frozenset()
        found = library.search(self.search.text(), topics)
        starred = library.starred()
        rows = [
            QuestionRow(
                q.id,
                q.title,
                f"{library.topic_name(q.topic)}  ·  {q.difficulty_label}",
                starred=q.id in starred,
            )
            for q in found
        ]
        self.model.set_rows(rows)
        total = len(library.questions)
        self.count.setText(f"{len(rows)} of {total}")
        keep = self.current_id if self.current_id is not None else None
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
        elif not rows:
            self._show_empty()

    def visible_ids(self) -> list[int]:
        return [row.question_id for row in self.model.rows()]

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_question(self.model.rows()[current.row()].question_id)

    # --- reading pane ---------------------------------------------------------------------
    def show_question(self, question_id: int) -> None:
        question = self.ctx.services.library.question(question_id)
        if question is None:
            return
        self.current_id = question_id
        self._fill_header(question)
        self.view.show_html(self.ctx.renderer.render_question(question).html)

    def _fill_header(self, question: Question) -> None:
        library = self.ctx.services.library
        self.badges.setText(
            f"Q{question.id}  ·  {library.topic_name(question.topic)}  ·  "
            f"{question.difficulty_label}"
        )
        self.title.setText(question.title)
        self.star.blockSignals(True)
        starred = question.id in library.starred()
        self.star.setChecked(starred)
        self.star.setText("★ Starred" if starred else "☆ Star")
        self.star.blockSignals(False)
        self.star.setEnabled(True)
        self.quiz_me.setEnabled(True)

    def _show_empty(self) -> None:
        self.current_id = None
        self.badges.setText("No match")
        self.title.setText("No question matches this search.")
        self.view.show_html(
            "<p class='muted'>Try fewer words, another topic, or clear the search with Esc.</p>"
        )
        self.star.setEnabled(False)
        self.quiz_me.setEnabled(False)

    @Slot(int)
    def open_question(self, question_id: int) -> None:
        if self.model.row_of(question_id) < 0:
            self.search.clear()
            self.topic.setCurrentIndex(0)
            self.refresh_list()
        self.list.setCurrentIndex(self.model.index(self.model.row_of(question_id)))

    @Slot(QUrl)
    def _on_link(self, url: QUrl) -> None:
        if url.scheme() == "question":
            self.open_question(int(url.path()))

    @Slot(bool)
    def _on_star(self, starred: bool) -> None:
        if self.current_id is not None:
            self.ctx.bus.publish(self.ctx.services.library.set_starred(self.current_id, starred))

    def toggle_star(self) -> None:
        if self.current_id is not None:
            self.star.toggle()

    @Slot()
    def _on_quiz_me(self) -> None:
        if self.current_id is not None:
            self.ctx.bus.start_quiz.emit(QueueSpec(question_ids=(self.current_id,), limit=1))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def clear_search(self) -> None:
        self.search.clear()

    @Slot(object)
    def on_changes(self, changes: Changes) -> None:
        if changes.stars or changes.reviews or changes.notes:
            self.refresh_list()
        if changes.settings:
            self.restyle()

    def restyle(self) -> None:
        self.delegate.theme = self.ctx.theme
        self.view.set_renderer(self.ctx.renderer)
        if self.current_id is not None:
            self.show_question(self.current_id)
        self.list.viewport().update()
