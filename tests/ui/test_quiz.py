"""The quiz driven by the keyboard alone, on the real database, in every mode."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock
from studyapp.domain import Rating, ReviewMode
from studyapp.ui.main_window import MainWindow
from studyapp.ui.quiz.page import QuizPage
from studyapp.ui.quiz.setup import SessionSetup
from tests.conftest import FIXTURE_CONTENT
from tests.ui.conftest import WindowFactory


def _press(qtbot: QtBot, quiz: QuizPage, key: Qt.Key, mod=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(quiz.focusWidget() or quiz, key, mod)


def _start(window: MainWindow, **setup: object) -> QuizPage:
    window.show_page(1)
    quiz = window.quiz
    quiz.start_setup(replace(quiz.setup.current(), **setup))  # type: ignore[arg-type]
    assert quiz.stack.currentWidget() is quiz.card
    return quiz


def _db_rows(services: AppServices) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with services.engine.connect() as connection:
        cards = [tuple(r) for r in connection.execute(text("SELECT * FROM cards ORDER BY 1"))]
        reviews = [tuple(r) for r in connection.execute(text("SELECT * FROM reviews ORDER BY 1"))]
    return cards, reviews


def test_three_question_quiz_by_keyboard_survives_a_restart(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    window = make_window(services)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.quiz
    quiz = window.quiz
    quiz.setup.limit.setValue(3)
    qtbot.mouseClick(quiz.setup.start_button, Qt.MouseButton.LeftButton)
    seen = []
    for key in (Qt.Key.Key_3, Qt.Key.Key_1, Qt.Key.Key_4):
        assert quiz.question is not None
        seen.append(quiz.question.id)
        assert not quiz.card.split.isVisible()
        _press(qtbot, quiz, Qt.Key.Key_Space)
        assert quiz.card.split.isVisible()
        assert "Short answer" in quiz.answer.toPlainText()
        _press(qtbot, quiz, Qt.Key.Key_Q)  # tick the first key point
        assert quiz.card.point_boxes[0].isChecked()
        clock.advance(timedelta(seconds=20))
        _press(qtbot, quiz, key)
    assert quiz.stack.currentWidget() is quiz.summary
    summary = quiz.summary.text.text()
    assert "<b>3</b> questions" in summary and "20 s each" in summary
    assert f"Rated Again: Q{seen[1]}." in summary
    assert quiz.summary.again_button.isVisibleTo(quiz.summary)
    window.close()
    data_dir = services.data_dir
    services.close()

    reopened = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    try:
        history = {qid: reopened.library.history(qid) for qid in seen}
        ratings = [history[qid][0].rating for qid in seen]
        assert ratings == [Rating.GOOD, Rating.AGAIN, Rating.EASY]
        assert all(history[qid][0].ticked == (0,) for qid in seen)
        assert all(history[qid][0].duration_ms == 20_000 for qid in seen)
        window2 = make_window(reopened)
        window2.show_page(2)
        assert window2.dashboard.reviews.value.text() == "3"
        assert window2.dashboard.seen.value.text() == "3 / 3"
    finally:
        reopened.close()


def test_rating_keys_do_nothing_before_reveal(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    quiz = _start(make_window(services))
    first = quiz.question
    assert first is not None
    _press(qtbot, quiz, Qt.Key.Key_3)
    assert quiz.question is first and services.library.history(first.id) == []


def test_undo_three_steps_restores_rows_and_returns_to_each_card(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    quiz = _start(make_window(services), limit=3)
    before = _db_rows(services)
    order = []
    for key in (Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_1):
        assert quiz.question is not None
        order.append(quiz.question.id)
        _press(qtbot, quiz, Qt.Key.Key_Space)
        clock.advance(timedelta(seconds=5))
        _press(qtbot, quiz, key)
    assert quiz.stack.currentWidget() is quiz.summary
    for expected in reversed(order):
        _press(qtbot, quiz, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert quiz.stack.currentWidget() is quiz.card
        assert quiz.question is not None and quiz.question.id == expected
        assert not quiz.revealed
    assert _db_rows(services) == before


def test_rating_buttons_show_the_next_interval(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    quiz = _start(make_window(services))
    _press(qtbot, quiz, Qt.Key.Key_Space)
    labels = [b.text() for b in quiz.card.rate_buttons.values()]
    assert labels[0].startswith("1  Again") and labels[0].endswith("1m")
    assert labels[3].startswith("4  Easy") and labels[3].endswith("d")


def test_typed_answer_suggests_key_points_and_a_rating(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    quiz = _start(make_window(services), type_answer=True, kind="all", order="number")
    assert quiz.question is not None and quiz.question.id == 1
    assert quiz.card.typed.hasFocus()
    qtbot.keyClicks(
        quiz.card.typed,
        "Softmax turns logits into probabilities that sum to one; subtract the maximum logit "
        "for numerical stability.",
    )
    _press(qtbot, quiz, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert quiz.revealed
    ticked = [box.isChecked() for box in quiz.card.point_boxes]
    assert ticked == [True, False, True, False]
    assert "suggested" in quiz.card.point_boxes[0].text()
    assert "suggested" not in quiz.card.point_boxes[1].text()
    assert quiz.suggested == Rating.HARD  # 2 of 4 covered
    assert "background" in quiz.card.rate_buttons[Rating.HARD].styleSheet()
    assert quiz.card.your_answer.toPlainText().startswith("Softmax turns logits")
    _press(qtbot, quiz, Qt.Key.Key_W)  # the user adds a tick the matcher missed
    _press(qtbot, quiz, Qt.Key.Key_3)
    stored = services.library.history(1)[0]
    assert stored.ticked == (0, 1, 2) and stored.suggested == (0, 2)
    assert stored.typed_answer is not None and "logits" in stored.typed_answer


def test_mock_interview_counts_down_and_reveals_when_time_is_up(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    quiz = _start(make_window(services), mock=True, mock_seconds=120)
    assert quiz.card.clock_label.text() == "2:00 left"
    clock.advance(timedelta(seconds=75))
    quiz.update_clock()
    assert quiz.card.clock_label.text() == "0:45 left" and not quiz.revealed
    clock.advance(timedelta(seconds=50))
    quiz.update_clock()
    assert quiz.revealed  # time ran out: the answer is shown
    assert quiz.card.clock_label.text() == "+0:05 over"
    question = quiz.question
    assert question is not None
    _press(qtbot, quiz, Qt.Key.Key_3)
    stored = services.library.history(question.id)[0]
    assert stored.mode == ReviewMode.MOCK and stored.duration_ms == 125_000


def test_follow_up_drill_logs_practice_without_moving_the_schedule(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    quiz = _start(make_window(services), follow_ups=True, limit=1, kind="all", order="number")
    _press(qtbot, quiz, Qt.Key.Key_Space)
    _press(qtbot, quiz, Qt.Key.Key_3)
    card_after_main = services.study.card(1)
    assert "Follow-up 1 of 2" in quiz.card.badge.text()
    assert quiz.card.title.text() == "Why subtract the maximum?"
    _press(qtbot, quiz, Qt.Key.Key_Space)
    assert "prevents overflow" in quiz.answer.toPlainText()
    _press(qtbot, quiz, Qt.Key.Key_1)
    assert "Follow-up 2 of 2" in quiz.card.badge.text()
    _press(qtbot, quiz, Qt.Key.Key_S)  # skip the rest of the drill
    assert quiz.stack.currentWidget() is quiz.summary
    modes = [r.mode for r in services.library.history(1)]
    assert modes == [ReviewMode.NORMAL, ReviewMode.FOLLOW_UP]
    assert services.study.card(1) == card_after_main


def test_skip_star_and_escape(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    quiz = _start(make_window(services), kind="all", order="number")
    _press(qtbot, quiz, Qt.Key.Key_Asterisk)
    assert services.library.starred() == {1}
    assert quiz.card.star_button.text() == "★ Starred"
    _press(qtbot, quiz, Qt.Key.Key_S)
    assert quiz.question is not None and quiz.question.id == 2
    _press(qtbot, quiz, Qt.Key.Key_Escape)  # nothing rated yet: back to set-up
    assert quiz.stack.currentWidget() is quiz.setup


def test_repeat_last_session_reuses_the_saved_setup(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    quiz = _start(window, kind="all", topics=("optim",), limit=5)
    assert quiz.session is not None and quiz.session.queue == [2]
    _press(qtbot, quiz, Qt.Key.Key_Escape)
    quiz.setup.load(SessionSetup())
    assert quiz.setup.repeat_button.isEnabled()
    qtbot.mouseClick(quiz.setup.repeat_button, Qt.MouseButton.LeftButton)
    assert quiz.session is not None and quiz.session.queue == [2]
    assert quiz.setup.topics.selected() == ("optim",)


def test_setup_shows_how_many_questions_match(
    make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    window.show_page(1)
    setup = window.quiz.setup
    assert setup.match_label.text() == "3 questions match this choice."
    setup.kind.setCurrentIndex(setup.kind.findData("due"))
    assert setup.match_label.text().startswith("Nothing matches")
    assert not setup.start_button.isEnabled()
