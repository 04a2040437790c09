"""In the quiz, a card asked in other words names its canonical title after the reveal."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from tests.ui.conftest import WindowFactory


def test_the_card_shows_a_phrasing_then_the_title_on_reveal(
    qtbot: QtBot, services: AppServices, make_window: WindowFactory
) -> None:
    window = make_window(services)
    window.show_page(1)
    quiz = window.quiz
    momentum = services.library.question(2)
    assert momentum is not None
    quiz.start_setup(replace(quiz.setup.current(), topics=("optim",)))
    assert quiz.question is not None and quiz.question.id == 2
    assert quiz.card.title.text() in momentum.asked_as
    assert quiz.card.followup_label.isHidden()
    qtbot.keyClick(quiz, Qt.Key.Key_Space)
    assert quiz.revealed
    assert quiz.card.followup_label.isVisible()
    assert momentum.title in quiz.card.followup_label.text()
