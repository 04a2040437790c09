"""The quiz driven by the keyboard alone, on the real database."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock
from studyapp.domain import Rating
from tests.conftest import FIXTURE_CONTENT
from tests.ui.conftest import WindowFactory


def _key(qtbot: QtBot, widget: object, key: Qt.Key) -> None:
    qtbot.keyClick(widget, key)  # type: ignore[arg-type]


def test_three_question_quiz_by_keyboard_survives_a_restart(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    window = make_window(services)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.quiz
    quiz = window.quiz
    quiz.limit.setValue(3)
    quiz.start(quiz.current_spec())
    assert quiz.stack.currentWidget() is quiz.card_panel
    seen = []
    for key in (
        Qt.Key.Key_3,
        Qt.Key.Key_1,
        Qt.Key.Key_4,
    ):
        assert quiz.question is not None
        seen.append(quiz.question.id)
        assert not quiz.answer.isVisible()
        _key(qtbot, quiz, Qt.Key.Key_Space)
        assert quiz.answer.isVisible()
        assert "Short answer" in quiz.answer.toPlainText()
        _key(qtbot, quiz, Qt.Key.Key_Q)  # tick the first key point
        assert quiz.point_boxes[0].isChecked()
        clock.advance(timedelta(seconds=20))
        _key(qtbot, quiz, key)
    assert quiz.stack.currentWidget() is quiz.summary_panel
    assert "3</b> questions" in quiz.summary_text.text()
    assert "Q" + str(seen[1]) in quiz.summary_text.text()  # the one rated Again
    window.close()
    data_dir = services.data_dir
    services.close()

    reopened = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    try:
        history = {qid: reopened.library.history(qid) for qid in seen}
        assert [history[qid][0].rating for qid in seen] == [Rating.GOOD, Rating.AGAIN, Rating.EASY]
        assert all(history[qid][0].ticked == (0,) for qid in seen)
        assert all(history[qid][0].duration_ms == 20_000 for qid in seen)
        window2 = make_window(reopened)
        window2.show_page(2)
        dashboard = window2.dashboard
        assert dashboard.reviews.value.text() == "3"
        assert dashboard.seen.value.text() == "3 / 3"
    finally:
        reopened.close()


def test_rating_keys_do_nothing_before_reveal_and_undo_returns_to_the_card(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    window.show_page(1)
    quiz = window.quiz
    quiz.start(quiz.current_spec())
    first = quiz.question
    _key(qtbot, quiz, Qt.Key.Key_3)
    assert quiz.question is first and services.library.history(first.id) == []
    _key(qtbot, quiz, Qt.Key.Key_Space)
    _key(qtbot, quiz, Qt.Key.Key_3)
    assert quiz.question is not first
    assert len(services.library.history(first.id)) == 1
    qtbot.keyClick(quiz, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert quiz.question == first
    assert services.library.history(first.id) == []


def test_rating_buttons_show_the_next_interval(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    window.show_page(1)
    window.quiz.start(window.quiz.current_spec())
    _key(qtbot, window.quiz, Qt.Key.Key_Space)
    labels = [b.text() for b in window.quiz.rate_buttons.values()]
    assert labels[0].startswith("1  Again") and labels[0].endswith("1m")
    assert labels[3].startswith("4  Easy") and labels[3].endswith("d")
