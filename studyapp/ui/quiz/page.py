"""Quiz: choose a set, see a question, reveal the answer, rate yourself, repeat."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studyapp.domain import Changes, NewReview, Question, Rating
from studyapp.scheduling.fsrs_scheduler import format_interval
from studyapp.services.study import QueueKind, QueueSpec, RatingResult
from studyapp.ui.context import UiContext
from studyapp.ui.widgets.answer_view import AnswerView
from studyapp.ui.widgets.named import named

KIND_LABELS = [
    (QueueKind.MIXED, "Due and new questions"),
    (QueueKind.DUE, "Due questions only"),
    (QueueKind.NEW, "New questions"),
    (QueueKind.WEAK, "Weakest first"),
    (QueueKind.ALL, "All questions"),
    (QueueKind.STARRED, "Starred questions"),
]


@dataclass
class SessionLog:
    """What happened in the current session, for the summary and for undo."""

    queue: list[int]
    position: int = 0
    results: list[RatingResult] = field(default_factory=list)
    started: datetime | None = None


class QuizPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.ctx = ctx
        self.session: SessionLog | None = None
        self.question: Question | None = None
        self.shown_at: datetime | None = None
        self.revealed = False
        self._missed: list[int] = []

        self.stack = QStackedWidget()
        self.setup_panel = self._build_setup()
        self.card_panel = self._build_card()
        self.summary_panel = self._build_summary()
        for panel in (self.setup_panel, self.card_panel, self.summary_panel):
            self.stack.addWidget(panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 18)
        layout.addWidget(self.stack)
        self._shortcuts()
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._update_clock)
        ctx.bus.changes_applied.connect(self.on_changes)
        ctx.bus.start_quiz.connect(self.start)
        self.update_match_count()

    # --- building -----------------------------------------------------------------------
    def _build_setup(self) -> QWidget:
        panel = QWidget()
        outer = QVBoxLayout(panel)
        outer.addStretch(1)
        card = named(QFrame(), "card")
        card.setMaximumWidth(560)
        form_box = QVBoxLayout(card)
        form_box.setContentsMargins(28, 24, 28, 24)
        form_box.addWidget(named(QLabel("Start a study session"), "h1"))
        form_box.addWidget(
            named(
                QLabel(
                    "Think through (or say aloud) your answer, reveal the model answer, "
                    "then rate how well you did. Keys: Space reveal, 1-4 rate, Ctrl+Z undo.",
                    wordWrap=True,
                ),
                "muted",
            )
        )
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.kind = QComboBox()
        for kind, label in KIND_LABELS:
            self.kind.addItem(label, kind)
        self.topic = QComboBox()
        self.topic.addItem("Any topic", "")
        for topic in self.ctx.services.library.topics:
            self.topic.addItem(topic.name, topic.id)
        self.limit = QSpinBox(minimum=1, maximum=50, value=10)
        form.addRow("Study", self.kind)
        form.addRow("Topic", self.topic)
        form.addRow("Questions", self.limit)
        form_box.addLayout(form)
        self.match_label = named(QLabel(), "muted")
        form_box.addWidget(self.match_label)
        self.start_button = named(QPushButton("Start session"), "primary")
        self.start_button.clicked.connect(self._start_from_setup)
        form_box.addWidget(self.start_button)
        for widget in (self.kind, self.topic):
            widget.currentIndexChanged.connect(self.update_match_count)
        self.limit.valueChanged.connect(self.update_match_count)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        return panel

    def _build_card(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.progress_label = named(QLabel(), "muted")
        self.progress = QProgressBar(textVisible=False)
        self.progress.setFixedHeight(8)
        self.clock_label = named(QLabel(), "muted")
        self.end_button = QPushButton("End session (Esc)")
        self.end_button.clicked.connect(self.end_session)
        top.addWidget(self.progress_label)
        top.addWidget(self.progress, 1)
        top.addWidget(self.clock_label)
        top.addWidget(self.end_button)
        layout.addLayout(top)
        self.card_badge = named(QLabel(), "badge")
        layout.addWidget(self.card_badge, 0, Qt.AlignmentFlag.AlignLeft)
        self.card_title = named(QLabel(wordWrap=True), "questiontitle")
        layout.addWidget(self.card_title)

        self.hidden_hint = named(QFrame(), "card")
        hint_layout = QVBoxLayout(self.hidden_hint)
        hint_layout.setContentsMargins(24, 40, 24, 40)
        hint = named(
            QLabel(
                "Answer it in your head or out loud, as you would in an interview.",
                alignment=Qt.AlignmentFlag.AlignCenter,
                wordWrap=True,
            ),
            "muted",
        )
        self.reveal_button = named(QPushButton("Show answer   (Space)"), "primary")
        self.reveal_button.clicked.connect(self.reveal)
        hint_layout.addWidget(hint)
        hint_layout.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.hidden_hint, 1)

        self.answer = AnswerView(self.ctx.renderer)
        layout.addWidget(self.answer, 1)
        self.points_box = named(QFrame(), "card")
        points_layout = QVBoxLayout(self.points_box)
        points_layout.setContentsMargins(16, 10, 16, 10)
        points_layout.addWidget(named(QLabel("Key points you covered"), "h2"))
        self.points_grid = QGridLayout()
        points_layout.addLayout(self.points_grid)
        self.point_boxes: list[QCheckBox] = []
        layout.addWidget(self.points_box)

        rate_row = QHBoxLayout()
        self.undo_button = QPushButton("Undo (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo)
        rate_row.addWidget(self.undo_button)
        rate_row.addStretch(1)
        self.rate_buttons: dict[Rating, QPushButton] = {}
        for rating in Rating:
            button = QPushButton()
            button.setMinimumWidth(110)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, r=rating: self.rate(r))
            self.rate_buttons[rating] = button
            rate_row.addWidget(button)
        layout.addLayout(rate_row)
        for button in (self.reveal_button, self.end_button, self.undo_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return panel

    def _build_summary(self) -> QWidget:
        panel = QWidget()
        outer = QVBoxLayout(panel)
        outer.addStretch(1)
        card = named(QFrame(), "card")
        card.setMaximumWidth(560)
        box = QVBoxLayout(card)
        box.setContentsMargins(28, 24, 28, 24)
        box.addWidget(named(QLabel("Session complete"), "h1"))
        self.summary_text = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        box.addWidget(self.summary_text)
        row = QHBoxLayout()
        self.again_button = named(QPushButton("Practise the missed ones now"), "primary")
        self.again_button.clicked.connect(self._practise_missed)
        self.new_session_button = QPushButton("New session")
        self.new_session_button.clicked.connect(self.show_setup)
        row.addWidget(self.again_button)
        row.addWidget(self.new_session_button)
        box.addLayout(row)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        return panel

    def _shortcuts(self) -> None:
        def bind(key: str | QKeySequence.StandardKey, slot: object) -> None:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        bind("Space", self.reveal)
        for rating in Rating:
            bind(str(int(rating)), lambda r=rating: self.rate(r))
        bind(QKeySequence.StandardKey.Undo, self.undo)
        bind("Escape", self.end_session)
        for index, key in enumerate("QWERTYU"):
            bind(key, lambda i=index: self._toggle_point(i))

    # --- setup ----------------------------------------------------------------------------
    def current_spec(self) -> QueueSpec:
        topic = self.topic.currentData()
        return QueueSpec(
            kind=self.kind.currentData(),
            topics=(topic,) if topic else (),
            limit=self.limit.value(),
        )

    @Slot()
    def update_match_count(self) -> None:
        count = len(self.ctx.services.study.build_queue(self.current_spec()))
        self.match_label.setText(
            f"{count} question{'s' if count != 1 else ''} match this choice."
            if count
            else "Nothing matches this choice right now: try another set."
        )
        self.start_button.setEnabled(count > 0)

    def show_setup(self) -> None:
        self.session = None
        self._tick.stop()
        self.update_match_count()
        self.stack.setCurrentWidget(self.setup_panel)

    @Slot()
    def _start_from_setup(self) -> None:
        self.start(self.current_spec())

    @Slot(object)
    def start(self, spec: QueueSpec) -> None:
        queue = self.ctx.services.study.build_queue(spec)
        if not queue:
            self.show_setup()
            return
        self.session = SessionLog(queue, started=self.ctx.services.clock.now())
        self.stack.setCurrentWidget(self.card_panel)
        self._tick.start()
        self._show_current()
        self.setFocus()

    # --- card -----------------------------------------------------------------------------
    def _show_current(self) -> None:
        session = self.session
        assert session is not None
        if session.position >= len(session.queue):
            self._show_summary()
            return
        question = self.ctx.services.library.question(session.queue[session.position])
        assert question is not None
        self.question = question
        self.revealed = False
        self.shown_at = self.ctx.services.clock.now()
        total = len(session.queue)
        self.progress_label.setText(f"{session.position + 1} / {total}")
        self.progress.setRange(0, total)
        self.progress.setValue(session.position)
        library = self.ctx.services.library
        self.card_badge.setText(
            f"Q{question.id}  ·  {library.topic_name(question.topic)}  ·  "
            f"{question.difficulty_label}"
        )
        self.card_title.setText(question.title)
        self.hidden_hint.show()
        self.answer.hide()
        self.points_box.hide()
        for button in self.rate_buttons.values():
            button.setEnabled(False)
            button.setText("")
            button.hide()
        self.undo_button.setEnabled(bool(session.results))
        self._update_clock()

    @Slot()
    def reveal(self) -> None:
        if self.stack.currentWidget() is not self.card_panel or self.revealed:
            return
        question = self.question
        if question is None:
            return
        self.revealed = True
        self.hidden_hint.hide()
        self.answer.show_html(self.ctx.renderer.render_question(question, extras=False).html)
        self.answer.show()
        self._fill_points(question)
        self.points_box.show()
        preview = self.ctx.services.study.preview(question.id)
        colours = self.ctx.theme.ratings
        for rating, button in self.rate_buttons.items():
            button.setText(f"{int(rating)}  {rating.label}   {format_interval(preview[rating])}")
            button.setStyleSheet(
                f"QPushButton {{ border: 1px solid {colours[rating - 1]}; font-weight: 600; }}"
                f"QPushButton:hover {{ background: {colours[rating - 1]}; color: #ffffff; }}"
            )
            button.setEnabled(True)
            button.show()

    def _fill_points(self, question: Question) -> None:
        for box in self.point_boxes:
            self.points_grid.removeWidget(box)
            box.deleteLater()
        self.point_boxes = []
        keys = "QWERTYU"
        for index, point in enumerate(question.key_points):
            box = QCheckBox(f"{point}   [{keys[index]}]")
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.points_grid.addWidget(box, index // 2, index % 2)
            self.point_boxes.append(box)

    def _toggle_point(self, index: int) -> None:
        if self.revealed and index < len(self.point_boxes):
            self.point_boxes[index].toggle()

    @Slot()
    def rate(self, rating: Rating) -> None:
        if not self.revealed or self.session is None or self.question is None:
            return
        now = self.ctx.services.clock.now()
        elapsed = int((now - self.shown_at).total_seconds() * 1000) if self.shown_at else 0
        ticked = tuple(i for i, box in enumerate(self.point_boxes) if box.isChecked())
        result = self.ctx.services.study.rate(
            NewReview(self.question.id, rating, elapsed, ticked=ticked)
        )
        self.session.results.append(result)
        self.session.position += 1
        self.ctx.bus.publish(result.changes)
        self._show_current()

    @Slot()
    def undo(self) -> None:
        session = self.session
        if session is None or not session.results or self.stack.currentWidget() is self.setup_panel:
            return
        result = session.results.pop()
        changes = self.ctx.services.study.undo(result)
        session.position = session.queue.index(result.review.question_id, 0)
        session.position = max(0, session.position)
        self.stack.setCurrentWidget(self.card_panel)
        self._tick.start()
        self.ctx.bus.publish(changes)
        self._show_current()

    @Slot()
    def end_session(self) -> None:
        if self.stack.currentWidget() is self.card_panel and self.session is not None:
            self._show_summary()

    def _update_clock(self) -> None:
        if self.shown_at is None:
            return
        seconds = int((self.ctx.services.clock.now() - self.shown_at).total_seconds())
        self.clock_label.setText(f"{seconds // 60}:{seconds % 60:02d}")

    # --- summary --------------------------------------------------------------------------
    def _show_summary(self) -> None:
        session = self.session
        assert session is not None
        self._tick.stop()
        results = session.results
        counts = {rating: 0 for rating in Rating}
        for result in results:
            counts[result.review.rating] += 1
        total_ms = sum(r.review.duration_ms for r in results)
        missed = [r.review.question_id for r in results if r.review.rating == Rating.AGAIN]
        colours = self.ctx.theme.ratings
        parts = "  ".join(
            f"<span style='color:{colours[r - 1]}; font-weight:600'>{r.label} {counts[r]}</span>"
            for r in Rating
        )
        average = (total_ms / len(results) / 1000) if results else 0
        self.summary_text.setText(
            f"<p>You answered <b>{len(results)}</b> question{'s' if len(results) != 1 else ''} "
            f"in {total_ms // 60000} min {total_ms // 1000 % 60} s "
            f"(about {average:.0f} s each).</p><p>{parts}</p>"
            + (
                f"<p>Missed: {', '.join(f'Q{q}' for q in missed)}</p>"
                if missed
                else "<p>No question rated Again: well done.</p>"
            )
        )
        self._missed = missed
        self.again_button.setVisible(bool(missed))
        self.stack.setCurrentWidget(self.summary_panel)

    @Slot()
    def _practise_missed(self) -> None:
        if self._missed:
            self.start(QueueSpec(question_ids=tuple(self._missed), limit=len(self._missed)))

    @Slot(object)
    def on_changes(self, changes: Changes) -> None:
        if changes.settings:
            self.answer.set_renderer(self.ctx.renderer)
            if self.revealed and self.question is not None:
                self.revealed = False
                self.reveal()
        if (changes.reviews or changes.stars) and self.stack.currentWidget() is self.setup_panel:
            self.update_match_count()
