"""The checker in the quiz, as a learner meets it: after typing an answer and revealing, the
points it states are ticked as suggestions, the words that state each one are highlighted in
that point's colour (a swatch beside the point shows which), a wrong claim is called out with
its correction and costs a step of the suggested rating, and every tick stays the learner's."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from studyapp.domain import Rating
from studyapp.grading.rating import suggest_rating
from studyapp.services.study import QueueSpec
from studyapp.ui.quiz.card import POINT_KEYS
from studyapp.ui.quiz.style import point_colours
from tests.ui.conftest import WindowFactory

TYPED = (
    "Deep learning stacks many layers and trains them all end to end with backprop on one "
    "loss. The net learns its own features from raw pixels instead of hand-engineered ones.\n\n"
    "Still, deep learning always needs millions of labelled examples."
)


def test_typed_answer_is_highlighted_per_point_and_a_wrong_claim_is_called_out(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices
) -> None:
    services = real_services
    question = services.library.question(1)
    assert question is not None
    grade = services.checker.grade(question, TYPED)
    assert grade.covered and grade.misconceptions  # what the content's rules say of TYPED

    window = make_window(services)
    window.show_page(1)
    quiz = window.quiz
    quiz.setup.load(replace(quiz.setup.current(), type_answer=True))
    quiz.start_spec(QueueSpec(question_ids=(1,), limit=1))
    assert quiz.card.typed.hasFocus()
    quiz.card.typed.setPlainText(TYPED)  # with its blank line, which keyClicks cannot type
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(QApplication.focusWidget() or quiz, Qt.Key.Key_Return, ctrl)
    assert quiz.revealed

    card = quiz.card
    rows = card.point_boxes
    assert card.ticked() == grade.covered == card.suggested_ticks()
    assert all(rows[i].tag.isVisible() for i in grade.covered)
    assert all(row.swatch.isVisible() for row in rows)
    colours = point_colours(quiz.ctx.theme)
    html = card.your_answer.toHtml().lower()
    for index in grade.covered:
        assert colours[index] in html  # its evidence is painted in its colour
        assert colours[index] in rows[index].swatch.styleSheet()
    for index in set(range(len(rows))) - set(grade.covered):
        assert colours[index] not in html
    claim = grade.misconceptions[0]
    assert card.misconception_box.isVisible()
    box = card.misconception_box.text()
    assert "You said:" in box and claim.claim in box and "In fact:" in box
    expected = suggest_rating(len(grade.covered), len(rows), misconception=True)
    assert quiz.suggested == expected
    assert "wrong claim" in card.suggestion.text()

    # Another look repaints the highlights and swatches in its own tints.
    light = quiz.ctx.theme
    window.apply_settings(
        replace(services.settings.load(), theme="light" if light.dark else "dark")
    )
    other = point_colours(quiz.ctx.theme)
    assert other != colours and other[grade.covered[0]] in card.your_answer.toHtml().lower()
    assert other[0] in rows[0].swatch.styleSheet()

    # The ticks are suggestions: the learner's key untick one, and the rating follows.
    first = grade.covered[0]
    qtbot.keyClick(quiz, getattr(Qt.Key, f"Key_{POINT_KEYS[first]}"))
    assert first not in card.ticked() and first in card.suggested_ticks()
    assert quiz.suggested == suggest_rating(len(grade.covered) - 1, len(rows), True)
    qtbot.keyClick(quiz, Qt.Key.Key_3)
    stored = services.library.history(1)[0]
    assert stored.rating == Rating.GOOD
    assert stored.typed_answer == TYPED  # kept as typed, blank line and all
    assert stored.suggested == grade.covered
