"""Layouts that must fit: question headers in a 1000x700 window (the chip with number, topic
and level, and every button, whole even for the longest topic and with the search counter or
follow-ups showing), the quiz set-up's topic chips, the checklist box."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from studyapp.services.study import QueueSpec
from tests.ui.conftest import WindowFactory


def _cut(widgets: list[QWidget]) -> list[str]:
    """Shown widgets narrower than their text needs."""
    return [
        w.text() if isinstance(w, QLabel | QPushButton) else type(w).__name__
        for w in widgets
        if w.isVisible() and w.width() < w.sizeHint().width()
    ]


def _on_window(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def _longest_topic_question(services: AppServices) -> int:
    library = services.library
    return max(
        services.library.questions,
        key=lambda q: len(library.topic_name(q.topic) + q.difficulty_label),
    ).id


def test_browser_header_is_whole_at_1000_by_700(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices
) -> None:
    window = make_window(real_services)
    window.resize(1000, 700)
    browser = window.browser
    browser.open_question(_longest_topic_question(real_services))
    QApplication.processEvents()
    head = [browser.badges, browser.star, browser.note_button, browser.quiz_me]
    assert _cut(head) == []
    browser.search.setText("gradient")
    browser.follow_list()
    browser.step_match(True)
    QApplication.processEvents()
    assert browser.find_row.isVisible()
    assert _cut([*head, browser.matches, browser.prev_match, browser.next_match]) == []
    assert not _on_window(browser.badges).intersects(_on_window(browser.find_row))


def test_quiz_header_is_whole_at_1000_by_700(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices
) -> None:
    window = make_window(real_services)
    window.resize(1000, 700)
    window.show_page(1)
    quiz = window.quiz
    quiz.setup.load(replace(quiz.setup.current(), follow_ups=True))
    quiz.start_spec(QueueSpec(question_ids=(_longest_topic_question(real_services),), limit=1))
    QApplication.processEvents()
    card = quiz.card
    head = [card.badge, card.follow_button, card.star_button, card.note_button]
    assert card.badge.isVisible() and card.follow_button.isVisible()
    assert _cut([*head, card.skip_button]) == []


def test_key_point_box_hugs_its_points_after_the_reveal(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices
) -> None:
    """No empty band opens around the checklist's heading: spare height goes to the answer."""
    window = make_window(real_services)
    window.resize(1280, 800)
    window.show_page(1)
    quiz = window.quiz
    quiz.start_spec(QueueSpec(question_ids=(1,), limit=1))
    QApplication.processEvents()
    quiz.reveal()
    QApplication.processEvents()
    box = quiz.card.points_box
    assert box.height() <= box.sizeHint().height() + 2, (box.height(), box.sizeHint())


@pytest.mark.parametrize("size", [(1000, 700), (1280, 800)])
def test_set_up_topic_chips_are_never_squeezed(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices, size: tuple[int, int]
) -> None:
    window = make_window(real_services)
    window.resize(*size)
    window.show_page(1)
    QApplication.processEvents()
    chips = window.quiz.setup.topics
    assert chips.height() >= chips.minimumSizeHint().height()
    squeezed = [c.text() for c in chips.findChildren(QPushButton) if c.height() < c.minimumHeight()]
    assert squeezed == []
