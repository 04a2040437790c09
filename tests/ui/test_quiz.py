"""The quiz driven by the keyboard alone, on the real database, in every mode."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock
from studyapp.domain import NewReview, Rating, ReviewMode
from studyapp.scheduling.fsrs_scheduler import format_interval
from studyapp.services.study import QueueOrder
from studyapp.ui.main_window import MainWindow
from studyapp.ui.quiz.card import CARD_MIN_CAP
from studyapp.ui.quiz.page import QuizPage
from studyapp.ui.quiz.setup import SessionSetup
from studyapp.ui.widgets.note_dialog import NoteDialog
from tests.conftest import FIXTURE_CONTENT
from tests.ui.conftest import WindowFactory

Rows = tuple[list[tuple[object, ...]], list[tuple[object, ...]]]
NO_MOD = Qt.KeyboardModifier.NoModifier
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _press(qtbot: QtBot, quiz: QuizPage, key: Qt.Key, mod: Qt.KeyboardModifier = NO_MOD) -> None:
    """Send a key where the user's focus is, as a real key press would go."""
    target = QApplication.focusWidget() or quiz
    qtbot.keyClick(target, key, mod)


def _open_quiz(qtbot: QtBot, window: MainWindow) -> QuizPage:
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert window.stack.currentWidget() is window.quiz
    quiz = window.quiz
    assert quiz.stack.currentWidget() is quiz.setup
    return quiz


def _start(window: MainWindow, **setup: object) -> QuizPage:
    window.show_page(1)
    quiz = window.quiz
    quiz.start_setup(replace(quiz.setup.current(), **setup))  # type: ignore[arg-type]
    assert quiz.stack.currentWidget() is quiz.card
    return quiz


def _db_rows(services: AppServices) -> Rows:
    with services.engine.connect() as connection:
        cards = [tuple(r) for r in connection.execute(text("SELECT * FROM cards ORDER BY 1"))]
        reviews = [tuple(r) for r in connection.execute(text("SELECT * FROM reviews ORDER BY 1"))]
    return cards, reviews


def test_normal_session_by_keyboard_alone_survives_a_restart(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    window = make_window(services)
    quiz = _open_quiz(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Q, ALT)  # "&Questions" focuses the session length
    assert quiz.setup.limit.hasFocus()
    qtbot.keyClick(quiz.setup.limit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(quiz.setup.limit, "3")
    _press(qtbot, quiz, Qt.Key.Key_Return)
    assert quiz.stack.currentWidget() is quiz.card
    seen = []
    for number, key in enumerate((Qt.Key.Key_3, Qt.Key.Key_1, Qt.Key.Key_4), start=1):
        assert quiz.question is not None
        seen.append(quiz.question.id)
        assert quiz.card.progress_label.text() == f"{number} / 3"
        assert quiz.card.progress.value() == number - 1
        assert not quiz.card.split.isVisible()
        assert not any(b.isVisible() for b in quiz.card.rate_buttons.values())
        _press(qtbot, quiz, Qt.Key.Key_Space)
        assert quiz.card.split.isVisible()
        assert "Short answer" in quiz.answer.toPlainText()
        _press(qtbot, quiz, Qt.Key.Key_Q)  # tick the first key point
        assert quiz.card.point_boxes[0].isChecked()
        clock.advance(timedelta(seconds=20))
        _press(qtbot, quiz, key)
    assert quiz.stack.currentWidget() is quiz.summary
    summary = quiz.summary
    assert summary.answered.value.text() == "3"
    assert summary.time_spent.value.text() == "1m 00s"
    assert summary.average.value.text() == "20s"
    assert summary.again_button.isVisibleTo(summary)
    rows_before = _db_rows(services)
    window.close()
    data_dir = services.data_dir
    services.close()

    reopened = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    try:
        assert _db_rows(reopened) == rows_before
        history = {qid: reopened.library.history(qid) for qid in seen}
        ratings = [history[qid][0].rating for qid in seen]
        assert ratings == [Rating.GOOD, Rating.AGAIN, Rating.EASY]
        assert all(history[qid][0].ticked == (0,) for qid in seen)
        assert all(history[qid][0].duration_ms == 20_000 for qid in seen)
        assert all(history[qid][0].mode == ReviewMode.NORMAL for qid in seen)
        window2 = make_window(reopened)
        quiz2 = _open_quiz(qtbot, window2)
        assert quiz2.setup.repeat_button.isEnabled()  # the last set-up came back too
        assert "up to 3" in quiz2.setup.last_label.text()
    finally:
        reopened.close()


def test_rating_keys_do_nothing_before_reveal(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    quiz = _start(make_window(services))
    first = quiz.question
    assert first is not None
    _press(qtbot, quiz, Qt.Key.Key_3)
    _press(qtbot, quiz, Qt.Key.Key_Q)
    assert quiz.question is first and services.library.history(first.id) == []


def test_undo_three_steps_restores_rows_and_returns_to_each_card(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    quiz = _start(make_window(services), limit=3, kind="all", order="number")
    quiz.rate(Rating.GOOD)  # not revealed: ignored
    _press(qtbot, quiz, Qt.Key.Key_Space)
    _press(qtbot, quiz, Qt.Key.Key_3)  # an earlier rating that must survive the undos
    quiz.show_setup()
    clock.advance(timedelta(days=3))
    quiz = _start(quiz.window(), limit=3, kind="all", order="number")  # type: ignore[arg-type]
    before = _db_rows(services)
    snapshots: list[Rows] = []
    order = []
    for key in (Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_1):
        assert quiz.question is not None
        order.append(quiz.question.id)
        snapshots.append(_db_rows(services))
        _press(qtbot, quiz, Qt.Key.Key_Space)
        _press(qtbot, quiz, Qt.Key.Key_W)
        clock.advance(timedelta(seconds=5))
        _press(qtbot, quiz, key)
    assert quiz.stack.currentWidget() is quiz.summary
    assert _db_rows(services) != before
    messages: list[str] = []
    quiz.message.connect(messages.append)
    labels = {Qt.Key.Key_2: "Hard", Qt.Key.Key_3: "Good", Qt.Key.Key_1: "Again"}
    keys = (Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_1)
    for expected, snapshot, key in zip(
        reversed(order), reversed(snapshots), reversed(keys), strict=True
    ):
        _press(qtbot, quiz, Qt.Key.Key_Z, CTRL)
        assert quiz.stack.currentWidget() is quiz.card
        assert quiz.question is not None and quiz.question.id == expected
        # gui.md 18: back at the rating, the answer shown and the tick (W) kept, and said so
        assert quiz.revealed and quiz.card.ticked() == (1,)
        assert messages[-1] == f"Undid {labels[key]} on Q{expected}: rate it again (1-4)."
        assert quiz.window().statusBar().currentMessage() == messages[-1]  # type: ignore[attr-defined]
        assert _db_rows(services) == snapshot  # state and log exactly as before that rating
    assert _db_rows(services) == before
    assert not quiz.card.undo_button.isEnabled()


def test_rating_buttons_show_when_the_question_comes_back(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    quiz = _start(make_window(services), kind="all", order="number")
    _press(qtbot, quiz, Qt.Key.Key_Space)
    preview = services.study.preview(1)
    labels = {r: b.text() for r, b in quiz.card.rate_buttons.items()}
    for rating, label in labels.items():
        assert label == f"{int(rating)}  {rating.label}\n{format_interval(preview[rating])}"
    assert labels[Rating.AGAIN].endswith("\n1m")  # the first learning step
    assert labels[Rating.GOOD].endswith("\n10m")  # the second
    assert preview[Rating.EASY] > preview[Rating.GOOD]


def test_key_points_wrap_show_their_keys_and_toggle_by_key_or_click(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    quiz = _start(make_window(services), kind="all", order="number")
    _press(qtbot, quiz, Qt.Key.Key_Space)
    rows = quiz.card.point_boxes
    question = services.library.question(1)
    assert question is not None
    assert [row.text() for row in rows] == list(question.key_points)
    assert [row.key.text() for row in rows] == ["Q", "W", "E", "R"]
    assert all(row.key.isVisible() and row.label.wordWrap() for row in rows)
    assert all(
        row.label.text() == point for row, point in zip(rows, question.key_points, strict=True)
    )
    assert quiz.suggested is None  # nothing typed, nothing ticked: no suggestion yet
    _press(qtbot, quiz, Qt.Key.Key_R)
    qtbot.mouseClick(rows[1].label, Qt.MouseButton.LeftButton)
    assert quiz.card.ticked() == (1, 3)
    assert quiz.card.points_count.text() == "2 / 4"
    assert quiz.suggested == Rating.HARD
    qtbot.mouseClick(rows[1], Qt.MouseButton.LeftButton)
    assert quiz.card.ticked() == (3,)
    assert quiz.suggested == Rating.AGAIN  # 1 of 4, the suggestion follows the ticks


def test_typed_answer_by_keyboard_suggests_points_and_a_rating(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    quiz = _open_quiz(qtbot, window)
    quiz.setup.load(replace(quiz.setup.current(), kind="all", order="number"))
    qtbot.keyClick(window, Qt.Key.Key_T, ALT)  # "&Type my answer"
    qtbot.waitUntil(quiz.setup.type_answer.isChecked)  # a mnemonic clicks after a short flash
    _press(qtbot, quiz, Qt.Key.Key_Return)
    assert quiz.question is not None and quiz.question.id == 1
    assert quiz.card.typed.hasFocus()
    qtbot.keyClicks(
        quiz.card.typed,
        "Softmax turns logits into probabilities that sum to one; subtract the maximum logit "
        "for numerical stability. Shortcuts like S and N type text here.",
    )
    assert quiz.question.id == 1 and not quiz.revealed  # typed letters are not shortcuts
    _press(qtbot, quiz, Qt.Key.Key_Return, CTRL)
    assert quiz.revealed
    rows = quiz.card.point_boxes
    assert [row.isChecked() for row in rows] == [True, False, True, False]
    assert [row.tag.isVisible() for row in rows] == [True, False, True, False]
    assert quiz.suggested == Rating.HARD  # 2 of 4 covered
    assert "Hard" in quiz.card.suggestion.text()
    assert "background" in quiz.card.rate_buttons[Rating.HARD].styleSheet()
    assert "background: " not in quiz.card.rate_buttons[Rating.GOOD].styleSheet().split(":hover")[0]
    assert quiz.card.your_box.isVisible()
    assert quiz.card.your_answer.toPlainText().startswith("Softmax turns logits")
    _press(qtbot, quiz, Qt.Key.Key_W)  # the user adds a tick the matcher missed
    assert quiz.suggested == Rating.GOOD  # 3 of 4
    assert "background" in quiz.card.rate_buttons[Rating.GOOD].styleSheet().split(":hover")[0]
    _press(qtbot, quiz, Qt.Key.Key_3)
    stored = services.library.history(1)[0]
    assert stored.ticked == (0, 1, 2) and stored.suggested == (0, 2)
    assert stored.typed_answer is not None and "logits" in stored.typed_answer
    assert quiz.question.id == 2 and quiz.card.typed.hasFocus()
    qtbot.keyClicks(quiz.card.typed, "xyz")
    _press(qtbot, quiz, Qt.Key.Key_Z, CTRL)  # in a draft, Ctrl+Z first undoes the typing
    assert quiz.card.typed.toPlainText() == "" and len(services.library.history(1)) == 1
    _press(qtbot, quiz, Qt.Key.Key_Z, CTRL)  # then the rating: the card and its draft return
    assert quiz.question.id == 1 and quiz.revealed  # at the rating again, answers side by side
    assert services.library.history(1) == []
    assert quiz.card.typed_text.startswith("Softmax turns logits")
    assert quiz.card.ticked() == (0, 1, 2)  # the user's own ticks, not only the suggested


def test_mock_interview_by_keyboard_counts_down_from_the_setting(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    services.settings.save(replace(services.settings.load(), mock_seconds=120))
    window = make_window(services)
    quiz = _open_quiz(qtbot, window)
    assert quiz.setup.mock_minutes.value() == 2
    qtbot.keyClick(window, Qt.Key.Key_M, ALT)  # "&Mock interview"
    qtbot.waitUntil(quiz.setup.mock.isChecked)
    assert quiz.setup.current().spec().order == QueueOrder.RANDOM
    assert not quiz.setup.order.isEnabled()
    _press(qtbot, quiz, Qt.Key.Key_Return)
    session = quiz.session
    assert session is not None and sorted(session.queue) == [1, 2, 3]
    card = quiz.card
    assert card.mode_label.text() == "Mock interview"
    # One countdown at a time: the big one in the prompt, the corner stays empty.
    assert card.prompt_clock.text() == "2:00" and card.clock_label.text() == ""
    assert card.prompt_clock.isVisibleTo(card) and "#" in card.prompt_clock.styleSheet()
    calm = card.prompt_clock.styleSheet()
    clock.advance(timedelta(seconds=75))
    quiz.update_clock()  # what the 250 ms timer calls; the injected clock sets the time
    assert card.prompt_clock.text() == "0:45" and not quiz.revealed
    assert card.prompt_clock.styleSheet() == calm
    clock.advance(timedelta(seconds=35))
    quiz.update_clock()
    assert card.prompt_clock.text() == "0:10" and not quiz.revealed
    warn_colour = window.ctx.theme.ratings[Rating.HARD - 1]
    assert warn_colour in card.prompt_clock.styleSheet() != calm  # the last seconds: amber
    clock.advance(timedelta(seconds=-35))
    clock.advance(timedelta(seconds=50))
    quiz.update_clock()
    assert quiz.revealed  # time ran out: the answer is shown
    assert card.clock_label.text() == "+0:05 over"
    assert card.clock_label.property("state") == "over"
    first = quiz.question
    assert first is not None
    before = services.study.card(first.id)
    _press(qtbot, quiz, Qt.Key.Key_3)
    stored = services.library.history(first.id)[0]
    assert stored.mode == ReviewMode.MOCK and stored.duration_ms == 125_000
    # Going over is shown, never punished: the schedule is what Good gives in a normal review.
    expected = services.study.scheduler.review(before, Rating.GOOD, stored.reviewed_at)
    assert services.study.card(first.id) == expected
    # The next question: revealed early with Space, well inside the time.
    assert card.prompt_clock.text() == "2:00" and card.prompt_clock.styleSheet() == calm
    clock.advance(timedelta(seconds=30))
    _press(qtbot, quiz, Qt.Key.Key_Space)
    assert quiz.revealed and card.clock_label.property("state") == "mock"
    assert card.clock_label.text() == "1:30 left"  # the prompt is gone: the corner shows it
    _press(qtbot, quiz, Qt.Key.Key_4)
    _press(qtbot, quiz, Qt.Key.Key_Escape)
    assert quiz.stack.currentWidget() is quiz.summary
    assert quiz.summary.heading.text() == "Session ended early: 1 question not reached"
    assert "1 answer went over time" in quiz.summary.ratings.text()


def test_follow_up_drill_by_keyboard_logs_practice_without_moving_the_schedule(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    quiz = _open_quiz(qtbot, window)
    quiz.setup.load(replace(quiz.setup.current(), kind="all", order="number", limit=1))
    qtbot.keyClick(window, Qt.Key.Key_U, ALT)  # "Follow-&up drill"
    qtbot.waitUntil(quiz.setup.follow_ups.isChecked)
    _press(qtbot, quiz, Qt.Key.Key_Return)
    assert quiz.card.follow_button.isChecked()
    _press(qtbot, quiz, Qt.Key.Key_Space)
    _press(qtbot, quiz, Qt.Key.Key_3)
    card_after_main = services.study.card(1)
    assert "Follow-up 1 of 2" in quiz.card.badge.text()
    assert quiz.card.title.text() == "Why subtract the maximum?"
    assert not quiz.card.follow_button.isVisible()
    _press(qtbot, quiz, Qt.Key.Key_Space)
    assert "prevents overflow" in quiz.answer.toPlainText()
    assert not quiz.card.points_box.isVisible() and quiz.suggested is None
    assert quiz.card.rate_buttons[Rating.AGAIN].text().endswith("practice")
    _press(qtbot, quiz, Qt.Key.Key_1)
    assert "Follow-up 2 of 2" in quiz.card.badge.text()
    _press(qtbot, quiz, Qt.Key.Key_S)  # skip the rest of the drill
    assert quiz.stack.currentWidget() is quiz.summary
    modes = [r.mode for r in services.library.history(1)]
    assert modes == [ReviewMode.NORMAL, ReviewMode.FOLLOW_UP]
    assert services.study.card(1) == card_after_main
    assert "1 follow-up practised" in quiz.summary.ratings.text()


def test_f_turns_the_follow_up_drill_on_for_the_current_session(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    quiz = _start(make_window(services), kind="all", order="number", follow_ups=False)
    assert not quiz.card.follow_button.isChecked()
    _press(qtbot, quiz, Qt.Key.Key_F)
    assert quiz.card.follow_button.isChecked()
    assert quiz.card.follow_button.text().startswith("✓")
    _press(qtbot, quiz, Qt.Key.Key_Space)
    _press(qtbot, quiz, Qt.Key.Key_3)
    assert "Follow-up 1 of 2" in quiz.card.badge.text()


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, showing the note
def test_skip_star_note_and_escape_by_keyboard(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    quiz = _start(make_window(services), kind="all", order="number")
    _press(qtbot, quiz, Qt.Key.Key_Asterisk)
    assert services.library.starred() == {1}
    assert quiz.card.star_button.text() == "★ Starred (*)"

    def write_note() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NoteDialog)
        dialog.editor.setPlainText("remember the max trick")
        dialog.accept()

    QTimer.singleShot(0, write_note)
    _press(qtbot, quiz, Qt.Key.Key_N)
    assert services.library.note(1) == "remember the max trick"
    qtbot.waitUntil(quiz.hasFocus)  # the card has the keyboard again once the dialog is gone
    _press(qtbot, quiz, Qt.Key.Key_S)
    assert quiz.question is not None and quiz.question.id == 2
    assert services.library.history(1) == []  # a skip is not a review
    _press(qtbot, quiz, Qt.Key.Key_Escape)  # nothing rated yet: back to set-up
    assert quiz.stack.currentWidget() is quiz.setup


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, showing a dialog
def test_ending_a_session_asks_before_dropping_an_unrated_typed_answer(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    quiz = _start(window, kind="all", order="number", type_answer=True)
    qtbot.keyClicks(quiz.card.typed, "Softmax normalises exponentiated logits")
    seen: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.windowTitle())
        clicked = box.button(button)
        assert clicked is not None
        clicked.click()

    assert "Ctrl+Enter" in quiz.card.key_hints.text()  # in the editor only these keys work
    assert "Space" not in quiz.card.key_hints.text()
    assert "Ctrl+Enter" in quiz.card.reveal_button.text()
    _press(qtbot, quiz, Qt.Key.Key_Escape)  # the first Esc leaves the editor, draft kept
    assert not quiz.card.typed.hasFocus() and seen == []
    assert "Space" in quiz.card.key_hints.text()
    assert quiz.card.typed.toPlainText() == "Softmax normalises exponentiated logits"
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Cancel))
    _press(qtbot, quiz, Qt.Key.Key_Escape)
    assert seen == ["End the session?"]
    assert quiz.stack.currentWidget() is quiz.card  # kept, with the draft
    assert quiz.card.typed.toPlainText() == "Softmax normalises exponentiated logits"

    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Discard))
    quiz.card.end_button.click()
    assert seen == ["End the session?", "End the session?"]
    assert quiz.stack.currentWidget() is quiz.setup

    quiz = _start(window, kind="all", order="number", type_answer=True)
    window.activateWindow()  # the window has the keyboard again once the dialog is gone
    qtbot.waitUntil(quiz.card.typed.hasFocus)
    _press(qtbot, quiz, Qt.Key.Key_Escape)  # out of the editor
    _press(qtbot, quiz, Qt.Key.Key_Escape)  # nothing typed: nothing to ask
    assert seen == ["End the session?", "End the session?"]
    assert quiz.stack.currentWidget() is quiz.setup


def test_every_action_has_a_visible_button(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    quiz = _start(make_window(services), kind="all", order="number", limit=2)
    card = quiz.card
    for button in (card.reveal_button, card.star_button, card.note_button, card.skip_button):
        assert button.isVisible()
    assert card.end_button.isVisible() and card.undo_button.isVisible()
    qtbot.mouseClick(card.reveal_button, Qt.MouseButton.LeftButton)
    assert quiz.revealed and all(b.isVisible() for b in card.rate_buttons.values())
    qtbot.mouseClick(card.rate_buttons[Rating.GOOD], Qt.MouseButton.LeftButton)
    assert services.library.history(1)[0].rating == Rating.GOOD
    qtbot.mouseClick(card.undo_button, Qt.MouseButton.LeftButton)
    assert services.library.history(1) == [] and quiz.question is not None
    qtbot.mouseClick(card.end_button, Qt.MouseButton.LeftButton)
    assert quiz.stack.currentWidget() is quiz.setup


def test_summary_shows_the_session_and_practises_the_missed_ones(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    quiz = _start(make_window(services), kind="all", order="number")
    for seconds, key in ((30, Qt.Key.Key_1), (50, Qt.Key.Key_3), (10, Qt.Key.Key_1)):
        _press(qtbot, quiz, Qt.Key.Key_Space)
        clock.advance(timedelta(seconds=seconds))
        _press(qtbot, quiz, key)
    summary = quiz.summary
    assert quiz.stack.currentWidget() is summary
    assert summary.heading.text() == "Session complete"
    assert summary.answered.value.text() == "3"
    assert summary.time_spent.value.text() == "1m 30s"
    assert summary.average.value.text() == "30s"
    assert summary.streak.value.text() == "1"
    assert "Again&nbsp;2" in summary.ratings.text() and "Good&nbsp;1" in summary.ratings.text()
    cells = [
        summary.topic_grid.itemAtPosition(row, column).widget().text()  # type: ignore[union-attr]
        for row in (1, 2)
        for column in range(4)
    ]
    assert cells == ["Basics", "2", "0", "2", "Optimization", "1", "1", "0"]
    assert summary.next_due.text() == (
        "Next reviews of these questions: 3 later today (the first at 09:01)."
    )
    assert summary.again_button.text() == "&Practise these 2 again now"
    qtbot.mouseClick(summary.again_button, Qt.MouseButton.LeftButton)
    assert quiz.session is not None and quiz.session.queue == [1, 3]
    assert quiz.stack.currentWidget() is quiz.card


def test_repeat_last_session_reuses_the_saved_setup(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    quiz = _start(window, kind="all", topics=("optim",), limit=5)
    assert quiz.session is not None and quiz.session.queue == [2]
    _press(qtbot, quiz, Qt.Key.Key_Escape)
    quiz.setup.load(SessionSetup())
    assert quiz.setup.repeat_button.isEnabled()
    assert quiz.setup.last_label.text() == (
        "Last session: All questions, up to 5 · Optimization · as scheduled"
    )
    qtbot.keyClick(window, Qt.Key.Key_R, ALT)  # "&Repeat last session"
    qtbot.waitUntil(lambda: quiz.stack.currentWidget() is quiz.card)
    assert quiz.session is not None and quiz.session.queue == [2]
    assert quiz.setup.topics.selected() == ("optim",)


def test_setup_shows_how_many_questions_match(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    window.show_page(1)
    setup = window.quiz.setup
    assert setup.limit.value() == 10  # the default session length
    assert setup.match_label.text() == "3 questions match; this session asks all."
    setup.limit.setValue(2)
    assert setup.match_label.text() == "3 questions match; this session asks 2 of them."
    assert setup.kind.itemText(setup.kind.findData("new")) == "New questions   (3)"
    setup.topics.set_selected(["basics"])
    assert setup.match_label.text() == "2 questions match; this session asks all."
    assert setup.kind.itemText(setup.kind.findData("new")) == "New questions   (2)"
    setup.kind.setCurrentIndex(setup.kind.findData("due"))
    assert setup.match_label.text().startswith("Nothing matches")
    assert not setup.start_button.isEnabled()
    quiz = window.quiz
    qtbot.keyClick(quiz.setup.kind, Qt.Key.Key_Return)  # Enter does nothing when nothing matches
    assert quiz.stack.currentWidget() is quiz.setup
    services.library.set_starred(2, True)
    window.quiz.update_match_count()
    assert setup.kind.itemText(setup.kind.findData("starred")) == "Starred   (0)"  # basics only


def test_setup_says_when_the_daily_limit_holds_new_questions_back(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    services.study.new_per_day = 1
    services.study.rate(NewReview(1, Rating.GOOD, 1000))  # today's one new question
    window = make_window(services)
    window.show_page(1)
    setup = window.quiz.setup
    setup.kind.setCurrentIndex(setup.kind.findData("new"))
    text = setup.match_label.text()
    assert text.startswith("Nothing matches")
    assert "limit of new questions is reached" in text and "(2 left)" in text
    setup.kind.setCurrentIndex(setup.kind.findData("all"))  # not a set the limit applies to
    assert "limit" not in setup.match_label.text()
    services.study.new_per_day = 5
    setup.kind.setCurrentIndex(setup.kind.findData("new"))
    assert setup.match_label.text() == "2 questions match; this session asks all."


def test_theme_change_keeps_the_ticks_on_a_revealed_card(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    quiz = _start(window, kind="all", order="number")
    _press(qtbot, quiz, Qt.Key.Key_Space)
    _press(qtbot, quiz, Qt.Key.Key_E)
    window.set_theme("dark")
    assert quiz.revealed and quiz.card.ticked() == (2,)
    assert services.settings.load().theme == "dark"


def test_the_answer_is_typeset_while_hidden_so_the_reveal_only_paints(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    quiz = _start(make_window(services), kind="all", order="number")
    qtbot.waitUntil(lambda: "Short answer" in quiz.answer.toPlainText())
    assert not quiz.revealed and not quiz.answer.isVisible()  # loaded, still hidden
    assert len(quiz.card.point_boxes) == 4 and not quiz.card.points_box.isVisible()
    loads: list[str] = []
    original = quiz.answer.show_html
    quiz.answer.show_html = lambda html: (loads.append(html), original(html))  # type: ignore[method-assign]
    _press(qtbot, quiz, Qt.Key.Key_Space)
    assert quiz.answer.isVisible() and quiz.card.points_box.isVisible()
    assert loads == []  # nothing typeset or loaded on the key press itself


def test_topics_are_picked_by_keyboard_in_the_setup(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    quiz = _open_quiz(qtbot, window)
    setup = quiz.setup
    assert setup.topics_hint.text() == "None picked means every topic."
    qtbot.keyClick(window, Qt.Key.Key_P, ALT)  # "To&pics" lands on the first chip
    first = QApplication.focusWidget()
    assert first is not None and first.parent() is setup.topics
    qtbot.keyClick(first, Qt.Key.Key_Space)
    assert setup.topics.selected() == ("basics",)
    assert setup.topics_hint.text() == "1 picked."
    assert setup.match_label.text() == "2 questions match; this session asks all."
    _press(qtbot, quiz, Qt.Key.Key_Return)
    assert quiz.session is not None and sorted(quiz.session.queue) == [1, 3]


def test_new_defaults_from_the_settings_reach_the_setup(
    make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    window.apply_settings(replace(services.settings.load(), mock_seconds=300, new_per_session=7))
    assert window.quiz.setup.mock_minutes.value() == 5
    assert window.quiz.setup.limit.value() == 7


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, showing a dialog
def test_f1_lists_the_keys_the_quiz_really_answers_to(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    from studyapp.ui.shortcuts_dialog import QUIZ, ShortcutsDialog

    window = make_window(services)
    bound = {shortcut.key().toString() for shortcut in window.quiz.findChildren(QShortcut)}
    listed = {QKeySequence(key).toString() for keys, _ in QUIZ for key in keys}
    assert listed <= bound, f"listed under Quiz but not bound: {listed - bound}"

    shown: list[QWidget] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            shown.append(dialog)
            dialog.close()

    QTimer.singleShot(100, look)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert len(shown) == 1 and isinstance(shown[0], ShortcutsDialog)


def test_the_revealed_answer_scrolls_from_the_keyboard_and_k_folds_the_points(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices
) -> None:
    window = make_window(real_services)
    window.resize(1280, 700)
    quiz = _start(window, kind="all", order="number")
    _press(qtbot, quiz, Qt.Key.Key_Space)
    answer = quiz.answer
    assert answer.hasFocus()  # the focus ring is on the answer, so its keys are live
    bar = answer.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    _press(qtbot, quiz, Qt.Key.Key_PageDown)
    assert bar.value() > 0
    paged = bar.value()
    _press(qtbot, quiz, Qt.Key.Key_Down)
    assert bar.value() > paged
    _press(qtbot, quiz, Qt.Key.Key_Home)
    assert bar.value() == 0
    height = answer.height()
    _press(qtbot, quiz, Qt.Key.Key_K)
    assert not quiz.card.points_scroll.isVisible()
    qtbot.waitUntil(lambda: answer.height() > height + 80)  # the room goes to the answer
    _press(qtbot, quiz, Qt.Key.Key_Q)  # ticking by key still works while folded
    assert quiz.card.ticked() == (0,)
    _press(qtbot, quiz, Qt.Key.Key_3)  # rating still works with the answer focused
    assert quiz.session is not None and len(quiz.session.done) == 1
    _press(qtbot, quiz, Qt.Key.Key_Space)
    assert not quiz.card.points_scroll.isVisible()  # folded for the rest of the session


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, showing the note
def test_the_note_dialog_is_driven_by_keys_and_stops_the_clock(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    quiz = _start(make_window(services), kind="all", order="number")
    clock.advance(timedelta(seconds=6))
    quiz.update_clock()
    assert quiz.card.clock_label.text() == "0:06"
    seen: list[str] = []

    def write(keys: list[tuple[Qt.Key, Qt.KeyboardModifier]]) -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NoteDialog)
        try:
            dialog.activateWindow()  # as a window manager would make it
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
            qtbot.keyClicks(dialog.editor, "max trick")
            clock.advance(timedelta(seconds=24))  # writing takes a while
            qtbot.keyClick(dialog.editor, Qt.Key.Key_Tab)  # Tab leaves the editor
            seen.append(dialog.editor.toPlainText())
            seen.append(type(dialog.focusWidget()).__name__)
            dialog.editor.setFocus()
            for key, mod in keys:
                qtbot.keyClick(dialog.editor, key, mod)
        finally:
            if dialog.isVisible():
                seen.append("still open")
                dialog.done(0)

    QTimer.singleShot(0, lambda: write([(Qt.Key.Key_Return, CTRL)]))
    _press(qtbot, quiz, Qt.Key.Key_N)
    assert seen == ["max trick", "QPushButton"]  # no tab typed: the focus moved on
    assert services.library.note(1) == "max trick"
    assert quiz.card.clock_label.text() == "0:06"  # the note's time is not answering time

    qtbot.waitUntil(quiz.hasFocus)
    QTimer.singleShot(0, lambda: write([(Qt.Key.Key_Escape, NO_MOD)]))
    _press(qtbot, quiz, Qt.Key.Key_N)
    assert services.library.note(1) == "max trickmax trick"  # Esc kept the edit


def test_f_drills_this_question_only_and_s_skips_one_follow_up(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    """gui.md 17: F on one card no longer turns the drill on for the rest of the session,
    S on a follow-up skips only that follow-up, and a short follow-up answer has no scroll
    bar standing beside it."""
    quiz = _start(make_window(services), kind="all", order="number", follow_ups=False)
    _press(qtbot, quiz, Qt.Key.Key_F)
    _press(qtbot, quiz, Qt.Key.Key_Space)
    _press(qtbot, quiz, Qt.Key.Key_3)
    assert "Follow-up 1 of 2" in quiz.card.badge.text()
    _press(qtbot, quiz, Qt.Key.Key_Space)
    assert not quiz.answer.verticalScrollBar().isVisible()
    _press(qtbot, quiz, Qt.Key.Key_S)  # this follow-up only
    assert "Follow-up 2 of 2" in quiz.card.badge.text()
    _press(qtbot, quiz, Qt.Key.Key_Space)
    _press(qtbot, quiz, Qt.Key.Key_3)
    assert quiz.question is not None and quiz.question.id == 2
    assert not quiz.card.follow_button.isChecked()  # the next card: as the set-up says
    assert not quiz.card.follow_button.text().startswith("✓")
    _press(qtbot, quiz, Qt.Key.Key_Space)
    _press(qtbot, quiz, Qt.Key.Key_3)
    assert quiz.question.id == 3 and "Follow-up" not in quiz.card.badge.text()


def test_a_theme_switch_recolours_the_summary_on_screen(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    """gui.md 19: after dark -> light the summary kept dark-theme rating colours ("Hard 0"
    in pale yellow on white)."""
    from studyapp.content.theme import DARK, LIGHT

    window = make_window(services)
    window.set_theme("dark")
    quiz = _start(window, kind="all", order="number", limit=1)
    _press(qtbot, quiz, Qt.Key.Key_Space)
    _press(qtbot, quiz, Qt.Key.Key_1)
    assert quiz.stack.currentWidget() is quiz.summary
    assert DARK.ratings[1] in quiz.summary.ratings.text()
    window.set_theme("light")
    text = quiz.summary.ratings.text()
    assert LIGHT.ratings[1] in text and DARK.ratings[1] not in text
    assert (
        quiz.summary.isVisible() and "Again" in quiz.summary.missed_list.itemAt(0).widget().text()
    )  # type: ignore[union-attr]


def test_next_reviews_say_on_for_one_day_and_from_for_several() -> None:
    """gui.md 35: "1 from Sat 05 Dec" read oddly; one question comes back *on* a day."""
    from datetime import UTC, datetime

    from studyapp.stats.session import SessionSummary
    from studyapp.ui.quiz.summary import SummaryPanel

    day = datetime(2026, 12, 5, 9, tzinfo=UTC)
    one = SessionSummary(1, {}, 0, 0, (), (), day, 0, 0, 1, day, 0, 0)
    assert SummaryPanel._next_due_text(one, UTC).endswith("1 on Sat 05 Dec.")
    three = replace(one, due_later=3)
    assert SummaryPanel._next_due_text(three, UTC).endswith("3 from Sat 05 Dec on.")


@pytest.mark.parametrize("look", ["light", "dark"])
def test_the_suggested_rating_is_tinted_and_readable_not_filled(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, look: str
) -> None:
    """gui.md 20 and 34: the suggested rating was a solid fill (it read as already chosen,
    and white on the dark look's amber was 1.7:1). It is now a thick edge round a light tint
    of its colour, its label in the page's text colour at 4.5:1 or better."""
    from collections import Counter

    from studyapp.content.theme import THEMES, contrast_ratio

    window = make_window(services)
    window.set_theme(look)
    theme = THEMES[look]
    quiz = _start(window, kind="all", order="number")
    _press(qtbot, quiz, Qt.Key.Key_Space)
    seen = []
    for rating in Rating:  # tick as many points as make each rating the suggestion
        boxes = quiz.card.point_boxes
        for box in boxes:
            box.setChecked(False)
        for box in boxes[: {1: 0, 2: 2, 3: 3, 4: 4}[int(rating)]]:
            box.setChecked(True)
        QApplication.processEvents()
        if quiz.suggested != rating:
            continue
        button = quiz.card.rate_buttons[rating]
        image = button.grab().toImage()
        inner = Counter(
            image.pixelColor(x, y).name()
            for x in range(8, image.width() - 8)
            for y in range(8, image.height() - 8)
        )
        fill = inner.most_common(1)[0][0]
        assert fill != theme.ratings[rating - 1]  # not a solid fill of the rating's colour
        assert contrast_ratio(theme.text, fill) >= 4.5
        seen.append(rating)
    assert len(seen) >= 3, seen


def test_the_due_choice_says_today_as_the_dashboard_counts_it(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    """gui.md 22: "Due now (5)" counted questions due later today; due means before local
    midnight everywhere, so the choice says "Due today", with the dashboard's count."""
    services.study.rate(NewReview(1, Rating.AGAIN, 1000))  # back in a minute: due today
    services.study.rate(NewReview(2, Rating.GOOD, 1000))  # back in ten minutes: due today
    window = make_window(services)
    quiz = _open_quiz(qtbot, window)
    labels = [quiz.setup.kind.itemText(i) for i in range(quiz.setup.kind.count())]
    due = next(label for label in labels if label.startswith("Due today"))
    assert "(2)" in due and not any(label.startswith("Due now") for label in labels)
    assert services.progress.dashboard().due_today == 2


def test_a_wide_window_centres_the_card_instead_of_leaving_the_right_empty(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    """gui.md 23: at 1600 px the answer column kept its ~100 characters at the left of a
    full-width box and the right 40 % stayed empty; the card now takes the column's width,
    centred, and at a normal width still fills the page."""
    window = make_window(services)
    window.resize(1600, 1000)
    quiz = _start(window, kind="all", order="number")
    _press(qtbot, quiz, Qt.Key.Key_Space)
    QApplication.processEvents()
    card, view = quiz.card, quiz.answer
    left = view.mapTo(card, view.rect().topLeft()).x()
    right = card.width() - (left + view.width())
    assert left > 100 and abs(left - right) <= 2
    assert view.width() <= CARD_MIN_CAP  # no wide empty band beside the text
    window.resize(1100, 760)
    QApplication.processEvents()
    assert view.mapTo(card, view.rect().topLeft()).x() == 0


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_f1_sheet_lists_every_menu_key_and_filters_as_you_type(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    from PySide6.QtGui import QAction

    from studyapp.ui.shortcuts_dialog import ShortcutsDialog, menu_sections

    window = make_window(services)
    dialog = ShortcutsDialog(window.ctx.theme, window, menu_sections(window))
    qtbot.addWidget(dialog)
    caps = {label.text() for label in dialog.findChildren(QLabel, "keycap")}
    native = QKeySequence.SequenceFormat.NativeText
    for menu in (a.menu() for a in window.menuBar().actions() if a.menu() is not None):
        for action in menu.findChildren(QAction) + menu.actions():  # type: ignore[union-attr]
            for key in action.shortcuts():
                assert key.toString(native) in caps, f"{action.text()!r} {key.toString()} missing"
    for key in ("Ctrl+N", "Ctrl+E", "Ctrl+O", "Ctrl+Shift+E", "Ctrl+Shift+S", "Ctrl+I", "Ctrl+P"):
        assert QKeySequence(key).toString(native) in caps
    assert len(dialog.visible_entries()) > 25

    qtbot.keyClicks(dialog.filter, "sync")
    assert dialog.visible_entries() == ["Sync now"]
    qtbot.keyClicks(dialog.filter, "zzz")
    assert dialog.visible_entries() == [] and not dialog.no_match.isHidden()
    dialog.filter.clear()
    assert len(dialog.visible_entries()) > 25

    arrow = next(lbl for lbl in dialog.findChildren(QLabel, "keycap") if lbl.text() == "Alt+←")
    assert arrow.font().pixelSize() >= 13 or arrow.font().pointSizeF() >= 9.5
