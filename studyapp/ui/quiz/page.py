"""Quiz: the study loop. Set up a session, see a question, reveal, tick, rate, repeat.

This page is the controller: the panels in setup.py, card.py and summary.py only lay out
widgets; every decision about what is shown, and every call into the services, is here.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from studyapp.content.asked_as import canonical_note, choose_prompt
from studyapp.domain import Changes, NewReview, Question, Rating, ReviewMode
from studyapp.grading.rating import suggest_rating
from studyapp.scheduling.fsrs_scheduler import format_interval
from studyapp.services.study import QueueKind, QueueSpec, RatingResult
from studyapp.stats.session import summarize_session
from studyapp.storage.database import StorageError
from studyapp.ui.context import UiContext
from studyapp.ui.data_safety import report_not_saved
from studyapp.ui.quiz.card import POINT_KEYS, POINTS_HINT, CardPanel
from studyapp.ui.quiz.setup import KIND_LABELS, SessionSetup, SetupPanel
from studyapp.ui.quiz.summary import SummaryPanel
from studyapp.ui.voice.controller import SpeakController, delivery_json
from studyapp.ui.voice.speak_bar import SpeakBar
from studyapp.ui.voice.spoken_panel import SpokenPanel
from studyapp.ui.voice.style import voice_style
from studyapp.ui.widgets.answer_view import AnswerView
from studyapp.ui.widgets.note_dialog import NoteDialog
from studyapp.wording import plural

if TYPE_CHECKING:  # the checker loads its stemmer at the first graded answer
    from studyapp.grading.checker import Grade
    from studyapp.voice.spoken import SpokenAnswer

LAST_SETUP_KEY = "last_session_setup"
# R records before the reveal (Speak mode); after it, R ticks the fourth key point as ever.
SPEAK_KEY = "R"
PLAY_KEY = "P"
# A mock countdown turns amber for its last seconds: a warning before the answer is revealed.
MOCK_WARN_SECONDS = 15


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
    drill: bool = False  # follow-up drill on for every question: the set-up's choice
    # F flips the drill for the current question only (None: as the set-up says); it lapses
    # when the session moves on, so one F never turns the drill on for the rest (gui.md 17).
    drill_here: bool | None = None
    read_after: int | None = None  # the question Browse showed when "Quiz me on this" began

    @property
    def drilling(self) -> bool:
        """Whether the current question's follow-ups come after its rating."""
        return self.drill if self.drill_here is None else self.drill_here

    def move_to(self, step: Step) -> None:
        if step.position != self.step.position:
            self.drill_here = None
        self.step = step

    @property
    def mode(self) -> ReviewMode:
        return ReviewMode.MOCK if self.setup.mock else ReviewMode.NORMAL


class QuizPage(QWidget):
    message = Signal(str)  # a short note for the status bar ("Undid Easy on Q4 ...")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        # The page holds focus so its single-key shortcuts work; it is not a control, so Tab
        # passes it by (a stop there would show no focus and do nothing).
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setAccessibleName("Quiz")
        self.ctx = ctx
        self.session: ActiveSession | None = None
        self.question: Question | None = None
        self.prompt = ""  # the wording the current card was asked in
        self._rng = random.Random()
        self.shown_at: datetime | None = None
        self.revealed = False
        self.suggested: Rating | None = None
        self.grade: Grade | None = None  # the checker's reading of the typed answer
        self._missed: tuple[int, ...] = ()
        self._prepared: tuple[int, Step] | None = None  # the card whose answer is loaded
        self.points_folded = False  # K folds the checklist for the rest of the session

        self.setup = SetupPanel(ctx.services.library.topics)
        self.answer = AnswerView(ctx.renderer)
        self.answer.setAccessibleName("Model answer")
        self.card = CardPanel(self.answer, ctx.theme)
        self.summary = SummaryPanel(ctx.theme)
        # Speak mode: the recording strip above the reveal button, the replay and transcript
        # under the learner's answer once revealed.
        self.speak_bar = SpeakBar()
        prompt_layout = self.card.prompt.layout()
        assert isinstance(prompt_layout, QVBoxLayout)
        prompt_layout.insertWidget(prompt_layout.indexOf(self.card.reveal_button), self.speak_bar)
        self.spoken_panel = SpokenPanel(self.card.your_answer)
        your_layout = self.card.your_box.layout()
        assert isinstance(your_layout, QVBoxLayout)
        your_layout.insertWidget(2, self.spoken_panel)
        self.spoken_panel.hide()
        self.speak = SpeakController(self.speak_bar, self)
        self.spoken: SpokenAnswer | None = None  # the current card's spoken answer
        self._spoken_audio: tuple[str, str | None] | None = None  # uid, file once kept
        self._apply_voice_theme()
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
        card.follow_button.clicked.connect(self.toggle_follow_ups)
        card.points_changed.connect(self._update_suggestion)
        self.speak.on_click = self.toggle_speaking
        self.speak.answered.connect(self._spoken_answer)
        self.spoken_panel.edited.connect(self._transcript_edited)
        for rating, button in card.rate_buttons.items():
            button.clicked.connect(lambda _=False, r=rating: self.rate(r))
        self.summary.again_button.clicked.connect(self._practise_missed)
        self.summary.new_button.clicked.connect(self.show_setup)
        self.summary.undo_button.clicked.connect(self.undo)
        self.summary.back_button.clicked.connect(self._back_to_reading)
        self.ctx.bus.changes_applied.connect(self.on_changes)
        self.ctx.bus.start_quiz.connect(self.start_spec)

    def _shortcuts(self) -> None:
        """Card keys live only while the card shows, so Space still ticks a box in the set-up
        and letters still type; Enter starts from the set-up or the summary."""
        card_keys: list[QShortcut] = []
        panel_keys: list[QShortcut] = []

        def bind(key: QKeySequence | str, slot: object, group: list[QShortcut]) -> None:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            group.append(shortcut)

        bind("Space", self.reveal, card_keys)
        bind("Ctrl+Return", self.reveal, card_keys)
        bind("Ctrl+Enter", self.reveal, card_keys)
        bind("F", self.toggle_follow_ups, card_keys)
        for rating in Rating:
            bind(str(int(rating)), lambda r=rating: self.rate(r), card_keys)
        bind("Escape", self.end_session, card_keys)
        bind("S", self.skip, card_keys)
        bind("*", self.toggle_star, card_keys)
        bind("N", self.edit_note, card_keys)
        bind("K", self.toggle_points, card_keys)
        for index, key in enumerate(POINT_KEYS):
            if key == SPEAK_KEY:
                bind(key, lambda i=index: self._speak_or_tick(i), card_keys)
            else:
                bind(key, lambda i=index: self._toggle_point(i), card_keys)
        bind(PLAY_KEY, self.spoken_panel.toggle_play, card_keys)
        bind("Return", self._start_from_keyboard, panel_keys)
        bind("Enter", self._start_from_keyboard, panel_keys)
        undo: list[QShortcut] = []
        bind(QKeySequence(QKeySequence.StandardKey.Undo), self.undo, undo)

        def sync(_index: int = 0) -> None:
            on_card = self.stack.currentWidget() is self.card
            for shortcut in card_keys:
                shortcut.setEnabled(on_card)
            for shortcut in panel_keys:
                shortcut.setEnabled(not on_card)
            undo[0].setEnabled(self.stack.currentWidget() is not self.setup)

        self.stack.currentChanged.connect(sync)
        sync()

    # --- set-up ---------------------------------------------------------------------------
    def _last_setup(self) -> SessionSetup | None:
        return SessionSetup.from_json(self.ctx.services.settings.get_value(LAST_SETUP_KEY))

    @Slot()
    def update_match_count(self) -> None:
        study = self.ctx.services.study
        current = self.setup.current()
        spec = current.spec()
        count = study.count_matching(spec)
        self.setup.show_kind_counts(
            {
                kind.value: study.count_matching(QueueSpec(kind=kind, topics=spec.topics))
                for kind, _ in KIND_LABELS
                if kind != QueueKind.WEAK  # every studied question is offered, weakest first
            }
        )
        last = self._last_setup()
        names = {t.id: t.name for t in self.ctx.services.library.topics}
        held = study.new_held_back() if spec.kind in (QueueKind.NEW, QueueKind.MIXED) else 0
        self.setup.show_match_count(
            count, current.limit, last.describe(names) if last else None, new_held_back=held
        )

    @Slot()
    def _start_from_keyboard(self) -> None:
        if self.stack.currentWidget() is self.setup and self.setup.start_button.isEnabled():
            self.start_setup(self.setup.current())
        elif self.stack.currentWidget() is self.summary:
            if self.session is not None and self.session.read_after is not None:
                self._back_to_reading()  # Enter goes back where "Quiz me on this" began
            else:
                self.show_setup()

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
        """Start from elsewhere (browser, dashboard) with this page's current modes. A session
        still under way is never replaced unasked: the user may go back to it instead."""
        if not self._may_replace_session():
            return
        setup = self.setup.current()
        self._begin(setup, self.ctx.services.study.build_queue(spec))
        if self.session is not None:
            self.session.read_after = spec.read_after

    def session_in_progress(self) -> bool:
        """A session has a card on screen that is not finished yet."""
        session = self.session
        return (
            session is not None
            and self.stack.currentWidget() is self.card
            and session.step.position < len(session.queue)
        )

    def _may_replace_session(self) -> bool:
        """Asks before a new session replaces the one under way; "Resume" (the default) keeps
        it, with the card and any typed draft as they were."""
        session = self.session
        if session is None or not self.session_in_progress():
            return True
        rated = sum(1 for _result, step in session.done if step.follow_up is None)
        draft = self._typing() and bool(self.card.typed.toPlainText().strip())
        lines = [
            f"A session is under way: {rated} of {len(session.queue)} "
            f"{plural(len(session.queue), 'question')} rated."
        ]
        if draft:
            lines.append("Your typed answer to the current question has not been saved yet.")
        lines.append("Your ratings so far are saved either way.")
        box = QMessageBox(
            QMessageBox.Icon.Question, "Replace the session?", " ".join(lines), parent=self
        )
        resume = box.addButton("Resume the session", QMessageBox.ButtonRole.RejectRole)
        box.addButton(
            "Discard the draft and start" if draft else "Start the new session",
            QMessageBox.ButtonRole.DestructiveRole if draft else QMessageBox.ButtonRole.AcceptRole,
        )
        box.setDefaultButton(resume)
        box.setEscapeButton(resume)
        box.exec()
        return box.clickedButton() is not resume

    def _begin(self, setup: SessionSetup, queue: list[int]) -> None:
        if not queue:
            self.show_setup()
            return
        self.session = ActiveSession(setup, queue, drill=setup.follow_ups)
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
        if question is None:  # an own question deleted from Browse during the session
            session.step = Step(step.position + 1)
            self._show_step()
            return
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
        follow_ups = len(question.follow_ups)
        if step.follow_up is None:
            card.badge.setText(badge)
            self.prompt = choose_prompt(question, self._rng)
            card.title.setText(self.prompt)
            card.followup_label.hide()
        else:
            card.badge.setText(f"Follow-up {step.follow_up + 1} of {follow_ups}  ·  {badge}")
            card.title.setText(question.follow_ups[step.follow_up].question)
            card.followup_label.setText(f"The interviewer follows up on: {question.title}")
            card.followup_label.show()
        card.follow_button.setVisible(follow_ups > 0 and step.follow_up is None)
        card.follow_button.setChecked(session.drilling)
        self._label_follow_button()
        self._refresh_star()
        card.body.setCurrentWidget(card.prompt)
        self._reset_voice(step.follow_up is None)
        typing = self._typing()
        card.typed.setVisible(typing)
        card.typed.clear()
        mock = session.setup.mock and step.follow_up is None
        card.prompt_clock.setVisible(mock)
        if typing:
            hint = "Type your answer, then press Ctrl+Enter to compare it with the model answer."
        elif mock:
            hint = "Answer out loud as in the interview; the answer shows when time is up."
        else:
            hint = "Answer it in your head or out loud, as you would in an interview."
        card.prompt_text.setText(hint)
        points = len(question.key_points)
        card.prompt_points.setText(
            f"The model answer has {points} key points to hit."
            if step.follow_up is None and points
            else ""
        )
        card.prompt_points.setVisible(not typing)
        card.suggestion.hide()
        card.key_hints.show()
        for button in card.rate_buttons.values():
            button.hide()
        card.undo_button.setEnabled(bool(session.done))
        card.show_hints(False)
        if typing:
            card.typed.setFocus()
        else:
            self.setFocus()
        self.update_clock()
        # Typeset the answer while the user thinks, so Space shows it at once.
        QTimer.singleShot(40, self._prerender)  # after the new card has painted

    @Slot()
    def _prerender(self) -> None:
        if not self.revealed:
            self._prepare_answer()

    def _prepare_answer(self) -> None:
        """Put the model answer (still hidden) in the answer view, once per card."""
        session, question = self.session, self.question
        if session is None or question is None:
            return
        step = session.step
        if self._prepared == (question.id, step):
            return
        if step.follow_up is None:
            doc = self.ctx.renderer.render_question(question, extras=False)
        else:
            doc = self.ctx.renderer.render_markdown(question.follow_ups[step.follow_up].answer)
        self.card.your_box.hide()
        self.card.model_title.hide()  # both show at the reveal only beside a typed answer
        # A follow-up's answer is a few lines: no scroll bar standing beside it for nothing
        # (a model answer keeps its bar, so the reveal never re-lays it out for the width).
        self.answer.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOn
            if step.follow_up is None
            else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        self.answer.show_html(doc.html)
        self.card.set_points(question.key_points if step.follow_up is None else ())
        # Laid out before the reveal; an own question with no key points yet has no list.
        self.card.points_box.setVisible(step.follow_up is None and bool(question.key_points))
        self._prepared = (question.id, step)

    def _typing(self) -> bool:
        session = self.session
        return bool(session and session.setup.type_answer and session.step.follow_up is None)

    @Slot()
    def reveal(self) -> None:
        session, question = self.session, self.question
        if self.stack.currentWidget() is not self.card or self.revealed or not session:
            return
        if question is None or self.speak.busy:
            return
        if self.speak.active:  # Space while recording: stop, transcribe, then reveal
            self.speak.finish()
            return
        self.revealed = True
        card = self.card
        step = session.step
        typed = self._answer_text()
        self._prepare_answer()
        card.your_box.setVisible(bool(typed))
        card.model_title.setVisible(bool(typed))
        card.body.setCurrentWidget(card.revealed_page)
        card.key_hints.hide()
        if step.follow_up is None:
            note = canonical_note(question, self.prompt)
            card.followup_label.setText(note)
            card.followup_label.setVisible(bool(note))
            self.grade = self.ctx.services.checker.grade(question, typed) if typed else None
            card.mark_suggested(self.grade.covered if self.grade else ())
            card.show_typed(typed, self.grade)
            card.points_hint.setText(
                f"“Suggested” ticks come from your {'spoken' if self.spoken else 'typed'} "
                "answer; change any."
                if typed
                else POINTS_HINT
            )
            self._show_spoken(typed)
            card.points_box.setVisible(bool(question.key_points))
            card.fold_points(self.points_folded)
            preview = self.ctx.services.study.preview(question.id)
            for rating, button in card.rate_buttons.items():
                button.setText(f"{int(rating)}  {rating.label}\n{format_interval(preview[rating])}")
                button.setToolTip(
                    f"{rating.label} ({int(rating)}): comes back in "
                    f"{format_interval(preview[rating])}"
                )
        else:
            self.grade = None
            card.show_typed(typed, None)
            card.points_box.hide()
            for rating, button in card.rate_buttons.items():
                button.setText(f"{int(rating)}  {rating.label}\npractice")
                button.setToolTip(
                    f"{rating.label} ({int(rating)}): logged as follow-up practice; "
                    "the schedule does not move"
                )
        self._update_suggestion()
        for button in card.rate_buttons.values():
            button.show()
        card.suggestion.show()
        # The answer has the keyboard, with its focus ring: arrows, PageUp/PageDown, Home and
        # End scroll it, and the single-key shortcuts still reach the page around it.
        self.answer.setFocus(Qt.FocusReason.OtherFocusReason)
        self.update_clock()

    @Slot()
    def _update_suggestion(self) -> None:
        """Suggest a rating from the share of key points ticked, once there is anything to go on."""
        question, card = self.question, self.card
        if question is None or not self.revealed:
            return
        total = len(card.point_boxes)
        ticked = len(card.ticked())
        typed = bool(card.typed_text.strip())
        if self.session is not None and self.session.step.follow_up is not None:
            self.suggested = None
            card.suggestion.setText("Follow-up practice is logged;<br>the schedule does not move.")
        elif total and (typed or ticked):
            wrong = bool(self.grade and self.grade.misconceptions)
            self.suggested = suggest_rating(ticked, total, misconception=wrong)
            card.points_count.setText(f"{ticked} / {total}")
            card.suggestion.setText(
                f"Suggested: <b>{self.suggested.label}</b>"
                f"<br>{ticked} of {total} points{' and a wrong claim' if wrong else ''}"
                " · you decide"
            )
        else:
            self.suggested = None
            card.points_count.setText(f"{ticked} / {total}")
            card.suggestion.setText(
                "Tick the points you covered<br>for a suggested rating." if total else ""
            )
        card.style_rating(self.suggested)

    def _toggle_point(self, index: int) -> None:
        on_card = self.stack.currentWidget() is self.card
        if on_card and self.revealed and index < len(self.card.point_boxes):
            self.card.point_boxes[index].toggle()

    @Slot()
    def toggle_follow_ups(self) -> None:
        session, question = self.session, self.question
        if session is None or question is None or self.stack.currentWidget() is not self.card:
            return
        if session.step.follow_up is not None or not question.follow_ups:
            return
        session.drill_here = not session.drilling
        self._label_follow_button()

    def _label_follow_button(self) -> None:
        session, question = self.session, self.question
        if session is None or question is None:
            return
        count = len(question.follow_ups)
        button = self.card.follow_button
        button.setChecked(session.drilling)
        button.setText(
            f"✓ Drill {count} follow-ups (F)"
            if session.drilling
            else f"Drill {count} follow-ups (F)"
        )
        button.setToolTip(
            "F: practise this question's follow-ups after rating it (this question only; "
            "the set-up's Follow-up drill turns it on for every question)"
        )

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
        main = step.follow_up is None
        mode = session.mode if main else ReviewMode.FOLLOW_UP
        typed = self.card.typed_text if main else ""
        review = NewReview(
            question.id,
            rating,
            elapsed,
            mode,
            typed_answer=typed or None,
            ticked=self.card.ticked() if main else (),
            suggested=self.card.suggested_ticks() if main else (),
        )
        if main and self.spoken is not None:
            review = self._with_spoken(review)
        try:
            result = self.ctx.services.study.rate(review)
        except StorageError as error:  # not saved: say so and stay on this question
            report_not_saved(self, f"Your rating of Q{question.id} was not saved.", error)
            return
        self._spoken_audio = None  # kept with the review now
        session.done.append((result, step))
        session.move_to(self._next_step(session, question))
        self.ctx.bus.publish(result.changes)
        self._show_step()

    def _next_step(self, session: ActiveSession, question: Question) -> Step:
        step = session.step
        follow = -1 if step.follow_up is None else step.follow_up
        if session.drilling and follow + 1 < len(question.follow_ups):
            return Step(step.position, follow + 1)
        return Step(step.position + 1)

    @Slot()
    def skip(self) -> None:
        """S: on a question, skip it (and its drill); on a follow-up, only that follow-up."""
        session, question = self.session, self.question
        if (
            session is None
            or question is None
            or self.stack.currentWidget() is not self.card
            or self.speak.busy
        ):
            return
        step = session.step
        if step.follow_up is not None and step.follow_up + 1 < len(question.follow_ups):
            session.move_to(Step(step.position, step.follow_up + 1))
        else:
            session.move_to(Step(step.position + 1))
        self._show_step()

    @Slot()
    def undo(self) -> None:
        session = self.session
        if session is None or not session.done or self.stack.currentWidget() is self.setup:
            return
        result, step = session.done[-1]
        try:
            changes = self.ctx.services.study.undo(result)
        except StorageError as error:  # nothing changed: say so, keep the rating undoable
            report_not_saved(
                self, f"Undoing the rating of Q{result.review.question_id} failed.", error
            )
            return
        session.done.pop()
        session.move_to(step)
        if result.review.audio:  # its review is gone, and with it the recording's place
            self.ctx.services.recordings.discard(result.review.audio)
        self.stack.setCurrentWidget(self.card)
        self._tick.start()
        self.ctx.bus.publish(changes)
        self._show_step()
        if result.review.typed_answer and self._typing():
            self.card.typed.setPlainText(result.review.typed_answer)  # the draft comes back too
        # Back where the rating was given: the answer shown and the points ticked as they
        # were, so only the rating has to be given again (gui.md 18).
        self.reveal()
        if self.revealed and step.follow_up is None:
            for index, box in enumerate(self.card.point_boxes):
                box.setChecked(index in result.review.ticked)
            self._update_suggestion()
        where = f"Q{result.review.question_id}"
        if step.follow_up is not None:
            where += f", follow-up {step.follow_up + 1}"
        self.message.emit(f"Undid {result.review.rating.label} on {where}: rate it again (1-4).")

    @Slot()
    def toggle_points(self) -> None:
        if self.stack.currentWidget() is not self.card or not self.revealed:
            return
        self.points_folded = not self.points_folded
        self.card.fold_points(self.points_folded)

    @Slot()
    def end_session(self) -> None:
        if self.stack.currentWidget() is not self.card or self.session is None:
            return
        if self.speak.busy:
            return
        if self.spoken_panel.editor.hasFocus():
            self.setFocus(Qt.FocusReason.OtherFocusReason)  # as for the typed answer's editor
            return
        if self.card.typed.hasFocus():
            # Esc first leaves the editor, so Space, 1-4, S, N and the rest work again;
            # the draft stays. A second Esc ends the session.
            self.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if not self._may_drop_draft():
            return
        self._reset_voice(False)
        if self.session.done:
            self._show_summary()
        else:
            self.show_setup()

    def _may_drop_draft(self) -> bool:
        """An answer typed but not yet rated exists nowhere else: ending the session would
        lose it, so the user is asked first (Cancel, the default, keeps the card as it is)."""
        if not self._typing() or not self.card.typed.toPlainText().strip():
            return True
        choice = QMessageBox.question(
            self,
            "End the session?",
            "Your typed answer to this question has not been rated yet, so it has not been "
            "saved. End the session and discard it?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return choice == QMessageBox.StandardButton.Discard

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
            self.card.star_button.setText("★ Starred (*)" if starred else "☆ Star (*)")

    @Slot()
    def edit_note(self) -> None:
        question = self.question
        if question is None or self.stack.currentWidget() is not self.card:
            return
        library = self.ctx.services.library
        dialog = NoteDialog(f"Q{question.id}. {question.title}", library.note(question.id), self)
        # The question's clock stops while the note is written: it is not answering time.
        clock = self.ctx.services.clock
        opened = clock.now()
        self._tick.stop()
        saved = dialog.exec()
        if self.shown_at is not None:
            self.shown_at += clock.now() - opened
        self._tick.start()
        self.update_clock()
        if saved:
            self.ctx.bus.publish(library.set_note(question.id, dialog.text()))
        self.window().activateWindow()  # back to the card, so the quiz keys work again
        (self.answer if self.revealed else self).setFocus()

    @Slot()
    def update_clock(self) -> None:
        """Elapsed time; in a mock interview a countdown that reveals the answer at zero and
        then counts the overtime in amber: shown so the user learns their pace, never scored."""
        session = self.session
        if session is None or self.shown_at is None or self.stack.currentWidget() is not self.card:
            return
        elapsed = int((self.ctx.services.clock.now() - self.shown_at).total_seconds())
        card = self.card
        if session.setup.mock and session.step.follow_up is None:
            left = session.setup.mock_seconds - elapsed
            # Before the reveal the big countdown in the prompt is the one clock; the corner
            # one takes over once the prompt has gone.
            if left > 0:
                text = f"{left // 60}:{left % 60:02d}"
                warn = left <= MOCK_WARN_SECONDS
                card.set_clock(f"{text} left" if self.revealed else "", "warn" if warn else "mock")
                card.set_prompt_clock(text, warn)
            else:
                over = -left
                card.set_clock(f"+{over // 60}:{over % 60:02d} over", "over")
                card.set_prompt_clock("Time's up", True)
                if not self.revealed and not self.speak.busy:
                    self.reveal()  # a recording under way is stopped and checked first
        else:
            card.set_clock(f"{elapsed // 60}:{elapsed % 60:02d}", "")

    # --- summary --------------------------------------------------------------------------
    def _show_summary(self) -> None:
        session = self.session
        assert session is not None
        self._tick.stop()
        services = self.ctx.services
        clock = services.clock
        reviews = [result.review for result, _ in session.done]
        questions = {q.id: q for q in services.library.questions}
        summary = summarize_session(
            reviews,
            questions,
            services.study.cards(),
            clock.now(),
            clock.local_tz(),
            session.setup.mock_seconds * 1000 if session.setup.mock else None,
        )
        self.summary.show_summary(
            summary,
            services.progress.streaks(),
            self.ctx.theme,
            lambda qid: questions[qid].title if qid in questions else "",
            services.library.topic_name,
            clock.local_tz(),
        )
        left = len(session.queue) - min(session.step.position, len(session.queue))
        self.summary.heading.setText(
            f"Session ended early: {left} question{'s' if left != 1 else ''} not reached"
            if left
            else "Session complete"
        )
        from studyapp.stats.spoken import spoken_summary

        limit = float(session.setup.mock_seconds) if session.setup.mock else None
        self.summary.show_delivery(spoken_summary(reviews, limit))
        self._missed = summary.missed
        self.summary.undo_button.setEnabled(bool(session.done))
        back = session.read_after
        self.summary.back_button.setVisible(back is not None)
        if back is not None:
            self.summary.back_button.setText(f"&Back to Q{back} in Browse")
            self.summary.back_button.setDefault(True)
        self.stack.setCurrentWidget(self.summary)
        self.question = None
        self.setFocus()

    @Slot()
    def _back_to_reading(self) -> None:
        """The end of "Quiz me on this": back to the question in Browse."""
        if self.session is not None and self.session.read_after is not None:
            self.ctx.bus.open_question.emit(self.session.read_after)

    @Slot()
    def _practise_missed(self) -> None:
        if self._missed:
            missed = self._missed
            self.start_spec(QueueSpec(question_ids=missed, limit=len(missed)))

    @Slot(object)
    def on_changes(self, changes: Changes) -> None:
        if changes.content:
            self._prepared = None  # the answer text itself may have changed
            topics = self.ctx.services.library.topics  # own questions may have added one
            self.setup.topics.add_options([(t.id, t.name) for t in topics])
        if changes.settings:
            stored = self.ctx.services.settings.load()  # new defaults show in the set-up
            self.setup.mock_minutes.setValue(max(1, stored.mock_seconds // 60))
            self.setup.limit.setValue(stored.new_per_session)
            self.answer.set_renderer(self.ctx.renderer)
            self.card.set_theme(self.ctx.theme)
            self._apply_voice_theme()
            self.summary.set_theme(self.ctx.theme)
            self._prepared = None  # typeset again in the new look
            if self.revealed and self.question is not None:
                self.revealed = False
                ticked = self.card.ticked()
                self.reveal()
                for index in ticked:  # a theme change must not lose the user's ticks
                    self.card.point_boxes[index].setChecked(True)
        if (changes.reviews or changes.stars) and self.stack.currentWidget() is self.setup:
            self.update_match_count()

    # --- speak mode -------------------------------------------------------------------------
    def _apply_voice_theme(self) -> None:
        style = voice_style(self.ctx.theme)
        self.speak_bar.setStyleSheet(style)
        self.spoken_panel.setStyleSheet(style)
        self.spoken_panel.set_theme(self.ctx.theme)

    def _reset_voice(self, main_card: bool) -> None:
        """A new card: any recording under way is dropped, the last answer's replay stops."""
        self.speak.discard()
        self.spoken_panel.stop()
        self.spoken_panel.hide()
        self.spoken = None
        if self._spoken_audio is not None:  # never rated: its recording is not kept
            self.ctx.services.recordings.discard(self._spoken_audio[1])
            self._spoken_audio = None
        self.speak_bar.setVisible(main_card)

    def _speak_or_tick(self, index: int) -> None:
        if self.revealed:
            self._toggle_point(index)
        else:
            self.toggle_speaking()

    @Slot()
    def toggle_speaking(self) -> None:
        """R: start recording; R again: stop and check. Only before the reveal, on a main
        question (follow-ups are not graded)."""
        session, question = self.session, self.question
        if session is None or question is None or self.revealed:
            return
        if self.stack.currentWidget() is not self.card or session.step.follow_up is not None:
            return
        if self.speak.active:
            self.speak.finish()
            return
        limit = float(session.setup.mock_seconds) if session.setup.mock else None
        self.speak.start(question, limit)
        self.setFocus()  # the single keys (R, Space) work while recording, not the editor

    @Slot(object)
    def _spoken_answer(self, answer: SpokenAnswer) -> None:
        """The transcript arrives: it is the learner's answer, revealed and checked exactly
        as a typed one. A typed draft is kept in front of it, never lost."""
        self.spoken = answer
        self.reveal()

    def _answer_text(self) -> str:
        draft = self.card.typed.toPlainText().strip() if self._typing() else ""
        if self.spoken is None:
            return draft
        if self.revealed and self.card.typed_text and self.spoken_panel.isVisible():
            return self.card.typed_text  # as corrected (a theme change re-reveals)
        return "\n\n".join(part for part in (draft, self.spoken.text.strip()) if part)

    def _show_spoken(self, text: str) -> None:
        answer = self.spoken
        if answer is None or not text:
            self.spoken_panel.hide()
            return
        from studyapp.voice.delivery import describe

        session = self.session
        limit = float(session.setup.mock_seconds) if session and session.setup.mock else None
        figures = json.loads(delivery_json(answer))
        player, problem = (
            self.speak.player_for(answer.samples) if answer.samples is not None else (None, None)
        )
        self.spoken_panel.show_answer(
            text,
            answer.transcript.words,
            describe(figures, answer.transcript.duration, limit),
            player,
            problem,
        )
        self.spoken_panel.show()

    @Slot(str)
    def _transcript_edited(self, text: str) -> None:
        """The learner corrected the transcript: checked again at once, ticks and all."""
        question = self.question
        if question is None or not self.revealed or self.spoken is None:
            return
        text = text.strip()
        self.grade = self.ctx.services.checker.grade(question, text) if text else None
        self.card.mark_suggested(self.grade.covered if self.grade else ())
        self.card.show_typed(text, self.grade)
        self.spoken_panel.refresh_words()
        self._update_suggestion()

    def _with_spoken(self, review: NewReview) -> NewReview:
        """The review's transcript, delivery figures and recording (saved now, named by the
        review's uid, unless Settings keep no recordings)."""
        answer = self.spoken
        assert answer is not None
        keep = self.ctx.services.settings.load().audio_keep_days
        if self._spoken_audio is None:
            samples = answer.samples
            try:
                self._spoken_audio = (
                    self.ctx.services.recordings.keep(samples, keep)
                    if samples is not None and not self.ctx.services.read_only
                    else ("", None)
                )
            except (OSError, RuntimeError) as error:  # a full disk: the log still has it all
                self.speak_bar.say(f"The recording could not be kept: {error}", problem=True)
                self._spoken_audio = ("", None)
        uid, audio = self._spoken_audio
        return replace(
            review,
            typed_answer=None,
            transcript=self.card.typed_text or answer.text,
            delivery=delivery_json(answer),
            audio=audio,
            uid=uid,
        )
