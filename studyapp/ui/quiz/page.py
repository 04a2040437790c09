"""Quiz: the study loop. Set up a session, see a question, reveal, tick, rate, repeat.

This page is the controller: the panels in setup.py, card.py and summary.py only lay out
widgets; every decision about what is shown, and every call into the services, is here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from studyapp.domain import Changes, NewReview, Question, Rating, ReviewMode
from studyapp.scheduling.fsrs_scheduler import format_interval
from studyapp.scheduling.suggest import suggest_rating, suggest_ticks
from studyapp.services.study import QueueSpec, RatingResult
from studyapp.stats.session import summarize_session
from studyapp.storage.database import StorageError
from studyapp.ui.context import UiContext
from studyapp.ui.data_safety import report_not_saved
from studyapp.ui.quiz.card import POINT_KEYS, CardPanel
from studyapp.ui.quiz.setup import SessionSetup, SetupPanel
from studyapp.ui.quiz.summary import SummaryPanel
from studyapp.ui.widgets.answer_view import AnswerView
from studyapp.ui.widgets.note_dialog import NoteDialog

LAST_SETUP_KEY = "last_session_setup"


@dataclass(frozen=True)
class Step:
    """Where the session is: a question, or one of its follow-ups (index into follow_ups)."""

    position: int
    follow_up: int | None = None


@dataclass
class ActiveSession:
    setup: SessionSetup
    queue: list[int]
    step: Step = Step(0)
    done: list[tuple[RatingResult, Step]] = field(default_factory=list)


class QuizPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.ctx = ctx
        self.session: ActiveSession | None = None
        self.question: Question | None = None
        self.shown_at: datetime | None = None
        self.revealed = False
        self.suggested: Rating | None = None

        self.setup = SetupPanel(ctx.services.library.topics)
        self.answer = AnswerView(ctx.renderer)
        self.card = CardPanel(self.answer)
        self.summary = SummaryPanel()
        self.stack = QStackedWidget()
        for panel in (self.setup, self.card, self.summary):
            self.stack.addWidget(panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 18)
        layout.addWidget(self.stack)

        self._connect()
        self._shortcuts()
        self._tick = QTimer(self, interval=250)
        self._tick.timeout.connect(self.update_clock)
        defaults = ctx.services.settings.load()
        self.setup.load(
            SessionSetup(
                limit=defaults.new_per_session,
                mock_seconds=defaults.mock_seconds,
                type_answer=defaults.type_answer,
                follow_ups=defaults.follow_up_drill,
            )
        )
        self.update_match_count()

    # --- wiring -----------------------------------------------------------------------------
    def _connect(self) -> None:
        self.setup.start_requested.connect(self.start_setup)
        self.setup.repeat_requested.connect(self.repeat_last)
        self.setup.setup_changed.connect(self.update_match_count)
        card = self.card
        card.reveal_button.clicked.connect(self.reveal)
        card.end_button.clicked.connect(self.end_session)
        card.undo_button.clicked.connect(self.undo)
        card.skip_button.clicked.connect(self.skip)
        card.star_button.clicked.connect(self.toggle_star)
        card.note_button.clicked.connect(self.edit_note)
        for rating, button in card.rate_buttons.items():
            button.clicked.connect(lambda _=False, r=rating: self.rate(r))
        self.summary.again_button.clicked.connect(self._practise_missed)
        self.summary.new_button.clicked.connect(self.show_setup)
        self.summary.undo_button.clicked.connect(self.undo)
        self.ctx.bus.changes_applied.connect(self.on_changes)
        self.ctx.bus.start_quiz.connect(self.start_spec)

    def _shortcuts(self) -> None:
        def bind(key: QKeySequence | str, slot: object) -> None:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        bind("Space", self.reveal)
        bind("Ctrl+Return", self.reveal)
        bind("Ctrl+Enter", self.reveal)
        for rating in Rating:
            bind(str(int(rating)), lambda r=rating: self.rate(r))
        bind(QKeySequence(QKeySequence.StandardKey.Undo), self.undo)
        bind("Escape", self.end_session)
        bind("S", self.skip)
        bind("*", self.toggle_star)
        bind("N", self.edit_note)
        for index, key in enumerate(POINT_KEYS):
            bind(key, lambda i=index: self._toggle_point(i))

    # --- set-up ---------------------------------------------------------------------------
    def _last_setup(self) -> SessionSetup | None:
        return SessionSetup.from_json(self.ctx.services.settings.get_value(LAST_SETUP_KEY))

    @Slot()
    def update_match_count(self) -> None:
        count = len(self.ctx.services.study.build_queue(self.setup.current().spec()))
        last = self._last_setup()
        names = {t.id: t.name for t in self.ctx.services.library.topics}
        self.setup.show_match_count(count, last.describe(names) if last else None)

    def show_setup(self) -> None:
        self.session = None
        self.question = None
        self._tick.stop()
        self.update_match_count()
        self.stack.setCurrentWidget(self.setup)

    @Slot(object)
    def start_setup(self, setup: SessionSetup) -> None:
        self.ctx.services.settings.set_value(LAST_SETUP_KEY, setup.to_json())
        self._begin(setup, self.ctx.services.study.build_queue(setup.spec()))

    @Slot()
    def repeat_last(self) -> None:
        last = self._last_setup()
        if last is not None:
            self.setup.load(last)
            self.start_setup(last)

    @Slot(object)
    def start_spec(self, spec: QueueSpec) -> None:
        """Start from elsewhere (browser, dashboard) with this page's current modes."""
        setup = self.setup.current()
        self._begin(setup, self.ctx.services.study.build_queue(spec))

    def _begin(self, setup: SessionSetup, queue: list[int]) -> None:
        if not queue:
            self.show_setup()
            return
        self.session = ActiveSession(setup, queue)
        self.stack.setCurrentWidget(self.card)
        self._tick.start()
        self._show_step()

    # --- the card -------------------------------------------------------------------------
    def _show_step(self) -> None:
        session = self.session
        assert session is not None
        step = session.step
        if step.position >= len(session.queue):
            self._show_summary()
            return
        question = self.ctx.services.library.question(session.queue[step.position])
        assert question is not None
        self.question = question
        self.revealed = False
        self.suggested = None
        self.shown_at = self.ctx.services.clock.now()
        card = self.card
        total = len(session.queue)
        card.progress_label.setText(f"{step.position + 1} / {total}")
        card.progress.setRange(0, total)
        card.progress.setValue(step.position)
        card.mode_label.setText("Mock interview" if session.setup.mock else "")
        card.mode_label.setVisible(session.setup.mock)
        library = self.ctx.services.library
        badge = (
            f"Q{question.id}  ·  {library.topic_name(question.topic)}  ·  "
            f"{question.difficulty_label}"
        )
        if step.follow_up is None:
            card.badge.setText(badge)
            card.title.setText(question.title)
            card.followup_label.hide()
        else:
            count = len(question.follow_ups)
            card.badge.setText(f"Follow-up {step.follow_up + 1} of {count}  ·  {badge}")
            card.title.setText(question.follow_ups[step.follow_up].question)
            card.followup_label.setText(f"After: {question.title}")
            card.followup_label.show()
        self._refresh_star()
        card.prompt.show()
        typing = session.setup.type_answer and step.follow_up is None
        card.typed.setVisible(typing)
        card.typed.clear()
        card.prompt_text.setText(
            "Type your answer, then press Ctrl+Enter to compare it with the model answer."
            if typing
            else "Answer it in your head or out loud, as you would in an interview."
        )
        card.split.hide()
        card.points_box.hide()
        for button in card.rate_buttons.values():
            button.hide()
        card.undo_button.setEnabled(bool(session.done))
        if typing:
            card.typed.setFocus()
        else:
            self.setFocus()
        self.update_clock()

    @Slot()
    def reveal(self) -> None:
        session, question = self.session, self.question
        if self.stack.currentWidget() is not self.card or self.revealed or not session:
            return
        if question is None:
            return
        self.revealed = True
        card = self.card
        step = session.step
        typing = session.setup.type_answer and step.follow_up is None
        typed = card.typed.toPlainText().strip() if typing else ""
        card.prompt.hide()
        if step.follow_up is None:
            doc = self.ctx.renderer.render_question(question, extras=False)
        else:
            doc = self.ctx.renderer.render_markdown(question.follow_ups[step.follow_up].answer)
        self.answer.show_html(doc.html)
        card.your_box.setVisible(bool(typed))
        card.your_answer.setPlainText(typed)
        card.split.show()
        if step.follow_up is None:
            card.set_points(question.key_points)
            ticks = suggest_ticks(question.key_points, typed)
            card.mark_suggested(ticks, self.ctx.theme)
            card.points_hint.setText(
                "Ticks marked “suggested” come from your typed answer; change any of them."
                if typed
                else "Tick with the mouse or the keys in brackets."
            )
            self.suggested = suggest_rating(len(ticks), len(question.key_points)) if typed else None
            card.points_box.show()
            preview = self.ctx.services.study.preview(question.id)
            for rating, button in card.rate_buttons.items():
                button.setText(
                    f"{int(rating)}  {rating.label}   {format_interval(preview[rating])}"
                )
        else:
            card.points_box.hide()
            for rating, button in card.rate_buttons.items():
                button.setText(f"{int(rating)}  {rating.label}")
        card.style_rating(self.ctx.theme, self.suggested)
        for button in card.rate_buttons.values():
            button.show()
        self.setFocus()
        self.update_clock()

    def _toggle_point(self, index: int) -> None:
        if self.revealed and index < len(self.card.point_boxes):
            self.card.point_boxes[index].toggle()

    @Slot()
    def rate(self, rating: Rating) -> None:
        session, question = self.session, self.question
        if not self.revealed or session is None or question is None:
            return
        if self.stack.currentWidget() is not self.card:
            return
        now = self.ctx.services.clock.now()
        elapsed = int((now - self.shown_at).total_seconds() * 1000) if self.shown_at else 0
        step = session.step
        if step.follow_up is not None:
            mode = ReviewMode.FOLLOW_UP
        else:
            mode = ReviewMode.MOCK if session.setup.mock else ReviewMode.NORMAL
        boxes = self.card.point_boxes if step.follow_up is None else []
        typed = self.card.your_answer.toPlainText() if step.follow_up is None else ""
        review = NewReview(
            question.id,
            rating,
            elapsed,
            mode,
            typed_answer=typed or None,
            ticked=tuple(i for i, box in enumerate(boxes) if box.isChecked()),
            suggested=tuple(i for i, box in enumerate(boxes) if "suggested" in box.text()),
        )
        try:
            result = self.ctx.services.study.rate(review)
        except StorageError as error:  # not saved: say so and stay on this question
            report_not_saved(self, f"Your rating of Q{question.id} was not saved.", error)
            return
        session.done.append((result, step))
        session.step = self._next_step(session, question)
        self.ctx.bus.publish(result.changes)
        self._show_step()

    def _next_step(self, session: ActiveSession, question: Question) -> Step:
        step = session.step
        follow = -1 if step.follow_up is None else step.follow_up
        if session.setup.follow_ups and follow + 1 < len(question.follow_ups):
            return Step(step.position, follow + 1)
        return Step(step.position + 1)

    @Slot()
    def skip(self) -> None:
        session = self.session
        if session is None or self.stack.currentWidget() is not self.card:
            return
        session.step = Step(session.step.position + 1)
        self._show_step()

    @Slot()
    def undo(self) -> None:
        session = self.session
        if session is None or not session.done or self.stack.currentWidget() is self.setup:
            return
        result, step = session.done.pop()
        changes = self.ctx.services.study.undo(result)
        session.step = step
        self.stack.setCurrentWidget(self.card)
        self._tick.start()
        self.ctx.bus.publish(changes)
        self._show_step()

    @Slot()
    def end_session(self) -> None:
        if self.stack.currentWidget() is not self.card or self.session is None:
            return
        if self.session.done:
            self._show_summary()
        else:
            self.show_setup()

    @Slot()
    def toggle_star(self) -> None:
        if self.question is None or self.stack.currentWidget() is not self.card:
            return
        library = self.ctx.services.library
        starred = self.question.id in library.starred()
        self.ctx.bus.publish(library.set_starred(self.question.id, not starred))
        self._refresh_star()

    def _refresh_star(self) -> None:
        if self.question is not None:
            starred = self.question.id in self.ctx.services.library.starred()
            self.card.star_button.setText("★ Starred" if starred else "☆ Star")

    @Slot()
    def edit_note(self) -> None:
        question = self.question
        if question is None or self.stack.currentWidget() is not self.card:
            return
        library = self.ctx.services.library
        dialog = NoteDialog(f"Q{question.id}. {question.title}", library.note(question.id), self)
        if dialog.exec():
            self.ctx.bus.publish(library.set_note(question.id, dialog.text()))

    @Slot()
    def update_clock(self) -> None:
        session = self.session
        if session is None or self.shown_at is None or self.stack.currentWidget() is not self.card:
            return
        elapsed = int((self.ctx.services.clock.now() - self.shown_at).total_seconds())
        label = self.card.clock_label
        if session.setup.mock and session.step.follow_up is None:
            left = session.setup.mock_seconds - elapsed
            if left > 0:
                label.setText(f"{left // 60}:{left % 60:02d} left")
                label.setStyleSheet("")
            else:
                over = -left
                label.setText(f"+{over // 60}:{over % 60:02d} over")
                label.setStyleSheet(f"color: {self.ctx.theme.ratings[0]}; font-weight: 600;")
                if not self.revealed:
                    self.reveal()
        else:
            label.setText(f"{elapsed // 60}:{elapsed % 60:02d}")
            label.setStyleSheet("")

    # --- summary --------------------------------------------------------------------------
    def _show_summary(self) -> None:
        session = self.session
        assert session is not None
        self._tick.stop()
        services = self.ctx.services
        reviews = [result.review for result, _ in session.done]
        questions = {q.id: q for q in services.library.questions}
        summary = summarize_session(reviews, questions, services.study.cards())
        clock = services.clock
        self.summary.show_summary(
            summary,
            services.progress.streaks(),
            self.ctx.theme,
            services.library.topic_name,
            clock.local_tz(),
            clock.now(),
        )
        self._missed = summary.missed
        self.summary.undo_button.setEnabled(bool(session.done))
        self.stack.setCurrentWidget(self.summary)
        self.question = None

    @Slot()
    def _practise_missed(self) -> None:
        missed = getattr(self, "_missed", ())
        if missed:
            self.start_spec(QueueSpec(question_ids=tuple(missed), limit=len(missed)))

    @Slot(object)
    def on_changes(self, changes: Changes) -> None:
        if changes.settings:
            self.answer.set_renderer(self.ctx.renderer)
            if self.revealed and self.question is not None:
                self.revealed = False
                self.reveal()
        if (changes.reviews or changes.stars) and self.stack.currentWidget() is self.setup:
            self.update_match_count()
